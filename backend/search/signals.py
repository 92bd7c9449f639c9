"""Marking products dirty when something their search document shows changes.

Services that write in bulk (``update_discounted_prices``, ``sync_ocop_attributes``) set
the flag themselves; these handlers cover the rest (stock, listings, certificates,
producers and their shops) and queue the update after commit. A change that hides
products (a listing unpublished or removed, a shop deactivated) also rewrites their
documents at once, in the writer's transaction: visitors never find them in the index
after the catalog hid them. Writes that bypass signals
(``QuerySet.update``) are caught by the sweeper (``sweeper.py``).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .indexing import index_now, mark_dirty


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


def _listing_saved(sender, instance, **kwargs) -> None:
    mark_dirty([instance.product_id])
    if not (instance.is_published and instance.visible_in_listings):
        index_now([instance.product_id])  # hidden: out of the index in this transaction


def _listing_deleted(sender, instance, **kwargs) -> None:
    mark_dirty([instance.product_id])
    index_now([instance.product_id])


def _shop_saved(sender, instance, created, **kwargs) -> None:
    # A shop closed or reopened hides or shows every product of its producer.
    if created:
        return
    from backend.catalog.models import Product

    products = Product.objects.filter(producer_id=instance.producer_id)
    ids = list(products.values_list("pk", flat=True))
    mark_dirty(ids)
    if not instance.is_active:
        index_now(ids)  # hidden: out of the index in this transaction


def _translation_changed(sender, instance, **kwargs) -> None:
    # A product's texts in another language are part of its document (English search).
    if instance.kind == "product" and instance.object_id:
        mark_dirty([instance.object_id])


def connect() -> None:
    from backend.attribute.models import AssignedProductAttributeValue
    from backend.catalog.models import (
        Product,
        ProductChannelListing,
        ProductVariantChannelListing,
    )
    from backend.ocop.models import Certification
    from backend.producers.models import Producer, Shop
    from backend.translation.models import Translation
    from backend.warehouse.models import Stock

    post_save.connect(_product_saved, sender=Product, dispatch_uid="search-product")
    post_save.connect(_listing_saved, sender=ProductChannelListing, dispatch_uid="search-listing")
    post_delete.connect(_listing_deleted, sender=ProductChannelListing,
                        dispatch_uid="search-del-listing")
    for model in (Certification, AssignedProductAttributeValue):
        post_save.connect(_via_product, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_via_product, sender=model,
                            dispatch_uid=f"search-del-{model.__name__}")
    for model in (Stock, ProductVariantChannelListing):
        post_save.connect(_via_variant, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_via_variant, sender=model,
                            dispatch_uid=f"search-del-{model.__name__}")
    post_save.connect(_producer_saved, sender=Producer, dispatch_uid="search-producer")
    post_save.connect(_shop_saved, sender=Shop, dispatch_uid="search-shop")
    post_save.connect(_translation_changed, sender=Translation, dispatch_uid="search-translation")
    post_delete.connect(_translation_changed, sender=Translation,
                        dispatch_uid="search-del-translation")
