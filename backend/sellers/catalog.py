"""What a seller (or operator staff holding MANAGE_PRODUCTS) may write in the catalog:
products, variants, prices, publication, photos and stock of their own producer.

The API's mutations and the portal's pages both call these functions; each checks the
role table through ``access.require`` before writing. OCOP facts (star, certification,
province, region, product group) are not parameters here: certifications own them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from backend.catalog import services as catalog
from backend.catalog.models import Category, Product, ProductMedia, ProductVariant
from backend.core.text import clean, fold_key
from backend.media import images
from backend.permission.enums import PermissionCode

from .access import require
from .error_codes import ProductErrorCode as Code
from .models import SellerAccount, SellerStatus
from .roles import Capability

OPERATOR = PermissionCode.MANAGE_PRODUCTS
MAX_PRICE = 1_000_000_000  # one billion đồng: beyond that is a typing mistake
MAX_WEIGHT_GRAMS = 1_000_000
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif"}


def _error(field: str, message: str, code: Code) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


def _may(user: Any, producer_id: int | None, capability: Capability) -> None:
    require(user, producer_id, capability, OPERATOR)
    if producer_id is not None and capability != Capability.MANAGE_STOCK:
        status = (SellerAccount.objects.filter(producer_id=producer_id)
                  .values_list("status", flat=True).first())
        if status == SellerStatus.SUSPENDED and not _is_operator(user):
            raise _error("producer", "Gian hàng đang tạm ngừng: chưa thể sửa sản phẩm.",
                         Code.SELLER_SUSPENDED)


def _is_operator(user: Any) -> bool:
    from backend.permission.checks import has_permission

    return has_permission(user, OPERATOR)


def check_listing_access(user: Any, product: Product) -> None:
    _may(user, product.producer_id, Capability.MANAGE_LISTINGS)


def _clean_weight(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        grams = int(value)
    except (TypeError, ValueError):
        raise _error("weight", "Khối lượng phải là số gam nguyên.", Code.INVALID) from None
    if not 0 < grams <= MAX_WEIGHT_GRAMS:
        raise _error("weight", "Khối lượng phải từ 1 g đến 1 000 kg.", Code.INVALID)
    return grams


def clean_price(value: Any, field: str = "price") -> int:
    """A price in whole đồng: ``125000`` or "125.000"; ``125000.5`` or ``-1`` is refused."""
    import re
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool) or value is None:
        raise _error(field, "Giá phải là số đồng nguyên.", Code.INVALID_PRICE)
    if isinstance(value, str):
        text = value.strip().replace(" ", "").removesuffix("đ").removesuffix("₫")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 125.000 written the Vietnamese way
            text = text.replace(".", "")
        value = text
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _error(field, "Giá phải là số đồng nguyên.", Code.INVALID_PRICE) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise _error(field, "Giá tính bằng đồng nguyên, không có phần lẻ.", Code.INVALID_PRICE)
    if not 0 < number <= MAX_PRICE:
        raise _error(field, "Giá phải lớn hơn 0 và không quá 1 tỷ đồng.", Code.INVALID_PRICE)
    return int(number)


def _clean_name(value: Any, field: str = "name", required: bool = True) -> str:
    name = clean(value or "")
    if required and not name:
        raise _error(field, "Hãy nhập tên.", Code.REQUIRED)
    if len(name) > 250:
        raise _error(field, "Tên dài quá 250 ký tự.", Code.INVALID)
    return name


def _clean_sku(sku: Any, exclude: int | None = None) -> str | None:
    sku = clean(sku or "") or None
    if sku is None:
        return None
    if len(sku) > 255:
        raise _error("sku", "Mã SKU dài quá 255 ký tự.", Code.INVALID)
    taken = ProductVariant.objects.filter(sku=sku)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _error("sku", f"Mã SKU “{sku}” đã được dùng.", Code.UNIQUE)
    return sku


# -- products -------------------------------------------------------------------------


@transaction.atomic
def create_product(user: Any, producer: Any, *, name: str, product_type: Any = None,
                   category: Category | None = None, description: str = "",
                   weight: Any = None, sku: str | None = None,
                   variant_name: str = "") -> Product:
    _may(user, getattr(producer, "pk", None), Capability.MANAGE_LISTINGS)
    if producer is None:
        raise _error("producer", "Hãy chọn chủ thể bán sản phẩm.", Code.REQUIRED)
    if product_type is None:
        from backend.ocop.services import ensure_ocop_product_type

        product_type = ensure_ocop_product_type()
    name = _clean_name(name)
    description = str(description or "")[:20000]
    return catalog.create_product(
        name=name, product_type=product_type, producer=producer, category=category,
        description=description, sku=_clean_sku(sku), variant_name=clean(variant_name),
        weight_grams=_clean_weight(weight),
    )


@transaction.atomic
def update_product(user: Any, product: Product, *, name: str | None = None,
                   description: str | None = None, category: Any = ...,
                   seo_title: str | None = None, seo_description: str | None = None) -> Product:
    check_listing_access(user, product)
    product = Product.objects.select_for_update().get(pk=product.pk)
    fields = ["updated_at", "search_index_dirty"]
    if name is not None:
        product.name = _clean_name(name)
        product.name_key = fold_key(product.name)
        fields += ["name", "name_key", "name_sort"]
    if description is not None:
        text = str(description)[:20000]
        product.description = catalog.description_from_text(text)
        product.description_plaintext = clean(text.replace("\n", " "))
        fields += ["description", "description_plaintext"]
    if category is not ...:
        product.category = category
        fields.append("category")
    if seo_title is not None:
        product.seo_title = clean(seo_title)[:70]
        fields.append("seo_title")
    if seo_description is not None:
        product.seo_description = clean(seo_description)[:300]
        fields.append("seo_description")
    product.search_index_dirty = True
    product.save(update_fields=fields)
    return product


@transaction.atomic
def delete_product(user: Any, product: Product) -> None:
    check_listing_access(user, product)
    from backend.search.indexing import index_now

    product_id = product.pk
    Product.objects.filter(pk=product_id).update(default_variant=None)
    product.delete()
    index_now([product_id])  # its document goes with it


# -- variants -------------------------------------------------------------------------


@transaction.atomic
def create_variant(user: Any, product: Product, *, name: str = "", sku: str | None = None,
                   weight: Any = None, track_inventory: bool = True,
                   price: Any = None, quantity: Any = None) -> ProductVariant:
    check_listing_access(user, product)
    name = _clean_name(name, required=False)
    if name and product.variants.filter(name__iexact=name).exists():
        raise _error("name", f"Sản phẩm đã có quy cách “{name}”.", Code.DUPLICATED_INPUT_ITEM)
    price = clean_price(price) if price not in (None, "") else None
    order = (product.variants.aggregate(m=Max("sort_order"))["m"] or 0) + 1
    variant = ProductVariant.objects.create(
        product=product, name=name, sku=_clean_sku(sku), weight_grams=_clean_weight(weight),
        track_inventory=track_inventory, sort_order=order,
    )
    if product.default_variant_id is None:
        Product.objects.filter(pk=product.pk).update(default_variant=variant)
    if price is not None:
        from backend.channel.models import get_default_channel

        catalog.set_variant_price(variant, get_default_channel(), price)
    if quantity not in (None, ""):
        set_stocks(user, variant, [(None, quantity)])
    return variant


@transaction.atomic
def update_variant(user: Any, variant: ProductVariant, *, name: str | None = None,
                   sku: Any = ..., weight: Any = ...,
                   track_inventory: bool | None = None) -> ProductVariant:
    check_listing_access(user, variant.product)
    variant = ProductVariant.objects.select_for_update().get(pk=variant.pk)
    if name is not None:
        name = _clean_name(name, required=False)
        if name and variant.product.variants.filter(name__iexact=name).exclude(
                pk=variant.pk).exists():
            raise _error("name", f"Sản phẩm đã có quy cách “{name}”.", Code.DUPLICATED_INPUT_ITEM)
        variant.name = name
    if sku is not ...:
        variant.sku = _clean_sku(sku, exclude=variant.pk)
    if weight is not ...:
        variant.weight_grams = _clean_weight(weight)
    if track_inventory is not None:
        variant.track_inventory = track_inventory
    variant.save()
    Product.objects.filter(pk=variant.product_id).update(search_index_dirty=True)
    return variant


@transaction.atomic
def delete_variant(user: Any, variant: ProductVariant) -> None:
    check_listing_access(user, variant.product)
    product = Product.objects.select_for_update().get(pk=variant.product_id)
    if product.variants.count() <= 1:
        raise _error("id", "Sản phẩm phải còn ít nhất một quy cách; hãy xóa cả sản phẩm.",
                     Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT)
    variant.delete()
    if product.default_variant_id in (None, variant.pk):
        product.default_variant = product.variants.order_by("sort_order", "pk").first()
        product.save(update_fields=["default_variant"])
    from backend.channel.models import Channel

    for channel in Channel.objects.filter(product_listings__product=product):
        catalog.update_discounted_prices([product.pk], channel)


@transaction.atomic
def set_price(user: Any, variant: ProductVariant, channel: Any, price: Any) -> None:
    check_listing_access(user, variant.product)
    catalog.set_variant_price(variant, channel, clean_price(price))


@transaction.atomic
def set_publication(user: Any, product: Product, channel: Any, *, is_published: bool) -> None:
    """Publish (needs a price on every variant) or unpublish in a channel."""
    check_listing_access(user, product)
    if is_published:
        from backend.catalog.models import ProductVariantChannelListing

        variants = list(product.variants.values_list("pk", flat=True))
        priced = set(ProductVariantChannelListing.objects.filter(
            variant_id__in=variants, channel=channel, price_amount__isnull=False,
        ).values_list("variant_id", flat=True))
        if not variants:
            raise _error("isPublished", "Sản phẩm chưa có quy cách nào.",
                         Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT)
        if set(variants) - priced:
            raise _error("isPublished", "Hãy đặt giá cho mọi quy cách trước khi đăng bán.",
                         Code.PRODUCT_NOT_ASSIGNED_TO_CHANNEL)
    catalog.publish(product, channel, is_published=is_published)


# -- media ----------------------------------------------------------------------------


def read_upload(upload: Any, field: str = "image") -> tuple[str, bytes]:
    """The name and bytes of an uploaded file, refused early when too large."""
    limit = settings.IMAGE_MAX_BYTES
    name = str(getattr(upload, "name", "") or "")[:200]
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _error(field, f"Ảnh “{name}” lớn hơn {limit // (1024 * 1024)} MB.",
                     Code.FILE_SIZE_LIMIT_EXCEEDED)
    data = upload.read(limit + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > limit:
        raise _error(field, f"Ảnh “{name}” lớn hơn {limit // (1024 * 1024)} MB.",
                     Code.FILE_SIZE_LIMIT_EXCEEDED)
    return name, data


def prepare_photo(name: str, data: bytes, field: str = "image") -> images.PreparedImage:
    """A photo through the media pipeline, with the refusal said plainly."""
    limit = settings.IMAGE_MAX_BYTES
    if len(data) > limit:
        raise _error(field, f"Ảnh “{name}” lớn hơn {limit // (1024 * 1024)} MB.",
                     Code.FILE_SIZE_LIMIT_EXCEEDED)
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        return images.prepare_image(data)
    except images.InvalidImage as exc:
        if ext in IMAGE_EXTENSIONS:
            message = (f"Tệp “{name}” mang đuôi ảnh nhưng nội dung không phải ảnh dùng được "
                       f"({exc}). Hãy chụp hoặc chọn lại ảnh JPEG, PNG hoặc WebP.")
        else:
            message = (f"Tệp “{name}” không phải ảnh ({exc}). Chỉ nhận ảnh JPEG, PNG, WebP "
                       "hoặc GIF.")
        code = Code.FILE_SIZE_LIMIT_EXCEEDED if "lớn hơn" in str(exc) else Code.INVALID_FILE_TYPE
        raise _error(field, message, code) from exc


@transaction.atomic
def add_media(user: Any, product: Product, upload: Any, alt: str = "") -> ProductMedia:
    check_listing_access(user, product)
    name, data = read_upload(upload)
    prepared = prepare_photo(name, data)
    return catalog.add_product_media(product, prepared, filename=name, alt=alt)


@transaction.atomic
def delete_media(user: Any, media: ProductMedia) -> None:
    check_listing_access(user, media.product)
    product_id = media.product_id
    for field in (media.image, media.thumbnail):
        if field:
            transaction.on_commit(lambda f=field.name, s=field.storage: s.delete(f))
    media.delete()
    Product.objects.filter(pk=product_id).update(search_index_dirty=True)


@transaction.atomic
def reorder_media(user: Any, product: Product, media_ids: list[int]) -> list[ProductMedia]:
    check_listing_access(user, product)
    current = {m.pk: m for m in ProductMedia.objects.select_for_update().filter(product=product)}
    if len(set(media_ids)) != len(media_ids):
        raise _error("mediaIds", "Danh sách ảnh bị lặp.", Code.DUPLICATED_INPUT_ITEM)
    if set(media_ids) - set(current):
        raise _error("mediaIds", "Có ảnh không thuộc sản phẩm này.", Code.NOT_PRODUCTS_IMAGE)
    order = media_ids + [pk for pk in sorted(current, key=lambda k: current[k].sort_order)
                         if pk not in media_ids]
    for index, pk in enumerate(order):
        if current[pk].sort_order != index:
            current[pk].sort_order = index
            current[pk].save(update_fields=["sort_order"])
    Product.objects.filter(pk=product.pk).update(search_index_dirty=True)
    return [current[pk] for pk in order]


# -- stock ----------------------------------------------------------------------------


@transaction.atomic
def set_stocks(user: Any, variant: ProductVariant, entries: list[tuple[Any, Any]]) -> list:
    """Set the variant's stock; ``None`` as warehouse means the producer's own warehouse.
    A warehouse of another producer is refused."""
    from backend.warehouse.stock import producer_warehouse, set_stock

    product = variant.product
    _may(user, product.producer_id, Capability.MANAGE_STOCK)
    resolved = []
    seen = set()
    for index, (warehouse, quantity) in enumerate(entries):
        if warehouse is None:
            if product.producer is None:
                raise _error("warehouse", "Hãy chọn kho.", Code.REQUIRED)
            warehouse = producer_warehouse(product.producer)
        if warehouse.producer_id != product.producer_id:
            raise ValidationError({"warehouse": ValidationError(
                "Kho này không thuộc chủ thể của sản phẩm.", code=Code.INVALID.value,
                params={"index": index})})
        if warehouse.pk in seen:
            raise _error("warehouse", "Một kho được nhập hai lần.", Code.DUPLICATED_INPUT_ITEM)
        seen.add(warehouse.pk)
        try:
            quantity = int(quantity)
        except (TypeError, ValueError):
            raise _error("quantity", "Số lượng phải là số nguyên.", Code.INVALID) from None
        resolved.append((warehouse, quantity))
    try:
        return set_stock(variant, resolved)
    except ValidationError as error:
        raise _error("quantity", " ".join(error.messages), Code.INVALID) from error


def low_stock_variants(producer: Any, threshold: int = 5):
    """The producer's tracked variants with little left to sell (for the dashboard)."""
    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    return (ProductVariant.objects.filter(product__producer=producer, track_inventory=True)
            .annotate(on_hand=Coalesce(Sum(F("stocks__quantity") - F("stocks__quantity_allocated")),
                                       0))
            .filter(on_hand__lt=threshold).select_related("product")
            .order_by("on_hand", "product__name_sort"))
