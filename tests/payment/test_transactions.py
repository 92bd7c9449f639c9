"""The transactions service: amounts follow events, Saleor's statuses, the order paid
once and an overpayment reported once and flagged for refund."""

from __future__ import annotations

import pytest

from backend.payment import transactions as tx
from backend.payment.models import TransactionItem, WebhookEventClaim

S, A = tx.ChargeStatus, tx.AuthorizeStatus


def test_statuses_follow_saleors_rules():
    assert tx.checkout_charge_status(100, 0) == S.NONE
    assert tx.checkout_charge_status(0, 0, has_lines=True) == S.FULL
    assert tx.checkout_charge_status(0, 0, has_lines=False) == S.NONE
    assert tx.checkout_charge_status(100, 40) == S.PARTIAL
    assert tx.checkout_charge_status(100, 100) == S.FULL
    assert tx.checkout_charge_status(100, 101) == S.OVERCHARGED
    assert tx.checkout_authorize_status(100, 0, 0) == A.NONE
    assert tx.checkout_authorize_status(100, 60, 40) == A.FULL
    assert tx.checkout_authorize_status(100, 30, 0) == A.PARTIAL
    assert tx.order_charge_status(0, 0) == S.FULL
    assert tx.order_charge_status(100, 0) == S.NONE
    assert tx.order_charge_status(100, 99) == S.PARTIAL
    assert tx.order_charge_status(100, 100) == S.FULL
    assert tx.order_charge_status(100, 150) == S.OVERCHARGED
    assert tx.order_authorize_status(0, 0, 0) == A.FULL
    assert tx.order_authorize_status(100, 0, 0) == A.NONE
    assert tx.order_authorize_status(100, 50, 0) == A.PARTIAL
    assert tx.order_authorize_status(100, 50, 50) == A.FULL


@pytest.mark.django_db
def test_amounts_follow_events(shop, buy):
    order = buy([(shop["tea"].default_variant, 1)])
    item = TransactionItem.objects.create(order=order, gateway="vn.ocop.test", name="Thử")
    tx.record_event(item, "AUTHORIZATION_SUCCESS", 1000)
    tx.record_event(item, "CHARGE_SUCCESS", 600)
    tx.record_event(item, "CANCEL_SUCCESS", 400)
    tx.record_event(item, "REFUND_SUCCESS", 100)
    tx.record_event(item, "CHARGE_FAILURE", 999, message="thẻ bị từ chối")
    item.refresh_from_db()
    assert (item.authorized_value, item.charged_value, item.canceled_value,
            item.refunded_value) == (0, 500, 400, 100)
    assert item.available_actions == ["REFUND"]
    assert [e.type for e in item.events.all()] == [
        "AUTHORIZATION_SUCCESS", "CHARGE_SUCCESS", "CANCEL_SUCCESS", "REFUND_SUCCESS",
        "CHARGE_FAILURE"]
    with pytest.raises(ValueError):
        tx.record_event(item, "CHARGE_SUCCESS", -1)
    with pytest.raises(ValueError):
        tx.record_event(item, "NOT_A_TYPE", 1)


@pytest.mark.django_db
def test_order_paid_once_and_overpayment_flagged(shop, buy, books):
    order = buy([(shop["tea"].default_variant, 1)])
    item = TransactionItem.objects.create(order=order, gateway="vn.ocop.vietqr", name="QR")
    first = tx.record_event(item, "CHARGE_SUCCESS", order.total - 1000)
    assert not first.order_became_paid and books == []
    assert tx.order_charge_status(order.total, first.item.charged_value) == S.PARTIAL
    second = tx.record_event(item, "CHARGE_SUCCESS", 1000)
    assert second.order_became_paid
    assert books == [("order_paid", order.pk, "vn.ocop.vietqr", f"order-paid:{order.pk}")]
    third = tx.record_event(item, "CHARGE_SUCCESS", 5000)
    assert not third.order_became_paid and third.overpaid == 5000
    assert books[1][:4] == ("overpayment_received", order.pk, 5000, "vn.ocop.vietqr")
    item.refresh_from_db()
    assert item.refund_due == 5000 and "5.000" in item.refund_due_reason
    assert tx.order_is_paid(order)
    assert len(books) == 2


@pytest.mark.django_db
def test_cod_collection_never_posts_order_paid(shop, buy, books):
    from backend.order import services

    order = buy([(shop["tea"].default_variant, 1)])
    po = order.producer_orders.get()
    services.confirm(po, None)
    services.ship(po, None, "GHN", "GHN123")
    services.mark_delivered(po, None)
    assert order.transactions.get().charged_value == order.total
    assert books == []  # COD is posted at delivery by the order services


@pytest.mark.django_db
def test_replay_guard_claims_once():
    assert tx.replay_guard.claim("bankfeed", "FT1")
    assert not tx.replay_guard.claim("bankfeed", "FT1")
    assert tx.replay_guard.claim("stripe", "FT1")
    # Only this test's claims: a browser test's live server commits its own.
    assert WebhookEventClaim.objects.filter(event_id="FT1").count() == 2
