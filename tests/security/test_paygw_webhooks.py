"""Payment-gateway doors under attack: the bank-feed and Stripe webhook verifiers, and the
VietQR builders, fed malformed input (issue 13).

Every body below must end in the verifier's own refusal (WebhookRejected or
WebhookRejected, with the expected reason), never another exception, and must never
touch the replay guard. A seeded fuzz mutates genuine signed bodies byte by byte: each
mutant is either refused cleanly or, if the mutation kept the signed data intact (a space
between JSON tokens), read to exactly the original event. Prints the counts.
"""

from __future__ import annotations

import collections
import json
import random
from decimal import Decimal

import pytest

from backend.payment.gateways.amounts import InvalidAmount
from backend.payment.gateways.stripe import (
    verify_stripe_webhook,
)
from backend.payment.gateways.vietqr import (
    PayloadError,
    find_payment_references,
    transfer_request,
    verify_bank_feed,
    vietqr_payload,
)
from backend.payment.gateways.webhooks import WebhookRejected, WebhookRejection
from tests.payment.gateways.bankfeed_support import (
    CHECKSUM_KEY,
    NOW,
    MemoryReplayGuard,
    signed_body,
    transfer_data,
)
from tests.payment.gateways.stripe_events import event_body, payment_intent, signature_header
from tests.payment.gateways.vietqr_support import transfer_arguments

SEED = 20261128
STRIPE_SECRET = "whsec_security_tests"
R = WebhookRejection


def _bankfeed_document(**data_changes) -> bytes:
    """A body whose data holds odd values, signed as well as the value allows."""
    data = transfer_data(**data_changes)
    try:
        return signed_body(data)
    except TypeError:  # nested or float values: no signature can be computed
        document = {"code": "00", "success": True, "data": data, "signature": "a" * 64}
        return json.dumps(document).encode()


