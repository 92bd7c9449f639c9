"""The scoped catalog mutations in Saleor's staff shapes: operator staff holding
MANAGE_PRODUCTS act on every producer, a producer's owners and managers on its products,
packers on stock only (``backend.sellers.access``). Refusals are top-level
PermissionDenied errors; bad input is ``errors`` with ``ProductErrorCode``. Each mutation
runs in one transaction: nothing half-written."""

from __future__ import annotations

import json
from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from backend.catalog.models import Category, Product, ProductMedia, ProductType, ProductVariant
from backend.producers.models import Producer
from backend.sellers import catalog as seller_catalog
from backend.sellers import services, team
from backend.sellers.access import NotAllowed
from backend.sellers.error_codes import ProductErrorCode as Code
from backend.sellers.models import ProducerMembership
from backend.warehouse.models import Warehouse

from ..catalog.types import Product as ProductObject
from ..catalog.types import ProductMedia as ProductMediaObject
from ..catalog.types import ProductVariant as ProductVariantObject
from ..core.context import ChannelContext
from ..core.ids import _PK, _decode
from ..core.mutations import BaseMutation
from ..core.scalars import PositiveDecimal
from ..core.upload import Upload
from .types import (
    BulkStockError,
    ProducerMember,
    ProducerRoleEnum,
    ProductChannelListingError,
    ProductError,
    SellerBankAccount,
    SellerError,
    SellerErrorCode,
    SellerPermissionDenied,
)


def _user(info) -> Any:
    return getattr(info.context, "user", None)


def _pk(global_id: Any, type_name: str, field: str) -> int:
    decoded = _decode(global_id)
    if decoded and decoded[0] == type_name and _PK.fullmatch(decoded[1]):
        return int(decoded[1])
    raise ValidationError({field: ValidationError(
        f"Mã {type_name} không hợp lệ.", code=Code.GRAPHQL_ERROR.value)})


def _get(model, global_id: Any, type_name: str, field: str = "id", qs=None):
    obj = (qs if qs is not None else model.objects).filter(
        pk=_pk(global_id, type_name, field)).first()
    if obj is None:
        raise ValidationError({field: ValidationError(
            f"Không tìm thấy {type_name}.", code=Code.NOT_FOUND.value)})
    return obj


def _channel(global_id: Any = None):
    from backend.channel.models import Channel, get_default_channel

    if global_id is None:
        return get_default_channel()
    return _get(Channel, global_id, "Channel", "channelId")


def _product_ctx(product: Product | None):
    return ChannelContext(product, _channel()) if product is not None else None


def _variant_ctx(variant: ProductVariant | None):
    return ChannelContext(variant, _channel()) if variant is not None else None


def _description_text(value: Any) -> str:
    """Saleor sends EditorJS JSON; a plain string is taken as text."""
    if value in (None, ""):
        return ""
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except ValueError:
            return value
    if isinstance(data, dict):
        blocks = data.get("blocks") or []
        return "\n\n".join(str((b.get("data") or {}).get("text", "")) for b in blocks
                           if isinstance(b, dict))
    return str(data)


class SellerMutation(BaseMutation):
    """One transaction per call; ``NotAllowed`` from the role table becomes PermissionDenied."""

    error_type = ProductError
    error_codes = Code
    default_error_code = Code.INVALID
    errors_alias = "product_errors"

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **data):
        user = _user(info)
        if user is None or not user.is_authenticated:
            raise SellerPermissionDenied("Hãy đăng nhập để quản lý sản phẩm.")
        try:
            with transaction.atomic():
                payload = cls.perform_mutation(root, info, **data)
        except NotAllowed as refusal:
            raise SellerPermissionDenied(refusal.message) from None
        except ValidationError as error:
            payload = cls.error_payload(error)
        cls._set_alias(payload)
        return payload


class ProductMutation(SellerMutation):
    """A catalog mutation answering Saleor's ``errors`` and deprecated ``productErrors``."""

    errors = graphene.List(graphene.NonNull(ProductError), required=True)
    product_errors = graphene.List(graphene.NonNull(ProductError), required=True,
                                   deprecation_reason="Use `errors` field instead.")

    class Meta:
        abstract = True


# -- products -------------------------------------------------------------------------


class SeoInput(graphene.InputObjectType):
    title = graphene.String()
    description = graphene.String()


class ProductInput(graphene.InputObjectType):
    category = graphene.ID(description="ID of the product's category.")
    description = graphene.JSONString(description="Rich text (EditorJS JSON) or plain text.")
    name = graphene.String()
    seo = graphene.Field(SeoInput)


class ProductCreateInput(ProductInput):
    product_type = graphene.ID(required=True, description="ID of the product type.")
    producer = graphene.ID(description="Extension: the producer selling it (sellers: one of "
                                       "their own; defaults to their only producer).")


