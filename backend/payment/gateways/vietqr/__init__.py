"""VietQR bank transfers (gateway ``vn.ocop.vietqr``): payloads, QR images, references and
the signed bank-feed webhooks that confirm the transfers. See README.md beside this file."""

from backend.payment.gateways.vietqr.bankfeed import (
    BankFeedEvent,
    sign_bank_feed_data,
    verify_bank_feed,
)
from backend.payment.gateways.vietqr.emv import PayloadError
from backend.payment.gateways.vietqr.image import qr_svg
from backend.payment.gateways.vietqr.payload import vietqr_payload
from backend.payment.gateways.vietqr.reference import (
    find_payment_references,
    is_payment_reference,
    new_payment_reference,
)
from backend.payment.gateways.vietqr.transfer import TransferRequest, transfer_request

GATEWAY_ID = "vn.ocop.vietqr"

__all__ = [
    "GATEWAY_ID",
    "BankFeedEvent",
    "PayloadError",
    "TransferRequest",
    "find_payment_references",
    "is_payment_reference",
    "new_payment_reference",
    "qr_svg",
    "sign_bank_feed_data",
    "transfer_request",
    "verify_bank_feed",
    "vietqr_payload",
]
