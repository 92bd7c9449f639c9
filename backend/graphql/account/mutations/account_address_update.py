"""``accountAddressUpdate``: change an address of the signed-in user's own book."""

from __future__ import annotations

import graphene

from backend.account import addresses

from ..inputs import AddressInput
from ..types import Address, User, forget_address_book
from .address_input import address_data
from .base import AccountMutation, signed_in_user
from .owned_address import owned_address


class AccountAddressUpdate(AccountMutation):
    """Updates an address of the logged-in user."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields required to update the address.")

    user = graphene.Field(User, description="A user object for which the address was edited.")
    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = signed_in_user(info)
        address = owned_address(user, id)
        cleaned = addresses.clean_address_input(address_data(input))
        addresses.update_address(address, cleaned)
        forget_address_book(info)
        return cls(errors=[], user=user, address=address)
