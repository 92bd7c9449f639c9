"""Consent to the terms of use and the privacy notice (Law 91/2025 on personal data
protection): which texts are current, and the record of who agreed to which version.

The texts are templates under ``account/legal/``; a new version is a new template and a
new entry here, so what each person was shown can always be read back.
"""

from __future__ import annotations

from django.utils import timezone

from .models import Consent, User

CURRENT_VERSIONS: dict[str, str] = {
    Consent.Document.TERMS: "2026-07",
    Consent.Document.PRIVACY: "2026-07",
}


def template_for(document: str, version: str | None = None) -> str:
    return f"account/legal/{document}_{version or CURRENT_VERSIONS[document]}.html"


def record_consents(user: User, source: str) -> list[Consent]:
    """The person agreed to the current terms and privacy notice (at registration)."""
    now = timezone.now()
    return Consent.objects.bulk_create(
        Consent(user=user, document=document, version=version, given_at=now, source=source)
        for document, version in CURRENT_VERSIONS.items()
    )


def withdraw_all(user: User) -> int:
    return user.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
