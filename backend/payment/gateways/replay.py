"""The replay guard every webhook verifier asks before it accepts an event.

A provider may deliver the same event many times (retries, or an attacker replaying a
captured request inside its freshness window). The store of seen event ids will be a
model with a unique constraint; the verifiers only need this one method, so they can be
written and tested before that model exists.
"""

from __future__ import annotations

from typing import Protocol


class ReplayGuard(Protocol):
    def claim(self, provider: str, event_id: str) -> bool:
        """Record ``event_id`` for ``provider``; False if it was recorded before.

        Call it inside the database transaction that records the event's effect (the
        charge), so a rollback also forgets the claim and a retry can succeed. A model
        implementation inserts a row and answers False on the unique-constraint error.
        """
        ...
