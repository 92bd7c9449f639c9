"""E-mails to sellers: plain Vietnamese text (and the same as HTML), queued after commit
through the account domain's sending task, so a rolled-back move sends nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.html import escape, urlize

from backend.account.tasks import send_email

SIGNATURE = "\n\n— Sàn OCOP"


def send(to: str | Iterable[str], subject: str, body: str) -> None:
    recipients = [to] if isinstance(to, str) else list(dict.fromkeys(to))
    text = body + SIGNATURE
    html = "<p>" + urlize(escape(text)).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
    for address in recipients:
        if address:
            transaction.on_commit(
                lambda a=address: send_email.delay(a, subject, text, html), robust=True
            )


def owners_emails(producer_id: int) -> list[str]:
    from .models import ProducerMembership
    from .roles import Role

    return list(
        ProducerMembership.objects.filter(producer_id=producer_id, role=Role.OWNER)
        .values_list("user__email", flat=True)
    )
