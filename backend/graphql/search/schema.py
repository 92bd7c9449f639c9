"""Root fields of the search extension: `productFacets`, `productSuggestions`, `didYouMean`."""

from __future__ import annotations

import graphene

from backend.catalog.models import Product as ProductModel
from backend.core.text import nfc
from backend.search import api as search_api
from backend.search.facets import RawFacetCounts, decorate

from ..catalog.filters import ProductFilterInput, ProductWhereInput, build_product_filter
from ..core.context import ChannelContext, get_channel
from ..core.errors import InvalidArgument
from .types import ProductFacets, ProductSuggestion, ProductSuggestionKind

MAX_SUGGESTIONS = 20


class SearchQueries(graphene.ObjectType):
    product_facets = graphene.Field(
        ProductFacets,
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        search=graphene.String(description="Search text, as for `products`."),
        filter=graphene.Argument(ProductFilterInput),
        where=graphene.Argument(ProductWhereInput),
        description="Facet counts for the same search and filters as `products` (extension).",
    )
    product_suggestions = graphene.List(
        graphene.NonNull(ProductSuggestion),
        required=True,
        search=graphene.String(required=True),
        channel=graphene.String(),
        first=graphene.Int(default_value=8, description=f"At most {MAX_SUGGESTIONS}."),
        description="Search-as-you-type: completions of the text, then matching products.",
    )
    did_you_mean = graphene.String(
        search=graphene.String(required=True),
        description="A corrected search text ('nuoc mem' → 'nước mắm'), or null.",
    )

    @staticmethod
    def resolve_product_facets(root, info, channel=None, search=None, filter=None, where=None):
        channel_obj = get_channel(info, channel)
        spec, matches_nothing = build_product_filter(
            channel_obj, filter=filter, where=where, search=search
        )
        if matches_nothing:
            result = decorate(RawFacetCounts(), spec)
        else:
            result = search_api.facet_counts(channel_obj, spec)
        corrected = search_api.did_you_mean(spec.search) if spec.search else None
        return ProductFacets.from_counts(result, corrected)

    @staticmethod
    def resolve_product_suggestions(root, info, search, channel=None, first=8):
        if first is None or first < 0 or first > MAX_SUGGESTIONS:
            raise InvalidArgument(
                f"`first` must be between 0 and {MAX_SUGGESTIONS} for productSuggestions."
            )
        channel_obj = get_channel(info, channel)
        found = search_suggestions(nfc(search), channel_obj, first)
        return found

    @staticmethod
    def resolve_did_you_mean(root, info, search):
        return search_api.did_you_mean(nfc(search))


def search_suggestions(text: str, channel, first: int) -> list[dict]:
    suggestions = search_api.suggest(text, channel, first)
    ids = [s.product_id for s in suggestions if s.product_id]
    products = ProductModel.objects.visible_in(channel).in_bulk(ids)
    out = []
    for s in suggestions:
        if s.kind == "product":
            product = products.get(s.product_id)
            if product is None:
                continue
            out.append(
                {
                    "text": s.text,
                    "kind": ProductSuggestionKind.PRODUCT,
                    "product": ChannelContext(product, channel),
                }
            )
        else:
            out.append({"text": s.text, "kind": ProductSuggestionKind.QUERY, "product": None})
    return out