def _category(value: Any):
    if value is None:
        return None
    return _get(Category, value, "Category", "category")


class ProductCreate(ProductMutation):
    product = graphene.Field(ProductObject)

    class Arguments:
        input = ProductCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = _user(info)
        if input.get("producer"):
            producer = _get(Producer, input["producer"], "Producer", "producer")
        else:
            own = list(ProducerMembership.objects.filter(user_id=user.pk)
                       .values_list("producer_id", flat=True)[:2])
            if len(own) != 1:
                raise ValidationError({"producer": ValidationError(
                    "Hãy chọn chủ thể bán sản phẩm.", code=Code.REQUIRED.value)})
            producer = Producer.objects.get(pk=own[0])
        product_type = _get(ProductType, input["product_type"], "ProductType", "productType")
        seo = input.get("seo") or {}
        product = seller_catalog.create_product(
            user, producer, name=input.get("name") or "", product_type=product_type,
            category=_category(input.get("category")),
            description=_description_text(input.get("description")),
        )
        if seo:
            seller_catalog.update_product(user, product, seo_title=seo.get("title"),
                                          seo_description=seo.get("description"))
        return cls(product=_product_ctx(product))


class ProductUpdate(ProductMutation):
    product = graphene.Field(ProductObject)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        product = _get(Product, id, "Product")
        seo = input.get("seo") or {}
        kwargs: dict[str, Any] = {
            "name": input.get("name"), "seo_title": seo.get("title"),
            "seo_description": seo.get("description"),
        }
        if "description" in input:
            kwargs["description"] = _description_text(input.get("description"))
        if "category" in input:
            kwargs["category"] = _category(input.get("category"))
        product = seller_catalog.update_product(_user(info), product, **kwargs)
        return cls(product=_product_ctx(product))


class ProductDelete(ProductMutation):
    product = graphene.Field(ProductObject)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        product = _get(Product, id, "Product")
        pk = product.pk
        seller_catalog.delete_product(_user(info), product)
        product.pk = pk
        return cls(product=None)


# -- variants -------------------------------------------------------------------------


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class ProductVariantInput(graphene.InputObjectType):
    sku = graphene.String()
    name = graphene.String()
    track_inventory = graphene.Boolean()
    weight_grams = graphene.Int(description="Extension: weight in grams.")


class ProductVariantCreateInput(ProductVariantInput):
    product = graphene.ID(required=True)
    stocks = graphene.List(graphene.NonNull(StockInput))


def _stock_entries(stocks: list | None) -> list:
    entries = []
    for index, stock in enumerate(stocks or []):
        try:
            warehouse = _get(Warehouse, stock["warehouse"], "Warehouse", "warehouse")
        except ValidationError as error:
            raise ValidationError({"stocks": ValidationError(
                f"Dòng {index + 1}: " + " ".join(error.messages), code=Code.NOT_FOUND.value,
                params={"index": index})}) from None
        entries.append((warehouse, stock["quantity"]))
    return entries


class ProductVariantCreate(ProductMutation):
    product_variant = graphene.Field(ProductVariantObject)

    class Arguments:
        input = ProductVariantCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = _user(info)
        product = _get(Product, input["product"], "Product", "product")
        variant = seller_catalog.create_variant(
            user, product, name=input.get("name") or "", sku=input.get("sku"),
            weight=input.get("weight_grams"),
            track_inventory=input.get("track_inventory", True) is not False,
        )
        if input.get("stocks"):
            seller_catalog.set_stocks(user, variant, _stock_entries(input["stocks"]))
        return cls(product_variant=_variant_ctx(variant))


class ProductVariantUpdate(ProductMutation):
    product_variant = graphene.Field(ProductVariantObject)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductVariantInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        variant = _get(ProductVariant, id, "ProductVariant",
                       qs=ProductVariant.objects.select_related("product"))
        kwargs: dict[str, Any] = {"name": input.get("name"),
                                  "track_inventory": input.get("track_inventory")}
        if "sku" in input:
            kwargs["sku"] = input.get("sku")
        if "weight_grams" in input:
            kwargs["weight"] = input.get("weight_grams")
        variant = seller_catalog.update_variant(_user(info), variant, **kwargs)
        return cls(product_variant=_variant_ctx(variant))


class ProductVariantDelete(ProductMutation):
    product_variant = graphene.Field(ProductVariantObject)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        variant = _get(ProductVariant, id, "ProductVariant",
                       qs=ProductVariant.objects.select_related("product"))
        seller_catalog.delete_variant(_user(info), variant)
        return cls(product_variant=None)


