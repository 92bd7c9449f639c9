"""Helpers of the payment suite: a checkout ready to pay (address and delivery chosen),
the GraphQL documents it is paid with, and signed bank-feed notifications."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from graphql_relay import to_global_id

from backend.payment.gateways.vietqr.bankfeed import VIETNAM_TIME, sign_bank_feed_data
from tests.checkout.conftest import ADDRESS
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY, transfer_data

VIETQR = "vn.ocop.vietqr"


def ready_checkout(channel, lines, *, email="khach@example.vn", user=None):
    """A checkout with its lines, a shipping address and every package's delivery set."""
    from backend.checkout import services
    from backend.checkout.summary import summarize

    checkout = services.create_checkout(
        channel, email=email, user=user,
        lines=[(variant.pk, quantity) for variant, quantity in lines])
    services.set_address(checkout, ADDRESS, "shipping")
    method = summarize(checkout).shared_methods()[0][1][0].method
    services.set_delivery_method(checkout, method.pk)
    return checkout


def transfer_order(channel, lines, user):
    """``user``'s order placed to be paid by VietQR transfer (unpaid, stock allocated):
    (order, transaction item)."""
    from django.db import transaction

    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import vietqr

    checkout = ready_checkout(channel, lines, email=user.email, user=user)
    with transaction.atomic():
        item, _, _ = vietqr.initialize(checkout, summarize(checkout).total, user)
    return complete_checkout(checkout, user), item


def checkout_id(checkout) -> str:
    return to_global_id("Checkout", str(checkout.pk))


INITIALIZE = """
mutation transactionInitialize($checkoutId: ID!, $paymentGateway: PaymentGatewayToInitialize!,
                                $amount: PositiveDecimal) {
  transactionInitialize(id: $checkoutId, paymentGateway: $paymentGateway, amount: $amount) {
    transaction { id pspReference actions chargedAmount { amount } name }
    transactionEvent { type message amount { amount } }
    data
    errors { field code message }
  }
}"""

COMPLETE = """
mutation checkoutComplete($checkoutId: ID!) {
  checkoutComplete(id: $checkoutId) {
    order { id number chargeStatus authorizeStatus isPaid status
            total { gross { amount } } totalCharged { amount } totalBalance { amount } }
    errors { field code message }
  }
}"""

ORDER_STATUS = """
query orderPayment($id: ID!) {
  order(id: $id) {
    number status chargeStatus authorizeStatus isPaid
    totalCharged { amount } totalBalance { amount } totalRefunded { amount }
    transactions { pspReference chargedAmount { amount } events { type amount { amount } } }
    producerOrders { number isPaid }
  }
}"""


def now_in_vietnam() -> datetime:
    return datetime.now(VIETNAM_TIME).replace(microsecond=0)


def bank_feed_body(reference: str, amount: int, *, bank_id: str = "FT26333000000001",
                   account: str = "1031933430", key: str = CHECKSUM_KEY,
                   when: datetime | None = None, description: str | None = None) -> bytes:
    """A payOS-style notification of ``amount`` đồng with ``reference`` in its description,
    signed with ``key`` (HMAC-SHA256 over the sorted data fields)."""
    when = when or now_in_vietnam() - timedelta(minutes=1)
    data = transfer_data(
        amount=amount, reference=bank_id, accountNumber=account,
        description=description if description is not None
        else f"CT DEN:0123 {reference} thanh toan don hang",
        transactionDateTime=when.strftime("%Y-%m-%d %H:%M:%S"))
    document = {"code": "00", "desc": "success", "success": True, "data": data,
                "signature": sign_bank_feed_data(data, key)}
    return json.dumps(document, ensure_ascii=False).encode()


def post_bank_feed(client, body: bytes):
    return client.post("/webhooks/bank-feed/", body, content_type="application/json")
