"""What a shopper needs to pay by bank transfer: the QR, and the same details in words.

``transfer_request`` gathers them once; its ``as_data()`` is the JSON ``data`` that
``transactionInitialize`` returns for the VietQR gateway (camelCase, like Saleor's apps).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from backend.core.money import CURRENCY, format_vnd
from backend.payment.gateways.amounts import whole_dong
from backend.payment.gateways.vietqr.emv import PayloadError
from backend.payment.gateways.vietqr.image import qr_svg
from backend.payment.gateways.vietqr.payload import vietqr_payload
from backend.payment.gateways.vietqr.reference import is_payment_reference


@dataclass(frozen=True)
class TransferRequest:
    bank_bin: str
    bank_name: str
    account_number: str
    account_holder: str
    amount: int
    reference: str
    payload: str
    svg: str

    def as_data(self) -> dict[str, object]:
        return {
            "vietqr": {"payload": self.payload, "svg": self.svg},
            "transfer": {
                "bankBin": self.bank_bin,
                "bankName": self.bank_name,
                "accountNumber": self.account_number,
                "accountHolder": self.account_holder,
                "amount": self.amount,
                "amountText": format_vnd(self.amount),
                "currency": CURRENCY,
                "description": self.reference,
            },
        }


def transfer_request(
    *,
    bank_bin: str,
    bank_name: str,
    account_number: str,
    account_holder: str,
    amount: int,
    reference: str,
) -> TransferRequest:
    """A dynamic VietQR for exactly ``amount`` đồng with ``reference`` as the description.

    Raises PayloadError or InvalidAmount when a value cannot be carried exactly.
    """
    if not isinstance(reference, str) or not is_payment_reference(reference):
        raise PayloadError(f"{reference!r} is not a payment reference")
    amount = whole_dong(amount)
    payload = vietqr_payload(
        bank_bin=bank_bin, account_number=account_number, amount=amount, purpose=reference
    )
    return TransferRequest(
        bank_bin=bank_bin,
        bank_name=unicodedata.normalize("NFC", bank_name),
        account_number=account_number,
        account_holder=unicodedata.normalize("NFC", account_holder),
        amount=amount,
        reference=reference,
        payload=payload,
        svg=qr_svg(payload),
    )
