"""Saleor's typed attribute assignments (``assignedAttributes`` / ``assignedAttribute``):
one ``Assigned…Attribute`` type per input type, all implementing ``AssignedAttribute``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from backend.attribute.models import Attribute as AttributeModel
from backend.translation.languages import BASE_LANGUAGE

from ..translation.types import LanguageCodeEnum, language_tag, small_kind_rows, translation_of
from .types import Attribute, File


class PositiveInt(graphene.Scalar):
    """An integer greater than 0."""

    @staticmethod
    def serialize(value):
        return int(value)

    @staticmethod
    def parse_value(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("PositiveInt cannot represent a value below 1.")
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql.language.ast import IntValueNode

        if isinstance(node, IntValueNode) and int(node.value) > 0:
            return int(node.value)
        return graphene.types.scalars.Undefined


@dataclass(frozen=True)
class Assigned:
    """An attribute of a product, variant or page with the values chosen for it."""

    attribute: AttributeModel
    values: list


def _language_arg():
    return graphene.Argument(LanguageCodeEnum, required=True)


class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(Attribute, required=True)

    @classmethod
    def resolve_type(cls, instance, info):
        return ASSIGNED_TYPES.get(instance.attribute.input_type, AssignedPlainTextAttribute)


class _Base:
    @staticmethod
    def resolve_attribute(root: Assigned, info):
        return root.attribute


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=_language_arg())

    @staticmethod
    def resolve_translation(root, info, language_code):
        tag = language_tag(language_code)
        if tag.split("-")[0] == BASE_LANGUAGE:
            return root.name
        row = small_kind_rows("attribute_value", tag).get(root.pk)
        return (row.name or root.name) if row is not None else None


class AssignedSingleChoiceAttribute(_Base, graphene.ObjectType):
    value = graphene.Field(AssignedChoiceAttributeValue)

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return root.values[0] if root.values else None


class AssignedMultiChoiceAttribute(_Base, graphene.ObjectType):
    value = graphene.List(
        graphene.NonNull(AssignedChoiceAttributeValue),
        required=True,
        limit=graphene.Argument(PositiveInt, default_value=100),
    )

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info, limit=100):
        return root.values[: min(limit, 100)]


class AssignedPlainTextAttribute(_Base, graphene.ObjectType):
    value = graphene.String()
    translation = graphene.String(language_code=_language_arg())

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        if not root.values:
            return None
        value = root.values[0]
        return value.plain_text or value.name

    @staticmethod
    def resolve_translation(root: Assigned, info, language_code):
        if not root.values:
            return None
        value = root.values[0]
        view = translation_of(info, "attribute_value", value, language_code)
        if view is None:
            return None
        return view.text("plain_text", None) or view.text("name", value.plain_text or value.name)


class AssignedTextAttribute(_Base, graphene.ObjectType):
    value = graphene.JSONString()
    translation = graphene.JSONString(language_code=_language_arg())

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return None

    @staticmethod
    def resolve_translation(root: Assigned, info, language_code):
        return None


class AssignedNumericAttribute(_Base, graphene.ObjectType):
    value = graphene.Float()

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        if not root.values or root.values[0].numeric is None:
            return None
        return float(root.values[0].numeric)


class AssignedBooleanAttribute(_Base, graphene.ObjectType):
    value = graphene.Boolean()

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return root.values[0].boolean if root.values else None


class AssignedDateAttribute(_Base, graphene.ObjectType):
    value = graphene.Date()

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return root.values[0].date if root.values else None


class AssignedFileAttribute(_Base, graphene.ObjectType):
    value = graphene.Field(File)

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return None


class AssignedSingleCollectionReferenceAttribute(_Base, graphene.ObjectType):
    value = graphene.Field("backend.graphql.collection.types.Collection")

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root: Assigned, info):
        return None


ASSIGNED_TYPES: dict[str, Any] = {
    "dropdown": AssignedSingleChoiceAttribute,
    "multiselect": AssignedMultiChoiceAttribute,
    "numeric": AssignedNumericAttribute,
    "boolean": AssignedBooleanAttribute,
    "plain-text": AssignedPlainTextAttribute,
    "date": AssignedDateAttribute,
}

# Types reachable only through the interface: the schema must list them.
ASSIGNED_ATTRIBUTE_TYPES = [
    AssignedSingleChoiceAttribute,
    AssignedMultiChoiceAttribute,
    AssignedPlainTextAttribute,
    AssignedTextAttribute,
    AssignedNumericAttribute,
    AssignedBooleanAttribute,
    AssignedDateAttribute,
    AssignedFileAttribute,
    AssignedSingleCollectionReferenceAttribute,
]


def assigned_field() -> graphene.Field:
    return graphene.Field(
        AssignedAttribute,
        slug=graphene.String(required=True),
        description="The attribute with this slug and its values, if assigned.",
    )


def assigned_list_field() -> graphene.List:
    return graphene.List(
        graphene.NonNull(AssignedAttribute),
        required=True,
        limit=graphene.Argument(PositiveInt, default_value=100),
        description="Attributes with their values, typed by input type.",
    )
