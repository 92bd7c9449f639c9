"""Bank-feed webhooks (payOS scheme): genuine transfers accepted and read; unsigned,
mis-signed, tampered, stale and replayed notifications refused, and logged."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from backend.payment.gateways.vietqr import (
    sign_bank_feed_data,
    verify_bank_feed,
)
from backend.payment.gateways.webhooks import WebhookRejected, WebhookRejection
from tests.payment.gateways.bankfeed_support import (
    CHECKSUM_KEY,
    NOW,
    MemoryReplayGuard,
    signed_body,
    transfer_data,
)

# payOS's documentation, "Kiểm tra dữ liệu với signature" (payos.vn/docs/tich-hop-webhook/
# kiem-tra-du-lieu-voi-signature/): its sample checksum key, webhook data and signature.
PAYOS_CHECKSUM_KEY = "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675"
PAYOS_DATA = {
    "orderCode": 123,
    "amount": 3000,
    "description": "VQRIO123",
    "accountNumber": "12345678",
    "reference": "TF230204212323",
    "transactionDateTime": "2023-02-04 18:25:00",
    "currency": "VND",
    "paymentLinkId": "124c33293c43417ab7879e14c8d9eb18",
    "code": "00",
    "desc": "Thành công",
    "counterAccountBankId": "",
    "counterAccountBankName": "",
    "counterAccountName": "",
    "counterAccountNumber": "",
    "virtualAccountName": "",
    "virtualAccountNumber": "",
}
PAYOS_SIGNATURE = "412e915d2871504ed31be63c8f62a149a4410d34c4c42affc9006ef9917eaa03"


def refused(body, reason, **kwargs):
    kwargs.setdefault("now", NOW)
    with pytest.raises(WebhookRejected) as caught:
        verify_bank_feed(body, checksum_key=kwargs.pop("key", CHECKSUM_KEY), **kwargs)
    assert caught.value.reason == reason
    return caught.value


def test_payos_published_example_signs_and_verifies():
    assert sign_bank_feed_data(PAYOS_DATA, PAYOS_CHECKSUM_KEY) == PAYOS_SIGNATURE
    body = json.dumps(
        {"code": "00", "desc": "success", "success": True, "data": PAYOS_DATA, "signature": PAYOS_SIGNATURE}
    ).encode()
    event = verify_bank_feed(
        body,
        checksum_key=PAYOS_CHECKSUM_KEY,
        now=datetime(2023, 2, 4, 11, 30, tzinfo=UTC),
    )
    assert event.amount == 3000
    assert event.transaction_id == "TF230204212323"
    assert event.account_number == "12345678"
    assert event.occurred_at == datetime(2023, 2, 4, 11, 25, tzinfo=UTC)  # 18:25 in Vietnam
    assert event.references == () and event.reference is None  # payOS's test, not an order


def test_a_genuine_transfer_is_read_with_its_reference_amount_and_account():
    guard = MemoryReplayGuard()
    event = verify_bank_feed(signed_body(), checksum_key=CHECKSUM_KEY, now=NOW, replay_guard=guard)
    assert event.reference == "OCOPAB12CD"
    assert event.amount == 385000 and isinstance(event.amount, int)
    assert event.account_number == "1031933430"
    assert event.transaction_id == "FT26332901234567"
    assert event.occurred_at == NOW - timedelta(minutes=3)
    assert event.counter_account_name == "NGUYEN VAN A"
    assert guard.claimed == {("bankfeed", "FT26332901234567")}


def test_the_same_notification_twice_is_refused_the_second_time():
    guard = MemoryReplayGuard()
    body = signed_body()
    verify_bank_feed(body, checksum_key=CHECKSUM_KEY, now=NOW, replay_guard=guard)
    refused(body, WebhookRejection.REPLAYED, replay_guard=guard)


def test_a_wrong_key_is_refused_and_nothing_is_claimed(caplog):
    guard = MemoryReplayGuard()
    with caplog.at_level(logging.WARNING):
        refused(signed_body(key="someone-elses-key"), WebhookRejection.BAD_SIGNATURE, replay_guard=guard)
    assert guard.claimed == set()
    assert "bad_signature" in caplog.text and CHECKSUM_KEY not in caplog.text


@pytest.mark.parametrize("signature", [None, ""])
def test_a_missing_signature_is_refused(signature):
    document = json.loads(signed_body())
    if signature is None:
        del document["signature"]
    else:
        document["signature"] = signature
    refused(json.dumps(document).encode(), WebhookRejection.UNSIGNED)


@pytest.mark.parametrize(
    "field, value",
    [
        ("amount", 3850000),  # a zero added after signing
        ("description", "CT DEN:123456 OCOPZZ99XY thanh toan don hang"),
        ("accountNumber", "9999999999"),
        ("transactionDateTime", "2026-11-28 10:29:00"),
    ],
)
def test_a_field_changed_after_signing_is_refused(field, value):
    document = json.loads(signed_body())
    document["data"][field] = value
    refused(json.dumps(document).encode(), WebhookRejection.BAD_SIGNATURE)


def test_an_added_field_breaks_the_signature():
    document = json.loads(signed_body())
    document["data"]["note"] = "refund me"
    refused(json.dumps(document).encode(), WebhookRejection.BAD_SIGNATURE)


def test_a_stale_transfer_is_refused_and_a_recent_one_accepted():
    old = transfer_data(transactionDateTime="2026-11-27 10:00:00")  # 24.5 hours before NOW
    refused(signed_body(old), WebhookRejection.STALE)
    recent = transfer_data(transactionDateTime="2026-11-27 11:00:00")
    assert verify_bank_feed(signed_body(recent), checksum_key=CHECKSUM_KEY, now=NOW).amount == 385000
    refused(signed_body(recent), WebhookRejection.STALE, max_age=timedelta(hours=1))


def test_a_transfer_dated_in_the_future_is_refused():
    ahead = transfer_data(transactionDateTime="2026-11-28 11:30:00")
    refused(signed_body(ahead), WebhookRejection.STALE)


def test_an_iso_time_with_an_offset_is_understood():
    data = transfer_data(transactionDateTime="2026-11-28T03:27:00+00:00")
    event = verify_bank_feed(signed_body(data), checksum_key=CHECKSUM_KEY, now=NOW)
    assert event.occurred_at == NOW - timedelta(minutes=3)


@pytest.mark.parametrize(
    "data, envelope",
    [
        (transfer_data(code="01", desc="failed"), {}),
        (transfer_data(), {"success": False}),
        (transfer_data(), {"code": "20"}),
        (transfer_data(currency="USD"), {}),
    ],
)
def test_a_notification_that_is_not_a_vnd_payment_is_refused(data, envelope):
    refused(signed_body(data, **envelope), WebhookRejection.NOT_A_PAYMENT)


@pytest.mark.parametrize("amount", [0, -385000, "385000", True, None])
def test_a_signed_amount_that_is_not_whole_dong_is_refused(amount):
    refused(signed_body(transfer_data(amount=amount)), WebhookRejection.MALFORMED)


@pytest.mark.parametrize("amount", [385000.5, 385000.0, {"value": 385000}, [385000]])
def test_a_value_without_a_signable_text_form_is_refused(amount):
    # payOS signs flat text and integers; a float or nested value cannot have been
    # signed by it, whatever the signature says.
    document = json.loads(signed_body())
    document["data"]["amount"] = amount
    refused(json.dumps(document).encode(), WebhookRejection.MALFORMED)


def test_the_signature_is_compared_case_insensitively_but_only_as_hex():
    document = json.loads(signed_body())
    document["signature"] = document["signature"].upper()
    assert verify_bank_feed(json.dumps(document).encode(), checksum_key=CHECKSUM_KEY, now=NOW)
    document["signature"] = "z" * 64
    refused(json.dumps(document).encode(), WebhookRejection.BAD_SIGNATURE)


def test_an_empty_checksum_key_is_a_configuration_error_not_an_open_door():
    with pytest.raises(ValueError):
        verify_bank_feed(signed_body(), checksum_key="", now=NOW)


def test_null_is_signed_as_payos_sdk_signs_it():
    # payOS's Python SDK (payos 1.1.0, CryptoProvider.create_signature_from_object) writes
    # None and the strings "null" and "undefined" as empty values.
    as_empty = sign_bank_feed_data(transfer_data(paymentLinkId=""), CHECKSUM_KEY)
    for value in (None, "null", "undefined"):
        assert sign_bank_feed_data(transfer_data(paymentLinkId=value), CHECKSUM_KEY) == as_empty
    assert sign_bank_feed_data(transfer_data(paymentLinkId="none"), CHECKSUM_KEY) != as_empty
