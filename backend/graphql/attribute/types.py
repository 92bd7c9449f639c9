from __future__ import annotations

import graphene

from ..core.connection import CountableConnection, slice_list
from ..core.ids import to_id
from ..translation.types import (
    AttributeTranslation,
    AttributeValueTranslation,
    translation_field,
    translation_resolver,
)


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    PLAIN_TEXT = "plain-text"
    DATE = "date"


class File(graphene.ObjectType):
    url = graphene.String(required=True)
    content_type = graphene.String()


class AttributeValue(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String()
    slug = graphene.String()
    plain_text = graphene.String()
    boolean = graphene.Boolean()
    date = graphene.Date()
    value = graphene.String(description="The value as text, whatever the input type.")
    date_time = graphene.DateTime(description="Always null: no date-time attributes here.")
    file = graphene.Field(File, description="Values are never files here: always null.")
    translation = translation_field(AttributeValueTranslation)

    resolve_translation = staticmethod(translation_resolver("attribute_value"))

    @staticmethod
    def resolve_file(root, info):
        return None

    @staticmethod
    def resolve_id(root, info):
        return to_id("AttributeValue", root.pk)

    @staticmethod
    def resolve_date_time(root, info):
        return None

    @staticmethod
    def resolve_value(root, info):
        for candidate in (root.plain_text, root.numeric, root.date, root.boolean):
            if candidate is not None:
                return str(candidate)
        return root.name


class AttributeValueCountableConnection(CountableConnection):
    class Meta:
        node = AttributeValue


class Attribute(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String()
    slug = graphene.String()
    input_type = graphene.Field(AttributeInputTypeEnum)
    unit = graphene.String()
    value_required = graphene.Boolean(required=True)
    visible_in_storefront = graphene.Boolean(required=True)
    filterable_in_storefront = graphene.Boolean(required=True)
    storefront_search_position = graphene.Int(required=True)
    choices = graphene.relay.ConnectionField(
        AttributeValueCountableConnection, description="The values a shopper can filter by."
    )
    translation = translation_field(AttributeTranslation)

    resolve_translation = staticmethod(translation_resolver("attribute"))

    @staticmethod
    def resolve_id(root, info):
        return to_id("Attribute", root.pk)

    @staticmethod
    def resolve_input_type(root, info):
        return root.input_type

    @staticmethod
    def resolve_unit(root, info):
        return root.unit or None

    @staticmethod
    def resolve_choices(root, info, **kwargs):
        from ..core.dataloaders import get_loader, then
        from .dataloaders import ValuesByAttributeIdLoader

        values = get_loader(info.context, ValuesByAttributeIdLoader).load(root.pk)
        return then(
            values,
            lambda vs: slice_list(vs, kwargs, AttributeValueCountableConnection, info),
        )


class AttributeCountableConnection(CountableConnection):
    class Meta:
        node = Attribute


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    values = graphene.List(graphene.NonNull(AttributeValue), required=True)

    @staticmethod
    def resolve_attribute(root, info):
        return root[0]

    @staticmethod
    def resolve_values(root, info):
        return root[1]
