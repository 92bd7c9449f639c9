import graphene

from backend.geo.resolver import resolve_province
from backend.producers.models import Producer as ProducerModel

from ..core.connection import SortSpec, paginate
from ..core.dataloaders import remember
from ..core.errors import InvalidArgument
from ..core.ids import from_id
from .types import LegalFormEnum, Producer, ProducerCountableConnection


class ProducerFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Part of the producer's name, with or without diacritics.")
    province = graphene.String(description="A province by any name, old or new.")
    region = graphene.String(description="Region slug.")
    legal_forms = graphene.List(graphene.NonNull(LegalFormEnum))


class ProducerQueries(graphene.ObjectType):
    producer = graphene.Field(
        Producer, id=graphene.ID(), slug=graphene.String(), description="A producer's shop."
    )
    producers = graphene.relay.ConnectionField(
        ProducerCountableConnection, filter=graphene.Argument(ProducerFilterInput)
    )

    @staticmethod
    def resolve_producer(root, info, id=None, slug=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = {"pk": from_id(id, "Producer")} if id else {"shop__slug": slug}
        producer = (
            ProducerModel.objects.select_related("shop")
            .filter(shop__is_active=True, **lookup)
            .first()
        )
        if producer is not None:
            remember(info.context, "producer", [producer])
        return producer

    @staticmethod
    def resolve_producers(root, info, filter=None, **kwargs):
        qs = ProducerModel.objects.select_related("shop").filter(shop__is_active=True)
        filter = filter or {}
        if filter.get("search"):
            from backend.core.text import fold_key

            qs = qs.filter(name_key__contains=fold_key(filter["search"]))
        if filter.get("province"):
            match = resolve_province(filter["province"])
            qs = qs.filter(province=match.province) if match else qs.none()
        if filter.get("region"):
            qs = qs.filter(region__slug=filter["region"])
        if filter.get("legal_forms"):
            qs = qs.filter(legal_form__in=[getattr(f, "value", f) for f in filter["legal_forms"]])
        connection = paginate(
            qs, kwargs, SortSpec(["name_sort", "pk"]), ProducerCountableConnection, info
        )
        remember(info.context, "producer", (edge.node for edge in connection.edges))
        return connection
