"""Saleor's checkout mutations (same names, arguments, payloads and error codes), plus
``checkoutPackageDeliveryMethodUpdate`` (extension: one package's own method)."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from backend.checkout import services
from backend.checkout.errors import CheckoutErrorCode as Code
from backend.checkout.errors import CheckoutProblem
from backend.checkout.models import MAX_LINES

from ..account.enums import LanguageCodeEnum
from ..account.inputs import AddressInput
from ..account.mutations.address_input import address_data
from ..core.context import get_channel
from ..core.errors import PermissionDenied
from ..core.ids import from_id, to_id
from ..core.metadata import MetadataInput, merge_metadata
from ..core.mutations import BaseMutation, validation_error_fields
from ..core.scalars import PositiveDecimal
from .lookup import load_checkout, viewer
from .types import Checkout, CheckoutError

_ERRORS = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutError)))


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True)
    variant_id = graphene.ID(required=True)
    price = PositiveDecimal(description="Not supported: prices come from the channel.")
    price_override_reason = graphene.String()
    force_new_line = graphene.Boolean(default_value=False)
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int()
    price = PositiveDecimal()
    price_override_reason = graphene.String()
    line_id = graphene.ID()
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class CheckoutAddressValidationRules(graphene.InputObjectType):
    check_required_fields = graphene.Boolean(default_value=True)
    check_fields_format = graphene.Boolean(default_value=True)
    enable_fields_normalization = graphene.Boolean(default_value=True)


class CheckoutValidationRules(graphene.InputObjectType):
    shipping_address = graphene.Field(CheckoutAddressValidationRules)
    billing_address = graphene.Field(CheckoutAddressValidationRules)


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLineInput))
    email = graphene.String()
    save_shipping_address = graphene.Boolean()
    shipping_address = graphene.Field(AddressInput)
    save_billing_address = graphene.Boolean()
    billing_address = graphene.Field(AddressInput)
    language_code = graphene.Field(LanguageCodeEnum)
    validation_rules = graphene.Field(CheckoutValidationRules)
    metadata = graphene.List(graphene.NonNull(MetadataInput))
    private_metadata = graphene.List(graphene.NonNull(MetadataInput))


class CheckoutMutation(BaseMutation):
    error_type = CheckoutError
    error_codes = Code
    default_error_code = Code.INVALID
    errors_alias = "checkout_errors"

    errors = _ERRORS
    checkout_errors = graphene.Field(_ERRORS, deprecation_reason="Use `errors` field instead.")
    checkout = graphene.Field(Checkout)

    class Meta:
        abstract = True

    # Each mutation is one transaction: a refusal leaves nothing half-written.
    atomic = True

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            if cls.atomic:
                with transaction.atomic():
                    payload = cls.perform_mutation(root, info, **data)
            else:
                payload = cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            payload = cls.error_payload(error)
        cls._set_alias(payload)
        return payload

    @classmethod
    def error_payload(cls, error: ValidationError):
        errors = []
        for item in validation_error_fields(error, cls.error_codes, cls.default_error_code):
            if isinstance(error, CheckoutProblem):
                item["variants"] = [to_id("ProductVariant", v) for v in error.variants]
                item["lines"] = [to_id("CheckoutLine", v) for v in error.lines]
            errors.append(cls.error_type(**item))
        return cls(errors=errors)


def _variant_pk(global_id) -> int:
    return from_id(global_id, "ProductVariant")


def _line_pairs(lines) -> list[tuple[int, int]]:
    if len(lines) > MAX_LINES:
        raise CheckoutProblem("lines", f"Tối đa {MAX_LINES} dòng mỗi lần.",
                              Code.QUANTITY_GREATER_THAN_LIMIT)
    pairs = []
    for line in lines:
        if line.get("price") is not None:
            raise CheckoutProblem("price", "Giá do người bán đặt; không thể tự đặt giá.",
                                  Code.INVALID)
        pairs.append((_variant_pk(line["variant_id"]), line["quantity"]))
    return pairs


class CheckoutCreate(CheckoutMutation):
    """Create a new checkout."""

    created = graphene.Boolean(deprecation_reason="Always true.")

    class Arguments:
        input = CheckoutCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        channel = get_channel(info, input.get("channel"))
        user = viewer(info)
        lines = _line_pairs(input.get("lines") or [])
        email = (input.get("email") or "").strip()
        language = getattr(input.get("language_code"), "value", input.get("language_code"))
        checkout = services.create_checkout(
            channel, user=user, email="", lines=lines,
            shipping_address=address_data(input["shipping_address"])
            if input.get("shipping_address") else None,
            billing_address=address_data(input["billing_address"])
            if input.get("billing_address") else None,
            language_code=(language or "vi").lower().replace("_", "-")[:10])
        if email:
            services.set_email(checkout, email)
        elif user is not None:
            services.attach_customer(checkout, user)
        if input.get("metadata"):
            try:
                checkout.metadata = merge_metadata({}, input["metadata"])
            except ValueError as error:
                raise CheckoutProblem("metadata", str(error), Code.INVALID) from None
            checkout.save(update_fields=["metadata"])
        return cls(checkout=checkout, created=True)


class CheckoutLinesAdd(CheckoutMutation):
    """Add lines to a checkout (quantities add up for a variant already there)."""

    class Arguments:
        id = graphene.ID()
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, lines, id=None, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        checkout = services.add_lines(checkout, _line_pairs(lines))
        return cls(checkout=checkout)


class CheckoutLinesUpdate(CheckoutMutation):
    """Set line quantities; 0 deletes the line."""

    class Arguments:
        id = graphene.ID()
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, lines, id=None, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        if len(lines) > MAX_LINES:
            raise CheckoutProblem("lines", f"Tối đa {MAX_LINES} dòng mỗi lần.",
                                  Code.QUANTITY_GREATER_THAN_LIMIT)
        by_line = dict(checkout.lines.values_list("pk", "variant_id"))
        pairs = []
        for line in lines:
            if line.get("price") is not None:
                raise CheckoutProblem("price", "Không thể tự đặt giá.", Code.INVALID)
            if line.get("line_id"):
                line_pk = from_id(line["line_id"], "CheckoutLine")
                if line_pk not in by_line:
                    raise CheckoutProblem("lineId", "Dòng này không có trong giỏ hàng.",
                                          Code.NOT_FOUND, lines=[line_pk])
                variant = by_line[line_pk]
            elif line.get("variant_id"):
                variant = _variant_pk(line["variant_id"])
            else:
                raise CheckoutProblem("lineId", "Hãy cho biết dòng cần đổi.", Code.REQUIRED)
            if line.get("quantity") is None:
                continue
            pairs.append((variant, line["quantity"]))
        checkout = services.update_lines(checkout, pairs)
        return cls(checkout=checkout)


class CheckoutLinesDelete(CheckoutMutation):
    """Delete lines from a checkout."""

    class Arguments:
        id = graphene.ID()
        lines_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, lines_ids, id=None, token=None):
        checkout = load_checkout(info, id, token)
        if len(lines_ids) > MAX_LINES:
            raise CheckoutProblem("linesIds", "Quá nhiều dòng.", Code.INVALID)
        pks = [from_id(g, "CheckoutLine") for g in lines_ids]
        return cls(checkout=services.delete_lines(checkout, pks))


class CheckoutLineDelete(CheckoutMutation):
    """Delete one line (deprecated in Saleor, still used by its storefront)."""

    class Arguments:
        id = graphene.ID()
        line_id = graphene.ID()
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, id=None, line_id=None, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        if not line_id:
            raise CheckoutProblem("lineId", "Hãy cho biết dòng cần xoá.", Code.REQUIRED)
        return cls(checkout=services.delete_lines(checkout, [from_id(line_id, "CheckoutLine")]))


class CheckoutEmailUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        email = graphene.String(required=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, email, id=None, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=services.set_email(checkout, email[:254]))


class CheckoutCustomerAttach(CheckoutMutation):
    """Attach the signed-in shopper: the checkout then follows them across devices."""

    class Arguments:
        id = graphene.ID()
        customer_id = graphene.ID(description="Not supported (apps only).")
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, id=None, customer_id=None, checkout_id=None,
                         token=None):
        user = viewer(info)
        if user is None or customer_id is not None:
            raise PermissionDenied("Hãy đăng nhập để gắn giỏ hàng vào tài khoản.")
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=services.attach_customer(checkout, user))


class CheckoutCustomerDetach(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, id=None, checkout_id=None, token=None):
        if viewer(info) is None:
            raise PermissionDenied("Hãy đăng nhập.")
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=services.detach_customer(checkout))


def _address(info, checkout, data, kind: str, save: bool | None):
    try:
        checkout = services.set_address(checkout, address_data(data), kind)
    except CheckoutProblem:
        raise
    except ValidationError as error:
        problem = ValidationError({f"{kind}Address" if k == "__all__" else k: v
                                   for k, v in error.error_dict.items()})
        raise problem from None
    user = viewer(info)
    if save and user is not None and checkout.user_id == user.pk:
        from backend.account import addresses

        try:
            addresses.add_address(user, addresses.clean_address_input(address_data(data)))
        except ValidationError:
            pass  # a full address book does not stop the checkout
    return checkout


class CheckoutShippingAddressUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        shipping_address = AddressInput(required=True)
        validation_rules = CheckoutAddressValidationRules()
        save_address = graphene.Boolean(default_value=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, shipping_address, id=None, validation_rules=None,
                         save_address=True, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=_address(info, checkout, shipping_address, "shipping",
                                     save_address))


class CheckoutBillingAddressUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        billing_address = AddressInput(required=True)
        validation_rules = CheckoutAddressValidationRules()
        save_address = graphene.Boolean(default_value=True)
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, billing_address, id=None, validation_rules=None,
                         save_address=True, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=_address(info, checkout, billing_address, "billing", False))


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    """Saleor's single choice: the named method on every package offering it."""

    class Arguments:
        id = graphene.ID()
        delivery_method_id = graphene.ID()
        token = graphene.UUID(deprecation_reason="Use `id` instead.")

    @classmethod
    def perform_mutation(cls, root, info, id=None, delivery_method_id=None, token=None):
        checkout = load_checkout(info, id, token)
        method = from_id(delivery_method_id, "ShippingMethod") if delivery_method_id else None
        return cls(checkout=services.set_delivery_method(checkout, method))


