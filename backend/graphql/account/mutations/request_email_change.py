"""``requestEmailChange``: e-mail a confirmation link to the new address (password
checked, throttled)."""

from __future__ import annotations

import graphene

from backend.account import services
from backend.account.validation import check_password_length

from ..types import User
from .base import AccountMutation, check_password, signed_in_user


class RequestEmailChange(AccountMutation):
    """Request email change of the logged in user."""

    class Arguments:
        password = graphene.String(required=True, description="User password.")
        new_email = graphene.String(required=True, description="New user email.")
        redirect_url = graphene.String(required=True, description="URL of a view where users "
                                       "should be redirected to update the email address.")
        channel = graphene.String(description="Slug of a channel used to notify the user.")

    user = graphene.Field(User, description="A user instance.")

    @classmethod
    def perform_mutation(cls, root, info, password, new_email, redirect_url, channel=None):
        user = signed_in_user(info)
        check_password_length(password)
        check_password(info, user.email, password, field="password",
                       message="Mật khẩu không đúng.")
        services.request_email_change(user, new_email, redirect_url)
        return cls(errors=[], user=user)
