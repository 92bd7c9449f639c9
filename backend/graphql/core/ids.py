"""Relay global IDs ("Product:12" in base64), as Saleor uses them.

``from_id`` is the one decoder of IDs a client sends: whatever arrives (non-base64 text,
"Product:²", a 5,000-digit number, 2^63) is either a primary key PostgreSQL can compare
with a bigint column or a GraphQL error naming the ID, never an exception further down.
"""

from __future__ import annotations

import base64
import binascii
import re

from graphql_relay import to_global_id

from .errors import InvalidArgument

# Longest global ID worth decoding: a type name and a bigint, base64-encoded.
MAX_GLOBAL_ID_LENGTH = 120
# Primary keys are PostgreSQL bigints: ASCII digits only, at most 2^63 - 1.
MAX_PK = 2**63 - 1
_PK = re.compile(r"[0-9]{1,19}", re.ASCII)
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+=*", re.ASCII)


def to_id(type_name: str, pk: int | str) -> str:
    return to_global_id(type_name, str(pk))


def _decode(global_id: object) -> tuple[str, str] | None:
    """(type name, raw pk) of a well-formed global ID, else None."""
    if not isinstance(global_id, str) or not 0 < len(global_id) <= MAX_GLOBAL_ID_LENGTH:
        return None
    if not _BASE64.fullmatch(global_id):
        return None
    padded = global_id.rstrip("=")
    padded += "=" * (-len(padded) % 4)
    try:
        text = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        type_name, _, pk = text.decode("utf-8").partition(":")
    except (binascii.Error, ValueError):
        return None
    return type_name, pk


def from_id(global_id: object, only_type: str) -> int:
    """The primary key in a global ID of ``only_type``; a GraphQL error otherwise."""
    decoded = _decode(global_id)
    if decoded is not None:
        type_name, pk = decoded
        if type_name == only_type and _PK.fullmatch(pk) and int(pk) <= MAX_PK:
            return int(pk)
    shown = global_id if isinstance(global_id, str) and len(global_id) <= 60 else "…"
    raise InvalidArgument(f"Invalid ID: {shown}. Expected: {only_type}.")


def from_ids(global_ids: list[str] | None, only_type: str) -> list[int]:
    return [from_id(g, only_type) for g in global_ids or []]
