"""Producers (chủ thể OCOP) and the shop every producer runs on the marketplace."""

from __future__ import annotations

from django.db import models

from backend.core.fields import VietnameseSortKeyField
from backend.geo.models import Commune, LegacyProvince, Province, Region


class LegalForm(models.TextChoices):
    COOPERATIVE = "htx", "Hợp tác xã"
    COOPERATIVE_GROUP = "to_hop_tac", "Tổ hợp tác"
    LIMITED_COMPANY = "cong_ty_tnhh", "Công ty TNHH"
    JOINT_STOCK_COMPANY = "cong_ty_co_phan", "Công ty cổ phần"
    PRIVATE_ENTERPRISE = "dntn", "Doanh nghiệp tư nhân"
    BRANCH = "chi_nhanh", "Chi nhánh doanh nghiệp"
    FARM = "trang_trai", "Trang trại"
    HOUSEHOLD_BUSINESS = "ho_kinh_doanh", "Hộ kinh doanh / hộ sản xuất"
    ASSOCIATION = "hiep_hoi", "Hội / hiệp hội"
    MANAGEMENT_CENTRE = "trung_tam", "Trung tâm / ban quản lý"
    OTHER = "khac", "Khác"


class Producer(models.Model):
    """A chủ thể OCOP: the legal entity that holds certificates and sells products."""

    name = models.CharField("tên chủ thể", max_length=255)
    # Folded name for matching the same producer written differently (importer dedup).
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    # Vietnamese dictionary order of the name: every sort by name uses it.
    name_sort = VietnameseSortKeyField(source="name")
    legal_form = models.CharField(
        "loại hình", max_length=20, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    registration_number = models.CharField(
        "mã số doanh nghiệp / đăng ký kinh doanh", max_length=40, blank=True, db_index=True
    )
    representative = models.CharField("người đại diện", max_length=120, blank=True)
    # Address as written today, plus the text as the source gave it (often pre-2025).
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    original_address = models.CharField("địa chỉ gốc", max_length=500, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="producers", verbose_name="tỉnh/thành"
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="producers",
        verbose_name="xã/phường",
    )
    legacy_province = models.ForeignKey(
        LegacyProvince,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tỉnh cũ",
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="producers", verbose_name="vùng"
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_sort", "pk"]
        verbose_name = "chủ thể OCOP"
        verbose_name_plural = "chủ thể OCOP"
        indexes = [
            models.Index(fields=["name_key", "province"]),
            models.Index(fields=["name_sort", "id"], name="producer_name_sort_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Shop(models.Model):
    """The producer's shop on the marketplace; its slug is the producer's public address."""

    producer = models.OneToOneField(
        Producer, on_delete=models.CASCADE, related_name="shop", primary_key=True
    )
    slug = models.SlugField("đường dẫn", max_length=255, unique=True)
    name = models.CharField("tên gian hàng", max_length=255)
    description = models.TextField("câu chuyện sản phẩm", blank=True)
    logo = models.ImageField("logo", upload_to="shops/logos/", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "gian hàng"
        verbose_name_plural = "gian hàng"

    def __str__(self) -> str:
        return self.name
