"""``ocop release_earnings``: producer orders delivered at least LEDGER_RETURN_WINDOW_DAYS
ago get their earnings moved to payable (the Celery beat task does the same hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chuyển doanh thu các đơn đã hết hạn đổi trả sang số dư có thể rút."

    def handle(self, *args, **options) -> None:
        from backend.order.tasks import release_earnings

        released = release_earnings()
        self.stdout.write(f"Đã chuyển {released} đơn sang số dư có thể rút.")
