"""Saleor's storefront's payment operations (``src/checkout/graphql/payment.graphql``, read
from the mirrored repository when present, never copied) and our own documents of the
same shape validate against the committed SDL; ours then pay a checkout by VietQR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, print_ast, validate

from tests.checkout.conftest import shipping_for, shop  # noqa: F401 (shared fixtures)

from . import payment_documents as docs

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"
MIRROR = Path("/work/.mirror/saleor+storefront/repo")
PAYMENT_DOCUMENT = "src/checkout/graphql/payment.graphql"


def _saleor_operations() -> list[tuple[str, str]]:
    if not MIRROR.exists():
        return []
    try:
        text = subprocess.run(["git", "-C", str(MIRROR), "show", f"HEAD:{PAYMENT_DOCUMENT}"],
                              capture_output=True, text=True, check=True).stdout
    except subprocess.CalledProcessError:
        return []
    return [(d.name.value, print_ast(d)) for d in parse(text).definitions
            if isinstance(d, OperationDefinitionNode)]


SALEOR = _saleor_operations()


@pytest.mark.skipif(not SALEOR, reason="Saleor storefront mirror not on this machine")
@pytest.mark.parametrize("name,document", SALEOR, ids=[name for name, _ in SALEOR] or None)
def test_saleor_storefront_payment_operation_validates(name, document):
    assert validate(build_schema(SDL.read_text()), parse(document)) == []


def test_saleor_payment_document_has_the_three_operations():
    if not SALEOR:
        pytest.skip("Saleor storefront mirror not on this machine")
    assert {name for name, _ in SALEOR} >= {"paymentGatewaysInitialize",
                                            "transactionInitialize", "transactionProcess"}


@pytest.mark.parametrize("name", sorted(docs.ALL))
def test_our_payment_document_validates(name):
    assert validate(build_schema(SDL.read_text()), parse(docs.ALL[name])) == []


def test_saleor_enum_names_for_payment_statuses():
    schema = build_schema(SDL.read_text())
    order = schema.get_type("Order")
    assert str(order.fields["chargeStatus"].type) == "OrderChargeStatusEnum!"
    assert str(order.fields["authorizeStatus"].type) == "OrderAuthorizeStatusEnum!"
    checkout = schema.get_type("Checkout")
    assert str(checkout.fields["chargeStatus"].type) == "CheckoutChargeStatusEnum!"
    assert set(schema.get_type("OrderChargeStatusEnum").values) == {
        "NONE", "PARTIAL", "FULL", "OVERCHARGED"}


@pytest.mark.django_db
def test_our_documents_pay_a_checkout_by_transfer(gql, channel, shop, client, settings):
    from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
    from tests.payment.support import bank_feed_body, checkout_id, post_bank_feed, ready_checkout

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    cid = checkout_id(checkout)
    configs = gql(docs.GATEWAYS_INITIALIZE, {"checkoutId": cid})["data"][
        "paymentGatewayInitialize"]
    assert [c["id"] for c in configs["gatewayConfigs"]][:2] == ["vn.ocop.cod", "vn.ocop.vietqr"]
    started = gql(docs.TRANSACTION_INITIALIZE, {
        "checkoutId": cid, "action": "CHARGE",
        "paymentGateway": {"id": "vn.ocop.vietqr"}})["data"]["transactionInitialize"]
    assert started["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    reference = started["data"]["transfer"]["reference"]
    again = gql(docs.TRANSACTION_PROCESS, {"id": started["transaction"]["id"]})["data"][
        "transactionProcess"]
    assert again["data"]["transfer"]["reference"] == reference
    amount = started["data"]["transfer"]["amount"]
    assert post_bank_feed(client, bank_feed_body(reference, amount)).status_code == 200
    cart = gql(docs.CHECKOUT_PAYMENT, {"id": cid})["data"]["checkout"]
    assert (cart["chargeStatus"], cart["totalBalance"]["amount"]) == ("FULL", 0)
    assert cart["transactions"][0]["events"][-1]["type"] == "CHARGE_SUCCESS"
