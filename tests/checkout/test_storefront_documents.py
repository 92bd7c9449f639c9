"""Our checkout and order documents, shaped like Saleor's storefront operations, validate
against the committed SDL, and drive a whole guest checkout through /graphql/."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from .conftest import ADDRESS
from .documents import (
    CHECKOUT_OPERATIONS,
    ORDER_OPERATIONS,
    checkout_document,
    order_document,
)

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"
GRAPHQL_ADDRESS = {"firstName": ADDRESS["first_name"], "lastName": ADDRESS["last_name"],
                   "streetAddress1": ADDRESS["street_address_1"], "city": ADDRESS["city"],
                   "countryArea": ADDRESS["country_area"], "phone": ADDRESS["phone"],
                   "country": "VN"}


@pytest.fixture(scope="module")
def schema():
    return build_schema(SDL.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CHECKOUT_OPERATIONS))
def test_checkout_documents_validate(schema, name):
    assert [e.message for e in validate(schema, parse(checkout_document(name)))] == []


@pytest.mark.parametrize("name", sorted(ORDER_OPERATIONS))
def test_order_documents_validate(schema, name):
    assert [e.message for e in validate(schema, parse(order_document(name)))] == []


def _ok(answer: dict, field: str) -> dict:
    assert "errors" not in answer, answer.get("errors")
    payload = answer["data"][field]
    assert payload.get("errors") == [], payload.get("errors")
    return payload


@pytest.mark.django_db
def test_a_guest_checkout_driven_by_the_documents(api, shop, mailoutbox):
    from graphql_relay import to_global_id

    created = _ok(api(checkout_document("create"), {"channel": "vn"}), "checkoutCreate")
    cart = created["checkout"]["id"]
    tea = to_global_id("ProductVariant", shop["tea"].default_variant.pk)
    sauce = to_global_id("ProductVariant", shop["sauce"].default_variant.pk)
    _ok(api(checkout_document("line add one"), {"id": cart, "productVariantId": tea}),
        "checkoutLinesAdd")
    added = _ok(api(checkout_document("lines add"), {
        "checkoutId": cart, "lines": [{"variantId": sauce, "quantity": 2},
                                      {"variantId": tea, "quantity": 1}]}), "checkoutLinesAdd")
    checkout = added["checkout"]
    assert [line["quantity"] for line in checkout["lines"]] == [2, 2]
    assert len(checkout["packages"]) == 2
    assert checkout["subtotalPrice"]["gross"]["amount"] == 2 * 120000 + 2 * 85000
    assert checkout["stockReservationExpires"]
    _ok(api(checkout_document("email"), {"checkoutId": cart, "email": "khach@example.vn"}),
        "checkoutEmailUpdate")
    shipped = _ok(api(checkout_document("shipping address"), {
        "checkoutId": cart, "shippingAddress": GRAPHQL_ADDRESS}), "checkoutShippingAddressUpdate")
    assert shipped["checkout"]["shippingAddress"]["countryArea"] == "Thành phố Đà Nẵng"
    options = _ok(api(checkout_document("delivery options"), {"id": cart}),
                  "deliveryOptionsCalculate")["deliveries"]
    assert [o["shippingMethod"]["name"] for o in options] == ["Giao tiêu chuẩn"]
    # To Đà Nẵng: from Lâm Đồng nationwide (35.000 ₫), from Nghệ An within the region
    # (25.000 ₫); one choice for both packages, priced as their sum.
    assert options[0]["shippingMethod"]["price"]["amount"] == 60000
    chosen = _ok(api(checkout_document("delivery method"), {
        "checkoutId": cart, "deliveryMethodId": options[0]["shippingMethod"]["id"]}),
        "checkoutDeliveryMethodUpdate")["checkout"]
    assert chosen["shippingPrice"]["gross"]["amount"] == 60000
    assert chosen["delivery"]["shippingMethod"]["name"] == "Giao tiêu chuẩn"
    assert chosen["availablePaymentGateways"][0]["id"] == "vn.ocop.cod"
    gateways = _ok(api(checkout_document("gateways"), {"checkoutId": cart}),
                   "paymentGatewayInitialize")["gatewayConfigs"]
    assert gateways[0]["id"] == "vn.ocop.cod" and gateways[0]["errors"] == []
    paid = _ok(api(checkout_document("transaction"), {
        "checkoutId": cart, "paymentGateway": {"id": "vn.ocop.cod"}}), "transactionInitialize")
    assert paid["transactionEvent"]["type"] == "AUTHORIZATION_SUCCESS"
    found = api(checkout_document("find"), {"id": cart})["data"]["checkout"]
    assert found["authorizeStatus"] == "FULL" and found["chargeStatus"] == "NONE"
    done = _ok(api(checkout_document("complete"), {"checkoutId": cart}), "checkoutComplete")
    order = api(order_document("order"), {"id": done["order"]["id"]})["data"]["order"]
    assert order["total"]["gross"]["amount"] == 2 * 120000 + 2 * 85000 + 60000
    assert [p["number"] for p in order["producerOrders"]] == [
        f"{order['number']}-1", f"{order['number']}-2"]
    assert {p["status"] for p in order["producerOrders"]} == {"UNCONFIRMED"}
    assert len(order["lines"]) == 2 and order["isPaid"] is False
    assert any(order["number"] in m.subject for m in mailoutbox)
    gone = api(checkout_document("find"), {"id": cart})["data"]["checkout"]
    assert gone is None


@pytest.mark.django_db
def test_a_signed_in_shoppers_checkout_follows_them(api, shop, make_user, sign_in):
    from graphql_relay import to_global_id

    make_user("lan@example.vn")
    phone = sign_in("lan@example.vn")["token"]
    cart = _ok(api(checkout_document("create"), {"channel": "vn"}, token=phone),
               "checkoutCreate")["checkout"]
    tea = to_global_id("ProductVariant", shop["tea"].default_variant.pk)
    _ok(api(checkout_document("line add one"), {"id": cart["id"], "productVariantId": tea},
            token=phone), "checkoutLinesAdd")
    laptop = sign_in("lan@example.vn")["token"]
    ids = api("{ me { checkoutIds } }", token=laptop)["data"]["me"]["checkoutIds"]
    assert ids == [cart["id"]]
    other = api(checkout_document("find"), {"id": cart["id"]})
    assert other["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


@pytest.mark.django_db
def test_problems_name_a_line_whose_stock_went_to_another_buyer(api, shop, buy, settings):
    from graphql_relay import to_global_id

    settings.CHECKOUT_RESERVATION_MINUTES = 0  # carts hold nothing: completion decides
    cart = _ok(api(checkout_document("create"), {"channel": "vn"}), "checkoutCreate")[
        "checkout"]["id"]
    tea = to_global_id("ProductVariant", shop["tea"].default_variant.pk)
    _ok(api(checkout_document("lines add"), {"checkoutId": cart, "lines": [
        {"variantId": tea, "quantity": 4}]}), "checkoutLinesAdd")
    buy([(shop["tea"].default_variant, 8)])  # someone else takes 8 of the 10
    answer = api("query($id: ID!) { checkout(id: $id) { problems { __typename "
                 "... on CheckoutLineProblemInsufficientStock { availableQuantity "
                 "variant { id } } } } }", {"id": cart})
    problems = answer["data"]["checkout"]["problems"]
    assert problems == [{"__typename": "CheckoutLineProblemInsufficientStock",
                         "availableQuantity": 2, "variant": {"id": tea}}]


@pytest.mark.django_db
def test_promo_codes_through_the_api(api, shop):
    from graphql_relay import to_global_id

    from backend.discount.models import Voucher

    Voucher.objects.create(code="OCOP50K", discount_type="fixed", value=50000,
                           min_spend=300000)
    cart = _ok(api(checkout_document("create"), {"channel": "vn"}), "checkoutCreate")[
        "checkout"]["id"]
    tea = to_global_id("ProductVariant", shop["tea"].default_variant.pk)
    _ok(api(checkout_document("lines add"), {"checkoutId": cart, "lines": [
        {"variantId": tea, "quantity": 2}]}), "checkoutLinesAdd")
    short = api(checkout_document("promo add"), {"checkoutId": cart, "promoCode": "ocop50k"})
    error = short["data"]["checkoutAddPromoCode"]["errors"][0]
    assert error["code"] == "VOUCHER_NOT_APPLICABLE" and "300.000" in error["message"]
    _ok(api(checkout_document("lines update"), {"checkoutId": cart, "lines": [
        {"variantId": tea, "quantity": 3}]}), "checkoutLinesUpdate")
    applied = _ok(api(checkout_document("promo add"), {"checkoutId": cart,
                                                       "promoCode": "ocop50k"}),
                  "checkoutAddPromoCode")["checkout"]
    assert applied["voucherCode"] == "OCOP50K"
    assert applied["discount"]["amount"] == 50000
    assert applied["subtotalPrice"]["gross"]["amount"] == 3 * 120000 - 50000
    removed = _ok(api(checkout_document("promo remove"), {"checkoutId": cart,
                                                          "promoCode": "OCOP50K"}),
                  "checkoutRemovePromoCode")["checkout"]
    assert removed["voucherCode"] is None and removed["discount"]["amount"] == 0
