"""The refund API as an operator's dashboard uses it: Saleor's orderGrantRefundCreate →
orderGrantRefundUpdate → transactionRequestRefundForGrantedRefund, then the bank transfer
marked sent; the order shows its granted refunds, what was refunded and why."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from backend.account.jwt_tokens import create_access_token
from backend.ledger.models import CommissionRule
from backend.order import ledger as books
from backend.order import services as orders
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
ERR = "errors { field code message }"
GRANT = """mutation($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) { ERR
    grantedRefund { id status amount { amount } reason shippingCostsIncluded
                    lines { quantity orderLine { productName } } } } }""".replace("ERR", ERR)
UPDATE = """mutation($id: ID!, $input: OrderGrantRefundUpdateInput!) {
  orderGrantRefundUpdate(id: $id, input: $input) { ERR grantedRefund { amount { amount }
  reason } } }""".replace("ERR", ERR)
REQUEST = """mutation($id: ID!) { transactionRequestRefundForGrantedRefund(grantedRefundId: $id)
  { ERR transaction { refundedAmount { amount } } grantedRefund { status statusDisplay } } }
""".replace("ERR", ERR)
SENT = """mutation($id: ID!) { orderGrantedRefundMarkSent(id: $id, pspReference: "CK-1") {
  ERR grantedRefund { status sentAt } } }""".replace("ERR", ERR)
ORDER = """query($id: ID!) { order(id: $id) { totalRefunded { amount }
  totalGrantedRefund { amount } totalRefundPending { amount } paymentStatus isPaid
  grantedRefunds { reason kindDisplay status amount { amount } producerOrderNumber }
  events { type } } }"""


def gql(token, query, variables):
    return Client().post("/graphql/", json.dumps({"query": query, "variables": variables}),
                         content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}").json()


def test_operator_grants_updates_requests_and_marks_a_refund_sent(shop, buy, settings,
                                                                  django_user_model):
    settings.LEDGER_COMMISSION_VAT_BPS = 1000
    CommissionRule.objects.create(rate_bps=1000, valid_from=datetime.date(2020, 1, 1))
    order = buy([(shop["tea"].default_variant, 2)])
    item = order.transactions.get()
    item.gateway, item.charged_value, item.authorized_value = "vn.ocop.vietqr", order.total, 0
    item.save()
    books.order_paid(order, "vietqr", "FT9")
    po = order.producer_orders.get()
    orders.confirm(po, None)
    orders.ship(po, None, "GHN", "G1")
    orders.mark_delivered(po, None)
    token = create_access_token(django_user_model.objects.create_superuser("op@san.vn", "x"))
    from backend.graphql.core.ids import to_id

    order_id, line_id = to_id("Order", order.token), to_id("OrderLine", po.lines.get().token)
    body = gql(token, GRANT, {"id": order_id, "input": {
        "reason": "Một gói bị ẩm", "transactionId": "x", "grantRefundForShipping": True,
        "lines": [{"id": line_id, "quantity": 1}]}})
    payload = body["data"]["orderGrantRefundCreate"]
    assert payload["errors"] == [] and not body.get("errors"), body
    grant = payload["grantedRefund"]
    assert grant["status"] == "NONE" and grant["shippingCostsIncluded"] is True
    assert grant["amount"]["amount"] == 120_000 + po.placed_shipping_price
    body = gql(token, UPDATE, {"id": grant["id"], "input": {
        "amount": "50000", "grantRefundForShipping": False}})
    assert body["data"]["orderGrantRefundUpdate"]["grantedRefund"]["amount"]["amount"] == 50_000
    body = gql(token, UPDATE, {"id": grant["id"], "input": {"amount": "-3"}})
    assert body["data"]["orderGrantRefundUpdate"]["errors"][0]["field"] == "amount"
    body = gql(token, REQUEST, {"id": grant["id"]})
    payload = body["data"]["transactionRequestRefundForGrantedRefund"]
    assert payload["errors"] == [] and payload["grantedRefund"]["status"] == "PENDING"
    assert payload["grantedRefund"]["statusDisplay"] == "Chờ chuyển tiền"
    body = gql(token, UPDATE, {"id": grant["id"], "input": {"reason": "khác"}})
    assert "không sửa được" in body["data"]["orderGrantRefundUpdate"]["errors"][0]["message"]
    view = gql(token, ORDER, {"id": order_id})["data"]["order"]
    assert view["totalRefundPending"]["amount"] == 50_000 and view["totalRefunded"]["amount"] == 0
    body = gql(token, SENT, {"id": grant["id"]})
    assert body["data"]["orderGrantedRefundMarkSent"]["grantedRefund"]["status"] == "SUCCESS"
    view = gql(token, ORDER, {"id": order_id})["data"]["order"]
    assert view["totalRefunded"]["amount"] == 50_000
    assert view["paymentStatus"] == "PARTIALLY_REFUNDED" and view["isPaid"] is True
    assert view["grantedRefunds"] == [{
        "reason": "Một gói bị ẩm", "kindDisplay": "Hoàn tiền", "status": "SUCCESS",
        "amount": {"amount": 50_000}, "producerOrderNumber": po.number}]
    types = [e["type"] for e in view["events"]]
    assert "REFUND_GRANTED" in types or "refund_granted" in str(types).lower()


def test_staff_without_handle_payments_cannot_send_refunds(shop, buy, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("nv@san.vn", "x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="manage_orders"))
    body = gql(create_access_token(staff), REQUEST, {"id": "T3JkZXJHcmFudGVkUmVmdW5kOjE="})
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
