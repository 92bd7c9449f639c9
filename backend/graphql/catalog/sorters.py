from __future__ import annotations

import datetime

import graphene
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from backend.catalog.models import ProductChannelListing
from backend.channel.models import Channel

from ..core.connection import SortSpec
from ..core.errors import InvalidArgument
from ..core.types import OrderDirection

NEVER_PUBLISHED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    CREATED_AT = "created_at"
    LAST_MODIFIED_AT = "last_modified_at"
    PUBLISHED_AT = "published_at"

    @property
    def description(self):
        return {
            "NAME": "Sort products by name, in Vietnamese dictionary order.",
            "RANK": "Sort by relevance to the search text (requires `search`).",
            "PRICE": "Sort by the cheapest variant's price in the channel.",
            "MINIMAL_PRICE": "Same as PRICE: VND prices have no discounts yet.",
            "CREATED_AT": "Sort by when the product was created.",
            "LAST_MODIFIED_AT": "Sort by last modification.",
            "PUBLISHED_AT": "Sort by publication date in the channel.",
        }[self.name]


class ProductOrder(graphene.InputObjectType):
    field = graphene.Field(ProductOrderField, required=True)
    direction = graphene.Field(OrderDirection, required=True)


def apply_product_sort(
    qs: QuerySet, sort_by: dict | None, channel: Channel, searching: bool
) -> tuple[QuerySet, SortSpec]:
    sort_by = sort_by or {}
    # graphene 3 passes enum members for enum inputs; compare their values.
    field = getattr(sort_by.get("field"), "value", sort_by.get("field")) or (
        "rank" if searching else "name"
    )
    direction = getattr(sort_by.get("direction"), "value", sort_by.get("direction"))
    descending = direction == "DESC" if direction else field == "rank"
    if field == "rank":
        if not searching:
            raise InvalidArgument("Sorting by RANK is only available when using `search`.")
        return qs, SortSpec(["search_rank", "pk"], descending)
    if field == "name":
        # Vietnamese dictionary order (Đ after D, tones in order): the stored sort key.
        return qs, SortSpec(["name_sort", "pk"], descending)
    if field in ("price", "minimal_price"):
        # Join the channel's listing (one per product) so the price index can drive the sort.
        qs = qs.filter(channel_listings__channel=channel).annotate(
            sort_price=Coalesce(F("channel_listings__discounted_price_amount"), Value(0))
        )
        return qs, SortSpec(["sort_price", "pk"], descending)
    if field == "published_at":
        published = ProductChannelListing.objects.filter(product_id=OuterRef("pk"), channel=channel)
        # Never null: a cursor holds the value and keyset conditions cannot compare NULL.
        qs = qs.annotate(sort_published=Coalesce(
            Subquery(published.values("published_at")[:1]), Value(NEVER_PUBLISHED)
        ))
        return qs, SortSpec(["sort_published", "pk"], descending)
    if field == "created_at":
        return qs, SortSpec(["created_at", "pk"], descending)
    return qs, SortSpec(["updated_at", "pk"], descending)
