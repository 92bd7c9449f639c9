from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html

from backend.attribute.models import AssignedProductAttributeValue
from backend.core.admin_labels import VietnameseModelAdmin, VietnameseTabularInline
from backend.core.money import format_vnd
from backend.core.text import clean, fold_key
from backend.ocop.models import Certification
from backend.warehouse.models import Stock

from .models import (
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from .services import description_from_text, make_thumbnail, update_discounted_prices

# The OCOP star attribute carries the *valid* star only (the badge), so filtering and
# showing it needs no certificate-status logic here.
OCOP_STAR_ATTRIBUTE = "ocop-star"


@admin.register(Category)
class CategoryAdmin(VietnameseModelAdmin):
    list_display = ["indented_name", "slug", "parent", "product_count"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "description", "background_image", "sort_order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_products=Count("products"))

    @admin.display(description="tên", ordering="tree_path")
    def indented_name(self, obj: Category) -> str:
        return ("— " * obj.level) + obj.name

    @admin.display(description="số sản phẩm", ordering="_products")
    def product_count(self, obj: Category) -> int:
        return obj._products


@admin.register(ProductType)
class ProductTypeAdmin(VietnameseModelAdmin):
    list_display = ["name", "slug", "has_variants", "is_shipping_required"]
    search_fields = ["name", "slug"]


class StarFilter(admin.SimpleListFilter):
    title = "hạng sao OCOP (còn hiệu lực)"
    parameter_name = "sao"

    def lookups(self, request, model_admin):
        return [("3", "3 sao"), ("4", "4 sao"), ("5", "5 sao"), ("none", "Chưa có / hết hiệu lực")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        stars = AssignedProductAttributeValue.objects.filter(
            product=OuterRef("pk"), value__attribute__slug=OCOP_STAR_ATTRIBUTE
        )
        if value == "none":
            return queryset.filter(~Exists(stars))
        return queryset.filter(Exists(stars.filter(value__slug=f"{value}-sao")))


class ProductVariantInline(VietnameseTabularInline):
    model = ProductVariant
    fields = ["sku", "name", "weight_grams", "track_inventory", "sort_order"]
    extra = 0
    show_change_link = True


class ProductMediaInline(VietnameseTabularInline):
    model = ProductMedia
    fields = ["preview", "image", "alt", "sort_order"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description="ảnh")
    def preview(self, obj: ProductMedia) -> str:
        image = obj.thumbnail or obj.image
        if not image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-height:80px">', image.url)


class ProductChannelListingInline(VietnameseTabularInline):
    model = ProductChannelListing
    fields = [
        "channel",
        "is_published",
        "published_at",
        "visible_in_listings",
        "available_for_purchase_at",
        "price",
    ]
    readonly_fields = ["price"]
    extra = 0
    verbose_name = "niêm yết trên kênh bán"
    verbose_name_plural = "niêm yết trên kênh bán"

    @admin.display(description="giá thấp nhất")
    def price(self, obj: ProductChannelListing) -> str:
        return format_vnd(obj.discounted_price_amount) or "—"


class CertificationInline(VietnameseTabularInline):
    """History, read-only: decisions are recorded and revoked in the certification admin,
    which goes through the OCOP domain services."""

    model = Certification
    fields = [
        "kind",
        "decision_number",
        "decision_date",
        "issuer",
        "star",
        "legal_basis",
        "valid_until",
        "status_label",
    ]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "chứng nhận OCOP (lịch sử)"

    @admin.display(description="tình trạng")
    def status_label(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return obj.status().label


class ProductAdminForm(forms.ModelForm):
    description_text = forms.CharField(
        label="mô tả",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi đoạn cách nhau một dòng trống.",
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "slug",
            "product_type",
            "category",
            "producer",
            "seo_title",
            "seo_description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            blocks = (self.instance.description or {}).get("blocks", [])
            self.fields["description_text"].initial = "\n\n".join(
                b.get("data", {}).get("text", "") for b in blocks
            )


@admin.register(Product)
class ProductAdmin(VietnameseModelAdmin):
    form = ProductAdminForm
    list_display = ["product_name", "producer", "province", "category", "star", "price",
                    "is_published"]
    list_filter = [StarFilter, "category", "producer__region", "producer__province", "product_type"]
    # Vietnamese dictionary order (Đ after D, tones in order), as the storefront sorts.
    ordering = ["name_sort", "pk"]
    list_select_related = ["producer__province", "category"]
    search_fields = ["name", "slug", "producer__name"]
    autocomplete_fields = ["producer", "category", "product_type"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "product_type",
                    "category",
                    "producer",
                    "description_text",
                ]
            },
        ),
        ("SEO", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]
    inlines = [
        ProductVariantInline,
        ProductChannelListingInline,
        ProductMediaInline,
        CertificationInline,
    ]
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        star = AssignedProductAttributeValue.objects.filter(
            product=OuterRef("pk"), value__attribute__slug=OCOP_STAR_ATTRIBUTE
        ).values("value__name")[:1]
        listing = ProductChannelListing.objects.filter(
            product=OuterRef("pk"), channel__slug=settings.DEFAULT_CHANNEL_SLUG
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                _star=Subquery(star),
                _price=Subquery(listing.values("discounted_price_amount")[:1]),
                _published=Subquery(listing.values("is_published")[:1]),
            )
        )

    @admin.display(description="tên sản phẩm", ordering="name_sort")
    def product_name(self, obj: Product) -> str:
        return obj.name

    @admin.display(description="tỉnh/thành", ordering="producer__province__code")
    def province(self, obj: Product) -> str:
        return obj.producer.province.name if obj.producer else "—"

    @admin.display(description="hạng sao", ordering="_star")
    def star(self, obj: Product) -> str:
        return obj._star or "—"

    @admin.display(description="giá", ordering="_price")
    def price(self, obj: Product) -> str:
        return format_vnd(obj._price) or "—"

    @admin.display(description="đang bán", boolean=True, ordering="_published")
    def is_published(self, obj: Product) -> bool:
        return bool(obj._published)

    def save_model(self, request, obj: Product, form, change: bool) -> None:
        text = form.cleaned_data.get("description_text") or ""
        obj.name = clean(obj.name)
        obj.name_key = fold_key(obj.name)
        obj.description = description_from_text(text)
        obj.description_plaintext = clean(text.replace("\n", " "))
        obj.search_index_dirty = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if (
                isinstance(instance, ProductChannelListing)
                and instance.is_published
                and instance.published_at is None
            ):
                instance.published_at = timezone.now()
            instance.save()
            if isinstance(instance, ProductMedia) and instance.image and not instance.thumbnail:
                _attach_thumbnail(instance)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        product = form.instance
        # Every product has a default variant, as catalog.services.create_product makes it.
        if (
            product.default_variant_id is None
            or not product.variants.filter(pk=product.default_variant_id).exists()
        ):
            variant = product.variants.first() or ProductVariant.objects.create(product=product)
            product.default_variant = variant
            product.save(update_fields=["default_variant"])
        for listing in product.channel_listings.select_related("channel"):
            update_discounted_prices([product.pk], listing.channel)


def _attach_thumbnail(media: ProductMedia) -> None:
    media.image.open("rb")
    try:
        data = media.image.read()
    finally:
        media.image.close()
    name = media.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".webp"
    media.thumbnail.save(name, ContentFile(make_thumbnail(data)), save=True)


class VariantChannelListingInline(VietnameseTabularInline):
    model = ProductVariantChannelListing
    fields = ["channel", "price_amount", "cost_price_amount"]
    extra = 0
    verbose_name = "giá trên kênh bán"
    verbose_name_plural = "giá trên kênh bán (đồng)"


class StockInline(VietnameseTabularInline):
    model = Stock
    fields = ["warehouse", "quantity", "quantity_allocated"]
    autocomplete_fields = ["warehouse"]
    extra = 0


@admin.register(ProductVariant)
class ProductVariantAdmin(VietnameseModelAdmin):
    list_display = ["__str__", "sku", "product"]
    list_select_related = ["product"]
    search_fields = ["sku", "name", "product__name"]
    autocomplete_fields = ["product"]
    fields = ["product", "sku", "name", "weight_grams", "track_inventory", "sort_order"]
    inlines = [VariantChannelListingInline, StockInline]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        variant = form.instance
        # Keep the product's cached cheapest price in step, as set_variant_price does.
        for listing in variant.channel_listings.select_related("channel"):
            update_discounted_prices([variant.product_id], listing.channel)
