"""``accountDelete``: the token from the deletion e-mail; the person is anonymised, the
records that point at them stay."""

from __future__ import annotations

import graphene

from backend.account import personal_data

from ..types import User
from .base import AccountMutation, signed_in_user


class AccountDelete(AccountMutation):
    """Remove user account."""

    class Arguments:
        token = graphene.String(required=True, description="A one-time token required to "
                                                           "remove account.")

    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, token):
        user = signed_in_user(info)
        personal_data.delete_account(user, token)
        return cls(errors=[], user=user)
