"""The weekly payout run (CELERY_BEAT_SCHEDULE in settings; ``ocop payouts run`` does the
same by hand or from a CronJob)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="ledger.run_payouts")
def run_payouts_task(threshold: int | None = None) -> int | None:
    from django.conf import settings

    from . import payouts

    run = payouts.run_payouts(
        settings.LEDGER_PAYOUT_THRESHOLD if threshold is None else threshold,
        payouts.configured_bank_details())
    return run.batch.pk if run.batch else None
