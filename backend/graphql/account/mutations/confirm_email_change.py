"""``confirmEmailChange``: the token from the e-mail sent to the new address."""

from __future__ import annotations

import graphene

from backend.account import services

from ..types import User
from .base import AccountMutation, signed_in_user


class ConfirmEmailChange(AccountMutation):
    """Confirm the email change of the logged-in user."""

    class Arguments:
        token = graphene.String(required=True, description="A one-time token required to "
                                                           "change the email.")
        channel = graphene.String(description="Slug of a channel used to notify the user.")

    user = graphene.Field(User, description="A user instance with a new email.")

    @classmethod
    def perform_mutation(cls, root, info, token, channel=None):
        return cls(errors=[], user=services.confirm_email_change(signed_in_user(info), token))