class CheckoutPackageDeliveryMethodUpdate(CheckoutMutation):
    """Extension: choose the delivery method of one producer's package."""

    class Arguments:
        id = graphene.ID(required=True)
        package_id = graphene.ID(required=True, description="A CheckoutPackage id.")
        delivery_method_id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, package_id, delivery_method_id):
        checkout = load_checkout(info, id)
        producer = from_id(package_id, "CheckoutPackage")
        method = from_id(delivery_method_id, "ShippingMethod")
        return cls(checkout=services.set_package_delivery(checkout, producer, method))


class CheckoutAddPromoCode(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")
        promo_code = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, promo_code, id=None, checkout_id=None, token=None):
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=services.add_promo_code(checkout, promo_code[:100]))


class CheckoutRemovePromoCode(CheckoutMutation):
    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")
        promo_code = graphene.String()
        promo_code_id = graphene.ID()

    @classmethod
    def perform_mutation(cls, root, info, id=None, checkout_id=None, token=None,
                         promo_code=None, promo_code_id=None):
        checkout = load_checkout(info, id or checkout_id, token)
        return cls(checkout=services.remove_promo_code(checkout, promo_code))


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_line_delete = CheckoutLineDelete.Field(
        deprecation_reason="Use `checkoutLinesDelete` instead.")
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_customer_detach = CheckoutCustomerDetach.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_package_delivery_method_update = CheckoutPackageDeliveryMethodUpdate.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
