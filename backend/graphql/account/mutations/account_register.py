"""``accountRegister``: a new account, confirmed by e-mail when confirmation is on. The
answer is the same whether or not the e-mail already had an account."""

from __future__ import annotations

import graphene

from backend.account import services

from ..inputs import AccountRegisterInput
from ..types import User
from .base import AccountMutation


class AccountRegister(AccountMutation):
    """Register a new user."""

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a "
                                                                "user.")

    requires_confirmation = graphene.Boolean(
        description="Informs whether users need to confirm their email address.")
    user = graphene.Field(
        User, deprecation_reason="The field always returns a `User` object constructed from "
        "the input data. The `user.id` is always empty.")

    @classmethod
    def perform_mutation(cls, root, info, input):
        registration = services.register(
            input.get("email"), input.get("password"),
            first_name=input.get("first_name"), last_name=input.get("last_name"),
            language_code=_enum_value(input.get("language_code")),
            redirect_url=input.get("redirect_url"),
            # The storefront's form marks its requests; any other client is "api".
            consent_source=getattr(info.context, "consent_source", "api"),
        )
        user = registration.user
        # Never the stored row: its id would tell that the e-mail is new.
        shown = type(user)(email=user.email, first_name=user.first_name,
                           last_name=user.last_name, language_code=user.language_code,
                           is_confirmed=not registration.requires_confirmation)
        return cls(errors=[], user=shown,
                   requires_confirmation=registration.requires_confirmation)


def _enum_value(value):
    return getattr(value, "value", value)
