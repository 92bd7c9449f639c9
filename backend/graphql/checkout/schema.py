"""Checkout queries and mutations mixed into the schema roots."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from .lookup import load_checkout
from .mutations import CheckoutMutations
from .payment_mutations import CheckoutPaymentMutations
from .types import Checkout


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(Checkout, id=graphene.ID(description="The checkout's ID."),
                              token=graphene.UUID(deprecation_reason="Use `id` instead."),
                              description="Look up a checkout by id.")

    @staticmethod
    def resolve_checkout(root, info, id=None, token=None):
        try:
            return load_checkout(info, id, token)
        except ValidationError:
            return None


class CheckoutAllMutations(CheckoutMutations, CheckoutPaymentMutations):
    pass
