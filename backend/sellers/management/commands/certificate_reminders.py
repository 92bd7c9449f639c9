"""``ocop certificate_reminders [--date YYYY-MM-DD]``: e-mail producers' owners about
certificates entering their re-evaluation window or lapsing (each reminder once). Run
daily (cron / CronJob), or let Celery beat run the same task."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "E-mail owners about OCOP certificates to re-evaluate or that lapsed (once each)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        from backend.sellers.reminders import send_certificate_reminders

        today = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        sent = send_certificate_reminders(today)
        self.stdout.write(f"Đã gửi {sent} nhắc nhở chứng nhận OCOP.")
