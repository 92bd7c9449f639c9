"""``accountAddressDelete``: remove an address from the signed-in user's own book."""

from __future__ import annotations

import graphene

from backend.account import addresses

from ..types import Address, User, forget_address_book
from .base import AccountMutation, signed_in_user
from .owned_address import owned_address


class AccountAddressDelete(AccountMutation):
    """Delete an address of the logged-in user."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    user = graphene.Field(User, description="A user instance for which the address was "
                                            "deleted.")
    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = signed_in_user(info)
        address = owned_address(user, id)
        pk = address.pk
        addresses.delete_address(user, address)
        address.pk = pk  # the payload still names what was deleted
        forget_address_book(info)
        return cls(errors=[], user=user, address=address)
