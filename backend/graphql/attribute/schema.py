import graphene

from backend.attribute.models import Attribute as AttributeModel

from ..core.connection import SortSpec, paginate
from ..core.errors import InvalidArgument
from ..core.ids import from_id
from .types import Attribute, AttributeCountableConnection


class AttributeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slugs = graphene.List(graphene.NonNull(graphene.String))
    filterable_in_storefront = graphene.Boolean()


class AttributeQueries(graphene.ObjectType):
    attributes = graphene.relay.ConnectionField(
        AttributeCountableConnection, filter=graphene.Argument(AttributeFilterInput)
    )
    attribute = graphene.Field(Attribute, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_attributes(root, info, filter=None, **kwargs):
        qs = AttributeModel.objects.filter(visible_in_storefront=True)
        if filter:
            if filter.get("search"):
                qs = qs.filter(name__unaccent__icontains=filter["search"])
            if filter.get("slugs") is not None:
                qs = qs.filter(slug__in=filter["slugs"])
            if filter.get("filterable_in_storefront") is not None:
                qs = qs.filter(filterable_in_storefront=filter["filterable_in_storefront"])
        sort = SortSpec(["storefront_search_position", "slug", "pk"])
        return paginate(qs, kwargs, sort, AttributeCountableConnection, info)

    @staticmethod
    def resolve_attribute(root, info, id=None, slug=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = {"pk": from_id(id, "Attribute")} if id else {"slug": slug}
        return AttributeModel.objects.filter(visible_in_storefront=True, **lookup).first()
