"""``tokenVerify``: is this access token valid, and whose is it."""

from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar

from backend.account import jwt_tokens
from backend.account.validation import field_error

from ..types import User
from .base import AccountMutation


class VerifyToken(AccountMutation):
    """Verify JWT token."""

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, default_value=False,
                                description="Determine if token is valid or not.")
    payload = GenericScalar(description="JWT payload.")

    @classmethod
    def perform_mutation(cls, root, info, token):
        try:
            payload = jwt_tokens.decode(token)
            user = jwt_tokens.user_from_payload(payload, jwt_tokens.ACCESS)
        except jwt_tokens.TokenError as error:
            raise field_error("token", error.message, error.code) from None
        return cls(errors=[], user=user, is_valid=True, payload=payload)

    @classmethod
    def error_payload(cls, error):
        payload = super().error_payload(error)
        payload.is_valid = False
        return payload
