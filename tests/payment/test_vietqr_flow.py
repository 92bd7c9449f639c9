"""VietQR end to end: transactionInitialize gives the QR and transfer details; the order
is placed unpaid with its stock allocated; the signed bank feed charges it once, in
whichever order transfer and completion come; under/overpayment; the payment window."""

from __future__ import annotations

import pytest

from backend.payment.gateways.vietqr import is_payment_reference
from backend.payment.models import TransactionEvent, TransactionItem
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.gateways.emvco_decoder import decode

from .support import (
    COMPLETE,
    INITIALIZE,
    ORDER_STATUS,
    VIETQR,
    bank_feed_body,
    checkout_id,
    post_bank_feed,
    ready_checkout,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def feed_key(settings):
    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "1031933430"
    settings.VIETQR_ACCOUNT_HOLDER = "CONG TY SAN OCOP DEMO"


def _start(api, checkout):
    answer = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                              "paymentGateway": {"id": VIETQR}})["data"]["transactionInitialize"]
    assert answer["errors"] == [], answer
    return answer


def _order_id(order_number):
    from graphql_relay import to_global_id

    from backend.order.models import Order

    return to_global_id("Order", str(Order.objects.get(pk=Order.pk_from_number(order_number)).token))


def test_initialize_gives_qr_and_transfer_details(api, channel, shop):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1),
                                        (shop["sauce"].default_variant, 2)])
    answer = _start(api, checkout)
    reference = answer["transaction"]["pspReference"]
    assert is_payment_reference(reference)
    assert answer["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    data = answer["data"]
    from backend.checkout.summary import summarize

    total = summarize(checkout).total
    assert answer["transactionEvent"]["amount"]["amount"] == total
    assert data["transfer"]["amount"] == total and data["transfer"]["description"] == reference
    assert data["transfer"]["accountNumber"] == "1031933430"
    assert data["vietqr"]["svg"].startswith("<svg")
    decoded = decode(data["vietqr"]["payload"])
    assert decoded["38"]["01"] == {"00": "970436", "01": "1031933430"}
    assert (decoded["54"], decoded["62"]["08"]) == (str(total), reference)
    # Coming back keeps the reference (the shopper may already have typed it).
    again = _start(api, checkout)
    assert again["transaction"]["pspReference"] == reference
    assert TransactionItem.objects.filter(gateway=VIETQR).count() == 1


def test_paid_after_completion_once_however_often_the_feed_calls(api, client, channel, shop,
                                                                 books):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 2)])
    reference = _start(api, checkout)["transaction"]["pspReference"]
    answer = api(COMPLETE, {"checkoutId": checkout_id(checkout)})
    placed = answer["data"]["checkoutComplete"]
    assert placed["errors"] == [] and placed["order"], answer
    order = placed["order"]
    assert (order["chargeStatus"], order["isPaid"], order["status"]) == ("NONE", False,
                                                                          "UNCONFIRMED")
    shop["tea"].default_variant.stocks.get().refresh_from_db()
    assert shop["tea"].default_variant.stocks.get().quantity_allocated == 2
    total = int(order["total"]["gross"]["amount"])
    body = bank_feed_body(reference, total)
    for _ in range(3):
        response = post_bank_feed(client, body)
        assert response.status_code == 200
    assert response.json()["result"] == "already_recorded"
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert (status["chargeStatus"], status["isPaid"]) == ("FULL", True)
    assert status["totalCharged"]["amount"] == total
    assert [e["type"] for e in status["transactions"][0]["events"]].count("CHARGE_SUCCESS") == 1
    assert [c[0] for c in books] == ["order_paid"]


def test_paid_before_completion(api, client, channel, shop, books):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1),
                                        (shop["sauce"].default_variant, 1)])
    started = _start(api, checkout)
    total = started["data"]["transfer"]["amount"]
    assert post_bank_feed(client, bank_feed_body(started["transaction"]["pspReference"],
                                                 total)).json()["result"] == "charged"
    from backend.graphql.checkout.types import Checkout  # noqa: F401 (schema loaded)

    cart = api("query($id: ID!) { checkout(id: $id) { chargeStatus authorizeStatus } }",
               {"id": checkout_id(checkout)})["data"]["checkout"]
    assert cart == {"chargeStatus": "FULL", "authorizeStatus": "FULL"}
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    assert (order["chargeStatus"], order["isPaid"]) == ("FULL", True)
    assert [c[0] for c in books] == ["order_paid"]
    parts = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]["producerOrders"]
    assert [p["isPaid"] for p in parts] == [True, True]  # both producers' parts