BANKFEED_BODIES = {
    "empty": (b"", R.MALFORMED),
    "not json": (b"amount=385000&signature=abc", R.MALFORMED),
    "not utf-8": (b'{"data": "\xff\xfe"}', R.MALFORMED),
    "json null": (b"null", R.MALFORMED),
    "json list": (b"[1, 2, 3]", R.MALFORMED),
    "json string": (b'"OCOPAB12CD"', R.MALFORMED),
    "huge": (b'{"data": {"description": "' + b"x" * 200_000 + b'"}}', R.MALFORMED),
    "deep arrays": (b"[" * 10_000 + b"]" * 10_000, R.MALFORMED),
    "deep objects": (b'{"a":' * 3_000 + b"1" + b"}" * 3_000, R.MALFORMED),
    "NaN": (b'{"data": {"amount": NaN}, "signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "Infinity": (b'{"data": {"amount": Infinity}, "signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "duplicate keys": (b'{"data": {"amount": 1, "amount": 385000}, "signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "data is a list": (b'{"data": [], "signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "data is a string": (b'{"data": "x", "signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "no data": (b'{"signature": "' + b"a" * 64 + b'"}', R.MALFORMED),
    "signature missing": (json.dumps({"data": transfer_data()}).encode(), R.UNSIGNED),
    "signature null": (json.dumps({"data": transfer_data(), "signature": None}).encode(), R.UNSIGNED),
    "signature a number": (json.dumps({"data": transfer_data(), "signature": 12345}).encode(), R.BAD_SIGNATURE),
    "signature a list": (json.dumps({"data": transfer_data(), "signature": ["a" * 64]}).encode(), R.BAD_SIGNATURE),
    "signature with NUL": (json.dumps({"data": transfer_data(), "signature": "a" * 63 + "\x00"}).encode(), R.BAD_SIGNATURE),
    "signature too long": (json.dumps({"data": transfer_data(), "signature": "a" * 10_000}).encode(), R.BAD_SIGNATURE),
    "amount a string": (_bankfeed_document(amount="385000"), R.MALFORMED),
    "amount a float": (_bankfeed_document(amount=385000.0), R.MALFORMED),
    "amount a bool": (_bankfeed_document(amount=True), R.MALFORMED),
    "amount negative": (_bankfeed_document(amount=-385000), R.MALFORMED),
    "amount enormous": (_bankfeed_document(amount=10**4000), R.MALFORMED),
    "amount an object": (_bankfeed_document(amount={"value": 385000}), R.MALFORMED),
    "reference an object": (_bankfeed_document(reference={"id": 1}), R.MALFORMED),
    "reference missing": (_bankfeed_document(reference=None), R.MALFORMED),
    "reference with NUL": (_bankfeed_document(reference="FT26\x00332"), R.MALFORMED),
    "description with NUL": (_bankfeed_document(description="OCOPAB12CD\x00"), R.MALFORMED),
    "description a list": (_bankfeed_document(description=["OCOPAB12CD"]), R.MALFORMED),
    "description huge": (_bankfeed_document(description="OCOPAB12CD " * 500), R.MALFORMED),
    "account a number": (_bankfeed_document(accountNumber=1031933430), R.MALFORMED),
    "time garbage": (_bankfeed_document(transactionDateTime="hôm qua"), R.MALFORMED),
    "time a number": (_bankfeed_document(transactionDateTime=1764300000), R.MALFORMED),
    "time year 1": (_bankfeed_document(transactionDateTime="0001-01-01 00:00:00"), R.STALE),
    "time year 9999": (_bankfeed_document(transactionDateTime="9999-12-31 23:59:59"), R.STALE),
}


@pytest.mark.parametrize("name", BANKFEED_BODIES)
def test_a_malformed_bank_feed_body_is_refused_cleanly(name):
    body, reason = BANKFEED_BODIES[name]
    guard = MemoryReplayGuard()
    with pytest.raises(WebhookRejected) as caught:
        verify_bank_feed(body, checksum_key=CHECKSUM_KEY, now=NOW, replay_guard=guard)
    assert caught.value.reason == reason
    assert guard.claimed == set()


SIGN_WHEN_SENT = "sign when sent"  # signed in the test itself, so the timestamp is fresh


def _stripe_signed(document) -> tuple[bytes, str]:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return body, SIGN_WHEN_SENT


def _event(**changes) -> dict:
    document = json.loads(event_body("payment_intent.succeeded", payment_intent()))
    document.update(changes)
    return document


STRIPE_BODIES = {
    "empty": (b"", "t=1,v1=ab", R.MALFORMED),
    "not json": (b"type=payment_intent.succeeded", "t=1,v1=ab", R.MALFORMED),
    "not utf-8": (b"\xff\xfe\x00", "t=1,v1=ab", R.MALFORMED),
    "huge": (b'{"x": "' + b"y" * 400_000 + b'"}', "t=1,v1=ab", R.MALFORMED),
    "header garbage": (event_body("payment_intent.succeeded", payment_intent()), "garbage", R.BAD_SIGNATURE),
    "header without v1": (event_body("payment_intent.succeeded", payment_intent()), "t=1700000000", R.BAD_SIGNATURE),
    "header with NUL": (event_body("payment_intent.succeeded", payment_intent()), "t=1,v1=\x00", R.BAD_SIGNATURE),
    "header enormous": (event_body("payment_intent.succeeded", payment_intent()), "t=1," + "v1=ab," * 20_000, R.BAD_SIGNATURE),
    "header missing": (event_body("payment_intent.succeeded", payment_intent()), None, R.UNSIGNED),
    "signed null": (*_stripe_signed(b"null"), R.MALFORMED),
    "signed list": (*_stripe_signed(b"[1]"), R.MALFORMED),
    "signed string": (*_stripe_signed(b'"evt"'), R.MALFORMED),
    "signed deep": (*_stripe_signed(b'{"a":' * 3_000 + b"1" + b"}" * 3_000), R.MALFORMED),
    "signed without data": (*_stripe_signed(_event(data=None)), R.MALFORMED),
    "signed data a list": (*_stripe_signed(_event(data=[])), R.MALFORMED),
    "signed object a string": (*_stripe_signed(_event(data={"object": "pi_1"})), R.MALFORMED),
    "signed object a number": (*_stripe_signed(_event(data={"object": 5})), R.MALFORMED),
    "signed id a number": (*_stripe_signed(_event(id=5)), R.MALFORMED),
    "signed id with NUL": (*_stripe_signed(_event(id="evt_\x00")), R.MALFORMED),
    "signed created huge": (*_stripe_signed(_event(created=10**30)), R.MALFORMED),
    "signed created negative": (*_stripe_signed(_event(created=-1)), R.MALFORMED),
    "signed created a string": (*_stripe_signed(_event(created="yesterday")), R.MALFORMED),
    "signed amount a float": (*_stripe_signed(_event(data={"object": payment_intent(amount=1.5)})), R.MALFORMED),
    "signed amount a bool": (*_stripe_signed(_event(data={"object": payment_intent(amount=True)})), R.MALFORMED),
    "signed status a list": (*_stripe_signed(_event(data={"object": payment_intent(status=["succeeded"])})), R.MALFORMED),
    "signed error a string": (*_stripe_signed(_event(data={"object": payment_intent(last_payment_error="declined")})), R.MALFORMED),
    "signed currency a number": (*_stripe_signed(_event(data={"object": payment_intent(currency=704)})), R.MALFORMED),
    "signed refund without intent": (
        *_stripe_signed(_event(type="charge.refunded", data={"object": {"id": "ch_1", "currency": "vnd", "amount_refunded": 5}})),
        R.MALFORMED,
    ),
}


@pytest.mark.parametrize("name", STRIPE_BODIES)
def test_a_malformed_stripe_body_is_refused_cleanly(name):
    body, header, reason = STRIPE_BODIES[name]
    if header == SIGN_WHEN_SENT:
        header = signature_header(body, STRIPE_SECRET)
    guard = MemoryReplayGuard()
    with pytest.raises(WebhookRejected) as caught:
        verify_stripe_webhook(body, header, webhook_secret=STRIPE_SECRET, replay_guard=guard)
    assert caught.value.reason == reason
    assert guard.claimed == set()


def _mutants(rng: random.Random, body: bytes, count: int):
    for _ in range(count):
        data = bytearray(body)
        kind = rng.choice(["flip", "insert", "delete", "truncate", "duplicate"])
        at = rng.randrange(len(data))
        if kind == "flip":
            data[at] = rng.randrange(256)
        elif kind == "insert":
            data[at:at] = bytes(rng.choice([b"\x00", b" ", b"{", b"[", b'"', b"9", b"\xff"]))
        elif kind == "delete":
            del data[at : at + rng.randint(1, 8)]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + rng.randint(1, 40)]
        yield kind, bytes(data)


def test_mutated_signed_bodies_never_crash_the_verifiers():
    rng = random.Random(SEED)
    tally = collections.Counter()
    bank_body = signed_body()
    original = verify_bank_feed(bank_body, checksum_key=CHECKSUM_KEY, now=NOW)
    for kind, mutant in _mutants(rng, bank_body, 3_000):
        try:
            event = verify_bank_feed(mutant, checksum_key=CHECKSUM_KEY, now=NOW)
        except WebhookRejected as rejected:
            tally[f"bank-feed refused {rejected.reason}"] += 1
        else:
            assert event == original, f"a {kind} mutation changed the event"
            tally["bank-feed unchanged"] += 1
    stripe_body = event_body("payment_intent.succeeded", payment_intent())
    header = signature_header(stripe_body, STRIPE_SECRET)
    for _kind, mutant in _mutants(rng, stripe_body, 2_000):
        try:
            verify_stripe_webhook(mutant, header, webhook_secret=STRIPE_SECRET)
        except WebhookRejected as rejected:
            tally[f"stripe refused {rejected.reason}"] += 1
        else:
            assert mutant == stripe_body
            tally["stripe unchanged"] += 1
    print("\ntest_paygw_webhooks: mutants per outcome")
    for outcome, count in sorted(tally.items()):
        print(f"  {outcome:<32} {count:6d}")
    assert sum(tally.values()) == 5_000
    assert tally["bank-feed refused bad_signature"] > 0 and tally["stripe refused bad_signature"] > 0


@pytest.mark.parametrize(
    "arguments",
    [
        {"bank_bin": None, "account_number": "1031933430"},
        {"bank_bin": 970436, "account_number": "1031933430"},
        {"bank_bin": "970436", "account_number": None},
        {"bank_bin": "970436", "account_number": 1031933430},
        {"bank_bin": "970436\x00", "account_number": "1031933430"},
        {"bank_bin": "970436", "account_number": "1031933430\n"},
        {"bank_bin": "٩٧٠٤٣٦", "account_number": "1031933430"},  # Arabic-Indic digits
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": 5},
        {"bank_bin": "970436", "account_number": "1031933430", "purpose": "\u202eOCOPAB12CD"},
        {"bank_bin": "970436", "account_number": "1031933430", "bill_number": "x" * 10_000},
    ],
)
def test_hostile_values_for_a_vietqr_are_refused_cleanly(arguments):
    with pytest.raises(PayloadError):
        vietqr_payload(**arguments)


@pytest.mark.parametrize("amount", [None, "1000", 1e3, Decimal("NaN"), Decimal("Infinity"), Decimal("-1"), [1000]])
def test_hostile_amounts_for_a_transfer_are_refused_cleanly(amount):
    with pytest.raises(InvalidAmount):
        transfer_request(**transfer_arguments(amount=amount))


@pytest.mark.parametrize("reference", [None, 12, "", "OCOPAB12CD\x00", "ocopab12cd", "OCOPAB12CD "])
def test_hostile_references_for_a_transfer_are_refused_cleanly(reference):
    with pytest.raises(PayloadError):
        transfer_request(**transfer_arguments(reference=reference))


def test_reference_search_survives_hostile_descriptions():
    for text in ["\x00" * 10_000, "OCOP" * 50_000, "\U0001f600" * 10_000, "ＯＣＯＰ" * 10_000, "\ud800"]:
        assert find_payment_references(text) == ()
