"""Daily work of the sellers domain (Celery beat: ``sellers-certificate-reminders``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="sellers.certificate_reminders", ignore_result=True)
def certificate_reminders() -> int:
    from .reminders import send_certificate_reminders

    return send_certificate_reminders()
