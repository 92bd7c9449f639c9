"""``tokenCreate``: e-mail and password (throttled) → access, refresh and CSRF tokens."""

from __future__ import annotations

import graphene

from backend.account.services import check_can_sign_in, record_login

from ..types import User
from .base import AccountMutation, check_password, clean_audience, issue_tokens


class CreateToken(AccountMutation):
    """Create JWT token."""

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")
        audience = graphene.String(
            description="The audience included in the JWT tokens with the prefix `custom:`.")

    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token.")
    csrf_token = graphene.String(description="CSRF token required to refresh by cookie.")
    user = graphene.Field(User, description="A user instance.")

    @classmethod
    def perform_mutation(cls, root, info, email, password, audience=None):
        audience = clean_audience(audience)
        user = check_password(info, email, password, field="email")
        check_can_sign_in(user)
        record_login(user)
        return cls(errors=[], **issue_tokens(info, user, audience))
