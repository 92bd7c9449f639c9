"""Marking products dirty when something their search document shows changes.

Services that write in bulk (``update_discounted_prices``, ``sync_ocop_attributes``) set
the flag themselves; these handlers cover the rest (stock, listings, certificates,
producers) and queue the update after commit.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .indexing import mark_dirty


def _product_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= {"search_index_dirty", "updated_at"}:
        return
    mark_dirty([instance.pk])


def _via_product(sender, instance, **kwargs) -> None:
    mark_dirty([instance.product_id])


def _via_variant(sender, instance, **kwargs) -> None:
    from backend.catalog.models import ProductVariant

    variant_id = getattr(instance, "product_variant_id", None) or getattr(
        instance, "variant_id", None
    )
    product_id = (
        ProductVariant.objects.filter(pk=variant_id).values_list("product_id", flat=True).first()
    )
    if product_id:
        mark_dirty([product_id])


def _producer_saved(sender, instance, created, **kwargs) -> None:
    if created:
        return
    from backend.catalog.models import Product

    mark_dirty(Product.objects.filter(producer=instance).values_list("pk", flat=True))


def connect() -> None:
    from backend.attribute.models import AssignedProductAttributeValue
    from backend.catalog.models import (
        Product,
        ProductChannelListing,
        ProductVariantChannelListing,
    )
    from backend.ocop.models import Certification
    from backend.producers.models import Producer
    from backend.warehouse.models import Stock

    post_save.connect(_product_saved, sender=Product, dispatch_uid="search-product")
    for model in (ProductChannelListing, Certification, AssignedProductAttributeValue):
        post_save.connect(_via_product, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_via_product, sender=model,
                            dispatch_uid=f"search-del-{model.__name__}")
    for model in (Stock, ProductVariantChannelListing):
        post_save.connect(_via_variant, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_via_variant, sender=model,
                            dispatch_uid=f"search-del-{model.__name__}")
    post_save.connect(_producer_saved, sender=Producer, dispatch_uid="search-producer")
