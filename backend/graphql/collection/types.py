from __future__ import annotations

import graphene

from backend.collection.models import CollectionProduct

from ..catalog.types import ProductCountableConnection, ThumbnailFormatEnum, _absolute
from ..core.connection import CountableConnection
from ..core.context import ChannelContext, get_channel
from ..core.ids import to_id
from ..core.types import Image
from ..translation.types import CollectionTranslation, translation_field, translation_resolver


class CollectionChannelListing(graphene.ObjectType):
    id = graphene.ID(required=True)
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("backend.graphql.channel.types.Channel", required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("CollectionChannelListing", root.pk)


class Collection(graphene.ObjectType):
    id = graphene.ID(required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    channel = graphene.String()
    products = graphene.relay.ConnectionField(
        ProductCountableConnection,
        filter=graphene.Argument(
            "backend.graphql.catalog.filters.ProductFilterInput",
            deprecation_reason="Use `where` filter instead.",
        ),
        where=graphene.Argument("backend.graphql.catalog.filters.ProductWhereInput"),
        search=graphene.String(),
        sort_by=graphene.Argument("backend.graphql.catalog.sorters.ProductOrder"),
        description="The collection's published products.",
    )
    background_image = graphene.Field(
        Image,
        size=graphene.Int(),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL"),
    )
    translation = translation_field(CollectionTranslation)
    channel_listings = graphene.List(graphene.NonNull(CollectionChannelListing))

    class Meta:
        description = "A curated group of products (Quà Tết, Đặc sản 5 sao, …)."

    resolve_translation = staticmethod(translation_resolver("collection", lambda r: r.node))

    @staticmethod
    def resolve_id(root, info):
        return to_id("Collection", root.node.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.node.name

    @staticmethod
    def resolve_slug(root, info):
        return root.node.slug

    @staticmethod
    def resolve_description(root, info):
        return root.node.description

    @staticmethod
    def resolve_seo_title(root, info):
        return root.node.seo_title or root.node.name

    @staticmethod
    def resolve_seo_description(root, info):
        return root.node.seo_description or None

    @staticmethod
    def resolve_channel(root, info):
        return root.channel.slug if root.channel else None

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        image = root.node.background_image
        if not image:
            return None
        return Image(url=_absolute(info, image.url), alt=root.node.background_image_alt or None)

    @staticmethod
    def resolve_channel_listings(root, info):
        return list(root.node.channel_listings.select_related("channel"))

    @staticmethod
    def resolve_products(root, info, filter=None, where=None, search=None, sort_by=None,
                         **pagination):
        from dataclasses import replace

        from ..catalog.filters import build_product_filter
        from ..catalog.schema import product_listing
        from ..core.connection import paginate, validate_connection_args
        from ..core.dataloaders import remember

        channel_obj = root.channel or get_channel(info, None)
        validate_connection_args(pagination, info)
        spec, nothing = build_product_filter(channel_obj, filter=filter, where=where,
                                             search=search)
        members = set(
            CollectionProduct.objects.filter(collection=root.node).values_list(
                "product_id", flat=True
            )
        )
        ids = members & set(spec.ids) if spec.ids else members
        spec = replace(spec, ids=tuple(sorted(ids)))
        nothing = nothing or not ids
        qs, sort, count = product_listing(info, channel_obj, spec, nothing, sort_by)
        connection = paginate(
            qs, pagination, sort, ProductCountableConnection, info, count=count,
            wrap=lambda product: ChannelContext(product, channel_obj),
        )
        remember(info.context, "product", (edge.node.node for edge in connection.edges))
        return connection


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = Collection
