"""The operator's bank statement upload reconciles with the bank feed's matching: rows
matched, already recorded (by the feed or an earlier upload) and unmatched, each named."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.payment.models import TransactionEvent
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY

from .support import bank_feed_body, post_bank_feed, ready_checkout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
URL = "/admin/payment/transactionitem/sao-ke/"


@pytest.fixture
def two_orders(channel, shop, settings):
    """Two VietQR orders awaiting transfers: (reference, total) each."""
    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import vietqr

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    placed = []
    for product in (shop["tea"], shop["sauce"]):
        checkout = ready_checkout(channel, [(product.default_variant, 1)])
        item, _, _ = vietqr.initialize(checkout, summarize(checkout).total)
        order = complete_checkout(checkout)
        placed.append((item.psp_reference, order.total, order))
    return placed


def csv_upload(rows: list[list[str]], name="sao-ke.csv") -> SimpleUploadedFile:
    lines = ["Sao kê tài khoản 1031933430", "Ngày giao dịch;Mã giao dịch;Số tiền ghi có;Nội dung"]
    lines += [";".join(row) for row in rows]
    return SimpleUploadedFile(name, "\n".join(lines).encode("utf-8"), "text/csv")


def test_statement_rows_are_matched_named_and_never_charged_twice(client, cashier, two_orders):
    (ref_a, total_a, order_a), (ref_b, total_b, order_b) = two_orders
    # The feed already told us about the first transfer.
    assert post_bank_feed(client, bank_feed_body(ref_a, total_a, bank_id="FT-A")).json()[
        "result"] == "charged"
    client.force_login(cashier())
    upload = csv_upload([
        ["28/11/2026", "FT-A", f"{total_a:,}".replace(",", "."), f"CT DEN {ref_a} mua hang"],
        ["28/11/2026", "FT-B", str(total_b), f"{ref_b.lower()} thanh toan"],
        ["28/11/2026", "FT-C", "50.000", "chuyen tien an trua"],
        ["28/11/2026", "", "10.000", f"{ref_b}"],
        ["28/11/2026", "FT-D", "mười nghìn", f"{ref_b}"],
    ])
    page = client.post(URL, {"file": upload})
    text = page.content.decode()
    assert page.status_code == 200, text[:2000]
    assert "Khớp: 1 · Đã ghi nhận trước: 1 · Không khớp: 3" in text
    assert "Dòng 6: thiếu mã giao dịch" in text
    assert "Dòng 3: Giao dịch này đã được ghi nhận trước đó." in text  # title, header, row 3
    assert "Dòng 7: số tiền ghi có “mười nghìn” không đọc được" in text
    assert "Dòng 5: nội dung không có mã thanh toán" in text
    for order in (order_a, order_b):
        charged = sum(t.charged_value for t in order.transactions.all())
        assert charged == order.total
    # The same statement again: everything already recorded, nothing charged.
    before = TransactionEvent.objects.count()
    again = client.post(URL, {"file": csv_upload([
        ["28/11/2026", "FT-B", str(total_b), f"{ref_b}"]])}).content.decode()
    assert "Khớp: 0 · Đã ghi nhận trước: 1 · Không khớp: 0" in again
    assert TransactionEvent.objects.count() == before


def test_xlsx_statement(client, cashier, two_orders):
    from openpyxl import Workbook

    (ref_a, total_a, order_a), _ = two_orders
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ TÀI KHOẢN"])
    sheet.append(["Ngày", "Số tham chiếu", "Ghi có", "Diễn giải"])
    sheet.append(["28/11/2026", "FT-X1", total_a - 1000, f"IBFT {ref_a}"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(cashier())
    page = client.post(URL, {"file": SimpleUploadedFile("sao-ke.xlsx", out.getvalue())})
    text = page.content.decode()
    assert "Khớp: 1" in text and "còn thiếu" in text
    assert order_a.transactions.get().charged_value == total_a - 1000


def test_staff_without_handle_payments_is_refused(client, cashier, two_orders):
    (ref_a, total_a, order_a), _ = two_orders
    client.force_login(cashier("khac", grant=False))
    page = client.post(URL, {"file": csv_upload([["1", "FT-Z", str(total_a), ref_a]])})
    assert page.status_code == 403
    assert order_a.transactions.get().charged_value == 0


def test_overpaid_transfers_are_listed_for_the_operator(client, cashier, two_orders):
    (ref_a, total_a, order_a), (ref_b, total_b, _) = two_orders
    assert post_bank_feed(client, bank_feed_body(ref_a, total_a + 30000)).json()[
        "result"] == "overpaid"
    client.force_login(cashier())
    page = client.get("/admin/payment/transactionitem/?refund_due=yes").content.decode()
    assert ref_a in page and ref_b not in page
    assert f"cho đơn #{order_a.number}: cần hoàn lại" in page
    assert "30.000" in page
