"""The account e-mails: Vietnamese text and HTML parts from templates, sent after the
transaction commits (so a rolled-back registration sends nothing) through Celery."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from django.db import transaction
from django.template.loader import render_to_string

from backend.core.site import site_root

from .models import User
from .tasks import send_email

SITE_NAME = "Sàn OCOP"


def link_with(url: str, **params: str) -> str:
    """``url`` with ``params`` added to its query (what the client gave is kept)."""
    parts = urlparse(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunparse(parts._replace(query=urlencode(query)))


def site_link(path: str) -> str:
    return site_root() + path


def send_account_email(template: str, to: str, context: dict[str, Any]) -> None:
    """Render ``account/email/<template>.{subject.txt,txt,html}`` and queue it after commit."""
    context = {"site_name": SITE_NAME, "site_url": site_root(), **context}
    subject = " ".join(render_to_string(f"account/email/{template}.subject.txt",
                                        context).split())
    text = render_to_string(f"account/email/{template}.txt", context)
    html = render_to_string(f"account/email/{template}.html", context)
    transaction.on_commit(lambda: send_email.delay(to, subject, text, html), robust=True)


def send_confirmation(user: User, token: str, redirect_url: str) -> None:
    link = link_with(redirect_url, email=user.email, token=token)
    send_account_email("confirm_account", user.email, {"user": user, "link": link})


def send_already_registered(user: User, reset_url: str) -> None:
    """Someone tried to register an e-mail that has an account: tell its owner (the API
    answered exactly as for a new e-mail)."""
    send_account_email("already_registered", user.email, {"user": user, "link": reset_url})


def send_password_reset(user: User, token: str, redirect_url: str) -> None:
    link = link_with(redirect_url, email=user.email, token=token)
    send_account_email("password_reset", user.email, {"user": user, "link": link})


def send_email_change_request(user: User, new_email: str, token: str,
                              redirect_url: str) -> None:
    link = link_with(redirect_url, token=token)
    send_account_email("email_change_request", new_email,
                       {"user": user, "new_email": new_email, "link": link})


def send_email_changed(user: User, old_email: str) -> None:
    send_account_email("email_changed", old_email, {"user": user, "old_email": old_email})


def send_deletion_request(user: User, token: str, redirect_url: str) -> None:
    link = link_with(redirect_url, token=token)
    send_account_email("account_delete", user.email, {"user": user, "link": link})
