"""``requestPasswordReset``: e-mail a reset link (the same answer for any e-mail)."""

from __future__ import annotations

import graphene

from backend.account import services

from .base import AccountMutation


class RequestPasswordReset(AccountMutation):
    """Sends an email with the account password modification link."""

    class Arguments:
        email = graphene.String(required=True, description="Email of the user that will be "
                                                           "used for password recovery.")
        redirect_url = graphene.String(required=True, description="URL of a view where users "
                                       "should be redirected to reset the password.")
        channel = graphene.String(description="Slug of a channel used to notify the user.")

    @classmethod
    def perform_mutation(cls, root, info, email, redirect_url, channel=None):
        services.request_password_reset(email, redirect_url)
        return cls(errors=[])
