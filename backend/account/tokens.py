"""One-time tokens for the links in e-mails (account confirmation, password reset,
account deletion), made with Django's token generator.

Each token hashes the state its action changes, so using it once spends it: confirming
flips ``is_confirmed``, a new password changes the hash, deletion empties the e-mail.
They expire after ``PASSWORD_RESET_TIMEOUT`` (three days).
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from .models import User


class _ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "backend.account.tokens.confirm-account"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.is_confirmed}{timestamp}"


class _DeletionTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "backend.account.tokens.delete-account"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.is_active}{user.password}{timestamp}"


class _PasswordResetTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "backend.account.tokens.set-password"


confirmation_tokens = _ConfirmationTokenGenerator()
deletion_tokens = _DeletionTokenGenerator()
password_reset_tokens = _PasswordResetTokenGenerator()


def token_is_valid(generator: PasswordResetTokenGenerator, user: User | None,
                   token: str | None) -> bool:
    """Checks in constant time; a missing user still costs the same hashing."""
    if not token or not isinstance(token, str) or len(token) > 100 or not token.isascii():
        return False
    return generator.check_token(user or User(), token) and user is not None
