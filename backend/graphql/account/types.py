"""Account types in Saleor's shapes: ``User``, ``Address``, ``AccountError``,
``UserPermission``, ``AddressValidationData``. Extensions: ``User.phone``,
``Address.province`` / ``commune`` / ``enteredPlace`` (the current units and the words
the person typed)."""

from __future__ import annotations

import graphene
from graphql import GraphQLError

from backend.account.models import Address as AddressModel
from backend.account.models import User as UserModel
from backend.permission.checks import permission_codes
from backend.permission.enums import LABELS

from ..core.ids import to_id
from ..core.types import CountryDisplay, Image
from ..ocop.types import Commune, Province
from .enums import AccountErrorCode, AddressTypeEnum, LanguageCodeEnum, PermissionEnum


class AccountError(graphene.ObjectType):
    field = graphene.String(
        description="Name of the input field at fault (camelCase); null for the whole input."
    )
    message = graphene.String(description="What went wrong, in Vietnamese.")
    code = graphene.Field(AccountErrorCode, required=True)
    address_type = graphene.Field(AddressTypeEnum, description="For address errors.")
    attributes = graphene.List(graphene.NonNull(graphene.ID))


def address_book(info, user: UserModel) -> list[AddressModel]:
    """The user's addresses, read once per request (one query for the whole book)."""
    books: dict[int, list[AddressModel]] = info.context.__dict__.setdefault(
        "_address_books", {})
    if user.pk not in books:
        books[user.pk] = list(user.addresses.select_related("province", "commune")
                              .order_by("pk"))
    return books[user.pk]


def forget_address_book(info) -> None:
    info.context.__dict__.pop("_address_books", None)


def _viewer(info) -> UserModel | None:
    user = getattr(info.context, "user", None)
    return user if user is not None and user.is_authenticated else None


class Address(graphene.ObjectType):
    id = graphene.ID(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True)
    street_address_2 = graphene.String(required=True)
    city = graphene.String(required=True, description="The commune or ward (xã/phường).")
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True, description="The province (tỉnh/thành phố).")
    phone = graphene.String(description="E.164, e.g. +84912345678.")
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()
    province = graphene.Field(Province, description="The current province (extension).")
    commune = graphene.Field(Commune, description="The current commune or ward (extension).")
    entered_place = graphene.String(
        description="The place as the person wrote it, when it named pre-2025 units.")

    @staticmethod
    def resolve_id(root: AddressModel, info) -> str:
        return to_id("Address", root.pk)

    @staticmethod
    def resolve_country(root: AddressModel, info) -> CountryDisplay:
        return CountryDisplay(code=root.country, country="Việt Nam" if root.country == "VN"
                              else root.country)

    @staticmethod
    def resolve_phone(root: AddressModel, info) -> str | None:
        return root.phone or None

    @staticmethod
    def resolve_is_default_shipping_address(root: AddressModel, info) -> bool | None:
        viewer = _viewer(info)
        return None if viewer is None else viewer.default_shipping_address_id == root.pk

    @staticmethod
    def resolve_is_default_billing_address(root: AddressModel, info) -> bool | None:
        viewer = _viewer(info)
        return None if viewer is None else viewer.default_billing_address_id == root.pk

    @staticmethod
    def resolve_entered_place(root: AddressModel, info) -> str | None:
        return root.entered_place or None


class UserPermission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True)
    name = graphene.String(required=True)


