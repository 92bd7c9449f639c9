"""Phone numbers as Vietnamese people write them ("0912 345 678", "+84 912 345 678",
"028 3829 5555"), checked with libphonenumber and stored in E.164 ("+84912345678")."""

from __future__ import annotations

import phonenumbers


def normalize_phone(text: str | None) -> str | None:
    """E.164 form of a valid number (Vietnam assumed without a country code), else None.

    Empty input gives "" (no phone).
    """
    raw = (text or "").strip()
    if not raw:
        return ""
    if len(raw) > 40:
        return None
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """"+84912345678" → "0912 345 678" for Vietnamese numbers; other countries international."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 84
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)
