"""What every gateway's webhook verifier shares: the refusal it raises (with one list of
reasons) and the replay guard it asks before it accepts an event.

A provider may deliver the same event many times (retries, or an attacker replaying a
captured request inside its freshness window). The store of seen event ids will be a
model with a unique constraint; the verifiers only need the one method of ReplayGuard, so
they can be written and tested before that model exists.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class ReplayGuard(Protocol):
    def claim(self, provider: str, event_id: str) -> bool:
        """Record ``event_id`` for ``provider``; False if it was recorded before.

        Call it inside the database transaction that records the event's effect (the
        charge), so a rollback also forgets the claim and a retry can succeed. A model
        implementation inserts a row and answers False on the unique-constraint error.
        """
        ...


class WebhookRejection(StrEnum):
    MALFORMED = "malformed"  # not the provider's format: size, JSON, types, NUL
    UNSIGNED = "unsigned"
    BAD_SIGNATURE = "bad_signature"
    NOT_A_PAYMENT = "not_a_payment"  # signed, but a failure or another currency
    STALE = "stale"  # signed, but outside the freshness window
    REPLAYED = "replayed"  # signed and fresh, but already claimed


class WebhookRejected(Exception):
    """A notification was not accepted; nothing may change because of it.

    ``detail`` is for the log and never holds a secret or the body.
    """

    def __init__(self, reason: WebhookRejection, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
