"""The books wired to real orders: rates frozen at placement, payments, delivery, the
return window, cancellations and refunds (the operator's and a producer's own), card
refunds through localstripe, refunds owed and marked sent."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.ledger.journal import AccountRef, balance, producer_balances
from backend.ledger.models import AccountKind, CommissionRule, JournalEntry
from backend.order import ledger as books
from backend.order import refunds
from backend.order import services as orders
from backend.order.models import GrantedRefundStatus, OrderGrantedRefund, ProducerOrderStatus
from backend.payment.models import TransactionItem
from backend.sellers.models import ProducerMembership
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)
from tests.payment.gateways.conftest import localstripe, stripe_settings, wire  # noqa: F401
from tests.payment.gateways.stripe_support import PAYS
from tests.payment.gateways.test_stripe_payments import pay as stripe_pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(settings):
    settings.LEDGER_COMMISSION_VAT_BPS = 1000
    return CommissionRule.objects.create(rate_bps=1000, valid_from=datetime.date(2020, 1, 1))


def charge(order, method: str, psp_reference: str = "") -> TransactionItem:
    """What the payment helper records when a card or VietQR payment covers the order."""
    item = order.transactions.get()
    item.gateway = books.GATEWAY_IDS[books.method_of_gateway(method)]
    item.charged_value, item.authorized_value = order.total, 0
    item.psp_reference = psp_reference or f"{method}-{order.number}"
    item.save()
    books.order_paid(order, method, f"{method}:{order.number}")
    return item


def deliver(po, user=None):
    orders.confirm(po, user)
    orders.ship(po, user, "GHN", "GHN1")
    return orders.mark_delivered(po, user)


def owner_of(producer, make_user, role="owner"):
    user = make_user()
    ProducerMembership.objects.create(user=user, producer=producer, role=role)
    return user


def test_placing_freezes_the_commission_rate_and_vat(shop, buy, rules, settings):
    order = buy([(shop["tea"].default_variant, 2)])
    line = order.lines.get()
    assert (line.commission_bps, order.vat_bps) == (1000, 1000)
    rules.rate_bps = 2500
    rules.save()
    settings.LEDGER_COMMISSION_VAT_BPS = 800
    order.refresh_from_db()
    assert order.lines.get().commission_bps == 1000 and order.vat_bps == 1000
    assert order.producer_orders.get().placed_shipping_price == order.shipping_price


def test_card_payment_delivery_and_release_move_the_producers_money(shop, buy, rules):
    order = buy([(shop["tea"].default_variant, 2)])  # 240.000 ₫ + shipping
    po = order.producer_orders.get()
    charge(order, "card")
    charge(order, "card")  # a retried webhook posts nothing new
    assert JournalEntry.objects.filter(kind="order_paid").count() == 1
    assert balance(AccountRef(AccountKind.GATEWAY_STRIPE)) == order.total
    assert producer_balances(po.producer_id).total == 0  # not delivered yet
    deliver(po)
    po.refresh_from_db()
    commission = 24_000  # 10 % of the goods (shipping is the producer's, no commission)
    expected = po.total - commission - 2_400
    assert producer_balances(po.producer_id) == producer_balances(po.producer_id).__class__(
        pending=expected, payable=0)
    assert books.release_due() == 0  # inside the return window
    po.delivered_at = timezone.now() - datetime.timedelta(days=8)
    po.save(update_fields=["delivered_at"])
    call_command("release_earnings")
    call_command("release_earnings")  # twice: released once
    assert producer_balances(po.producer_id).payable == expected
    assert producer_balances(po.producer_id).pending == 0
    assert JournalEntry.objects.filter(kind="earnings_released").count() == 1


def test_cod_delivery_posts_the_cash_the_producer_kept(shop, buy, rules):
    order = buy([(shop["sauce"].default_variant, 1)])
    po = order.producer_orders.get()
    deliver(po)
    # The producer kept 85.000 ₫ + shipping in cash: it owes the commission and its VAT.
    assert producer_balances(po.producer_id).total == -(8_500 + 850)
    assert balance(AccountRef(AccountKind.GATEWAY_COD)) == 0


def test_cancelling_before_payment_lowers_what_the_payment_posts(shop, buy, rules):
    order = buy([(shop["tea"].default_variant, 3)])
    po = order.producer_orders.get()
    orders.cancel_lines(po, None, {po.lines.get().pk: 1}, "Khách đổi ý", by_shopper=True)
    order.refresh_from_db()
    charge(order, "vietqr")
    assert balance(AccountRef(AccountKind.GATEWAY_VIETQR)) == order.total
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == 0


def test_cancelling_a_paid_vietqr_order_owes_the_shopper_until_the_transfer_is_marked(
        shop, buy, rules, make_user):
    order = buy([(shop["tea"].default_variant, 1), (shop["sauce"].default_variant, 1)])
    item = charge(order, "vietqr")
    sauce = order.producer_orders.get(producer=shop["b"])
    orders.cancel(sauce, None, "Khách đổi ý", by_shopper=True)
    grant = OrderGrantedRefund.objects.get(producer_order=sauce)
    assert grant.kind == "cancellation" and grant.status == GrantedRefundStatus.PENDING
    assert grant.amount == sauce.total + 0 or grant.amount == 85_000 + sauce.placed_shipping_price
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == -grant.amount
    operator = make_user(is_staff=True, is_superuser=True)
    with pytest.raises(refunds.RefundError):
        refunds.mark_sent(grant, owner_of(shop["b"], make_user))  # only operators
    refunds.mark_sent(grant, operator)
    refunds.mark_sent(grant, operator)  # twice: once
    grant.refresh_from_db()
    item.refresh_from_db()
    assert grant.status == GrantedRefundStatus.SUCCESS
    assert item.refunded_value == grant.amount
    assert list(item.events.filter(type__startswith="REFUND").values_list("type", flat=True)
                ) == ["REFUND_REQUEST", "REFUND_SUCCESS"]
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == 0
    assert refunds.total_refunded(order) == grant.amount
    assert order.events.filter(type="refunded").exists()


def test_a_producer_refunds_part_of_its_own_delivered_line(shop, buy, rules, make_user):
    order = buy([(shop["tea"].default_variant, 2)])
    charge(order, "vietqr")
    po = order.producer_orders.get()
    deliver(po)
    before = producer_balances(po.producer_id).total
    owner = owner_of(shop["a"], make_user)
    line = po.lines.get()
    refund = refunds.producer_refund(po, owner, [refunds.LineRequest(line.pk, 1)],
                                     reason="Một gói bị rách", amount=60_000)
    assert refund.amount == 60_000 and refund.status == GrantedRefundStatus.PENDING
    # The producer gives back 60.000 ₫ and gets back the commission on it (+ VAT).
    assert producer_balances(po.producer_id).total == before - 60_000 + 6_000 + 600
    # The rest of what was paid for the line, and not a đồng more.
    with pytest.raises(refunds.RefundError) as too_much:
        refunds.producer_refund(po, owner, [refunds.LineRequest(line.pk, 1)],
                                reason="Thêm", amount=120_001)
    assert too_much.value.field == "amount"
    with pytest.raises(refunds.RefundError) as no_reason:
        refunds.producer_refund(po, owner, [refunds.LineRequest(line.pk, 1)], reason=" ")
    assert no_reason.value.field == "reason"
    packer = owner_of(shop["a"], make_user, role="packer")
    with pytest.raises(refunds.RefundError):
        refunds.producer_refund(po, packer, [refunds.LineRequest(line.pk, 1)], reason="x")
    stranger = owner_of(shop["b"], make_user)
    with pytest.raises(refunds.RefundError):
        refunds.producer_refund(po, stranger, [refunds.LineRequest(line.pk, 1)], reason="x")
    assert OrderGrantedRefund.objects.count() == 1


def test_a_refunded_line_in_pieces_gives_back_exactly_what_was_paid(shop, buy, rules,
                                                                     make_user):
    order = buy([(shop["tea"].default_variant, 3)])
    charge(order, "vietqr")
    po = order.producer_orders.get()
    deliver(po)
    operator = make_user(is_staff=True, is_superuser=True)
    line = po.lines.get()
    amounts = []
    for units, piece in ((1, 100_001), (1, 100_001), (3, None)):
        r = refunds.grant(po, operator, [refunds.LineRequest(line.pk, units)],
                          reason="Hàng lỗi", amount=piece)
        amounts.append(refunds.request(r, operator).amount)
    assert sum(amounts) == 360_000
    with pytest.raises(refunds.RefundError):
        refunds.grant(po, operator, [refunds.LineRequest(line.pk, 1)], reason="Nữa")
    # Everything given back but the shipping: the producer keeps shipping less nothing.
    assert producer_balances(po.producer_id).total == po.placed_shipping_price


def test_a_return_of_everything_marks_the_parcel_returned(shop, buy, rules, make_user):
    order = buy([(shop["sauce"].default_variant, 2)])
    po = order.producer_orders.get()
    deliver(po)  # COD
    owner = owner_of(shop["b"], make_user)
    refund = refunds.producer_refund(po, owner, [refunds.LineRequest(po.lines.get().pk, 2)],
                                     reason="Khách trả hàng", is_return=True, shipping=True)
    po.refresh_from_db()
    assert po.status == ProducerOrderStatus.RETURNED
    assert refund.amount == po.total  # the marketplace sends it back by bank transfer
    # The producer kept the cash: all of it is taken back from its balance, less nothing.
    assert producer_balances(po.producer_id).total == -po.total


def test_a_card_refund_goes_through_stripe_once(shop, buy, rules, make_user, settings,
                                               stripe_settings, wire):
    settings.STRIPE_SECRET_KEY = stripe_settings.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = stripe_settings.publishable_key
    settings.STRIPE_API_BASE = stripe_settings.api_base
    order = buy([(shop["tea"].default_variant, 2)])
    created, paid = stripe_pay(stripe_settings, order.total, PAYS, key=f"order-{order.number}")
    item = charge(order, "card", psp_reference=created.intent_id)
    po = order.producer_orders.get()
    deliver(po)
    operator = make_user(is_staff=True, is_superuser=True)
    grant = refunds.grant(po, operator, [refunds.LineRequest(po.lines.get().pk, 1)],
                          reason="Hàng lỗi")
    grant = refunds.request(grant, operator)
    refunds.request(grant, operator)  # a double click
    grant.refresh_from_db()
    item.refresh_from_db()
    assert grant.status == GrantedRefundStatus.SUCCESS and grant.psp_reference.startswith("re_")
    assert item.refunded_value == 120_000
    posts = [e for e in wire.posts() if e.path == "/v1/refunds"]
    assert len(posts) == 1
    assert posts[0].headers.get("Idempotency-Key") == f"refund:{grant.token}"
    assert posts[0].form["amount"] == ["120000"]
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == 0
    assert balance(AccountRef(AccountKind.GATEWAY_STRIPE)) == order.total - 120_000


def test_a_card_refund_without_the_gateway_stays_owed_and_can_be_sent_by_bank(
        shop, buy, rules, make_user):
    order = buy([(shop["tea"].default_variant, 1)])
    charge(order, "card")
    po = order.producer_orders.get()
    deliver(po)
    operator = make_user(is_staff=True, is_superuser=True)
    grant = refunds.request(refunds.grant(po, operator, [refunds.LineRequest(
        po.lines.get().pk, 1)], reason="Hàng lỗi"), operator)
    assert grant.status == GrantedRefundStatus.FAILURE and "chuyển khoản" in grant.message
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == -grant.amount
    refunds.mark_sent(grant, operator, psp_reference="CK-123")
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == 0


def test_overpayment_is_owed_back_once(shop, buy, rules, make_user):
    order = buy([(shop["tea"].default_variant, 1)])
    charge(order, "vietqr")
    books.overpayment_received(order, 5_000, "vietqr", "FT123")
    books.overpayment_received(order, 5_000, "vietqr", "FT123")
    grant = OrderGrantedRefund.objects.get(kind="overpayment")
    assert balance(AccountRef(AccountKind.GATEWAY_VIETQR)) == order.total + 5_000
    refunds.mark_sent(grant, make_user(is_staff=True, is_superuser=True))
    assert balance(AccountRef(AccountKind.GATEWAY_VIETQR)) == order.total
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == 0
