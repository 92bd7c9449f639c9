"""Seller queries: ``sellerProducer(id)`` (a team member's or operator's view of one
producer); ``User.producers`` is added in the account types."""

from __future__ import annotations

import graphene

from backend.producers.models import Producer
from backend.sellers.access import role_of

from ..core.ids import from_id
from .types import ProducerMembership, SellerPermissionDenied, SellerProducer, _operator


def producers_of(user) -> list:
    from backend.sellers.models import ProducerMembership as Membership

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(Membership.objects.filter(user_id=user.pk).select_related("producer")
                .order_by("producer__name_sort", "pk"))


class SellerQueries(graphene.ObjectType):
    seller_producer = graphene.Field(
        SellerProducer, id=graphene.ID(required=True),
        description="A producer as its team (or operator staff) sees it.",
    )

    @staticmethod
    def resolve_seller_producer(root, info, id):
        user = getattr(info.context, "user", None)
        pk = from_id(id, "Producer")
        if role_of(user, pk) is None and not _operator(info) and not _operator(info, True):
            raise SellerPermissionDenied()
        return Producer.objects.filter(pk=pk).first()


__all__ = ["ProducerMembership", "SellerQueries", "producers_of"]
