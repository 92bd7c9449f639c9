"""``accountRequestDeletion``: e-mail a link that confirms deleting the account."""

from __future__ import annotations

import graphene

from backend.account import personal_data

from .base import AccountMutation, signed_in_user


class AccountRequestDeletion(AccountMutation):
    """Sends an email with the account removal link for the logged-in user."""

    class Arguments:
        redirect_url = graphene.String(required=True, description="URL of a view where users "
                                       "should be redirected to delete their account.")
        channel = graphene.String(description="Slug of a channel used to notify the user.")

    @classmethod
    def perform_mutation(cls, root, info, redirect_url, channel=None):
        personal_data.request_deletion(signed_in_user(info), redirect_url)
        return cls(errors=[])
