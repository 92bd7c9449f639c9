"""``accountSetDefaultAddress``: the signed-in user's default shipping or billing address."""

from __future__ import annotations

import graphene

from backend.account import addresses

from ..enums import AddressTypeEnum
from ..types import User, forget_address_book
from .base import AccountMutation, signed_in_user
from .owned_address import owned_address


class AccountSetDefaultAddress(AccountMutation):
    """Sets a default address for the authenticated user."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = AddressTypeEnum(required=True, description="The type of address.")

    user = graphene.Field(User, description="An updated user instance.")

    @classmethod
    def perform_mutation(cls, root, info, id, type):
        user = signed_in_user(info)
        address = owned_address(user, id)
        addresses.set_default_address(user, address, getattr(type, "value", type))
        forget_address_book(info)
        return cls(errors=[], user=user)
