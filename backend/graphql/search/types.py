"""GraphQL types of the search extension: facet counts and search-as-you-type."""

from __future__ import annotations

import graphene

from ..catalog.types import Product
from ..core.ids import to_id


class FacetValue(graphene.ObjectType):
    attribute = graphene.String(
        description="Attribute slug to filter by this value (ocop-region, ocop-province, "
        "ocop-star, ocop-group)."
    )
    slug = graphene.String(required=True, description="Value slug to pass back in a filter.")
    name = graphene.String(required=True)
    count = graphene.Int(
        required=True,
        description="Products matching the search and every active filter except this facet's.",
    )
    selected = graphene.Boolean(required=True)


class ProductGroupFacetValue(FacetValue):
    code = graphene.String(required=True, description="QĐ 26/2026 code, e.g. I.4.a.")
    level = graphene.Int(required=True, description="1 ngành, 2 nhóm, 3 phân nhóm.")
    parent_slug = graphene.String()


class PriceRangeFacetValue(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    gte = graphene.Float(description="Lowest price in the range (đồng), none if open.")
    lte = graphene.Float(description="Highest price in the range (đồng), none if open.")
    count = graphene.Int(required=True)
    selected = graphene.Boolean(required=True)


class ProducerFacetValue(graphene.ObjectType):
    id = graphene.ID(required=True, description="Producer ID for `filter.producers`.")
    name = graphene.String(required=True)
    count = graphene.Int(required=True)
    selected = graphene.Boolean(required=True)


class StockFacetValue(graphene.ObjectType):
    in_stock = graphene.Boolean(required=True)
    name = graphene.String(required=True)
    count = graphene.Int(required=True)
    selected = graphene.Boolean(required=True)


def _values(entries: list[dict], attribute: str) -> list[dict]:
    return [dict(entry, attribute=attribute) for entry in entries]


class ProductFacets(graphene.ObjectType):
    """Facet counts for the same search and filters as `products` (extension).

    Counts are disjunctive: each facet applies every active filter but its own, so a
    shopper sees how many products each other choice would give. Only products with a
    valid OCOP certification count in region, province, star and group.
    """

    total_count = graphene.Int(required=True, description="Products matching everything.")
    region = graphene.List(graphene.NonNull(FacetValue), required=True)
    province = graphene.List(graphene.NonNull(FacetValue), required=True)
    star = graphene.List(graphene.NonNull(FacetValue), required=True)
    group = graphene.List(
        graphene.NonNull(ProductGroupFacetValue),
        required=True,
        description="The QĐ 26/2026 tree (ngành → nhóm → phân nhóm), root first.",
    )
    price_ranges = graphene.List(graphene.NonNull(PriceRangeFacetValue), required=True)
    producer = graphene.List(
        graphene.NonNull(ProducerFacetValue),
        required=True,
        description="Producers with most matches (20), plus any selected.",
    )
    in_stock = graphene.List(graphene.NonNull(StockFacetValue), required=True)
    did_you_mean = graphene.String(
        description="A corrected search text when words of the search are not in the catalog."
    )

    @staticmethod
    def from_counts(result: dict, did_you_mean: str | None) -> ProductFacets:
        from backend.search.facets import reference

        groups = reference().group_by_pk
        return ProductFacets(
            total_count=result["total"],
            region=_values(result["region"], "ocop-region"),
            province=_values(result["province"], "ocop-province"),
            star=_values(result["star"], "ocop-star"),
            group=[
                dict(
                    g,
                    attribute="ocop-group",
                    parent_slug=groups[g["parent_id"]].slug if g["parent_id"] else None,
                )
                for g in result["group"]
            ],
            price_ranges=result["price"],
            producer=[dict(p, id=to_id("Producer", p["id"])) for p in result["producer"]],
            in_stock=[
                {
                    "in_stock": bool(s["id"]),
                    "name": s["name"],
                    "count": s["count"],
                    "selected": s["selected"],
                }
                for s in result["in_stock"]
            ],
            did_you_mean=did_you_mean,
        )


class ProductSuggestionKind(graphene.Enum):
    QUERY = "query"
    PRODUCT = "product"

    @property
    def description(self) -> str:
        return {
            "QUERY": "A search text completing what was typed.",
            "PRODUCT": "A product matching what was typed.",
        }[self.name]


class ProductSuggestion(graphene.ObjectType):
    text = graphene.String(required=True, description="What to show (Vietnamese, with marks).")
    kind = graphene.Field(ProductSuggestionKind, required=True)
    product = graphene.Field(Product, description="The product, for PRODUCT suggestions.")
