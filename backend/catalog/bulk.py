"""Creating many products at once (the importer's path), with the same shape as
``services.create_product`` + ``publish`` + ``set_variant_price``: a default variant, a
published listing in the channel, the variant's price and the cached listing price."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from backend.channel.models import Channel
from backend.core.bulk import allocate_ids, copy_insert, unsaved
from backend.core.slugs import first_free, taken_slugs
from backend.core.text import clean, fold_key, slugify_vi

from .models import (
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from .services import description_from_text, update_discounted_prices


@dataclass
class ProductSpec:
    name: str
    producer_id: int | None
    price: int | None = None
    description: str = ""
    is_published: bool = True


def _unique_slugs(names: list[str]) -> list[str]:
    bases = [slugify_vi(name, max_length=200) or "san-pham" for name in names]
    taken = taken_slugs(Product.objects.all(), bases)
    slugs = []
    for base in bases:
        slug = first_free(base, taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def bulk_create_products(
    specs: list[ProductSpec],
    *,
    product_type: ProductType,
    channel: Channel,
    batch_size: int = 2000,
) -> list[Product]:
    """Create products, default variants, channel listings and prices; returns the products
    (with ``default_variant_id`` set) in ``specs`` order."""
    if not specs:
        return []
    now = timezone.now()
    slugs = _unique_slugs([clean(s.name) for s in specs])
    products = []
    for spec, slug in zip(specs, slugs, strict=True):
        name = clean(spec.name)
        products.append(
            unsaved(
                Product,
                name=name,
                name_key=fold_key(name),
                slug=slug,
                product_type_id=product_type.pk,
                producer_id=spec.producer_id,
                description=description_from_text(spec.description),
                description_plaintext=clean(spec.description.replace("\n", " ")),
                search_index_dirty=True,
            )
        )
    # Keys first, so each product names its default variant in the same insert.
    for product, pk in zip(products, allocate_ids(Product, len(products)), strict=True):
        product.pk = pk
    variants = [unsaved(ProductVariant, product_id=p.pk) for p in products]
    for variant, pk in zip(variants, allocate_ids(ProductVariant, len(variants)), strict=True):
        variant.pk = pk
    for product, variant in zip(products, variants, strict=True):
        product.default_variant_id = variant.pk
    # Product ↔ default variant point at each other; Django's foreign keys are
    # DEFERRABLE INITIALLY DEFERRED, so they are checked at commit.
    copy_insert(products)
    copy_insert(variants)
    copy_insert(
        [
            unsaved(
                ProductChannelListing,
                product_id=p.pk,
                channel_id=channel.pk,
                is_published=spec.is_published,
                published_at=now if spec.is_published else None,
                visible_in_listings=True,
                available_for_purchase_at=now if spec.is_published else None,
                currency=channel.currency_code,
                discounted_price_amount=spec.price,
            )
            for p, spec in zip(products, specs, strict=True)
        ]
    )
    copy_insert(
        [
            unsaved(
                ProductVariantChannelListing,
                variant_id=v.pk, channel_id=channel.pk, price_amount=spec.price,
                currency=channel.currency_code,
            )
            for v, spec in zip(variants, specs, strict=True)
        ]
    )
    return products


@transaction.atomic
def bulk_set_prices(prices: dict[int, int | None], channel: Channel) -> None:
    """Set the default variant's price of each product (id → whole đồng) in ``channel``."""
    if not prices:
        return
    variant_of = dict(
        Product.objects.filter(pk__in=list(prices)).values_list("pk", "default_variant_id")
    )
    listings = {
        vl.variant_id: vl
        for vl in ProductVariantChannelListing.objects.filter(
            variant_id__in=[v for v in variant_of.values() if v], channel=channel
        )
    }
    to_create, to_update = [], []
    for product_id, amount in prices.items():
        variant_id = variant_of.get(product_id)
        if not variant_id:
            continue
        listing = listings.get(variant_id)
        if listing is None:
            to_create.append(
                ProductVariantChannelListing(
                    variant_id=variant_id,
                    channel=channel,
                    price_amount=amount,
                    currency=channel.currency_code,
                )
            )
        else:
            listing.price_amount = amount
            to_update.append(listing)
    ProductVariantChannelListing.objects.bulk_create(to_create, batch_size=2000)
    ProductVariantChannelListing.objects.bulk_update(to_update, ["price_amount"], batch_size=2000)
    ids = list(prices)
    for start in range(0, len(ids), 2000):
        update_discounted_prices(ids[start : start + 2000], channel)
