import graphene

from backend.channel.models import Channel as ChannelModel

from ..core.errors import InvalidArgument
from ..core.ids import from_id
from .types import Channel


class ChannelQueries(graphene.ObjectType):
    channel = graphene.Field(Channel, id=graphene.ID(), slug=graphene.String())
    channels = graphene.List(graphene.NonNull(Channel), description="Active sales channels.")

    @staticmethod
    def resolve_channels(root, info):
        return list(ChannelModel.objects.filter(is_active=True))

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = {"pk": from_id(id, "Channel")} if id else {"slug": slug}
        return ChannelModel.objects.filter(is_active=True, **lookup).first()
