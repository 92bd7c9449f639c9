"""Every order, producer-order and checkout door, tried by everyone who must be refused.

Actors: anonymous, another shopper, each role (owner, manager, packer) of producer A,
and operator staff without MANAGE_ORDERS. Targets: producer B's part of a shopper's
purchase, that purchase, and the shopper's open checkout. Each attempt must end in a
permission error and leave every row count as it was. Self-contained (the sellers'
matrix harness is joined later by the lead).
"""

from __future__ import annotations

import pytest
from graphql_relay import to_global_id

from tests.account.conftest import api, make_user, sign_in  # noqa: F401 (fixtures)
from tests.checkout.conftest import ADDRESS, buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "other shopper", "A owner", "A manager", "A packer", "operator"]


def _counts() -> dict[str, int]:
    from backend.checkout.models import Checkout, CheckoutLine
    from backend.order.models import Fulfillment, Order, OrderEvent, OrderLine, ProducerOrder
    from backend.payment.models import TransactionEvent, TransactionItem
    from backend.warehouse.models import Allocation, Reservation, Stock

    counts = {model.__name__: model.objects.count() for model in (
        Checkout, CheckoutLine, Order, OrderLine, ProducerOrder, Fulfillment, OrderEvent,
        TransactionItem, TransactionEvent, Allocation, Reservation)}
    counts["statuses"] = hash(tuple(ProducerOrder.objects.order_by("pk")
                                    .values_list("status", "total", "charged")))
    counts["stock"] = hash(tuple(Stock.objects.order_by("pk")
                                 .values_list("quantity", "quantity_allocated")))
    counts["checkout"] = hash(tuple(Checkout.objects.order_by("pk").values_list(
        "email", "voucher_code", "shipping_address_id", "user_id")))
    return counts


@pytest.fixture
def world(shop, buy, make_user, sign_in, channel):
    from django.contrib.auth.models import Permission

    from backend.checkout import services
    from backend.sellers.models import ProducerMembership

    buyer = make_user("nguoi-mua@example.vn")
    order = buy([(shop["tea"].default_variant, 1), (shop["sauce"].default_variant, 1)],
                email=buyer.email, user=buyer)
    part_b = order.producer_orders.get(producer=shop["b"])
    line_b = part_b.lines.get()
    open_checkout = services.create_checkout(channel, user=buyer,
                                             lines=[(shop["tea"].default_variant.pk, 1)])
    from backend.payment import cod

    promise, _ = cod.initialize(open_checkout, 120000)
    tokens = {"anonymous": None}
    make_user("khac@example.vn")
    tokens["other shopper"] = sign_in("khac@example.vn")["token"]
    for role in ("owner", "manager", "packer"):
        member = make_user(f"a-{role}@example.vn")
        ProducerMembership.objects.create(user=member, producer=shop["a"], role=role)
        tokens[f"A {role}"] = sign_in(member.email)["token"]
    operator = make_user("van-hanh@example.vn", is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="manage_products"))
    tokens["operator"] = sign_in(operator.email)["token"]
    tokens["buyer"] = sign_in(buyer.email)["token"]
    return {
        "tokens": tokens, "order": order, "part_b": part_b, "shop": shop,
        "part_id": to_global_id("ProducerOrder", part_b.pk),
        "order_id": to_global_id("Order", str(order.token)),
        "line_id": to_global_id("OrderLine", str(line_b.token)),
        "checkout_id": to_global_id("Checkout", str(open_checkout.pk)),
        "transaction_id": to_global_id("TransactionItem", str(promise.token)),
        "producer_b": to_global_id("Producer", shop["b"].pk),
        "variant": to_global_id("ProductVariant", shop["tea"].default_variant.pk),
    }


GQL_ADDRESS = {"firstName": "X", "streetAddress1": ADDRESS["street_address_1"],
               "city": ADDRESS["city"], "countryArea": ADDRESS["country_area"], "country": "VN"}

