"""Vietnam's administrative units: the 34 provinces and 3,321 communes in force since
1 July 2025, and the 63 provinces and ~10,000 communes before it, kept so that old names
in certificates and addresses still resolve to a current unit."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """One of the six socio-economic regions (Quy hoạch tổng thể quốc gia 2021–2030)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "vùng"
        verbose_name_plural = "vùng kinh tế – xã hội"

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A provincial unit in force since 1/7/2025 (tỉnh or thành phố trực thuộc trung ương)."""

    class Kind(models.TextChoices):
        PROVINCE = "tinh", "Tỉnh"
        CITY = "thanh_pho", "Thành phố trực thuộc trung ương"

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=60)
    full_name = models.CharField(max_length=80)
    name_en = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    slug = models.SlugField(max_length=60, unique=True)
    # Where most of its communes lie; straddling provinces list every region in `regions`.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    regions = models.ManyToManyField(Region, related_name="+", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh/thành phố"
        verbose_name_plural = "tỉnh/thành phố (34 đơn vị từ 1/7/2025)"

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provinces before 1/7/2025, and the current unit it joined."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=60)
    full_name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=60, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="legacy_provinces")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="legacy_provinces"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh cũ (trước 1/7/2025)"
        verbose_name_plural = "tỉnh cũ (63 đơn vị trước 1/7/2025)"

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune-level unit (xã, phường, đặc khu) since 1/7/2025; no district above it."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", "Xã"
        WARD = "phuong", "Phường"
        SPECIAL_ZONE = "dac_khu", "Đặc khu"

    code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=80)
    full_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    # Derived from the old communes it was formed from (see geo.data.build).
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["province__code", "code"]
        verbose_name = "xã/phường"
        verbose_name_plural = "xã/phường (từ 1/7/2025)"

    def __str__(self) -> str:
        return f"{self.full_name}, {self.province.name}"


class LegacyCommune(models.Model):
    """A commune-level unit before 1/7/2025 and the current communes it went into."""

    code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=80)
    full_name = models.CharField(max_length=100)
    legacy_province = models.ForeignKey(
        LegacyProvince, on_delete=models.PROTECT, related_name="communes"
    )
    # Several when the old commune was split ("partial" in the source mapping).
    communes = models.ManyToManyField(Commune, related_name="legacy_communes")

    class Meta:
        ordering = ["code"]
        verbose_name = "xã/phường cũ"
        verbose_name_plural = "xã/phường cũ (trước 1/7/2025)"

    def __str__(self) -> str:
        return f"{self.full_name}, {self.legacy_province.name} (cũ)"
