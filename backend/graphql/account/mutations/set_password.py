"""``setPassword``: a new password from the reset e-mail's token; signs in (new tokens)
and out of every other device."""

from __future__ import annotations

import graphene

from backend.account import services

from .base import issue_tokens
from .token_create import CreateToken


class SetPassword(CreateToken):
    """Sets the user's password from the token sent by email using the RequestPasswordReset
    mutation."""

    class Arguments:
        token = graphene.String(required=True, description="A one-time token required to set "
                                                           "the password.")
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")

    @classmethod
    def perform_mutation(cls, root, info, token, email, password):
        user = services.set_password(email, token, password)
        services.record_login(user)
        return cls(errors=[], **issue_tokens(info, user))
