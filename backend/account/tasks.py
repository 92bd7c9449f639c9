"""Background work of the account domain: sending its e-mails (Celery with Redis,
inline without it)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="account.send_email", ignore_result=True, max_retries=5)
def send_email(self, to: str, subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Inline there is no queue to retry from; the request must not fail for it.
            logger.error("Sending an account e-mail failed: %s", error)
            return
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
