"""Relay global IDs ("Product:12" in base64), as Saleor uses them."""

from __future__ import annotations

from graphql_relay import from_global_id, to_global_id

from .errors import InvalidArgument


def to_id(type_name: str, pk: int | str) -> str:
    return to_global_id(type_name, str(pk))


def from_id(global_id: str, only_type: str) -> int:
    """The primary key in a global ID of ``only_type``; a GraphQL error otherwise."""
    try:
        type_name, pk = from_global_id(global_id)
        if type_name != only_type or not pk.isdigit():
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError, AttributeError) as exc:
        raise InvalidArgument(f"Invalid ID: {global_id}. Expected: {only_type}.") from exc
    return int(pk)


def from_ids(global_ids: list[str] | None, only_type: str) -> list[int]:
    return [from_id(g, only_type) for g in global_ids or []]
