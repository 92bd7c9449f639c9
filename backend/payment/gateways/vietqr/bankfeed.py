"""Bank-feed webhooks that confirm VietQR transfers, in payOS's signed-JSON scheme.

The provider watches the marketplace's bank account and posts each incoming transfer:

    {"code": "00", "desc": "success", "success": true,
     "data": {"reference": "FT2611...", "amount": 250000, "accountNumber": "...",
              "description": "CT DEN:123456 OCOPAB12CD ...",
              "transactionDateTime": "2026-11-28 10:15:00", ...},
     "signature": "<hex HMAC-SHA256>"}

The signature is HMAC-SHA256, keyed with the checksum key, over the ``data`` fields sorted
by name and joined as ``key=value&key=value`` (payOS's documented rule; as in its SDKs,
null and the strings "null"/"undefined" are empty, booleans ``true``/``false``).
``verify_bank_feed`` checks it in constant time, then the fields, the freshness and,
last, the replay guard; anything wrong raises WebhookRejected and is logged without the
checksum key or the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from backend.core.money import CURRENCY
from backend.payment.gateways.amounts import InvalidAmount, whole_dong
from backend.payment.gateways.vietqr.reference import find_payment_references
from backend.payment.gateways.webhooks import ReplayGuard, WebhookRejected, WebhookRejection

logger = logging.getLogger(__name__)

PROVIDER = "bankfeed"
# A payOS notification is about one kilobyte; anything far larger is not one.
MAX_BODY_BYTES = 16 * 1024
DEFAULT_MAX_AGE = timedelta(hours=24)
# Clocks differ a little; a transfer dated further ahead than this is refused.
FUTURE_SKEW = timedelta(minutes=5)
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
_SIGNATURE = re.compile(r"[0-9a-fA-F]{64}")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
_MAX_TEXT = 1_000


@dataclass(frozen=True)
class BankFeedEvent:
    """One incoming transfer, as the bank reported it (amount in whole đồng)."""

    transaction_id: str
    amount: int
    account_number: str
    description: str
    references: tuple[str, ...]
    occurred_at: datetime
    counter_account_number: str = ""
    counter_account_name: str = ""

    @property
    def reference(self) -> str | None:
        """The first payment reference in the description, if any."""
        return self.references[0] if self.references else None


def sign_bank_feed_data(data: Mapping[str, object], checksum_key: str) -> str:
    """The hex HMAC-SHA256 payOS puts in ``signature`` for this ``data`` object.

    Raises TypeError for a nested or float value, which payOS never sends.
    """
    if not checksum_key:
        raise ValueError("the checksum key is empty")
    message = "&".join(f"{key}={_signed_text(data[key])}" for key in sorted(data))
    return hmac.new(checksum_key.encode(), message.encode(), hashlib.sha256).hexdigest()


def verify_bank_feed(
    body: bytes,
    *,
    checksum_key: str,
    replay_guard: ReplayGuard | None = None,
    now: datetime | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
) -> BankFeedEvent:
    """Check a notification's signature, fields and age; return the transfer it reports.

    ``replay_guard`` is asked last, so only a notification that passed every other check
    is remembered; call this inside the transaction that records the charge. ``now``
    must be timezone-aware.
    """
    if not checksum_key:
        raise ValueError("the checksum key is empty")
    try:
        document, data, signature = _signed_parts(body)
        _check_signature(data, signature, checksum_key)
        # Only data is signed: the envelope's status is read after the signature held.
        if document.get("success") is False or document.get("code", "00") != "00":
            raise WebhookRejected(WebhookRejection.NOT_A_PAYMENT, "provider reports a failure")
        event = _event(data)
        _check_age(event, now or datetime.now(UTC), max_age)
        if replay_guard is not None and not replay_guard.claim(PROVIDER, event.transaction_id):
            raise WebhookRejected(WebhookRejection.REPLAYED, event.transaction_id)
    except WebhookRejected as rejected:
        logger.warning("bank-feed notification refused: %s", rejected)
        raise
    return event


def _signed_text(value: object) -> str:
    # payOS's own SDKs also write the strings "null" and "undefined" as empty.
    if value is None or value in ("null", "undefined"):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    # payOS's data is flat; a nested or float value has no agreed text form.
    raise TypeError(f"cannot sign a {type(value).__name__} value")


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _signed_parts(body: bytes) -> tuple[dict[str, object], dict[str, object], str]:
    if not isinstance(body, (bytes, bytearray)) or len(body) > MAX_BODY_BYTES:
        raise WebhookRejected(WebhookRejection.MALFORMED, "body missing or too large")
    try:
        document = json.loads(
            bytes(body).decode("utf-8"),
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError) as error:
        raise WebhookRejected(WebhookRejection.MALFORMED, "body is not JSON") from error
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise WebhookRejected(WebhookRejection.MALFORMED, "no data object")
    signature = document.get("signature")
    if signature is None or signature == "":
        raise WebhookRejected(WebhookRejection.UNSIGNED, "no signature")
    if not isinstance(signature, str) or not _SIGNATURE.fullmatch(signature):
        raise WebhookRejected(WebhookRejection.BAD_SIGNATURE, "signature is not 64 hex digits")
    return document, document["data"], signature.lower()


def _check_signature(data: dict[str, object], signature: str, checksum_key: str) -> None:
    try:
        expected = sign_bank_feed_data(data, checksum_key)
    except TypeError as error:
        raise WebhookRejected(WebhookRejection.MALFORMED, str(error)) from error
    if not hmac.compare_digest(expected, signature):
        raise WebhookRejected(WebhookRejection.BAD_SIGNATURE, "signature does not match")


def _text(data: dict[str, object], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise WebhookRejected(WebhookRejection.MALFORMED, f"{key} is missing")
        return ""
    if not isinstance(value, str) or "\x00" in value or len(value) > _MAX_TEXT:
        raise WebhookRejected(WebhookRejection.MALFORMED, f"{key} is not a short text")
    return value


def _event(data: dict[str, object]) -> BankFeedEvent:
    if data.get("code", "00") != "00":
        raise WebhookRejected(WebhookRejection.NOT_A_PAYMENT, "transfer reports a failure")
    if _text(data, "currency") not in ("", CURRENCY):
        raise WebhookRejected(WebhookRejection.NOT_A_PAYMENT, "currency is not VND")
    try:
        amount = whole_dong(data.get("amount"))
    except InvalidAmount as error:
        raise WebhookRejected(WebhookRejection.MALFORMED, "amount is not whole đồng") from error
    description = " ".join(_text(data, "description").split())
    return BankFeedEvent(
        transaction_id=_text(data, "reference", required=True),
        amount=amount,
        account_number=_text(data, "accountNumber", required=True),
        description=description,
        references=find_payment_references(description),
        occurred_at=_occurred_at(_text(data, "transactionDateTime", required=True)),
        counter_account_number=_text(data, "counterAccountNumber"),
        counter_account_name=_text(data, "counterAccountName"),
    )


def _occurred_at(text: str) -> datetime:
    for fmt in _TIME_FORMATS:
        try:
            # The bank's clock is Vietnam time (UTC+7, no daylight saving).
            return datetime.strptime(text, fmt).replace(tzinfo=VIETNAM_TIME)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise WebhookRejected(WebhookRejection.MALFORMED, "unreadable time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TIME)


def _check_age(event: BankFeedEvent, now: datetime, max_age: timedelta) -> None:
    if event.occurred_at < now - max_age:
        raise WebhookRejected(WebhookRejection.STALE, f"transfer dated {event.occurred_at}")
    if event.occurred_at > now + FUTURE_SKEW:
        raise WebhookRejected(WebhookRejection.STALE, f"transfer dated ahead {event.occurred_at}")
