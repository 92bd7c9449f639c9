"""EMVCo merchant-presented QR data objects and the CRC that closes a payload.

A payload is a run of data objects: a two-digit ID, a two-digit length and the value
(1-99 characters). Templates (such as ID 38 and 62) hold data objects of their own. The
last object is ID 63, length 04, whose value is the CRC-16/CCITT-FALSE (polynomial 0x1021,
initial value 0xFFFF, no reflection, no final XOR) of everything before it, "6304"
included, written as four upper-case hex digits.
"""

from __future__ import annotations

import binascii

CRC_TAG = "63"
_MAX_VALUE_LENGTH = 99


class PayloadError(ValueError):
    """A value cannot be written as an EMVCo data object."""


def crc16_ccitt_false(data: bytes) -> int:
    # binascii.crc_hqx is the non-reflected 0x1021 CRC; with 0xFFFF as its start value
    # it is exactly CRC-16/CCITT-FALSE (check value of "123456789": 0x29B1).
    return binascii.crc_hqx(data, 0xFFFF)


def data_object(tag: str, value: str) -> str:
    """``data_object("58", "VN")`` → ``"5802VN"``.

    Values are limited to printable ASCII: EMVCo's common character set, and the only
    text every Vietnamese bank app reads back unchanged (lengths then count bytes and
    characters alike).
    """
    if len(tag) != 2 or not tag.isascii() or not tag.isdigit():
        raise PayloadError(f"data object ID must be two digits, not {tag!r}")
    if not 1 <= len(value) <= _MAX_VALUE_LENGTH:
        raise PayloadError(f"data object {tag} must hold 1-99 characters, not {len(value)}")
    if not all(" " <= ch <= "~" for ch in value):
        raise PayloadError(f"data object {tag} may hold printable ASCII only")
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    """Close ``body`` with the CRC object (ID 63) computed over it and "6304"."""
    head = body + CRC_TAG + "04"
    return head + f"{crc16_ccitt_false(head.encode('ascii')):04X}"
