"""``ocop refresh_certifications``: the nightly job. Products whose certificate expired (or
whose revocation took effect) today lose their OCOP attributes without anyone editing them."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = ("Cập nhật hạng sao OCOP của sản phẩm theo hiệu lực chứng nhận (chạy hằng đêm): "
            "chứng nhận hết hạn hoặc bị thu hồi thì sản phẩm mất huy hiệu.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat,
                            help="Tính như thể hôm nay là ngày này (YYYY-MM-DD), để kiểm tra.")

    def handle(self, *args, **options) -> None:
        from backend.ocop.services import refresh_lapsed_certifications

        changed = refresh_lapsed_certifications(today=options["date"])
        self.stdout.write(self.style.SUCCESS(
            f"Đã cập nhật thuộc tính OCOP cho {changed} sản phẩm."
        ))
