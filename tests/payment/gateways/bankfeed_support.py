"""Signed bank-feed notifications for the tests, built the way payOS builds them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from backend.payment.gateways.vietqr.bankfeed import VIETNAM_TIME, sign_bank_feed_data

CHECKSUM_KEY = "test-checksum-key-7f3a9c"
NOW = datetime(2026, 11, 28, 10, 30, tzinfo=VIETNAM_TIME)


def transfer_data(**changes) -> dict:
    data = {
        "orderCode": 0,
        "amount": 385000,
        "description": "CT DEN:123456 OCOPAB12CD thanh toan don hang",
        "accountNumber": "1031933430",
        "reference": "FT26332901234567",
        "transactionDateTime": (NOW - timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S"),
        "currency": "VND",
        "paymentLinkId": "",
        "code": "00",
        "desc": "success",
        "counterAccountBankId": "970415",
        "counterAccountBankName": "VietinBank",
        "counterAccountName": "NGUYEN VAN A",
        "counterAccountNumber": "0011004321",
        "virtualAccountName": "",
        "virtualAccountNumber": "",
    }
    data.update(changes)
    return data


def signed_body(data: dict | None = None, *, key: str = CHECKSUM_KEY, **envelope) -> bytes:
    data = transfer_data() if data is None else data
    document = {"code": "00", "desc": "success", "success": True, "data": data}
    document["signature"] = sign_bank_feed_data(data, key)
    document.update(envelope)
    return json.dumps(document, ensure_ascii=False).encode()


class MemoryReplayGuard:
    """The replay-guard protocol over a set, standing in for the future model."""

    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()

    def claim(self, provider: str, event_id: str) -> bool:
        if (provider, event_id) in self.claimed:
            return False
        self.claimed.add((provider, event_id))
        return True
