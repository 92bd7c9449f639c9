"""OCOP classification (QĐ 26/2026 with older labels mapped) and certifications."""

from __future__ import annotations

import datetime

from django.db import models

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


class Certification(models.Model):
    """One recognition decision for one product. A product keeps all of them (history);
    its OCOP status is derived from the newest, never typed in separately."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    decision_number = models.CharField("số quyết định", max_length=60, db_index=True)
    decision_date = models.DateField("ngày quyết định")
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    legal_basis = models.CharField("căn cứ", max_length=12, choices=rules.LegalBasis.choices)
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
    valid_until = models.DateField("hiệu lực đến")
    reevaluation_filed_on = models.DateField("ngày nộp hồ sơ đánh giá lại", null=True, blank=True)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revocation_reason = models.CharField("lý do thu hồi", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = "chứng nhận OCOP"
        verbose_name_plural = "chứng nhận OCOP"
        indexes = [models.Index(fields=["product", "-decision_date", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(star__gte=3, star__lte=5), name="certification_star_3_to_5"
            ),
            models.UniqueConstraint(
                fields=["product", "decision_number", "decision_date"],
                name="certification_once_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.star}★)"

    def status(self, today: datetime.date | None = None) -> rules.CertificationStatus:
        return rules.certification_status(
            valid_until=self.valid_until,
            revoked_on=self.revoked_on,
            reevaluation_filed_on=self.reevaluation_filed_on,
            today=today,
        )

    @property
    def is_valid(self) -> bool:
        return self.status() in rules.VALID_STATUSES
