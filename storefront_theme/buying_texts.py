"""What the buying pages say, in each language they are shown in (cart_views.py holds the
one copy of their logic). The API answers in Vietnamese; the English pages show their own
message for each error, chosen by the field and code the API gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

VI_TEXTS = {
    "invalid": "Yêu cầu không hợp lệ; hãy tải lại trang.",
    "cross_site": "Yêu cầu thêm vào giỏ phải gửi từ trang của sàn.",
    "added": "Đã thêm vào giỏ hàng.",
    "no_order": "Không có đơn hàng này.",
    "no_part": "Không có kiện hàng này.",
    "part_canceled": "Đã huỷ kiện hàng.",
    "choose_payment": "Hãy chọn một cách thanh toán trong danh sách.",
}
EN_TEXTS = {
    "invalid": "That request was not valid; please reload the page.",
    "cross_site": "Items can only be added to the cart from the marketplace's own pages.",
    "added": "Added to your cart.",
    "no_order": "No such order.",
    "no_part": "No such parcel.",
    "part_canceled": "The parcel has been cancelled.",
    "choose_payment": "Please choose one of the listed ways to pay.",
    # Payment states the API words only in Vietnamese (paymentStatusDisplay).
    "cod": "Cash on delivery",
    "canceled_refund": "Order cancelled: the money received will be refunded",
    "canceled_unpaid": "Order cancelled, nothing to pay",
}

# The English message for an error about an address or contact field, whatever its code.
EN_FIELD_MESSAGES = {
    "email": "Enter a valid e-mail address for the order confirmation.",
    "phone": "Enter a Vietnamese phone number the courier can call, e.g. 0912 345 678.",
    "countryArea": "Choose the province or city (tỉnh/thành phố).",
    "city": "Choose the commune or ward (xã/phường) in the province you chose.",
    "streetAddress1": "Enter the house number and street, or the village (thôn/ấp).",
    "streetAddress2": "This line of the address is too long or not valid.",
    "firstName": "Enter the recipient's given name.",
    "lastName": "Enter the recipient's family name.",
}
# …and for the other errors, by code.
EN_CODE_MESSAGES = {
    "INSUFFICIENT_STOCK": "Sorry, there is not enough in stock for that quantity; "
                          "please choose fewer.",
    "QUANTITY_GREATER_THAN_LIMIT": "That quantity is more than one order may hold; "
                                   "please choose fewer.",
    "PRODUCT_NOT_PUBLISHED": "This product cannot be bought at the moment.",
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE": "This product cannot be bought at the moment.",
    "UNAVAILABLE_VARIANT_IN_CHANNEL": "This product cannot be bought at the moment.",
    "NOT_FOUND": "This item was not found; please reload the page.",
    "ZERO_QUANTITY": "Choose a quantity of at least 1.",
    "INVALID_SHIPPING_METHOD": "That delivery option is not available for your address; "
                               "please choose another.",
    "SHIPPING_METHOD_NOT_APPLICABLE": "That delivery option is not available for your "
                                      "address; please choose another.",
    "DELIVERY_METHOD_NOT_APPLICABLE": "That delivery option is not available for your "
                                      "address; please choose another.",
    "SHIPPING_METHOD_NOT_SET": "Choose a delivery option for every parcel.",
    "SHIPPING_ADDRESS_NOT_SET": "Enter the delivery address first.",
    "MISSING_ADDRESS_DATA": "Enter the delivery address first.",
    "EMAIL_NOT_SET": "Enter your e-mail address first.",
    "NO_LINES": "Your cart is empty.",
    "PAYMENT_ERROR": "The payment could not be started; please choose one of the listed "
                     "ways to pay.",
    "INACTIVE_PAYMENT": "Please choose one of the listed ways to pay.",
    "CHECKOUT_NOT_FULLY_PAID": "The payment could not be started; please choose one of the "
                               "listed ways to pay.",
}
EN_FALLBACK = "Something here is not right; please check it and try again."

# What the English order page says of the order's and the parcels' state (the API's
# ``statusDisplay`` texts are Vietnamese).
EN_ORDER_STATUS = {
    "UNCONFIRMED": "Awaiting confirmation", "UNFULFILLED": "Being prepared",
    "PARTIALLY_FULFILLED": "Partly shipped", "FULFILLED": "Shipped",
    "PARTIALLY_RETURNED": "Partly returned", "RETURNED": "Returned", "CANCELED": "Cancelled",
}
EN_PART_STATUS = {**EN_ORDER_STATUS, "FULFILLED": "On its way", "DELIVERED": "Delivered"}
EN_PAYMENT_STATUS = {
    "NOT_CHARGED": "Not paid yet", "PENDING": "Pending", "PARTIALLY_CHARGED": "Partly paid",
    "FULLY_CHARGED": "Paid", "PARTIALLY_REFUNDED": "Partly refunded",
    "FULLY_REFUNDED": "Refunded", "REFUSED": "Refused", "CANCELLED": "Cancelled",
}


def english_error(error: dict) -> str:
    """The English message for one API error (``{"field", "code", "message"}``)."""
    code = (error.get("code") or "").upper()
    name = error.get("field") or ""
    if code in ("INSUFFICIENT_STOCK", "QUANTITY_GREATER_THAN_LIMIT"):
        return EN_CODE_MESSAGES[code]
    return EN_FIELD_MESSAGES.get(name) or EN_CODE_MESSAGES.get(code) or EN_FALLBACK


@dataclass(frozen=True)
class Language:
    """What differs between the Vietnamese and English buying pages: URL names, templates,
    the checkout steps' names (they show in the address bar as anchors) and the texts."""

    code: str
    url_prefix: str
    template_dir: str
    steps: dict[str, str]
    texts: dict[str, str]
    english: bool = field(default=False)

    def url_name(self, name: str) -> str:
        return f"storefront:{self.url_prefix}{name}"

    def url(self, name: str, *args: str) -> str:
        return reverse(self.url_name(name), args=args)

    def template(self, name: str) -> str:
        return f"{self.template_dir}{name}.html"

    def message(self, error: dict) -> str:
        return english_error(error) if self.english else error["message"]

    def errors(self, errors: list[dict]) -> dict[str, list[str]]:
        """API errors by field (``None`` → ``"__all__"``) for the templates."""
        found: dict[str, list[str]] = {}
        for error in errors:
            found.setdefault(error.get("field") or "__all__", []).append(self.message(error))
        return found


VI = Language(code="vi", url_prefix="", template_dir="storefront/cart/",
              steps={"address": "dia-chi", "delivery": "giao-hang", "place": "dat-hang"},
              texts=VI_TEXTS)
EN = Language(code="en", url_prefix="en_", template_dir="storefront/en/cart/",
              steps={"address": "address", "delivery": "delivery", "place": "place-order"},
              texts=EN_TEXTS, english=True)
LANGUAGES = {"vi": VI, "en": EN}
