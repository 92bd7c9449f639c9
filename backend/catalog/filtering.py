"""One description of "which products" shared by the API, the storefront and every search
backend: GraphQL inputs are turned into a ``ProductFilter``; the PostgreSQL queryset here
and the search backends' facet queries both read it, so a filter means the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Q, QuerySet

from backend.attribute.models import AssignedProductAttributeValue
from backend.channel.models import Channel
from backend.warehouse.models import Stock

from .models import Category, Product, ProductChannelListing


@dataclass(frozen=True)
class ProductFilter:
    # attribute slug → value slugs (OR within an attribute, AND across attributes)
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    category_ids: tuple[int, ...] = ()  # each includes its descendants
    product_type_ids: tuple[int, ...] = ()
    producer_ids: tuple[int, ...] = ()
    ids: tuple[int, ...] = ()
    slugs: tuple[str, ...] = ()
    price_gte: int | None = None
    price_lte: int | None = None
    in_stock: bool | None = None
    search: str = ""

    def without_attribute(self, slug: str) -> ProductFilter:
        """The same filter minus one attribute: disjunctive facet counts use this."""
        return replace(self, attributes={k: v for k, v in self.attributes.items() if k != slug})

    def without_price(self) -> ProductFilter:
        return replace(self, price_gte=None, price_lte=None)


def in_stock_q() -> Q:
    stock = Stock.objects.filter(product_variant__product_id=OuterRef("pk"), quantity__gt=0)
    return Q(Exists(stock))


def filter_products(
    qs: QuerySet[Product], spec: ProductFilter, channel: Channel
) -> QuerySet[Product]:
    """Apply everything in ``spec`` but the text search (the search backend owns that)."""
    if spec.ids:
        qs = qs.filter(pk__in=spec.ids)
    if spec.slugs:
        qs = qs.filter(slug__in=spec.slugs)
    if spec.product_type_ids:
        qs = qs.filter(product_type_id__in=spec.product_type_ids)
    if spec.producer_ids:
        qs = qs.filter(producer_id__in=spec.producer_ids)
    if spec.category_ids:
        paths = Category.objects.filter(pk__in=spec.category_ids).values_list(
            "tree_path", flat=True
        )
        tree = Q()
        for path in paths:
            tree |= Q(tree_path__startswith=path)
        qs = qs.filter(category__in=Category.objects.filter(tree)) if paths else qs.none()
    for attribute_slug, value_slugs in spec.attributes.items():
        assigned = AssignedProductAttributeValue.objects.filter(
            product_id=OuterRef("pk"),
            value__attribute__slug=attribute_slug,
            value__slug__in=value_slugs,
        )
        qs = qs.filter(Exists(assigned))
    if spec.price_gte is not None or spec.price_lte is not None:
        price = Q(channel=channel)
        if spec.price_gte is not None:
            price &= Q(discounted_price_amount__gte=spec.price_gte)
        if spec.price_lte is not None:
            price &= Q(discounted_price_amount__lte=spec.price_lte)
        qs = qs.filter(
            Exists(ProductChannelListing.objects.filter(price, product_id=OuterRef("pk")))
        )
    if spec.in_stock is not None:
        qs = qs.filter(in_stock_q() if spec.in_stock else ~in_stock_q())
    return qs