class ProductVariantStocksUpdate(SellerMutation):
    error_type = BulkStockError
    errors_alias = "bulk_stock_errors"
    errors = graphene.List(graphene.NonNull(BulkStockError), required=True)
    bulk_stock_errors = graphene.List(graphene.NonNull(BulkStockError), required=True,
                                      deprecation_reason="Use `errors` field instead.")
    product_variant = graphene.Field(ProductVariantObject)

    class Arguments:
        variant_id = graphene.ID()
        sku = graphene.String()
        stocks = graphene.List(graphene.NonNull(StockInput), required=True)

    @classmethod
    def perform_mutation(cls, root, info, stocks, variant_id=None, sku=None):
        qs = ProductVariant.objects.select_related("product", "product__producer")
        if variant_id:
            variant = _get(ProductVariant, variant_id, "ProductVariant", "variantId", qs=qs)
        elif sku:
            variant = qs.filter(sku=sku).first()
            if variant is None:
                raise ValidationError({"sku": ValidationError(
                    "Không tìm thấy SKU.", code=Code.NOT_FOUND.value)})
        else:
            raise ValidationError({"variantId": ValidationError(
                "Cần variantId hoặc sku.", code=Code.REQUIRED.value)})
        seller_catalog.set_stocks(_user(info), variant, _stock_entries(stocks))
        return cls(product_variant=_variant_ctx(variant))


# -- channel listings -----------------------------------------------------------------


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True)
    is_published = graphene.Boolean()


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(graphene.NonNull(ProductChannelListingAddInput))
    remove_channels = graphene.List(graphene.NonNull(graphene.ID))


class ProductChannelListingUpdate(SellerMutation):
    error_type = ProductChannelListingError
    errors_alias = "product_channel_listing_errors"
    errors = graphene.List(graphene.NonNull(ProductChannelListingError), required=True)
    product_channel_listing_errors = graphene.List(
        graphene.NonNull(ProductChannelListingError), required=True,
        deprecation_reason="Use `errors` field instead.")
    product = graphene.Field(ProductObject)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductChannelListingUpdateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = _user(info)
        product = _get(Product, id, "Product")
        seller_catalog.check_listing_access(user, product)
        for entry in input.get("update_channels") or []:
            seller_catalog.set_publication(user, product, _channel(entry["channel_id"]),
                                           is_published=bool(entry.get("is_published")))
        for channel_id in input.get("remove_channels") or []:
            seller_catalog.set_publication(user, product, _channel(channel_id),
                                           is_published=False)
        return cls(product=_product_ctx(product))


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True)
    price = PositiveDecimal(required=True, description="Whole đồng.")


class ProductVariantChannelListingUpdate(SellerMutation):
    error_type = ProductChannelListingError
    errors_alias = "product_channel_listing_errors"
    errors = graphene.List(graphene.NonNull(ProductChannelListingError), required=True)
    product_channel_listing_errors = graphene.List(
        graphene.NonNull(ProductChannelListingError), required=True,
        deprecation_reason="Use `errors` field instead.")
    variant = graphene.Field(ProductVariantObject)

    class Arguments:
        id = graphene.ID()
        sku = graphene.String()
        input = graphene.List(graphene.NonNull(ProductVariantChannelListingAddInput),
                              required=True)

    @classmethod
    def perform_mutation(cls, root, info, input, id=None, sku=None):
        qs = ProductVariant.objects.select_related("product")
        if id:
            variant = _get(ProductVariant, id, "ProductVariant", qs=qs)
        else:
            variant = qs.filter(sku=sku or "").first()
            if variant is None:
                raise ValidationError({"sku": ValidationError(
                    "Không tìm thấy SKU.", code=Code.NOT_FOUND.value)})
        for entry in input:
            seller_catalog.set_price(_user(info), variant, _channel(entry["channel_id"]),
                                     entry["price"])
        return cls(variant=_variant_ctx(variant))


# -- media ----------------------------------------------------------------------------


class ProductMediaCreateInput(graphene.InputObjectType):
    alt = graphene.String()
    image = Upload(description="The photo, sent by the GraphQL multipart request spec.")
    product = graphene.ID(required=True)


class ProductMediaCreate(ProductMutation):
    product = graphene.Field(ProductObject)
    media = graphene.Field(ProductMediaObject)

    class Arguments:
        input = ProductMediaCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        product = _get(Product, input["product"], "Product", "product")
        seller_catalog.check_listing_access(_user(info), product)
        if input.get("image") is None:
            raise ValidationError({"image": ValidationError(
                "Hãy gửi kèm một ảnh.", code=Code.REQUIRED.value)})
        media = seller_catalog.add_media(_user(info), product, input["image"],
                                         alt=input.get("alt") or "")
        return cls(product=_product_ctx(product), media=media)


class ProductMediaDelete(ProductMutation):
    product = graphene.Field(ProductObject)
    media = graphene.Field(ProductMediaObject)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        media = _get(ProductMedia, id, "ProductMedia",
                     qs=ProductMedia.objects.select_related("product"))
        product = media.product
        seller_catalog.delete_media(_user(info), media)
        return cls(product=_product_ctx(product))


