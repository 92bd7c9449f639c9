from __future__ import annotations

from django.db.models import Sum

from backend.attribute.models import AssignedProductAttributeValue, AttributeProduct
from backend.catalog.models import (
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from backend.geo.models import Commune
from backend.ocop.models import Certification
from backend.producers.models import Producer
from backend.warehouse.models import Stock

from ..core.dataloaders import DataLoader, by_key, grouped, model_loader

ProductByIdLoader = model_loader(Product)
CategoryByIdLoader = model_loader(Category)
ProductTypeByIdLoader = model_loader(ProductType)
ProducerByIdLoader = model_loader(Producer, select_related=("shop",))
VariantByIdLoader = model_loader(ProductVariant)
CommuneByIdLoader = model_loader(Commune)


class ProductChannelListingLoader(DataLoader):
    """(product_id, channel_id) → ProductChannelListing or None."""

    def batch_load(self, keys):
        product_ids = {k[0] for k in keys}
        channel_ids = {k[1] for k in keys}
        rows = ProductChannelListing.objects.filter(
            product_id__in=product_ids, channel_id__in=channel_ids
        )
        return by_key(rows, keys, key=lambda o: (o.product_id, o.channel_id))


class VariantsByProductIdLoader(DataLoader):
    def batch_load(self, keys):
        rows = ProductVariant.objects.filter(product_id__in=keys).order_by("sort_order", "pk")
        return grouped(rows, keys, key=lambda o: o.product_id)


class VariantChannelListingLoader(DataLoader):
    """(variant_id, channel_id) → ProductVariantChannelListing or None."""

    def batch_load(self, keys):
        rows = ProductVariantChannelListing.objects.filter(
            variant_id__in={k[0] for k in keys}, channel_id__in={k[1] for k in keys}
        )
        return by_key(rows, keys, key=lambda o: (o.variant_id, o.channel_id))


class MediaByProductIdLoader(DataLoader):
    def batch_load(self, keys):
        rows = ProductMedia.objects.filter(product_id__in=keys).order_by("sort_order", "pk")
        return grouped(rows, keys, key=lambda o: o.product_id)


class QuantityAvailableByVariantIdLoader(DataLoader):
    """variant_id → units on hand minus units allocated, over every warehouse."""

    def batch_load(self, keys):
        rows = (
            Stock.objects.filter(product_variant_id__in=keys)
            .values("product_variant_id")
            .annotate(q=Sum("quantity"), a=Sum("quantity_allocated"))
        )
        totals = {r["product_variant_id"]: max((r["q"] or 0) - (r["a"] or 0), 0) for r in rows}
        return [totals.get(k, 0) for k in keys]


class AttributesByProductTypeIdLoader(DataLoader):
    """product_type_id → [Attribute] in the type's order."""

    def batch_load(self, keys):
        rows = (
            AttributeProduct.objects.filter(product_type_id__in=keys)
            .select_related("attribute")
            .order_by("sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.product_type_id)
        return [[r.attribute for r in group] for group in groups]


class AttributeValuesByProductIdLoader(DataLoader):
    """product_id → [AttributeValue] assigned to the product."""

    def batch_load(self, keys):
        rows = (
            AssignedProductAttributeValue.objects.filter(product_id__in=keys)
            .select_related("value")
            .order_by("value__sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.product_id)
        return [[r.value for r in group] for group in groups]


class CertificationsByProductIdLoader(DataLoader):
    """product_id → certifications, newest first (the first is the current one)."""

    def batch_load(self, keys):
        rows = Certification.objects.filter(product_id__in=keys).order_by(
            "product_id", "-decision_date", "-id"
        )
        return grouped(rows, keys, key=lambda o: o.product_id)


class ProductsByProducerIdLoader(DataLoader):
    def batch_load(self, keys):
        rows = Product.objects.filter(producer_id__in=keys).order_by("name", "pk")
        return grouped(rows, keys, key=lambda o: o.producer_id)
