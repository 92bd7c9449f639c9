"""``ocop cancel_overdue_transfers``: cancel orders whose VietQR transfer never arrived
within VIETQR_PAYMENT_WINDOW_MINUTES (the Celery beat task runs the same every 5 minutes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Huỷ các đơn chuyển khoản quá hạn chưa nhận được tiền (trả hàng về kho)."

    def handle(self, *args, **options) -> None:
        from backend.payment.vietqr import cancel_overdue

        numbers = cancel_overdue()
        if numbers:
            self.stdout.write("Đã huỷ " + str(len(numbers)) + " đơn quá hạn chuyển khoản: "
                              + ", ".join("#" + n for n in numbers))
        else:
            self.stdout.write("Không có đơn nào quá hạn chuyển khoản.")
