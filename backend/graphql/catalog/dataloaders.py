from __future__ import annotations

from django.db.models import Sum

from backend.attribute.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeProduct,
    AttributeVariant,
)
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
from backend.ocop.services import CURRENT_FIRST
from backend.producers.models import Producer
from backend.warehouse.models import Stock

from ..core.dataloaders import DataLoader, by_key, grouped, model_loader, remember, seen

ProductByIdLoader = model_loader(Product)
VariantByIdLoader = model_loader(ProductVariant)


class CategoryByIdLoader(model_loader(Category)):
    def sibling_keys(self, key):
        return (p.category_id for p in seen(self.context, "product") if p.category_id)


class ProductTypeByIdLoader(model_loader(ProductType)):
    def sibling_keys(self, key):
        return (p.product_type_id for p in seen(self.context, "product"))


class ProducerByIdLoader(DataLoader):
    def sibling_keys(self, key):
        return (p.producer_id for p in seen(self.context, "product") if p.producer_id)

    def batch_load(self, keys):
        rows = list(Producer.objects.filter(pk__in=keys).select_related("shop"))
        remember(self.context, "producer", rows)
        return by_key(rows, keys)


class CommuneByIdLoader(model_loader(Commune)):
    def sibling_keys(self, key):
        return (p.commune_id for p in seen(self.context, "producer") if p.commune_id)


class _PerProduct(DataLoader):
    """Keyed by product id; batches over every product the request has handed out."""

    def sibling_keys(self, key):
        return (p.pk for p in seen(self.context, "product"))


class _PerProductInChannel(DataLoader):
    """Keyed by (product id, channel id)."""

    def sibling_keys(self, key):
        return ((p.pk, key[1]) for p in seen(self.context, "product"))


class _PerVariant(DataLoader):
    def sibling_keys(self, key):
        return (v.pk for v in seen(self.context, "variant"))


class _PerVariantInChannel(DataLoader):
    def sibling_keys(self, key):
        return ((v.pk, key[1]) for v in seen(self.context, "variant"))


class ProductChannelListingLoader(_PerProductInChannel):
    """(product_id, channel_id) → ProductChannelListing or None."""

    def batch_load(self, keys):
        product_ids = {k[0] for k in keys}
        channel_ids = {k[1] for k in keys}
        rows = ProductChannelListing.objects.filter(
            product_id__in=product_ids, channel_id__in=channel_ids
        )
        return by_key(rows, keys, key=lambda o: (o.product_id, o.channel_id))


class VariantsByProductIdLoader(_PerProduct):
    def batch_load(self, keys):
        rows = list(ProductVariant.objects.filter(product_id__in=keys).order_by("sort_order", "pk"))
        remember(self.context, "variant", rows)
        return grouped(rows, keys, key=lambda o: o.product_id)


class VariantChannelListingLoader(_PerVariantInChannel):
    """(variant_id, channel_id) → ProductVariantChannelListing or None."""

    def batch_load(self, keys):
        rows = ProductVariantChannelListing.objects.filter(
            variant_id__in={k[0] for k in keys}, channel_id__in={k[1] for k in keys}
        )
        return by_key(rows, keys, key=lambda o: (o.variant_id, o.channel_id))


class MediaByProductIdLoader(_PerProduct):
    def batch_load(self, keys):
        rows = ProductMedia.objects.filter(product_id__in=keys).order_by("sort_order", "pk")
        return grouped(rows, keys, key=lambda o: o.product_id)


class QuantityAvailableByVariantIdLoader(_PerVariant):
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

    def sibling_keys(self, key):
        return (p.product_type_id for p in seen(self.context, "product"))

    def batch_load(self, keys):
        rows = (
            AttributeProduct.objects.filter(product_type_id__in=keys)
            .select_related("attribute")
            .order_by("sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.product_type_id)
        return [[r.attribute for r in group] for group in groups]


class AttributeValuesByProductIdLoader(_PerProduct):
    """product_id → [AttributeValue] assigned to the product."""

    def batch_load(self, keys):
        rows = (
            AssignedProductAttributeValue.objects.filter(product_id__in=keys)
            .select_related("value")
            .order_by("value__sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.product_id)
        return [[r.value for r in group] for group in groups]


class AttributesByVariantTypeIdLoader(DataLoader):
    """product_type_id → [Attribute] assigned to the type's variants."""

    def batch_load(self, keys):
        rows = (
            AttributeVariant.objects.filter(product_type_id__in=keys)
            .select_related("attribute")
            .order_by("sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.product_type_id)
        return [[r.attribute for r in group] for group in groups]


class AttributeValuesByVariantIdLoader(DataLoader):
    """variant_id → [AttributeValue] assigned to the variant."""

    def sibling_keys(self, key):
        return (v.pk for v in seen(self.context, "variant"))

    def batch_load(self, keys):
        rows = (
            AssignedVariantAttributeValue.objects.filter(variant_id__in=keys)
            .select_related("value")
            .order_by("value__sort_order", "pk")
        )
        groups = grouped(rows, keys, key=lambda o: o.variant_id)
        return [[r.value for r in group] for group in groups]


class CertificationsByProductIdLoader(_PerProduct):
    """product_id → certifications, current first (``rules.pick_current``'s order)."""

    def batch_load(self, keys):
        rows = Certification.objects.filter(product_id__in=keys).order_by(*CURRENT_FIRST)
        return grouped(rows, keys, key=lambda o: o.product_id)
