"""VietQR payloads: NAPAS's profile of the EMVCo QR for a transfer to a bank account.

Layout (NAPAS "Technical Specifications on NAPAS QR Switching", part IV, v1.5.2):

    00 payload format "01"          01 point of initiation "11" static / "12" with amount
    38 merchant account template:   00 GUID "A000000727" (NAPAS)
                                    01 beneficiary organisation: 00 bank BIN, 01 account
                                    02 service "QRIBFTTA" (NAPAS 247 transfer to an account)
    53 currency "704" (VND)         54 amount in whole đồng (only in a dynamic code)
    58 country "VN"                 62 additional data: 01 bill number, 08 purpose
    63 CRC-16/CCITT-FALSE

The purpose (62/08) is what a banking app pre-fills as the transfer description, so the
payment reference goes there and comes back in the bank feed.
"""

from __future__ import annotations

import re

from backend.payment.gateways.amounts import whole_dong
from backend.payment.gateways.vietqr.emv import PayloadError, data_object, with_crc

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC, DYNAMIC = "11", "12"
# Field 54 holds at most 13 characters.
MAX_QR_AMOUNT = 10**13 - 1
# EMVCo: purpose of transaction and bill number are "ans", up to 25 characters.
MAX_PURPOSE_LENGTH = 25
_BIN = re.compile(r"[0-9]{6}")
# NAPAS: consumer ID (the account number) up to 19 characters; banks use digits and,
# for some virtual accounts, upper-case letters.
_ACCOUNT = re.compile(r"[0-9A-Z]{1,19}")


def vietqr_payload(
    *,
    bank_bin: str,
    account_number: str,
    amount: int | None = None,
    purpose: str | None = None,
    bill_number: str | None = None,
) -> str:
    """The text to encode in the QR: a dynamic code when ``amount`` is given, else static.

    Raises PayloadError (or InvalidAmount) for a value the payload cannot carry exactly.
    """
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise PayloadError(f"bank BIN must be six digits, not {bank_bin!r}")
    if not isinstance(account_number, str) or not _ACCOUNT.fullmatch(account_number):
        raise PayloadError("account number must be 1-19 digits or upper-case letters")
    beneficiary = data_object("00", bank_bin) + data_object("01", account_number)
    merchant = (
        data_object("00", NAPAS_GUID)
        + data_object("01", beneficiary)
        + data_object("02", SERVICE_TRANSFER_TO_ACCOUNT)
    )
    body = data_object("00", "01") + data_object("01", STATIC if amount is None else DYNAMIC)
    body += data_object("38", merchant) + data_object("53", CURRENCY_VND)
    if amount is not None:
        body += data_object("54", str(whole_dong(amount, maximum=MAX_QR_AMOUNT)))
    body += data_object("58", COUNTRY_VN)
    additional = _short_text("01", bill_number) + _short_text("08", purpose)
    if additional:
        body += data_object("62", additional)
    return with_crc(body)


def _short_text(tag: str, value: str | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_PURPOSE_LENGTH:
        raise PayloadError(f"data object 62/{tag} holds at most {MAX_PURPOSE_LENGTH} characters")
    return data_object(tag, value)
