import graphene

from backend.collection.models import Collection as CollectionModel

from ..core.connection import SortSpec, paginate
from ..core.context import ChannelContext, get_channel
from ..core.dataloaders import remember
from ..core.errors import InvalidArgument
from ..core.ids import from_id, from_ids
from ..translation.types import LanguageCodeEnum, slug_lookup
from .types import Collection, CollectionCountableConnection


class CollectionFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class CollectionQueries(graphene.ObjectType):
    collection = graphene.Field(
        Collection,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        description="Look up a collection by ID or slug.",
    )
    collections = graphene.relay.ConnectionField(
        CollectionCountableConnection,
        filter=graphene.Argument(CollectionFilterInput),
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        description="Collections published in the channel.",
    )

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, slug_language_code=None,
                           channel=None):
        channel_obj = get_channel(info, channel)
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = (
            {"pk": from_id(id, "Collection")} if id
            else slug_lookup("collection", slug, slug_language_code)
        )
        found = CollectionModel.objects.published_in(channel_obj).filter(**lookup).first()
        if found is None:
            return None
        remember(info.context, "collection", [found])
        return ChannelContext(found, channel_obj)

    @staticmethod
    def resolve_collections(root, info, filter=None, channel=None, **kwargs):
        channel_obj = get_channel(info, channel)
        qs = CollectionModel.objects.published_in(channel_obj)
        if filter:
            if filter.get("search"):
                qs = qs.filter(name__unaccent__icontains=filter["search"])
            if filter.get("ids") is not None:
                qs = qs.filter(pk__in=from_ids(filter["ids"], "Collection"))
            if filter.get("slugs") is not None:
                qs = qs.filter(slug__in=filter["slugs"])
        connection = paginate(
            qs, kwargs, SortSpec(["sort_order", "slug", "pk"]), CollectionCountableConnection,
            info, wrap=lambda c: ChannelContext(c, channel_obj),
        )
        remember(info.context, "collection", (e.node.node for e in connection.edges))
        return connection
