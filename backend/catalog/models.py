"""The commerce catalog in Saleor's shapes: categories, product types, products, variants,
media and per-channel listings. Prices are whole đồng (VND has no minor unit)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from backend.channel.models import Channel
from backend.core.fields import VietnameseSortKeyField
from backend.producers.models import Producer

from .visibility import ProductQuerySet


class Category(models.Model):
    name = models.CharField("tên", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField("mô tả", blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.CASCADE
    )
    level = models.PositiveSmallIntegerField(default=0, editable=False)
    # "/1/5/12/": ancestors and self, so descendants are one indexed prefix query.
    tree_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    background_image = models.ImageField(upload_to="category-backgrounds", blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["tree_path", "sort_order", "name"]
        verbose_name = "danh mục"
        verbose_name_plural = "danh mục"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.level = self.parent.level + 1 if self.parent else 0
        prefix = self.parent.tree_path if self.parent else "/"
        self.tree_path = f"{prefix}{self.pk}/"
        super().save(*args, **kwargs)

    def descendants(self, include_self: bool = True):
        qs = Category.objects.filter(tree_path__startswith=self.tree_path)
        return qs if include_self else qs.exclude(pk=self.pk)


class ProductType(models.Model):
    name = models.CharField("tên", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "loại sản phẩm"
        verbose_name_plural = "loại sản phẩm"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    product_type = models.ForeignKey(
        ProductType, related_name="products", on_delete=models.PROTECT, verbose_name="loại"
    )
    category = models.ForeignKey(
        Category,
        related_name="products",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="danh mục",
    )
    producer = models.ForeignKey(
        Producer,
        related_name="products",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="chủ thể",
    )
    name = models.CharField("tên sản phẩm", max_length=250)
    # Folded name: the importer matches "Nước mắm" and "NUOC MAM" of one producer.
    name_key = models.CharField(max_length=250, db_index=True, editable=False, default="")
    # Vietnamese dictionary order of the name: every sort by name uses it.
    name_sort = VietnameseSortKeyField(source="name")
    slug = models.SlugField(max_length=255, unique=True)
    # EditorJS-style JSON like Saleor's, plus its plain text for search and meta tags.
    description = models.JSONField("mô tả", blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    default_variant = models.OneToOneField(
        "ProductVariant", blank=True, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Saleor's dirty flag: set on any change the search index must follow.
    search_index_dirty = models.BooleanField(default=True)

    # ``Product.objects.visible_in(channel)``: the visibility rule (see visibility.py).
    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = "sản phẩm"
        verbose_name_plural = "sản phẩm"
        # Listings sort by name (the default, in Vietnamese order) or newest first, with
        # the id as tiebreaker.
        indexes = [
            models.Index(fields=["name_sort", "id"], name="product_name_sort_id_idx"),
            models.Index(fields=["created_at", "id"], name="product_created_id_idx"),
            # Only the few dirty rows are indexed, so clearing the flag on a batch does not
            # rewrite a full-table index (the indexer looks up dirty rows, never clean ones).
            models.Index(
                fields=["id"], condition=Q(search_index_dirty=True), name="product_dirty_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField("quy cách", max_length=255, blank=True)
    sort_order = models.IntegerField(default=0)
    track_inventory = models.BooleanField(default=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "sku", "pk"]
        verbose_name = "biến thể"
        verbose_name_plural = "biến thể"

    def __str__(self) -> str:
        return self.name or self.sku or str(self.pk)


class ProductMedia(models.Model):
    product = models.ForeignKey(Product, related_name="media", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products", blank=True)
    # A small rendition made when the image is added (see catalog.media).
    thumbnail = models.ImageField(upload_to="thumbnails", blank=True)
    alt = models.CharField(max_length=250, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "ảnh sản phẩm"
        verbose_name_plural = "ảnh sản phẩm"


class ProductChannelListing(models.Model):
    product = models.ForeignKey(Product, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, related_name="product_listings", on_delete=models.CASCADE)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    visible_in_listings = models.BooleanField(default=True)
    available_for_purchase_at = models.DateTimeField(null=True, blank=True)
    # The cheapest variant price in this channel, kept by catalog.pricing for sorting/filtering.
    discounted_price_amount = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    currency = models.CharField(max_length=3, default="VND")

    class Meta:
        unique_together = [("product", "channel")]
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["channel", "product"],
                condition=Q(is_published=True, visible_in_listings=True),
                name="listing_visible_idx",
            ),
            models.Index(
                fields=["channel", "discounted_price_amount", "product"],
                name="listing_price_idx",
            ),
            # The PRICE sort's own key (an unpriced product sorts as 0): read in index
            # order, a page of the sort costs 25 index entries instead of sorting the
            # whole channel.
            models.Index(
                models.F("channel"),
                Coalesce("discounted_price_amount", models.Value(0)),
                models.F("product"),
                name="listing_sort_price_idx",
            ),
        ]


class ProductVariantChannelListing(models.Model):
    variant = models.ForeignKey(
        ProductVariant, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(Channel, related_name="variant_listings", on_delete=models.CASCADE)
    price_amount = models.PositiveBigIntegerField("giá (đồng)", null=True, blank=True)
    cost_price_amount = models.PositiveBigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="VND")

    class Meta:
        unique_together = [("variant", "channel")]
        ordering = ["pk"]
