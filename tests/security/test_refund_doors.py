"""The refund doors (producerOrderRefund, orderGrantRefundCreate/Update,
transactionRequestRefundForGrantedRefund, orderGrantedRefundMarkSent) aimed at producer
B's delivered order, knocked on by every actor of the seller matrix: refused calls are
PermissionDenied and change no row (orders, refunds, ledger, payments included). Bad input
from B's own owner gets a Vietnamese error naming the field, never a 500, nothing written.
Two refunds of the same line racing on real connections never give back more than paid."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from backend.ledger.journal import AccountRef, balance, producer_balances
from backend.ledger.models import AccountKind
from backend.order import ledger as books
from backend.order import refunds
from backend.order import services as orders
from backend.order.models import OrderGrantedRefund
from tests.checkout.conftest import buy, shipping_for  # noqa: F401 (fixtures)

from .seller_matrix import ACTORS, Door, _id, build_world, run_matrix, table_counts

ERR = "errors { field code message }"
B_TEAM_REFUNDS = frozenset()  # no actor of the matrix is in B's team


@pytest.fixture
def world(make_product, django_user_model, buy, shipping_for, settings):
    settings.LEDGER_COMMISSION_VAT_BPS = 1000
    world = build_world(make_product, django_user_model)
    b = world["b"]
    shipping_for(b["producer"])
    order = buy([(b["variant"], 4)])
    item = order.transactions.get()
    item.gateway, item.charged_value, item.authorized_value = "vn.ocop.vietqr", order.total, 0
    item.save()
    books.order_paid(order, "vietqr", "FT-B")
    po = order.producer_orders.get()
    orders.confirm(po, None)
    orders.ship(po, None, "GHN", "GHN-B")
    orders.mark_delivered(po, None)
    operator = django_user_model.objects.create_user("refund-op@san.vn", "x", is_staff=True,
                                                     is_superuser=True)
    grant = refunds.grant(po, operator, [refunds.LineRequest(po.lines.get().pk, 1)],
                          reason="Hàng lỗi")
    owed = refunds.request(refunds.grant(
        po, operator, [refunds.LineRequest(po.lines.get().pk, 1)], reason="Dập"), operator)
    world["b"].update(order=order, po=po, line=po.lines.get(), grant=grant, owed=owed)
    return world


def ids(world) -> dict:
    b = world["b"]
    return {"po": _id("ProducerOrder", b["po"].pk), "order": _id("Order", b["order"].token),
            "line": _id("OrderLine", b["line"].token),
            "grant": _id("OrderGrantedRefund", b["grant"].token),
            "owed": _id("OrderGrantedRefund", b["owed"].token)}


DOORS = [
    Door("producerOrderRefund on B's parcel", f"""mutation($id: ID!, $l: ID!) {{
        producerOrderRefund(id: $id, reason: "Hỏng", lines: [{{id: $l, quantity: 1}}],
        amount: 1000) {{ {ERR} }} }}""", lambda w: {"id": ids(w)["po"], "l": ids(w)["line"]}),
    Door("orderGrantRefundCreate on B's order", f"""mutation($id: ID!, $l: ID!) {{
        orderGrantRefundCreate(id: $id, input: {{reason: "x", transactionId: "x",
        lines: [{{id: $l, quantity: 1}}]}}) {{ {ERR} }} }}""",
         lambda w: {"id": ids(w)["order"], "l": ids(w)["line"]}),
    Door("orderGrantRefundUpdate of B's refund", f"""mutation($id: ID!) {{
        orderGrantRefundUpdate(id: $id, input: {{reason: "khác"}}) {{ {ERR} }} }}""",
         lambda w: {"id": ids(w)["grant"]}),
    Door("transactionRequestRefundForGrantedRefund of B's", f"""mutation($id: ID!) {{
        transactionRequestRefundForGrantedRefund(grantedRefundId: $id) {{ {ERR} }} }}""",
         lambda w: {"id": ids(w)["grant"]}),
    Door("orderGrantedRefundMarkSent of B's", f"""mutation($id: ID!) {{
        orderGrantedRefundMarkSent(id: $id) {{ {ERR} }} }}""",
         lambda w: {"id": ids(w)["owed"]}),
    Door("producerEarnings of B (read)", """query($p: ID!) { producerEarnings(producerId: $p) {
        total { amount } statementCsv orders { number net { amount } } } }""",
         lambda w: {"p": _id("Producer", w["b"]["producer"].pk)}, kind="query"),
    Door("B's producer order refunds (read)", """query($id: ID!) { producerOrder(id: $id) {
        grantedRefunds { amount { amount } reason } totalRefunded { amount } } }""",
         lambda w: {"id": ids(w)["po"]}, kind="query"),
]


def test_refund_doors_refuse_everyone_outside_bs_team(world, capsys):
    outcomes = run_matrix(DOORS, world)
    failures = [f"{o.door} as {o.actor}: {'changed ' + str(o.changed) if o.changed else ''}"
                f"{'' if o.refused else 'NOT refused: ' + o.message}"
                for o in outcomes if not o.refused or o.changed]
    with capsys.disabled():
        print(f"\nrefund doors: {len(DOORS)} doors × {len(ACTORS)} actors = {len(outcomes)} "
              f"calls, {sum(o.refused for o in outcomes)} refused")
    assert not failures, "\n".join(failures)


def _as(world, user):
    from backend.account.jwt_tokens import create_access_token

    return {"HTTP_AUTHORIZATION": f"Bearer {create_access_token(user)}"}


REFUND = f"""mutation($id: ID!, $l: [OrderGrantRefundCreateLineInput!], $a: Decimal,
    $r: String!) {{ producerOrderRefund(id: $id, lines: $l, amount: $a, reason: $r) {{ {ERR}
    grantedRefund {{ amount {{ amount }} }} }} }}"""


@pytest.mark.parametrize("case,field", [
    ({"a": "-5000"}, "amount"),
    ({"a": "0"}, "amount"),
    ({"a": "99999999999999"}, "amount"),
    ({"a": "1e30"}, "amount"),
    ({"a": "1200.5"}, "amount"),
    ({"r": "   "}, "reason"),
    ({"q": 0}, "quantity"),
    ({"q": 99}, "quantity"),
    ({"q": -1}, "quantity"),
    ({"line": "other"}, "lines"),
    ({"line": "garbage"}, "lines"),
    ({"line": "none"}, "lines"),
])
def test_bad_refund_input_from_the_owner_names_the_field(world, case, field):
    b = world["b"]
    client = Client()
    other = world["a"]  # A's product: not a line of B's order
    line = {"other": _id("OrderLine", "00000000-0000-0000-0000-000000000000"),
            "garbage": "bm90LWFuLWlk", "none": None}.get(case.get("line"), ids(world)["line"])
    assert other
    variables = {"id": ids(world)["po"], "r": case.get("r", "Hàng lỗi"), "a": case.get("a"),
                 "l": None if line is None else [{"id": line, "quantity": case.get("q", 1)}]}
    before = (table_counts(), OrderGrantedRefund.objects.count(),
              balance(AccountRef(AccountKind.REFUNDS_OWED)))
    response = client.post("/graphql/", json.dumps({"query": REFUND, "variables": variables}),
                           content_type="application/json", **_as(world, b["users"]["owner"]))
    assert response.status_code == 200
    errors = response.json()["data"]["producerOrderRefund"]["errors"]
    assert len(errors) == 1 and errors[0]["field"] == field, errors
    message = errors[0]["message"]
    assert any(ch in message for ch in "ảáàạãơưđêôâ"), message  # Vietnamese words
    assert (table_counts(), OrderGrantedRefund.objects.count(),
            balance(AccountRef(AccountKind.REFUNDS_OWED))) == before


def test_the_owner_refunds_its_own_line(world):
    b = world["b"]
    variables = {"id": ids(world)["po"], "r": "Hàng lỗi", "a": "5000",
                 "l": [{"id": ids(world)["line"], "quantity": 1}]}
    before = producer_balances(b["producer"].pk).total
    body = Client().post("/graphql/", json.dumps({"query": REFUND, "variables": variables}),
                         content_type="application/json",
                         **_as(world, b["users"]["manager"])).json()
    payload = body["data"]["producerOrderRefund"]
    assert payload["errors"] == [] and payload["grantedRefund"]["amount"]["amount"] == 5000
    assert producer_balances(b["producer"].pk).total < before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_refunds_of_one_line_racing_never_exceed_what_was_paid(
        make_product, django_user_model, shipping_for, channel):
    from tests.checkout.conftest import ADDRESS  # noqa: F401 (used through buy)

    world = build_world(make_product, django_user_model)
    b = world["b"]
    shipping_for(b["producer"])
    from backend.checkout import services as checkout_services
    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import cod

    checkout = checkout_services.create_checkout(channel, email="k@example.vn",
                                                 lines=[(b["variant"].pk, 1)])
    checkout_services.set_address(checkout, ADDRESS, "shipping")
    checkout_services.set_delivery_method(
        checkout, summarize(checkout).shared_methods()[0][1][0].method.pk)
    cod.initialize(checkout, summarize(checkout).total)
    order = complete_checkout(checkout)
    item = order.transactions.get()
    item.gateway, item.charged_value, item.authorized_value = "vn.ocop.vietqr", order.total, 0
    item.save()
    books.order_paid(order, "vietqr", "FT-race")
    po = order.producer_orders.get()
    orders.confirm(po, None)
    orders.ship(po, None, "GHN", "GHN-R")
    orders.mark_delivered(po, None)
    line = po.lines.get()
    owner = b["users"]["owner"]
    paid_for_line = line.total
    barrier = threading.Barrier(4)
    results: list[object] = []

    def refund_all():
        close_old_connections()
        try:
            barrier.wait()
            results.append(refunds.producer_refund(
                po, owner, [refunds.LineRequest(line.pk, 1)], reason="Hỏng cả gói"))
        except refunds.RefundError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=refund_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    granted = [r for r in results if isinstance(r, OrderGrantedRefund)]
    assert len(granted) == 1 and len(results) == 4
    assert sum(g.amount for g in OrderGrantedRefund.objects.filter(producer_order=po)) \
        == paid_for_line
    assert balance(AccountRef(AccountKind.REFUNDS_OWED)) == -paid_for_line


def test_a_owner_switching_to_b_still_sees_only_its_own_earnings(world):
    a_owner = world["a"]["users"]["owner"]
    client = Client()
    client.force_login(a_owner)
    before = table_counts()
    client.post("/nguoi-ban/chon-gian-hang/", {"producer": str(world["b"]["producer"].pk)})
    page = client.get("/nguoi-ban/doanh-thu/").content.decode()
    csv = client.get("/nguoi-ban/doanh-thu/sao-ke.csv").content.decode("utf-8-sig")
    number = world["b"]["po"].number
    assert number not in page and number not in csv
    assert producer_balances(world["b"]["producer"].pk).total != 0  # B does have money
    assert table_counts() == before