OPERATIONS = {
    "producerOrder": ("query($id: ID!) { producerOrder(id: $id) { id number } }",
                      lambda w: {"id": w["part_id"]}),
    "producerOrders of B": ("query($p: ID!) { producerOrders(producerId: $p, first: 5) "
                            "{ edges { node { id } } } }", lambda w: {"p": w["producer_b"]}),
    "producerOrderConfirm": ("mutation($id: ID!) { producerOrderConfirm(id: $id) "
                             "{ errors { code } } }", lambda w: {"id": w["part_id"]}),
    "producerOrderFulfill": ("mutation($id: ID!) { producerOrderFulfill(id: $id, carrier: \"GHN\","
                             " trackingNumber: \"X1\") { errors { code } } }",
                             lambda w: {"id": w["part_id"]}),
    "producerOrderMarkDelivered": ("mutation($id: ID!) { producerOrderMarkDelivered(id: $id) "
                                   "{ errors { code } } }", lambda w: {"id": w["part_id"]}),
    "producerOrderLinesCancel": ("mutation($id: ID!, $l: ID!) { producerOrderLinesCancel("
                                 "id: $id, reason: \"hết\", lines: [{lineId: $l, quantity: 1}]) "
                                 "{ errors { code } } }",
                                 lambda w: {"id": w["part_id"], "l": w["line_id"]}),
    "producerOrderCancel": ("mutation($id: ID!) { producerOrderCancel(id: $id, reason: \"x\") "
                            "{ errors { code } } }", lambda w: {"id": w["part_id"]}),
    "order": ("query($id: ID!) { order(id: $id) { id number } }",
              lambda w: {"id": w["order_id"]}),
    "checkout": ("query($id: ID!) { checkout(id: $id) { id email } }",
                 lambda w: {"id": w["checkout_id"]}),
    "checkoutLinesAdd": ("mutation($id: ID!, $v: ID!) { checkoutLinesAdd(id: $id, lines: "
                         "[{variantId: $v, quantity: 1}]) { errors { code } } }",
                         lambda w: {"id": w["checkout_id"], "v": w["variant"]}),
    "checkoutLinesUpdate": ("mutation($id: ID!, $v: ID!) { checkoutLinesUpdate(id: $id, lines: "
                            "[{variantId: $v, quantity: 0}]) { errors { code } } }",
                            lambda w: {"id": w["checkout_id"], "v": w["variant"]}),
    "checkoutEmailUpdate": ("mutation($id: ID!) { checkoutEmailUpdate(id: $id, "
                            "email: \"ke-gian@example.vn\") { errors { code } } }",
                            lambda w: {"id": w["checkout_id"]}),
    "checkoutShippingAddressUpdate": ("mutation($id: ID!, $a: AddressInput!) { "
                                      "checkoutShippingAddressUpdate(id: $id, shippingAddress: $a)"
                                      " { errors { code } } }",
                                      lambda w: {"id": w["checkout_id"], "a": GQL_ADDRESS}),
    "checkoutCustomerDetach": ("mutation($id: ID!) { checkoutCustomerDetach(id: $id) "
                               "{ errors { code } } }", lambda w: {"id": w["checkout_id"]}),
    "checkoutCustomerAttach": ("mutation($id: ID!) { checkoutCustomerAttach(id: $id) "
                               "{ errors { code } } }", lambda w: {"id": w["checkout_id"]}),
    "checkoutAddPromoCode": ("mutation($id: ID!) { checkoutAddPromoCode(id: $id, "
                             "promoCode: \"KHONG\") { errors { code } } }",
                             lambda w: {"id": w["checkout_id"]}),
    "checkoutComplete": ("mutation($id: ID!) { checkoutComplete(id: $id) "
                         "{ errors { code } order { id } } }", lambda w: {"id": w["checkout_id"]}),
    "updateMetadata": ("mutation($id: ID!) { updateMetadata(id: $id, input: [{key: \"k\", "
                       "value: \"v\"}]) { errors { code } } }",
                       lambda w: {"id": w["checkout_id"]}),
    "transactionInitialize": ("mutation($id: ID!) { transactionInitialize(id: $id, "
                              "paymentGateway: {id: \"vn.ocop.cod\"}) { errors { code } } }",
                              lambda w: {"id": w["checkout_id"]}),
    "transactionProcess": ("mutation($id: ID!) { transactionProcess(id: $id) "
                           "{ errors { code } transaction { id } } }",
                           lambda w: {"id": w["transaction_id"]}),
    "paymentGatewayInitialize": ("mutation($id: ID!) { paymentGatewayInitialize(id: $id) "
                                 "{ errors { code } } }", lambda w: {"id": w["checkout_id"]}),
}

def _refused(answer: dict) -> bool:
    errors = answer.get("errors") or []
    return any(e.get("extensions", {}).get("exception", {}).get("code") == "PermissionDenied"
               for e in errors)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_door_refuses_and_changes_nothing(api, world, actor):
    token = world["tokens"][actor]
    failures = []
    for name, (document, variables) in OPERATIONS.items():
        before = _counts()
        answer = api(document, variables(world), token=token)
        after = _counts()
        if not _refused(answer):
            failures.append(f"{name}: not refused: {answer}")
        if before != after:
            failures.append(f"{name}: rows changed")
    assert failures == []