def test_underpayment_then_the_rest(api, client, channel, shop, books):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    reference = _start(api, checkout)["transaction"]["pspReference"]
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    total = int(order["total"]["gross"]["amount"])
    first = post_bank_feed(client, bank_feed_body(reference, 100000, bank_id="FT1"))
    assert first.json()["result"] == "partial"
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert (status["chargeStatus"], status["isPaid"]) == ("PARTIAL", False)
    assert [p["isPaid"] for p in status["producerOrders"]] == [False]
    assert status["totalBalance"]["amount"] == 100000 - total
    assert books == []
    rest = post_bank_feed(client, bank_feed_body(reference, total - 100000, bank_id="FT2"))
    assert rest.json()["result"] == "charged"
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert (status["chargeStatus"], status["isPaid"]) == ("FULL", True)
    assert [c[0] for c in books] == ["order_paid"]


def test_overpayment_is_charged_and_flagged(api, client, channel, shop, books):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    reference = _start(api, checkout)["transaction"]["pspReference"]
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    total = int(order["total"]["gross"]["amount"])
    answer = post_bank_feed(client, bank_feed_body(reference, total + 50000))
    assert answer.json()["result"] == "overpaid"
    status = api(ORDER_STATUS, {"id": order["id"]})["data"]["order"]
    assert (status["chargeStatus"], status["isPaid"]) == ("OVERCHARGED", True)
    item = TransactionItem.objects.get(psp_reference=reference)
    assert item.refund_due == 50000 and "50.000" in item.refund_due_reason
    assert [c[0] for c in books] == ["order_paid", "overpayment_received"]
    assert books[1][2] == 50000


def test_unknown_reference_and_other_account_change_nothing(api, client, channel, shop):
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    reference = _start(api, checkout)["transaction"]["pspReference"]
    before = (TransactionEvent.objects.count(), TransactionItem.objects.count())
    unknown = post_bank_feed(client, bank_feed_body("OCOP000000", 100000))
    assert unknown.status_code == 200 and unknown.json()["result"] == "unknown_reference"
    other = post_bank_feed(client, bank_feed_body(reference, 100000, account="999999999"))
    assert other.status_code == 200 and other.json()["result"] == "wrong_account"
    assert (TransactionEvent.objects.count(), TransactionItem.objects.count()) == before


def test_overdue_transfer_is_cancelled_and_stock_released(api, channel, shop, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from backend.order.models import Order
    from backend.payment.vietqr import cancel_overdue

    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 3)])
    _start(api, checkout)
    number = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]["number"]
    stock = shop["tea"].default_variant.stocks.get()
    stock.refresh_from_db()
    assert stock.quantity_allocated == 3
    settings.VIETQR_PAYMENT_WINDOW_MINUTES = 30
    assert cancel_overdue() == []  # still inside the window
    assert cancel_overdue(timezone.now() + timedelta(minutes=31)) == [number]
    order = Order.objects.get(pk=Order.pk_from_number(number))
    assert order.status == "canceled"
    stock.refresh_from_db()
    assert stock.quantity_allocated == 0
    call_command("cancel_overdue_transfers")  # nothing left; says so


def test_switching_to_cod_leaves_no_transfer_to_wait_for(api, channel, shop, settings):
    from datetime import timedelta

    from django.utils import timezone

    from backend.order.models import Order
    from backend.payment.vietqr import cancel_overdue

    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    _start(api, checkout)
    cod = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                           "paymentGateway": {"id": "vn.ocop.cod"}})["data"]
    assert cod["transactionInitialize"]["errors"] == []
    order = api(COMPLETE, {"checkoutId": checkout_id(checkout)})["data"]["checkoutComplete"][
        "order"]
    placed = Order.objects.get(pk=Order.pk_from_number(order["number"]))
    assert [t.gateway for t in placed.transactions.all()] == ["vn.ocop.cod"]
    settings.VIETQR_PAYMENT_WINDOW_MINUTES = 1
    assert cancel_overdue(timezone.now() + timedelta(days=2)) == []
    placed.refresh_from_db()
    assert placed.status != "canceled"