class User(graphene.ObjectType):
    id = graphene.ID(required=True)
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    is_active = graphene.Boolean(required=True)
    is_confirmed = graphene.Boolean(required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    date_joined = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_login = graphene.DateTime()
    phone = graphene.String(description="E.164 (extension).")
    addresses = graphene.NonNull(graphene.List(graphene.NonNull(Address)))
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    checkout_ids = graphene.List(
        graphene.NonNull(graphene.ID), channel=graphene.String(),
        description="The user's open checkouts, newest first (they follow the user "
                    "across devices).")
    orders = graphene.ConnectionField(
        "backend.graphql.order.types.OrderCountableConnection",
        description="The user's orders, newest first.")
    avatar = graphene.Field(Image, size=graphene.Int(),
                            description="Always null: avatars are not stored.")
    user_permissions = graphene.List(graphene.NonNull(UserPermission),
                                     description="Permission codes held (staff).")
    producers = graphene.List(
        graphene.NonNull(lambda: _seller_types().ProducerMembership),
        description="Extension: the producers whose team the user belongs to, with the "
                    "role (the seller portal's and API's \"switch producer\").")

    @staticmethod
    def resolve_id(root: UserModel, info) -> str:
        # A payload built from input (accountRegister) has no id, as in Saleor.
        return to_id("User", root.pk) if root.pk else ""

    @staticmethod
    def resolve_language_code(root: UserModel, info) -> str:
        return root.language_code

    @staticmethod
    def resolve_phone(root: UserModel, info) -> str | None:
        return root.phone or None

    @staticmethod
    def resolve_addresses(root: UserModel, info) -> list[AddressModel]:
        return address_book(info, root) if root.pk else []

    @staticmethod
    def resolve_default_shipping_address(root: UserModel, info) -> AddressModel | None:
        return _default(info, root, root.default_shipping_address_id)

    @staticmethod
    def resolve_default_billing_address(root: UserModel, info) -> AddressModel | None:
        return _default(info, root, root.default_billing_address_id)

    @staticmethod
    def resolve_checkout_ids(root: UserModel, info, channel: str | None = None) -> list[str]:
        viewer = _viewer(info)
        if not root.pk or viewer is None or viewer.pk != root.pk:
            return []
        checkouts = root.checkouts.order_by("-last_change")
        if channel:
            checkouts = checkouts.filter(channel__slug=channel[:50])
        return [to_id("Checkout", pk) for pk in checkouts.values_list("pk", flat=True)[:20]]

    @staticmethod
    def resolve_orders(root: UserModel, info, **args):
        from backend.order.models import Order as OrderModel

        from ..core.connection import SortSpec, paginate
        from ..order.types import OrderCountableConnection

        viewer = _viewer(info)
        qs = OrderModel.objects.select_related("channel", "shipping_address", "billing_address")
        qs = qs.filter(user_id=root.pk) if viewer is not None and root.pk and (
            viewer.pk == root.pk) else qs.none()
        return paginate(qs, args, SortSpec(["pk"], descending=True), OrderCountableConnection,
                        info)

    @staticmethod
    def resolve_avatar(root: UserModel, info, size: int | None = None) -> None:
        return None

    @staticmethod
    def resolve_user_permissions(root: UserModel, info) -> list[UserPermission]:
        return [UserPermission(code=code.value, name=LABELS[code])
                for code in permission_codes(root)]

    @staticmethod
    def resolve_producers(root: UserModel, info) -> list:
        from ..sellers.schema import producers_of

        return producers_of(root) if root.pk else []


def _seller_types():
    from ..sellers import types

    return types


def _default(info, user: UserModel, address_id: int | None) -> AddressModel | None:
    if not address_id:
        return None
    return next((a for a in address_book(info, user) if a.pk == address_id), None)


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    required_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    upper_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    city_type = graphene.String(required=True)
    city_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    city_area_type = graphene.String(required=True)
    city_area_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_examples = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_prefix = graphene.String(required=True)


class TokenRefused(GraphQLError):
    """A request whose Bearer token was refused asked for something that needs a user
    (Saleor answers with the token's error; public fields still resolve)."""

    def __init__(self, code: str, message: str) -> None:
        exception = "ExpiredSignatureError" if code == "signature_has_expired" else (
            "InvalidTokenError")
        super().__init__(message, extensions={"exception": {"code": exception}})
