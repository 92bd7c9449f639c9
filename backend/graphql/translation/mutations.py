"""Saleor's ``productTranslate`` and ``productVariantTranslate``: a producer's owners and
managers translate their own products, operator staff holding MANAGE_TRANSLATIONS every
product (``backend.sellers.translations``); ``categoryTranslate``, ``collectionTranslate``,
``attributeTranslate`` and ``attributeValueTranslate`` are the operator's
(``translation.editing.translate_content``). Refusals are top-level PermissionDenied
errors; bad input is ``errors`` with ``TranslationErrorCode``, naming the field. Each call
is one transaction: nothing half-written."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from graphql import GraphQLError

from backend.catalog.models import Product, ProductVariant
from backend.sellers import translations
from backend.sellers.access import NotAllowed
from backend.translation import editing
from backend.translation.error_codes import TranslationErrorCode as Code

from ..catalog.types import Product as ProductObject
from ..catalog.types import ProductVariant as ProductVariantObject
from ..core.ids import _PK, _decode
from ..core.mutations import BaseMutation
from .types import LanguageCodeEnum, language_tag

TranslationErrorCode = graphene.Enum.from_enum(Code, name="TranslationErrorCode")


class TranslationPermissionDenied(GraphQLError):
    """Saleor's PermissionDenied, naming the permission staff would need (a producer's
    team acts through its role instead)."""

    def __init__(self, message: str = "Bạn không có quyền sửa bản dịch của sản phẩm này."):
        super().__init__(message, extensions={
            "code": "PERMISSION_DENIED", "exception": {"code": "PermissionDenied"},
            "permissions": ["MANAGE_TRANSLATIONS"],
        })


class TranslationError(graphene.ObjectType):
    field = graphene.String(description="Input field at fault; null for the whole input.")
    message = graphene.String(description="What is wrong, in Vietnamese.")
    code = graphene.Field(TranslationErrorCode, required=True)


class TranslationInput(graphene.InputObjectType):
    slug = graphene.String()
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String()
    description = graphene.JSONString(description="Translated description (EditorJS JSON).")


class NameTranslationInput(graphene.InputObjectType):
    name = graphene.String()


def _pk(global_id: Any, type_names: tuple[str, ...]) -> int:
    decoded = _decode(global_id)
    if decoded and decoded[0] in type_names and _PK.fullmatch(decoded[1]):
        return int(decoded[1])
    raise ValidationError({"id": ValidationError(
        f"Mã {type_names[0]} không hợp lệ.", code=Code.GRAPHQL_ERROR.value)})


def _channel_context(obj):
    from backend.channel.models import get_default_channel

    from ..core.context import ChannelContext

    return ChannelContext(obj, get_default_channel()) if obj is not None else None


class TranslateMutation(BaseMutation):
    """Signed in, one transaction; ``NotAllowed`` becomes PermissionDenied."""

    error_type = TranslationError
    error_codes = Code
    default_error_code = Code.INVALID
    errors_alias = "translation_errors"

    errors = graphene.List(graphene.NonNull(TranslationError), required=True)
    translation_errors = graphene.List(graphene.NonNull(TranslationError), required=True,
                                       deprecation_reason="Use `errors` field instead.")

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        user = getattr(info.context, "user", None)
        if user is None or not user.is_authenticated:
            raise TranslationPermissionDenied("Hãy đăng nhập để sửa bản dịch.")
        try:
            with transaction.atomic():
                payload = cls.perform_mutation(root, info, **data)
        except (NotAllowed, PermissionDenied):
            raise TranslationPermissionDenied() from None
        except ValidationError as error:
            payload = cls.error_payload(error)
        cls._set_alias(payload)
        return payload


class ProductTranslate(TranslateMutation):
    product = graphene.Field(ProductObject)

    class Arguments:
        id = graphene.ID(required=True, description="Product ID or ProductTranslatableContent ID.")
        input = TranslationInput(required=True,
                                 description="Fields required to update product translations.")
        language_code = graphene.Argument(LanguageCodeEnum, required=True,
                                          description="Translation language code.")

    class Meta:
        description = ("Creates/updates translations for a product. Operator staff need "
                       "MANAGE_TRANSLATIONS; a producer's owners and managers translate "
                       "their own products.")

    @classmethod
    def perform_mutation(cls, root, info, id, input, language_code):
        pk = _pk(id, ("Product", "ProductTranslatableContent"))
        product = Product.objects.filter(pk=pk).first()
        if product is None:
            raise ValidationError({"id": ValidationError(
                "Không tìm thấy sản phẩm.", code=Code.NOT_FOUND.value)})
        translations.translate_product(info.context.user, product, language_tag(language_code),
                                       **dict(input))
        return cls(product=_channel_context(product))


class ProductVariantTranslate(TranslateMutation):
    product_variant = graphene.Field(ProductVariantObject)

    class Arguments:
        id = graphene.ID(required=True,
                         description="ProductVariant ID or ProductVariantTranslatableContent ID.")
        input = NameTranslationInput(
            required=True, description="Fields required to update product variant translations.")
        language_code = graphene.Argument(LanguageCodeEnum, required=True,
                                          description="Translation language code.")

    class Meta:
        description = ("Creates/updates translations for a product variant. Operator staff "
                       "need MANAGE_TRANSLATIONS; a producer's owners and managers translate "
                       "their own products' variants.")

    @classmethod
    def perform_mutation(cls, root, info, id, input, language_code):
        pk = _pk(id, ("ProductVariant", "ProductVariantTranslatableContent"))
        variant = ProductVariant.objects.select_related("product").filter(pk=pk).first()
        if variant is None:
            raise ValidationError({"id": ValidationError(
                "Không tìm thấy quy cách (biến thể) sản phẩm.", code=Code.NOT_FOUND.value)})
        translations.translate_variant(info.context.user, variant, language_tag(language_code),
                                       **dict(input))
        return cls(product_variant=_channel_context(variant))


class AttributeValueTranslationInput(graphene.InputObjectType):
    name = graphene.String()
    rich_text = graphene.JSONString(description="Not kept: values here are plain text.")
    plain_text = graphene.String(description="Translated text.")


# input name → stored field, per input type.
_TEXT_FIELDS = {"name": "name", "slug": "slug", "seo_title": "seo_title",
                "seo_description": "seo_description", "description": "description",
                "plain_text": "plain_text"}


def _content_mutation(name: str, kind: str, model_path: str, type_names: tuple[str, ...],
                      payload_field: str, object_type: str, input_type, noun: str,
                      doc_noun: str, wrap=lambda obj: obj):
    """One operator-only ``…Translate`` mutation in Saleor's shape."""

    def perform_mutation(cls, root, info, id, input, language_code):
        from django.apps import apps

        obj = apps.get_model(model_path).objects.filter(pk=_pk(id, type_names)).first()
        if obj is None:
            raise ValidationError({"id": ValidationError(
                f"Không tìm thấy {noun}.", code=Code.NOT_FOUND.value)})
        given = dict(input)
        if given.pop("rich_text", None) is not None:
            raise ValidationError({"rich_text": ValidationError(
                "Giá trị thuộc tính ở đây là văn bản thường: hãy gửi bản dịch trong "
                "plainText.", code=Code.INVALID.value)})
        texts = {_TEXT_FIELDS[k]: v for k, v in given.items()}
        editing.translate_content(info.context.user, kind, obj.pk,
                                  language_tag(language_code), texts)
        return cls(**{payload_field: wrap(obj)})

    arguments = type("Arguments", (), {
        "id": graphene.ID(required=True, description=f"{type_names[0]} ID or "
                          f"{type_names[1]} ID."),
        "input": input_type(required=True,
                            description="The translated fields."),
        "language_code": graphene.Argument(LanguageCodeEnum, required=True,
                                           description="Translation language code."),
    })
    meta = type("Meta", (), {"description": f"Creates/updates translations for {doc_noun}. "
                             "Requires MANAGE_TRANSLATIONS."})
    return type(name, (TranslateMutation,), {
        payload_field: graphene.Field(object_type), "Arguments": arguments, "Meta": meta,
        "perform_mutation": classmethod(perform_mutation),
    })


