"""Accounts: users (e-mail login), address books, consent records, JWTs."""
from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "backend.account"
    label = "account"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from . import admin_login  # noqa: F401 - the admin's sign-in goes through throttling
