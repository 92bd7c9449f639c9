"""Saleor's generic attribute mechanism: attributes with input types, their values, their
assignment to product types, and the values chosen for each product or variant."""

from __future__ import annotations

from django.db import models

from backend.catalog.models import Product, ProductType, ProductVariant


class AttributeInputType(models.TextChoices):
    DROPDOWN = "dropdown", "Danh sách chọn một"
    MULTISELECT = "multiselect", "Danh sách chọn nhiều"
    NUMERIC = "numeric", "Số"
    BOOLEAN = "boolean", "Có/không"
    PLAIN_TEXT = "plain-text", "Văn bản"
    DATE = "date", "Ngày"


# Input types whose values are a shared, enumerable list (filterable by value slug).
CHOICE_INPUT_TYPES = {AttributeInputType.DROPDOWN, AttributeInputType.MULTISELECT}


class Attribute(models.Model):
    slug = models.SlugField(max_length=250, unique=True)
    name = models.CharField("tên", max_length=255)
    input_type = models.CharField(
        max_length=20, choices=AttributeInputType.choices, default=AttributeInputType.DROPDOWN
    )
    unit = models.CharField(max_length=20, blank=True)
    value_required = models.BooleanField(default=False)
    visible_in_storefront = models.BooleanField(default=True)
    filterable_in_storefront = models.BooleanField(default=True)
    storefront_search_position = models.IntegerField(default=0)
    product_types = models.ManyToManyField(
        ProductType, through="AttributeProduct", related_name="product_attributes", blank=True
    )
    variant_product_types = models.ManyToManyField(
        ProductType, through="AttributeVariant", related_name="variant_attributes", blank=True
    )

    class Meta:
        ordering = ["storefront_search_position", "slug"]
        verbose_name = "thuộc tính"
        verbose_name_plural = "thuộc tính"

    def __str__(self) -> str:
        return self.name


class AttributeValue(models.Model):
    attribute = models.ForeignKey(Attribute, related_name="values", on_delete=models.CASCADE)
    name = models.CharField("giá trị", max_length=250)
    slug = models.SlugField(max_length=255)
    sort_order = models.IntegerField(default=0, db_index=True)
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(blank=True, null=True)
    date = models.DateField(blank=True, null=True)
    numeric = models.DecimalField(max_digits=20, decimal_places=4, blank=True, null=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        unique_together = [("slug", "attribute")]
        verbose_name = "giá trị thuộc tính"
        verbose_name_plural = "giá trị thuộc tính"

    def __str__(self) -> str:
        return self.name


class AttributeProduct(models.Model):
    attribute = models.ForeignKey(
        Attribute, related_name="attributeproduct", on_delete=models.CASCADE
    )
    product_type = models.ForeignKey(
        ProductType, related_name="attributeproduct", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0)

    class Meta:
        unique_together = [("attribute", "product_type")]
        ordering = ["sort_order", "pk"]


class AttributeVariant(models.Model):
    attribute = models.ForeignKey(
        Attribute, related_name="attributevariant", on_delete=models.CASCADE
    )
    product_type = models.ForeignKey(
        ProductType, related_name="attributevariant", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0)

    class Meta:
        unique_together = [("attribute", "product_type")]
        ordering = ["sort_order", "pk"]


class AssignedProductAttributeValue(models.Model):
    value = models.ForeignKey(
        AttributeValue, on_delete=models.CASCADE, related_name="productvalueassignment"
    )
    product = models.ForeignKey(Product, related_name="attributevalues", on_delete=models.CASCADE)
    sort_order = models.IntegerField(default=0)

    class Meta:
        unique_together = [("value", "product")]
        ordering = ["sort_order", "pk"]
        indexes = [models.Index(fields=["product", "value"])]


class AssignedVariantAttributeValue(models.Model):
    value = models.ForeignKey(
        AttributeValue, on_delete=models.CASCADE, related_name="variantvalueassignment"
    )
    variant = models.ForeignKey(
        ProductVariant, related_name="attributevalues", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0)

    class Meta:
        unique_together = [("value", "variant")]
        ordering = ["sort_order", "pk"]
