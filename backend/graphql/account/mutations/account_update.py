"""``accountUpdate``: the signed-in user's names, language, phone and default addresses."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from backend.account import addresses, services
from backend.account.error_codes import AccountErrorCode as Codes
from backend.graphql.core.errors import PermissionDenied
from backend.graphql.core.mutations import validation_error_fields

from ..inputs import AccountInput
from ..types import AccountError, User, forget_address_book
from .address_input import address_data
from .base import AccountMutation, signed_in_user

_ADDRESS_KEYS = (("default_billing_address", addresses.BILLING),
                 ("default_shipping_address", addresses.SHIPPING))


class AccountUpdate(AccountMutation):
    """Updates the account of the logged-in user."""

    class Arguments:
        input = AccountInput(required=True, description="Fields required to update the account "
                                                        "of the logged-in user.")
        customer_id = graphene.ID(description="ID of a customer to update (staff only; not "
                                              "supported yet).")

    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, input, customer_id=None):
        user = signed_in_user(info)
        if customer_id is not None:
            raise PermissionDenied("Chưa hỗ trợ sửa tài khoản của người khác qua customerId.")
        data = dict(input)
        data["language_code"] = getattr(data.get("language_code"), "value",
                                        data.get("language_code"))
        # Addresses are checked first: nothing is written unless all of it is valid.
        cleaned, errors = {}, []
        for key, kind in _ADDRESS_KEYS:
            if data.get(key) is None:
                continue
            try:
                cleaned[kind] = addresses.clean_address_input(address_data(data[key]))
            except ValidationError as error:
                errors += [AccountError(address_type=kind, **e) for e in
                           validation_error_fields(error, Codes, Codes.INVALID)]
        if errors:
            return cls(errors=errors)
        with transaction.atomic():
            services.update_profile(user, data)
            for kind, values in cleaned.items():
                addresses.add_address(user, values, kind)
        forget_address_book(info)
        return cls(errors=[], user=user)