def test_the_buyer_and_b_team_and_order_staff_may(api, world, make_user, sign_in):
    from django.contrib.auth.models import Permission

    from backend.sellers.models import ProducerMembership

    buyer = world["tokens"]["buyer"]
    seen = api(OPERATIONS["order"][0], OPERATIONS["order"][1](world), token=buyer)
    assert seen["data"]["order"]["number"] == world["order"].number
    team = make_user("b-packer@example.vn")
    ProducerMembership.objects.create(user=team, producer=world["shop"]["b"], role="packer")
    packer = sign_in(team.email)["token"]
    confirmed = api(OPERATIONS["producerOrderConfirm"][0], {"id": world["part_id"]},
                    token=packer)
    assert confirmed["data"]["producerOrderConfirm"]["errors"] == []
    staff = make_user("don-hang@example.vn", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="manage_orders"))
    listed = api(OPERATIONS["producerOrders of B"][0], {"p": world["producer_b"]},
                 token=sign_in(staff.email)["token"])
    assert len(listed["data"]["producerOrders"]["edges"]) == 1
    # The buyer may cancel their own part before it ships, not act as the team.
    assert _refused(api(OPERATIONS["producerOrderFulfill"][0], {"id": world["part_id"]},
                        token=buyer))
    cancelled = api(OPERATIONS["producerOrderCancel"][0], {"id": world["part_id"]}, token=buyer)
    assert cancelled["data"]["producerOrderCancel"]["errors"] == []


ABUSE = [
    ("mutation { checkoutLinesAdd(id: \"bm90LWFuLWlk\", lines: [{variantId: \"x\", quantity: 1}])"
     " { errors { code } } }", None),
    ("mutation($v: ID!) { checkoutCreate(input: {channel: \"vn\", lines: [{variantId: $v, "
     "quantity: -5}]}) { errors { code field } } }", "negative"),
    ("mutation($v: ID!) { checkoutCreate(input: {channel: \"vn\", lines: [{variantId: $v, "
     "quantity: 2000000000}]}) { errors { code field } } }", "huge"),
    ("mutation { checkoutCreate(input: {channel: \"khong-co\"}) { errors { code } } }", None),
    ("query { order(id: \"T3JkZXI6MQ==\") { id } }", None),
    ("query { producerOrder(id: \"UHJvZHVjZXJPcmRlcjo5OTk5OTk5OTk5OTk5OTk5OTk5OQ==\") { id } }",
     None),
    ("query { checkout(id: \"Q2hlY2tvdXQ6bm90LWEtdXVpZA==\") { id } }", None),
]


@pytest.mark.parametrize("case", range(len(ABUSE)))
def test_abuse_is_refused_without_a_server_error(api, world, case):
    document, _ = ABUSE[case]
    needs = {"v": world["variant"]} if "$v" in document else {}
    before = _counts()
    answer = api(document, needs)
    assert "data" in answer
    for error in answer.get("errors") or []:
        assert "Traceback" not in error["message"]
    payloads = [v for v in (answer["data"] or {}).values() if isinstance(v, dict)]
    for payload in payloads:
        if "errors" in payload:
            assert payload["errors"], payload
    assert _counts()["Order"] == before["Order"]


def test_101_lines_and_an_unknown_gateway_are_refused(api, world, client):
    import json

    from backend.checkout.models import Checkout

    lines = [{"variantId": to_global_id("ProductVariant", 10**6 + i), "quantity": 1}
             for i in range(101)]
    before = Checkout.objects.count()
    # The API's list limit refuses 101 lines before any work (a 400 naming the limit).
    response = client.post("/graphql/", json.dumps({
        "query": "mutation($l: [CheckoutLineInput!]!) { checkoutCreate(input: {channel: "
                 "\"vn\", lines: $l}) { errors { code } checkout { id } } }",
        "variables": {"l": lines}}), content_type="application/json")
    assert response.status_code == 400 and "101" in response.json()["errors"][0]["message"]
    assert Checkout.objects.count() == before
    cart = api("mutation { checkoutCreate(input: {channel: \"vn\"}) { checkout { id } } }")
    cart_id = cart["data"]["checkoutCreate"]["checkout"]["id"]
    paid = api("mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: "
               "{id: \"vn.ocop.tien-ao\"}) { errors { code field } transaction { id } } }",
               {"id": cart_id})
    assert paid["data"]["transactionInitialize"]["errors"][0]["code"] == "NOT_FOUND"
    assert paid["data"]["transactionInitialize"]["transaction"] is None
