import graphene

from ..core.ids import to_id
from ..core.types import CountryDisplay


class Channel(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    is_active = graphene.Boolean(required=True)
    countries = graphene.List(
        graphene.NonNull(CountryDisplay), description="Countries the channel ships to."
    )

    class Meta:
        description = "A sales channel; prices and publication are per channel."

    @staticmethod
    def resolve_id(root, info):
        return to_id("Channel", root.pk)

    @staticmethod
    def resolve_default_country(root, info):
        return CountryDisplay(code=root.default_country, country="Việt Nam")

    @staticmethod
    def resolve_countries(root, info):
        return [CountryDisplay(code=root.default_country, country="Việt Nam")]
