"""An independent reader of EMVCo merchant-presented QR payloads, for the tests only.

Written from the EMVCo QR specification's rules (ID: two digits; length: two digits,
01-99; the value exactly that long; templates nest the same way; ID 63 with length 04
comes last and holds the CRC-16/CCITT-FALSE of everything before its value). It shares
no code with backend/payment/gateways/vietqr, and is stricter than the payloads need:
any leftover character or mis-stated length is an error, never skipped.
"""

from __future__ import annotations

TEMPLATE_IDS = {"38", "62"}  # templates whose values are themselves data objects
NESTED_TEMPLATES = {("38", "01")}  # 38/01 (beneficiary organisation) nests once more


class DecodeError(ValueError):
    pass


def crc16_ccitt_false_bitwise(data: bytes) -> int:
    """The CRC computed bit by bit, from its definition (poly 0x1021, init 0xFFFF)."""
    crc = 0xFFFF
    for byte in data:
        for bit in range(7, -1, -1):
            top = (crc >> 15) & 1
            crc = (crc << 1) & 0xFFFF
            if top ^ ((byte >> bit) & 1):
                crc ^= 0x1021
    return crc


def split_objects(text: str) -> list[tuple[str, str]]:
    objects, position = [], 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise DecodeError(f"bad ID/length at {position}: {head!r}")
        tag, length = head[:2], int(head[2:])
        if length == 0:
            raise DecodeError(f"object {tag} has length 00")
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise DecodeError(f"object {tag} says {length} characters, {len(value)} remain")
        objects.append((tag, value))
        position += 4 + length
    return objects


def decode(payload: str) -> dict:
    """Nested dict of the payload's objects; raises DecodeError for any deviation."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise DecodeError("payload does not end with the CRC object 6304")
    expected = f"{crc16_ccitt_false_bitwise(payload[:-4].encode('ascii')):04X}"
    if payload[-4:] != expected:
        raise DecodeError(f"CRC {payload[-4:]} but the content gives {expected}")
    root: dict = {}
    for tag, value in split_objects(payload):
        if tag in root:
            raise DecodeError(f"object {tag} appears twice")
        root[tag] = _template(tag, value) if tag in TEMPLATE_IDS else value
    if list(root)[-1] != "63":
        raise DecodeError("the CRC object is not last")
    return root


def _template(tag: str, value: str) -> dict:
    inner: dict = {}
    for sub, sub_value in split_objects(value):
        if sub in inner:
            raise DecodeError(f"object {tag}/{sub} appears twice")
        nested = (tag, sub) in NESTED_TEMPLATES
        inner[sub] = dict(split_objects(sub_value)) if nested else sub_value
    return inner
