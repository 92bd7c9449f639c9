"""``confirmAccount``: the one-time token from the confirmation e-mail."""

from __future__ import annotations

import graphene

from backend.account import services

from ..types import User
from .base import AccountMutation, check_password


class ConfirmAccount(AccountMutation):
    """Confirm user account with token sent by email during registration."""

    class Arguments:
        token = graphene.String(required=True, description="A one-time token required to "
                                                           "confirm the account.")
        email = graphene.String(required=True, description="E-mail of the user performing "
                                                           "account confirmation.")
        password = graphene.String(description="Password of the user; checked when given.")

    user = graphene.Field(User, description="An activated user account.")

    @classmethod
    def perform_mutation(cls, root, info, token, email, password=None):
        if password is not None:
            check_password(info, email, password, field="password")
        return cls(errors=[], user=services.confirm_account(email, token))
