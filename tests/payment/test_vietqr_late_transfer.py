"""A bank transfer that arrives after its order was cancelled as overdue: the order stays
cancelled (its stock was released and may be sold to someone else), the money is recorded
on the transaction and owed back to the shopper in full — never a sale for the producers —
and the webhook, the order page and its poll say so. Whole transfer and part of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.ledger.journal import AccountRef, balance, producer_balances
from backend.ledger.models import AccountKind, Posting
from backend.order.models import Order, OrderGrantedRefund
from backend.payment.models import OrderSettlement, TransactionEvent, TransactionItem
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY

from .support import bank_feed_body, post_bank_feed, ready_checkout, transfer_order

pytestmark = pytest.mark.django_db


_BASELINE: dict = {}


@pytest.fixture(autouse=True)
def books_baseline():
    """Balances as the test starts: a browser test's live server may have committed
    entries before this test, so each test checks what it moved itself."""
    _BASELINE.clear()
    for kind in (AccountKind.GATEWAY_VIETQR, AccountKind.REFUNDS_OWED):
        _BASELINE[kind] = balance(AccountRef(kind))


def moved(kind) -> int:
    return balance(AccountRef(kind)) - _BASELINE[kind]


@pytest.fixture(autouse=True)
def feed_key(settings):
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "1031933430"
    settings.VIETQR_ACCOUNT_HOLDER = "CONG TY SAN OCOP DEMO"
    settings.VIETQR_PAYMENT_WINDOW_MINUTES = 30


def _cancelled_transfer_order(shop, channel, user):
    """An order placed to be paid by transfer (two producers), cancelled as overdue."""
    from backend.payment import vietqr

    order, item = transfer_order(
        channel, [(shop["tea"].default_variant, 2), (shop["sauce"].default_variant, 1)], user)
    placed_total = order.total
    assert vietqr.cancel_overdue(timezone.now() + timedelta(minutes=31)) == [order.number]
    order.refresh_from_db()
    assert order.status == "canceled"
    return order, item.psp_reference, placed_total


def _allocated(shop) -> int:
    return sum(shop[name].default_variant.stocks.get().quantity_allocated
               for name in ("tea", "sauce"))


def _books_hold(producers) -> None:
    assert (Posting.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
    for producer in producers:
        balances = producer_balances(producer.pk)
        assert (balances.pending, balances.payable) == (0, 0), producer


@pytest.mark.parametrize("share", [1, 2], ids=["full", "half"])
def test_a_transfer_after_the_overdue_cancellation_is_owed_back(client, shop, channel,
                                                                 make_user, share):
    from backend.order import refunds

    owner = make_user("tre.han@example.vn")
    order, reference, placed_total = _cancelled_transfer_order(shop, channel, owner)
    assert _allocated(shop) == 0
    sent = placed_total // share

    answer = post_bank_feed(client, bank_feed_body(reference, sent, bank_id="FT-LATE-1"))
    assert answer.status_code == 200
    assert answer.json()["result"] == "order_canceled"
    assert answer.json()["reference"] == reference
    assert "đã huỷ" in answer.json()["message"] and "hoàn lại" in answer.json()["message"]
    # The feed again: recorded once.
    again = post_bank_feed(client, bank_feed_body(reference, sent, bank_id="FT-LATE-1"))
    assert again.json()["result"] == "already_recorded"

    # The order stays cancelled and is not a sale: stock stays released, no part is paid.
    order.refresh_from_db()
    assert order.status == "canceled"
    assert _allocated(shop) == 0
    assert not OrderSettlement.objects.filter(order=order, paid_at__isnull=False).exists()
    assert [p.paid_at for p in order.producer_orders.all()] == [None, None]

    # The money is on the transaction, flagged for refund in full, with the reason.
    item = TransactionItem.objects.get(psp_reference=reference)
    assert item.charged_value == sent and item.refund_due == sent
    amount_text = f"{sent:,}".replace(",", ".")
    assert "đơn đã huỷ vì quá hạn chuyển khoản: cần hoàn lại" in item.refund_due_reason
    assert amount_text in item.refund_due_reason
    assert TransactionEvent.objects.filter(transaction=item, type="CHARGE_SUCCESS").count() == 1

    # The books: money in the gateway owed back to the shopper; producers owed nothing.
    assert moved(AccountKind.GATEWAY_VIETQR) == sent
    assert moved(AccountKind.REFUNDS_OWED) == -sent
    _books_hold([shop["tea"].producer, shop["sauce"].producer])
    owed = OrderGrantedRefund.objects.get(order=order, kind="overpayment")
    assert (owed.amount, owed.status, owed.producer_order) == (sent, "pending", None)
    assert "quá hạn" in owed.reason

    # The shopper sees the order cancelled and the money coming back.
    client.force_login(owner)
    state = client.get(f"/don-hang/{order.token}/thanh-toan.json").json()
    assert state["state"] == "canceled" and state["isPaid"] is False
    assert "huỷ" in state["display"] and "hoàn lại" in state["display"]
    assert amount_text in state["display"]
    page = client.get(f"/don-hang/{order.token}/").content.decode()
    assert "data-paid-notice hidden" in page  # never "paid, the goods will be sent"
    assert 'data-payment-state="canceled"' in page and "sàn sẽ hoàn lại" in page

    # The operator sends it back: the books close, the page says refunded.
    from django.contrib.auth.models import Permission

    staff = make_user("ketoan.tre@example.vn")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="handle_payments",
                                                      content_type__app_label="permission"))
    refunds.mark_sent(owed, staff)
    assert moved(AccountKind.GATEWAY_VIETQR) == 0
    assert moved(AccountKind.REFUNDS_OWED) == 0
    _books_hold([shop["tea"].producer, shop["sauce"].producer])
    state = client.get(f"/don-hang/{order.token}/thanh-toan.json").json()
    assert state["state"] == "canceled" and state["display"] == "Đã hoàn tiền"


def test_a_cancelled_order_left_unpaid_says_so(client, shop, channel, make_user):
    owner = make_user("huy.khong.tien@example.vn")
    order, _, _ = _cancelled_transfer_order(shop, channel, owner)
    client.force_login(owner)
    state = client.get(f"/don-hang/{order.token}/thanh-toan.json").json()
    assert state["state"] == "canceled" and state["isPaid"] is False
    assert moved(AccountKind.REFUNDS_OWED) == 0
    assert not Order.objects.filter(pk=order.pk, status__in=["unconfirmed", "unfulfilled"])


def test_part_of_a_transfer_received_before_the_order_is_cancelled_is_owed_back(
        client, shop, channel, make_user):
    """The sweep leaves a partly paid order to people; when they (or the shopper) cancel
    it, the part received is owed back too — and so is the rest if it still comes."""
    from django.db import transaction

    from backend.checkout.summary import summarize
    from backend.order import services
    from backend.order.complete import complete_checkout
    from backend.payment import vietqr

    owner = make_user("mot.phan@example.vn")
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)],
                              email=owner.email, user=owner)
    with transaction.atomic():
        item, _, _ = vietqr.initialize(checkout, summarize(checkout).total, owner)
    order = complete_checkout(checkout, owner)
    total = order.total
    part = post_bank_feed(client, bank_feed_body(item.psp_reference, 100000, bank_id="FT-P1"))
    assert part.json()["result"] == "partial"
    assert vietqr.cancel_overdue(timezone.now() + timedelta(minutes=31)) == []  # left to people

    services.cancel(order.producer_orders.get(), owner, "Tôi đổi ý", by_shopper=True)
    item.refresh_from_db()
    assert (item.charged_value, item.refund_due) == (100000, 100000)
    assert "đã huỷ khi mới nhận một phần tiền: cần hoàn lại 100.000" in item.refund_due_reason
    assert moved(AccountKind.REFUNDS_OWED) == -100000
    _books_hold([shop["tea"].producer])

    rest = post_bank_feed(client, bank_feed_body(item.psp_reference, total - 100000,
                                                 bank_id="FT-P2"))
    assert rest.json()["result"] == "order_canceled"
    item.refresh_from_db()
    assert (item.charged_value, item.refund_due) == (total, total)
    assert moved(AccountKind.REFUNDS_OWED) == -total
    assert sorted(OrderGrantedRefund.objects.filter(order=order, kind="overpayment")
                  .values_list("amount", flat=True)) == sorted([100000, total - 100000])
    assert not OrderSettlement.objects.filter(order=order, paid_at__isnull=False).exists()
    client.force_login(owner)
    state = client.get(f"/don-hang/{order.token}/thanh-toan.json").json()
    assert state["state"] == "canceled"
    assert f"{total:,}".replace(",", ".") in state["display"]