CategoryTranslate = _content_mutation(
    "CategoryTranslate", "category", "catalog.Category",
    ("Category", "CategoryTranslatableContent"), "category",
    "backend.graphql.catalog.types.Category", TranslationInput, "danh mục",
    "a category")
CollectionTranslate = _content_mutation(
    "CollectionTranslate", "collection", "collection.Collection",
    ("Collection", "CollectionTranslatableContent"), "collection",
    "backend.graphql.collection.types.Collection", TranslationInput, "bộ sưu tập",
    "a collection", wrap=_channel_context)
AttributeTranslate = _content_mutation(
    "AttributeTranslate", "attribute", "attribute.Attribute",
    ("Attribute", "AttributeTranslatableContent"), "attribute",
    "backend.graphql.attribute.types.Attribute", NameTranslationInput, "thuộc tính",
    "an attribute")
AttributeValueTranslate = _content_mutation(
    "AttributeValueTranslate", "attribute_value", "attribute.AttributeValue",
    ("AttributeValue", "AttributeValueTranslatableContent"), "attribute_value",
    "backend.graphql.attribute.types.AttributeValue", AttributeValueTranslationInput,
    "giá trị thuộc tính", "an attribute value")


class TranslationMutations(graphene.ObjectType):
    product_translate = ProductTranslate.Field()
    product_variant_translate = ProductVariantTranslate.Field()
    category_translate = CategoryTranslate.Field()
    collection_translate = CollectionTranslate.Field()
    attribute_translate = AttributeTranslate.Field()
    attribute_value_translate = AttributeValueTranslate.Field()
