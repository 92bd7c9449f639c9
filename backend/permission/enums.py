"""The permission codes an operator's staff account or group can hold.

Saleor's names where Saleor has the concept (``MANAGE_PRODUCTS``, ``MANAGE_ORDERS``, …);
our own for what Saleor lacks (``IMPORT_CATALOG``, ``MANAGE_SELLERS``, ``MANAGE_PAYOUTS``).
Each code is a Django permission ``permission.<code in lower case>`` so the admin's
user and group forms assign them and ``user.has_perm`` checks them.
"""

from __future__ import annotations

from enum import StrEnum


class PermissionCode(StrEnum):
    MANAGE_USERS = "MANAGE_USERS"
    MANAGE_STAFF = "MANAGE_STAFF"
    MANAGE_CHECKOUTS = "MANAGE_CHECKOUTS"
    MANAGE_CHANNELS = "MANAGE_CHANNELS"
    MANAGE_DISCOUNTS = "MANAGE_DISCOUNTS"
    MANAGE_MENUS = "MANAGE_MENUS"
    MANAGE_ORDERS = "MANAGE_ORDERS"
    MANAGE_PAGES = "MANAGE_PAGES"
    HANDLE_PAYMENTS = "HANDLE_PAYMENTS"
    MANAGE_PRODUCTS = "MANAGE_PRODUCTS"
    MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES = "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"
    MANAGE_SHIPPING = "MANAGE_SHIPPING"
    MANAGE_SETTINGS = "MANAGE_SETTINGS"
    MANAGE_TRANSLATIONS = "MANAGE_TRANSLATIONS"
    # Extensions of this marketplace.
    IMPORT_CATALOG = "IMPORT_CATALOG"
    MANAGE_CERTIFICATIONS = "MANAGE_CERTIFICATIONS"
    MANAGE_SELLERS = "MANAGE_SELLERS"
    MANAGE_PAYOUTS = "MANAGE_PAYOUTS"

    @property
    def codename(self) -> str:
        return self.value.lower()

    @property
    def perm(self) -> str:
        """The name ``user.has_perm`` takes."""
        return f"permission.{self.codename}"


LABELS: dict[PermissionCode, str] = {
    PermissionCode.MANAGE_USERS: "Quản lý khách hàng",
    PermissionCode.MANAGE_STAFF: "Quản lý nhân viên sàn",
    PermissionCode.MANAGE_CHECKOUTS: "Quản lý giỏ hàng",
    PermissionCode.MANAGE_CHANNELS: "Quản lý kênh bán",
    PermissionCode.MANAGE_DISCOUNTS: "Quản lý mã giảm giá",
    PermissionCode.MANAGE_MENUS: "Quản lý menu",
    PermissionCode.MANAGE_ORDERS: "Quản lý đơn hàng",
    PermissionCode.MANAGE_PAGES: "Quản lý trang nội dung",
    PermissionCode.HANDLE_PAYMENTS: "Xử lý thanh toán",
    PermissionCode.MANAGE_PRODUCTS: "Quản lý sản phẩm",
    PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES: "Quản lý loại sản phẩm và thuộc tính",
    PermissionCode.MANAGE_SHIPPING: "Quản lý vận chuyển",
    PermissionCode.MANAGE_SETTINGS: "Quản lý cài đặt",
    PermissionCode.MANAGE_TRANSLATIONS: "Quản lý bản dịch",
    PermissionCode.IMPORT_CATALOG: "Nhập danh sách sản phẩm OCOP",
    PermissionCode.MANAGE_CERTIFICATIONS: "Quản lý chứng nhận OCOP",
    PermissionCode.MANAGE_SELLERS: "Duyệt và quản lý người bán",
    PermissionCode.MANAGE_PAYOUTS: "Quản lý đối soát và chi trả",
}