class ProductMediaReorder(ProductMutation):
    product = graphene.Field(ProductObject)
    media = graphene.List(graphene.NonNull(ProductMediaObject))

    class Arguments:
        product_id = graphene.ID(required=True)
        media_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    @classmethod
    def perform_mutation(cls, root, info, product_id, media_ids):
        product = _get(Product, product_id, "Product", "productId")
        seller_catalog.check_listing_access(_user(info), product)
        ids = [_pk(m, "ProductMedia", "mediaIds") for m in media_ids]
        media = seller_catalog.reorder_media(_user(info), product, ids)
        return cls(product=_product_ctx(product), media=media)


# -- team and bank account (extensions) -----------------------------------------------


class SellerMutationBase(SellerMutation):
    error_type = SellerError
    error_codes = SellerErrorCode
    default_error_code = SellerErrorCode.INVALID
    errors_alias = None
    errors = graphene.List(graphene.NonNull(SellerError), required=True)

    class Meta:
        abstract = True

    @classmethod
    def error_payload(cls, error: ValidationError):
        from backend.sellers.error_codes import ProductErrorCode

        from ..core.mutations import validation_error_fields

        items = validation_error_fields(error, ProductErrorCode, ProductErrorCode.INVALID)
        errors = [SellerError(field=e["field"], message=e["message"],
                              code=e["code"].value if e["code"].value in
                              ("invalid", "required", "not_found", "unique") else "invalid")
                  for e in items]
        return cls(errors=errors)


class ProducerMemberInvite(SellerMutationBase):
    """Extension: an owner invites someone by e-mail (a link valid 7 days, used once)."""

    invitation_email = graphene.String()

    class Arguments:
        producer = graphene.ID(required=True)
        email = graphene.String(required=True)
        role = ProducerRoleEnum(required=True)

    @classmethod
    def perform_mutation(cls, root, info, producer, email, role):
        producer = _get(Producer, producer, "Producer", "producer")
        invitation, _ = team.invite(_user(info), producer, email, getattr(role, "value", role))
        return cls(invitation_email=invitation.email)


def _membership(global_id: Any) -> ProducerMembership:
    return _get(ProducerMembership, global_id, "ProducerMember",
                qs=ProducerMembership.objects.select_related("producer", "user"))


class ProducerMemberRoleUpdate(SellerMutationBase):
    member = graphene.Field(ProducerMember)

    class Arguments:
        id = graphene.ID(required=True)
        role = ProducerRoleEnum(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, role):
        membership = _membership(id)
        membership = team.change_role(_user(info), membership.producer, membership.pk,
                                      getattr(role, "value", role))
        return cls(member=membership)


class ProducerMemberRemove(SellerMutationBase):

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        membership = _membership(id)
        team.remove_member(_user(info), membership.producer, membership.pk)
        return cls()


class ProducerBankAccountInput(graphene.InputObjectType):
    bank_bin = graphene.String(required=True, description="NAPAS BIN of the bank.")
    account_number = graphene.String(required=True)
    account_holder = graphene.String(required=True)


class ProducerBankAccountUpdate(SellerMutationBase):
    """Extension: the owner changes the payout account; the operator re-verifies it."""

    bank_account = graphene.Field(SellerBankAccount)

    class Arguments:
        producer = graphene.ID(required=True)
        input = ProducerBankAccountInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, producer, input):
        from backend.sellers.banks import bank_by_bin

        producer = _get(Producer, producer, "Producer", "producer")
        account = services.change_bank_account(
            _user(info), producer, bank_bin=input["bank_bin"],
            bank_account_number=input["account_number"],
            bank_account_holder=input["account_holder"])
        bank = bank_by_bin(account.bank_bin)
        return cls(bank_account=SellerBankAccount(
            bank_bin=account.bank_bin, bank_name=bank.short_name if bank else "",
            account_number=account.bank_account_number,
            account_holder=account.bank_account_holder, is_verified=account.bank_verified))


class SellerMutations(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_variant_stocks_update = ProductVariantStocksUpdate.Field()
    product_channel_listing_update = ProductChannelListingUpdate.Field()
    product_variant_channel_listing_update = ProductVariantChannelListingUpdate.Field()
    product_media_create = ProductMediaCreate.Field()
    product_media_delete = ProductMediaDelete.Field()
    product_media_reorder = ProductMediaReorder.Field()
    producer_member_invite = ProducerMemberInvite.Field()
    producer_member_role_update = ProducerMemberRoleUpdate.Field()
    producer_member_remove = ProducerMemberRemove.Field()
    producer_bank_account_update = ProducerBankAccountUpdate.Field()
