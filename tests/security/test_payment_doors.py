"""Every door the paying issue opened, attacked: the bank-feed and Stripe webhooks
(unsigned, mis-signed, replayed, stale, unknown reference, huge and garbage bodies), the
statement upload (bad files), transactionInitialize / transactionProcess with another
shopper's checkout or a wrong token. Each answers in words (or the provider's status),
never a 500, logs what it refused, and changes no row (counted before and after)."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from graphql_relay import to_global_id

from tests.checkout.conftest import shipping_for, shop  # noqa: F401 (shared fixtures)
from tests.payment.conftest import api, cashier, make_user, plain_static_files, sign_in  # noqa: F401
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.gateways.stripe_events import event_body, payment_intent, signature_header
from tests.payment.support import (
    INITIALIZE,
    bank_feed_body,
    checkout_id,
    now_in_vietnam,
    post_bank_feed,
    ready_checkout,
)

pytestmark = pytest.mark.django_db
STRIPE_SECRET = "whsec_doors"


def _rows():
    from backend.order.models import Order
    from backend.payment.models import (
        OrderSettlement,
        TransactionEvent,
        TransactionItem,
        WebhookEventClaim,
    )

    return tuple(model.objects.count() for model in (
        TransactionItem, TransactionEvent, WebhookEventClaim, OrderSettlement, Order)) + (
        sum(TransactionItem.objects.values_list("charged_value", flat=True)),)


@pytest.fixture
def awaiting(channel, shop, settings):  # noqa: F811
    """An order awaiting a VietQR transfer: (reference, total)."""
    from django.db import transaction

    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import vietqr

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    settings.STRIPE_SECRET_KEY = "sk_test_doors"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_doors"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # never reached by these tests
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)])
    with transaction.atomic():
        item, _, _ = vietqr.initialize(checkout, summarize(checkout).total)
    order = complete_checkout(checkout)
    return item.psp_reference, order.total


def _wrong_key_body(reference, total):
    return bank_feed_body(reference, total, key="not-the-key")


def _unsigned(reference, total):
    document = json.loads(bank_feed_body(reference, total))
    del document["signature"]
    return json.dumps(document).encode()


def _tampered(reference, total):
    document = json.loads(bank_feed_body(reference, total))
    document["data"]["amount"] = total * 10
    return json.dumps(document).encode()


BAD_FEEDS = {
    "unsigned": (_unsigned, 401),
    "mis-signed": (_wrong_key_body, 401),
    "tampered amount": (_tampered, 401),
    "stale": (lambda r, t: bank_feed_body(r, t, when=now_in_vietnam() - timedelta(days=2)), 400),
    "dated ahead": (lambda r, t: bank_feed_body(r, t, when=now_in_vietnam() + timedelta(hours=1)),
                    400),
    "empty": (lambda r, t: b"", 400),
    "not json": (lambda r, t: b"amount=1&signature=x", 400),
    "not utf-8": (lambda r, t: b'{"data": "\xff\xfe"}', 400),
    "json list": (lambda r, t: b"[1, 2]", 400),
    "deep nesting": (lambda r, t: b"[" * 5000 + b"]" * 5000, 400),
    "NaN": (lambda r, t: b'{"data": {"amount": NaN}, "signature": "' + b"a" * 64 + b'"}', 400),
    "huge": (lambda r, t: b'{"data": {"description": "' + b"x" * 200_000 + b'"}}', 413),
}


@pytest.mark.parametrize("case", sorted(BAD_FEEDS))
def test_bad_bank_feed_changes_nothing(client, awaiting, case, caplog):
    reference, total = awaiting
    build, status = BAD_FEEDS[case]
    before = _rows()
    with caplog.at_level(logging.WARNING):
        response = post_bank_feed(client, build(reference, total))
    assert response.status_code == status, response.content[:300]
    assert _rows() == before
    assert any("refused" in r.getMessage() for r in caplog.records)


def test_unknown_reference_and_replay_change_nothing(client, awaiting, caplog):
    reference, total = awaiting
    before = _rows()
    with caplog.at_level(logging.WARNING):
        unknown = post_bank_feed(client, bank_feed_body("OCOPZZZZZZ", total))
    assert unknown.status_code == 200 and unknown.json()["result"] == "unknown_reference"
    assert _rows() == before
    assert any("OCOPZZZZZZ" in r.getMessage() for r in caplog.records)
    body = bank_feed_body(reference, total, bank_id="FT-REPLAY")
    assert post_bank_feed(client, body).json()["result"] == "charged"
    after_first = _rows()
    replay = post_bank_feed(client, body)
    assert replay.status_code == 200 and replay.json()["result"] == "already_recorded"
    assert _rows() == after_first


def test_feed_without_a_key_is_closed_and_only_post_is_accepted(client, awaiting, settings):
    reference, total = awaiting
    before = _rows()
    assert client.get("/webhooks/bank-feed/").status_code == 405
    settings.BANK_FEED_CHECKSUM_KEY = ""
    assert post_bank_feed(client, bank_feed_body(reference, total)).status_code == 503
    assert _rows() == before


def _stripe_post(client, body, header):
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header is not None else {}
    return client.post("/webhooks/stripe/", body, content_type="application/json", **extra)


def test_bad_stripe_webhooks_change_nothing(client, awaiting, caplog):
    import time

    body = event_body("payment_intent.succeeded", payment_intent(id="pi_not_ours"),
                      event_id="evt_doors_1")
    cases = {
        "unsigned": (body, None, 401),
        "mis-signed": (body, signature_header(body, "whsec_wrong"), 401),
        "stale": (body, signature_header(body, STRIPE_SECRET, int(time.time()) - 3600), 400),
        "garbage": (b"\x00\xff" * 10, signature_header(b"\x00\xff" * 10, STRIPE_SECRET), 400),
        "huge": (b"{" + b" " * 300_000 + b"}", "t=1,v1=00", 413),
        "not an object": (b"[]", signature_header(b"[]", STRIPE_SECRET), 400),
    }
    before = _rows()
    for name, (payload, header, status) in cases.items():
        with caplog.at_level(logging.WARNING):
            response = _stripe_post(client, payload, header)
        assert response.status_code == status, (name, response.content[:200])
    # Signed, but about a PaymentIntent that is not ours: acknowledged, nothing written.
    unknown = _stripe_post(client, body, signature_header(body, STRIPE_SECRET))
    assert unknown.status_code == 200 and unknown.json()["result"] == "unknown_payment"
    assert _rows() == before


BAD_STATEMENTS = {
    "no header": (b"a;b;c\n1;2;3\n", "sao-ke.csv", "Không tìm thấy dòng tiêu đề"),
    "broken xlsx": (b"PK\x03\x04garbage", "sao-ke.xlsx", "hỏng"),
    "binary": (bytes(range(256)) * 10, "sao-ke.csv", "Không tìm thấy dòng tiêu đề"),
}


@pytest.mark.usefixtures("plain_static_files")
@pytest.mark.parametrize("case", sorted(BAD_STATEMENTS))
def test_bad_statement_files_say_why_and_change_nothing(client, cashier, awaiting, case):  # noqa: F811
    data, name, words = BAD_STATEMENTS[case]
    client.force_login(cashier())
    before = _rows()
    page = client.post("/admin/payment/transactionitem/sao-ke/",
                       {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 400 and words in page.content.decode()
    assert _rows() == before


@pytest.mark.usefixtures("plain_static_files")
def test_statement_rows_with_bad_values_name_the_row(client, cashier, awaiting):  # noqa: F811
    reference, total = awaiting
    client.force_login(cashier())
    rows = "Mã giao dịch,Số tiền ghi có,Nội dung\nFT-1,-5000," + reference + "\nFT-2,12.5," \
        + reference + "\n"
    before = _rows()
    text = client.post("/admin/payment/transactionitem/sao-ke/", {
        "file": SimpleUploadedFile("s.csv", rows.encode())}).content.decode()
    assert "Dòng 2: số tiền ghi có “-5000” không đọc được" in text
    assert "Dòng 3: số tiền ghi có “12.5” không đọc được" in text
    assert _rows() == before


def _denied(answer) -> bool:
    """A top-level permission error in Vietnamese, and no payload."""
    error = answer["errors"][0]
    code = error["extensions"].get("code") or error["extensions"]["exception"]["code"]
    return code in ("PERMISSION_DENIED", "PermissionDenied") and "tài khoản khác" in error[
        "message"] and not any(answer["data"].values())


def test_another_shoppers_checkout_or_a_wrong_token_creates_nothing(api, channel, shop,
                                                                    make_user, sign_in,
                                                                    awaiting):  # noqa: F811
    owner, intruder = make_user(), make_user()
    owner_token = sign_in(owner.email)["token"]
    intruder_token = sign_in(intruder.email)["token"]
    checkout = ready_checkout(channel, [(shop["tea"].default_variant, 1)], user=owner,
                              email=owner.email)
    started = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                               "paymentGateway": {"id": "vn.ocop.vietqr"}},
                  token=owner_token)["data"]["transactionInitialize"]
    assert started["errors"] == []
    before = _rows()
    stolen = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                              "paymentGateway": {"id": "vn.ocop.vietqr"}}, token=intruder_token)
    assert _denied(stolen)
    anonymous = api(INITIALIZE, {"checkoutId": checkout_id(checkout),
                                 "paymentGateway": {"id": "vn.ocop.vietqr"}})
    assert _denied(anonymous)
    process = ("mutation($id: ID!) { transactionProcess(id: $id) { transaction { id } data "
               "errors { field code message } } }")
    hijack = api(process, {"id": started["transaction"]["id"]}, token=intruder_token)
    assert _denied(hijack)
    for wrong in (to_global_id("TransactionItem", str(uuid.uuid4())), "xyz",
                  to_global_id("Checkout", str(checkout.pk))):
        answer = api(process, {"id": wrong}, token=owner_token)["data"]["transactionProcess"]
        assert answer["transaction"] is None and answer["errors"][0]["code"] == "NOT_FOUND"
        assert answer["errors"][0]["message"] == "Không tìm thấy giao dịch."
    for variables, code, field in (
            ({"checkoutId": to_global_id("Checkout", str(uuid.uuid4())),
              "paymentGateway": {"id": "vn.ocop.vietqr"}}, "NOT_FOUND", "id"),
            ({"checkoutId": checkout_id(checkout),
              "paymentGateway": {"id": "vn.ocop.bitcoin"}}, "NOT_FOUND", "paymentGateway"),
            ({"checkoutId": checkout_id(checkout), "amount": 1,
              "paymentGateway": {"id": "vn.ocop.vietqr"}}, "INVALID", "amount")):
        answer = api(INITIALIZE, variables, token=owner_token)["data"]["transactionInitialize"]
        assert answer["transaction"] is None
        assert (answer["errors"][0]["code"], answer["errors"][0]["field"]) == (code, field)
    assert _rows() == before


@pytest.mark.usefixtures("plain_static_files")
def test_statement_upload_keeps_csrf(cashier, awaiting):  # noqa: F811
    from django.test import Client

    reference, total = awaiting
    client = Client(enforce_csrf_checks=True)
    client.force_login(cashier())
    upload = SimpleUploadedFile(
        "s.csv", f"Mã giao dịch,Số tiền ghi có,Nội dung\nFT-CSRF,{total},{reference}\n".encode())
    before = _rows()
    assert client.post("/admin/payment/transactionitem/sao-ke/", {"file": upload}).status_code \
        == 403
    assert _rows() == before
