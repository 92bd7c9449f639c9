"""Translations of catalog and content texts, one row per object and language.

The catalog is written in Vietnamese; a translation row holds another language's texts for
one object (a product, a variant, a category, a collection, an attribute or value, a page,
a menu item). Blank fields fall back to the Vietnamese text of the object itself.
"""

from __future__ import annotations

from django.db import models


class TranslatableKind(models.TextChoices):
    PRODUCT = "product", "Sản phẩm"
    VARIANT = "variant", "Biến thể"
    CATEGORY = "category", "Danh mục"
    COLLECTION = "collection", "Bộ sưu tập"
    ATTRIBUTE = "attribute", "Thuộc tính"
    ATTRIBUTE_VALUE = "attribute_value", "Giá trị thuộc tính"
    PAGE = "page", "Trang nội dung"
    MENU_ITEM = "menu_item", "Mục menu"
    VOCABULARY = "vocabulary", "Từ vựng tham chiếu"


class Translation(models.Model):
    kind = models.CharField("loại đối tượng", max_length=20, choices=TranslatableKind.choices)
    object_id = models.BigIntegerField("mã đối tượng")
    # Lower-case BCP 47 tag: "en", "en-us".
    language_code = models.CharField("ngôn ngữ", max_length=35)
    name = models.CharField("tên", max_length=255, blank=True)
    slug = models.SlugField("đường dẫn", max_length=255, blank=True, allow_unicode=False)
    description = models.JSONField("mô tả", blank=True, null=True)
    seo_title = models.CharField(max_length=255, blank=True)
    seo_description = models.CharField(max_length=500, blank=True)
    # Attribute values written as text (AssignedPlainTextAttribute.translation).
    plain_text = models.TextField(blank=True)
    # Vocabulary keys (regions, provinces, groups, …) have no row id: the key names them.
    key = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bản dịch"
        verbose_name_plural = "bản dịch"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "key", "language_code"],
                name="translation_unique_per_language",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "language_code", "object_id"], name="translation_lookup"),
            models.Index(fields=["kind", "language_code", "slug"], name="translation_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id or self.key} [{self.language_code}] {self.name}"
