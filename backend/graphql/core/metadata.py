"""Saleor's metadata shapes: ``MetadataItem``, ``ObjectWithMetadata``, ``MetadataInput``,
``MetadataError``; public metadata only (private metadata is staff-only and not exposed)."""

from __future__ import annotations

import graphene


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class MetadataErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    NOT_UPDATED = "not_updated"


class MetadataError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(MetadataErrorCode, required=True)


def metadata_items(data: dict | None) -> list[MetadataItem]:
    return [MetadataItem(key=k, value=v) for k, v in sorted((data or {}).items())]


class ObjectWithMetadata(graphene.Interface):
    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    metafield = graphene.String(key=graphene.String(required=True))

    @staticmethod
    def resolve_metadata(root, info):
        return metadata_items(root.metadata)

    @staticmethod
    def resolve_metafield(root, info, key):
        return (root.metadata or {}).get(key)

    @classmethod
    def resolve_type(cls, instance, info):
        from backend.checkout.models import Checkout as CheckoutModel

        from ..checkout.types import Checkout
        from ..order.types import Order

        return Checkout if isinstance(instance, CheckoutModel) else Order


MAX_METADATA_KEYS = 50
MAX_METADATA_LENGTH = 2000


def merge_metadata(current: dict, items: list) -> dict:
    """Current metadata with ``items`` set; ValueError names what is wrong."""
    merged = dict(current or {})
    for item in items:
        key, value = item["key"], item["value"]
        if not key or not key.strip():
            raise ValueError("Khoá metadata không được để trống.")
        if len(key) > 200 or len(value) > MAX_METADATA_LENGTH:
            raise ValueError("Khoá hoặc giá trị metadata quá dài.")
        merged[key] = value
    if len(merged) > MAX_METADATA_KEYS:
        raise ValueError(f"Tối đa {MAX_METADATA_KEYS} khoá metadata.")
    return merged
