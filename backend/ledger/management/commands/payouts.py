"""``ocop payouts run [--threshold N]``: the scheduled payout run (a CronJob runs it);
``ocop payouts export BATCH [--out FILE]``: the batch's bank transfer file (CSV)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.core.money import format_vnd


class Command(BaseCommand):
    help = "Chi trả cho chủ thể: run (lập đợt chi trả), export (xuất tệp chuyển khoản)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Lập đợt chi trả cho các số dư đạt ngưỡng.")
        run.add_argument("--threshold", type=int, default=100_000,
                         help="Số dư tối thiểu được chi trả, tính bằng đồng (mặc định 100000).")
        export = sub.add_parser("export", help="Xuất tệp chuyển khoản (CSV) của một đợt.")
        export.add_argument("batch", type=int)
        export.add_argument("--out", type=Path, help="Ghi vào tệp (mặc định: màn hình).")

    def handle(self, *args, action: str, **options) -> None:
        from backend.ledger import payouts
        from backend.ledger.models import PayoutBatch

        if action == "export":
            batch = PayoutBatch.objects.filter(pk=options["batch"]).first()
            if batch is None:
                raise CommandError(f"Không có đợt chi trả #{options['batch']}.")
            text = payouts.bank_transfer_csv(batch)
            if options["out"]:
                options["out"].write_text(text, encoding="utf-8")
                self.stdout.write(f"Đã ghi {options['out']}.")
            else:
                self.stdout.write(text, ending="")
            return
        if options["threshold"] < 0:
            raise CommandError("Ngưỡng chi trả không được âm.")
        run = payouts.run_payouts(options["threshold"], payouts.configured_bank_details())
        if run.batch is None:
            self.stdout.write("Không có chủ thể nào đến hạn chi trả.")
        else:
            lines = list(run.batch.lines.all())
            total = sum(line.amount for line in lines)
            self.stdout.write(self.style.SUCCESS(
                f"Đợt chi trả #{run.batch.pk}: {len(lines)} chủ thể, tổng {format_vnd(total)}."))
        for skipped in run.skipped:
            self.stdout.write(
                f"Bỏ qua chủ thể #{skipped['producer_id']} ({format_vnd(skipped['amount'])}): "
                "chưa có tài khoản ngân hàng đã xác minh.")
