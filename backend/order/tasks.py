"""Periodic work of the orders' books (CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="order.release_earnings")
def release_earnings() -> int:
    """Producer orders past the return window: earnings move to payable."""
    from .ledger import release_due

    total = 0
    while True:  # in slices of 500 so each run's memory stays small
        released = release_due()
        total += released
        if released < 500:
            return total


@shared_task(name="order.send_refund")
def send_refund(grant_id: int) -> None:
    """Send a card refund through Stripe after the transaction that granted it committed."""
    from .models import OrderGrantedRefund
    from .refunds import send

    grant = OrderGrantedRefund.objects.filter(pk=grant_id).first()
    if grant is not None:
        send(grant, None)
