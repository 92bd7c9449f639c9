"""``tokensDeactivateAll``: sign the user out of every device (rotates their JWT key)."""

from __future__ import annotations

from backend.account.services import deactivate_all_tokens

from .base import AccountMutation, signed_in_user


class DeactivateAllUserTokens(AccountMutation):
    """Deactivate all JWT tokens of the currently authenticated user."""

    @classmethod
    def perform_mutation(cls, root, info):
        deactivate_all_tokens(signed_in_user(info))
        return cls(errors=[])
