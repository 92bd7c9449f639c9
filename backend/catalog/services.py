"""Writing the catalog: products with their default variant, prices and media."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from backend.channel.models import Channel
from backend.core.slugs import first_free, taken_slugs
from backend.core.text import clean, fold_key, slugify_vi
from backend.media import images

from .models import (
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)

THUMBNAIL_SIZE = images.THUMBNAIL_SIZE


def description_from_text(text: str) -> dict | None:
    """A plain text as Saleor's EditorJS JSON: one paragraph block per paragraph."""
    paragraphs = [clean(p) for p in (text or "").split("\n\n") if clean(p)]
    if not paragraphs:
        return None
    return {
        "time": 0,
        "blocks": [{"type": "paragraph", "data": {"text": p}} for p in paragraphs],
        "version": "2.24.3",
    }


def unique_product_slug(name: str, suffix: str = "") -> str:
    base = slugify_vi(f"{name} {suffix}".strip(), max_length=200) or "san-pham"
    return first_free(base, taken_slugs(Product.objects.all(), [base]))


@transaction.atomic
def create_product(
    *,
    name: str,
    product_type: ProductType,
    producer=None,
    category: Category | None = None,
    description: str = "",
    slug: str | None = None,
    sku: str | None = None,
    variant_name: str = "",
    weight_grams: int | None = None,
) -> Product:
    """A product with its default variant (most OCOP products have exactly one)."""
    name = clean(name)
    if not name:
        raise ValidationError({"name": "Thiếu tên sản phẩm."})
    product = Product.objects.create(
        name=name,
        name_key=fold_key(name),
        slug=slug or unique_product_slug(name),
        product_type=product_type,
        producer=producer,
        category=category,
        description=description_from_text(description),
        description_plaintext=clean(description.replace("\n", " ")) if description else "",
    )
    variant = ProductVariant.objects.create(
        product=product, sku=sku, name=clean(variant_name), weight_grams=weight_grams
    )
    product.default_variant = variant
    product.save(update_fields=["default_variant"])
    return product


@transaction.atomic
def set_variant_price(variant: ProductVariant, channel: Channel, amount: int | None) -> None:
    """Price a variant in whole đồng and keep the product's listing price in step."""
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        raise ValidationError(
            {"price": f"Giá phải là số đồng nguyên không âm, không phải {amount!r}."}
        )
    ProductVariantChannelListing.objects.update_or_create(
        variant=variant,
        channel=channel,
        defaults={"price_amount": amount, "currency": channel.currency_code},
    )
    update_discounted_prices([variant.product_id], channel)


def update_discounted_prices(product_ids: Iterable[int], channel: Channel) -> None:
    """Cache each product's cheapest variant price on its channel listing (for sort/filter)."""
    ids = list(product_ids)
    mins = dict(
        ProductVariantChannelListing.objects.filter(variant__product_id__in=ids, channel=channel)
        .values_list("variant__product_id")
        .annotate(m=Min("price_amount"))
        .values_list("variant__product_id", "m")
    )
    listings = list(ProductChannelListing.objects.filter(product_id__in=ids, channel=channel))
    for listing in listings:
        listing.discounted_price_amount = mins.get(listing.product_id)
    ProductChannelListing.objects.bulk_update(
        listings, ["discounted_price_amount"], batch_size=2000
    )
    Product.objects.filter(pk__in=ids).update(search_index_dirty=True)
    from backend.search.indexing import schedule_update

    schedule_update()  # the search documents follow after commit


def publish(
    product: Product, channel: Channel, *, is_published: bool = True
) -> ProductChannelListing:
    listing, _ = ProductChannelListing.objects.update_or_create(
        product=product,
        channel=channel,
        defaults={
            "is_published": is_published,
            "published_at": timezone.now() if is_published else None,
            "visible_in_listings": True,
            "available_for_purchase_at": timezone.now() if is_published else None,
            "currency": channel.currency_code,
        },
    )
    update_discounted_prices([product.pk], channel)
    return listing


def make_thumbnail(data: bytes, size: tuple[int, int] = THUMBNAIL_SIZE) -> bytes:
    """A WebP rendition no larger than ``size``, for listings (decoded with the pipeline's
    limits: raises InvalidImage for what it refuses)."""
    return images.make_thumbnail(data, size)


def add_product_media(product: Product, image: bytes | images.PreparedImage, filename: str = "",
                      alt: str = "") -> ProductMedia:
    """Store an image (and its thumbnail) through Django's storage API: local files or S3.

    Raw bytes go through the image pipeline first (decoded with limits, re-encoded to WebP,
    the extension from that format, never from ``filename``); a ValidationError says why an
    image was refused.
    """
    if not isinstance(image, images.PreparedImage):
        try:
            image = images.prepare_image(image)
        except images.InvalidImage as exc:
            raise ValidationError({"image": f"Tệp “{filename}” không dùng được: {exc}."}) from exc
    order = product.media.count()
    media = ProductMedia(product=product, alt=clean(alt) or product.name, sort_order=order)
    stem = slugify_vi(product.name, max_length=60) or "anh"
    media.image.save(f"{stem}.{image.extension}", ContentFile(image.content), save=False)
    media.thumbnail.save(f"{stem}.webp", ContentFile(make_thumbnail(image.content)), save=False)
    media.save()
    return media
