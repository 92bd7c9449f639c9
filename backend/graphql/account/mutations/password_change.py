"""``passwordChange``: the signed-in user's new password (old one checked, throttled)."""

from __future__ import annotations

import graphene
from django.contrib.auth.hashers import make_password

from backend.account import services
from backend.account.error_codes import AccountErrorCode as Codes
from backend.account.validation import check_password_length, field_error

from ..types import User
from .base import AccountMutation, check_password, signed_in_user


class PasswordChange(AccountMutation):
    """Change the password of the logged in user."""

    class Arguments:
        old_password = graphene.String(description="Current user password.")
        new_password = graphene.String(required=True, description="New user password.")

    user = graphene.Field(User, description="A user instance with a new password.")

    @classmethod
    def perform_mutation(cls, root, info, new_password, old_password=None):
        user = signed_in_user(info)
        if old_password is None:
            make_password("same time as a check")
            if user.has_usable_password():
                raise field_error("old_password", "Hãy nhập mật khẩu hiện tại.",
                                  Codes.INVALID_CREDENTIALS)
        else:
            check_password_length(old_password, "old_password")
            check_password(info, user.email, old_password, field="old_password",
                           message="Mật khẩu hiện tại không đúng.")
        return cls(errors=[], user=services.change_password(user, new_password))
