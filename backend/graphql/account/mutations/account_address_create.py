"""``accountAddressCreate``: a new address in the signed-in user's book."""

from __future__ import annotations

import graphene

from backend.account import addresses
from backend.graphql.core.errors import PermissionDenied

from ..enums import AddressTypeEnum
from ..inputs import AddressInput
from ..types import Address, User, forget_address_book
from .address_input import address_data
from .base import AccountMutation, signed_in_user


class AccountAddressCreate(AccountMutation):
    """Create a new address for the customer."""

    class Arguments:
        input = AddressInput(required=True, description="Fields required to create address.")
        type = AddressTypeEnum(required=False, description="A type of address. If provided, the "
                               "new address will be automatically assigned as the customer's "
                               "default address of that type.")
        customer_id = graphene.ID(description="ID of customer the application is impersonating "
                                              "(not supported).")

    user = graphene.Field(User, description="A user instance for which the address was "
                                            "created.")
    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, input, type=None, customer_id=None):
        user = signed_in_user(info)
        if customer_id is not None:
            raise PermissionDenied("Không được tạo địa chỉ cho tài khoản khác.")
        cleaned = addresses.clean_address_input(address_data(input))
        kind = getattr(type, "value", type)
        address = addresses.add_address(user, cleaned, kind)
        forget_address_book(info)
        return cls(errors=[], user=user, address=address)
