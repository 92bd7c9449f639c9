"""OCOP classification (QĐ 26/2026 with older labels mapped) and certifications."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F

from backend.catalog.models import Product

from . import rules


class ProductGroup(models.Model):
    """A node of the QĐ 26/2026 tree: ngành (level 1) → nhóm (2) → phân nhóm (3)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "nhóm sản phẩm OCOP"
        verbose_name_plural = "phân loại sản phẩm OCOP (QĐ 26/2026)"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def level_name(self) -> str:
        return {1: "ngành", 2: "nhóm", 3: "phân nhóm"}[self.level]


class GroupLabel(models.Model):
    """A label a list may use for a group: current, QĐ 148/2023 or QĐ 1048/2019."""

    basis = models.CharField(max_length=12, choices=rules.LegalBasis.choices)
    label = models.CharField(max_length=255)
    label_key = models.CharField(max_length=255, db_index=True)
    group = models.ForeignKey(ProductGroup, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        ordering = ["pk"]
        unique_together = [("basis", "label_key")]
        verbose_name = "nhãn phân loại"
        verbose_name_plural = "nhãn phân loại (cũ và mới)"

    def __str__(self) -> str:
        return f"{self.label} ({self.basis}) → {self.group.code}"


class CertificationQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> CertificationQuerySet:
        """Certificates that count as valid on ``day``: ``rules.last_valid_day`` (stored as
        ``valid_through``, revocation included) is not before it, or no end is known."""
        return self.filter(models.Q(valid_through__isnull=True) | models.Q(valid_through__gte=day))

    def lapsed_on(self, day: datetime.date) -> CertificationQuerySet:
        """Expired (grace period over) on ``day``, not revoked."""
        return self.filter(valid_through__lt=day).exclude(revoked_on__lte=day)

    def revoked_on_day(self, day: datetime.date) -> CertificationQuerySet:
        return self.filter(revoked_on__lte=day)


class Certification(models.Model):
    """One recognition of one product: a decision on file (number, date, issuer), or a
    listing on a province's published list whose decision is not on file yet ("reported").
    A product keeps all of them (history); its OCOP status is derived from the current one
    (``rules.pick_current``), never typed in separately. Where the product was certified
    (province, commune, old province, region) is the certificate's, read as of its date."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(
        "loại", max_length=10, choices=rules.CertificationKind.choices,
        default=rules.CertificationKind.DECISION,
    )
    decision_number = models.CharField(
        "số quyết định", max_length=60, blank=True, db_index=True
    )
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issuer_source = models.CharField(
        "nguồn cơ quan ban hành", max_length=10, choices=rules.IssuerSource.choices,
        default=rules.IssuerSource.DOCUMENT,
    )
    legal_basis = models.CharField(
        "căn cứ", max_length=12, choices=rules.LegalBasis.choices, blank=True
    )
    star = models.PositiveSmallIntegerField("hạng sao", choices=rules.STAR_CHOICES)
    score = models.PositiveSmallIntegerField("điểm", null=True, blank=True)
    product_code = models.CharField("mã sản phẩm OCOP", max_length=60, blank=True, db_index=True)
    group = models.ForeignKey(
        ProductGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name="nhóm (QĐ 26/2026)",
    )
    group_label = models.CharField("nhóm như ghi trên quyết định", max_length=255, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    reevaluation_filed_on = models.DateField("ngày nộp hồ sơ đánh giá lại", null=True, blank=True)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revocation_reason = models.CharField("lý do thu hồi", max_length=500, blank=True)
    # ``rules.last_valid_day`` of the fields above, kept on every write so that querysets
    # (admin filter, nightly refresh) ask the same rule as Python; null = no end known.
    valid_through = models.DateField("còn giá trị đến hết ngày", null=True, blank=True,
                                     editable=False)
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="tỉnh/thành (hiện nay)",
    )
    commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="xã/phường (hiện nay)",
    )
    legacy_province = models.ForeignKey(
        "geo.LegacyProvince", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="tỉnh cũ",
    )
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="vùng",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = [F("decision_date").desc(nulls_last=True), "-pk"]
        verbose_name = "chứng nhận OCOP"
        verbose_name_plural = "chứng nhận OCOP"
        indexes = [
            # DISTINCT ON (product) in the current-certificate order reads this index.
            models.Index(
                F("product"), F("decision_date").desc(nulls_last=True), F("id").desc(),
                name="certification_current_idx",
            ),
            models.Index(fields=["valid_through"], name="certification_valid_through"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(star__gte=3, star__lte=5), name="certification_star_3_to_5"
            ),
            models.UniqueConstraint(
                fields=["product", "decision_number", "decision_date"],
                name="certification_once_per_decision",
            ),
            # A decision has its number, date and validity; a listing has none of them.
            models.CheckConstraint(
                condition=(
                    models.Q(kind=rules.CertificationKind.DECISION)
                    & ~models.Q(decision_number="")
                    & models.Q(decision_date__isnull=False, valid_until__isnull=False)
                )
                | (
                    models.Q(kind=rules.CertificationKind.REPORTED)
                    & models.Q(decision_date__isnull=True, valid_until__isnull=True)
                ),
                name="certification_decision_or_reported",
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(kind=rules.CertificationKind.REPORTED),
                name="certification_one_report_per_product",
            ),
        ]

    def __str__(self) -> str:
        if self.is_reported:
            return f"{self.star}★ (trong danh sách công bố, chưa có quyết định)"
        return f"{self.decision_number} ({self.star}★)"

    def save(self, *args, **kwargs) -> None:
        self.refresh_validity()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "valid_through"}
        super().save(*args, **kwargs)

    @property
    def is_reported(self) -> bool:
        return self.kind == rules.CertificationKind.REPORTED

    def refresh_validity(self) -> None:
        """Recompute ``valid_through`` from the validity fields (``rules.last_valid_day``)."""
        self.valid_through = rules.last_valid_day(
            valid_until=self.valid_until,
            reevaluation_filed_on=self.reevaluation_filed_on,
            revoked_on=self.revoked_on,
        )

    def status(self, today: datetime.date | None = None) -> rules.CertificationStatus:
        return rules.certification_status(
            valid_until=self.valid_until,
            revoked_on=self.revoked_on,
            reevaluation_filed_on=self.reevaluation_filed_on,
            today=today,
        )

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        return self.status(day) in rules.VALID_STATUSES

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on()
