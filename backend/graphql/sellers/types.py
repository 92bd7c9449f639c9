"""Types of the seller API: Saleor's product error shapes and the seller's own view of
the producers they run (team, bank account, products including unpublished ones)."""

from __future__ import annotations

import graphene
from graphql import GraphQLError

from backend.sellers.access import can_act_for
from backend.sellers.error_codes import ProductErrorCode as ProductErrorCodeValues
from backend.sellers.roles import Capability, Role

from ..catalog.types import Product
from ..core.ids import to_id

ProductErrorCode = graphene.Enum.from_enum(ProductErrorCodeValues, name="ProductErrorCode")
ProducerRoleEnum = graphene.Enum.from_enum(Role, name="ProducerRoleEnum")


class SellerPermissionDenied(GraphQLError):
    """Saleor's PermissionDenied as a top-level error, with the permission a staff member
    would need (sellers act through their team role instead)."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message, extensions={
            "code": "PERMISSION_DENIED", "exception": {"code": "PermissionDenied"},
            "permissions": ["MANAGE_PRODUCTS"],
        })


class ProductError(graphene.ObjectType):
    field = graphene.String(description="Input field at fault; null for the whole input.")
    message = graphene.String(description="What is wrong, in Vietnamese.")
    code = graphene.Field(ProductErrorCode, required=True)
    attributes = graphene.List(graphene.NonNull(graphene.ID))
    values = graphene.List(graphene.NonNull(graphene.ID))


class BulkStockError(ProductError):
    index = graphene.Int(description="Index of the stock input at fault.")


class ProductChannelListingError(ProductError):
    channels = graphene.List(graphene.NonNull(graphene.ID))
    variants = graphene.List(graphene.NonNull(graphene.ID))


class SellerErrorCode(graphene.Enum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    UNIQUE = "unique"


class SellerError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(SellerErrorCode, required=True)


class Warehouse(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("Warehouse", root.pk)


class SellerBankAccount(graphene.ObjectType):
    bank_bin = graphene.String(required=True, description="NAPAS BIN of the bank.")
    bank_name = graphene.String(required=True)
    account_number = graphene.String(required=True)
    account_holder = graphene.String(required=True)
    is_verified = graphene.Boolean(required=True,
                                   description="False after a change until the operator checks.")


class ProducerMember(graphene.ObjectType):
    id = graphene.ID(required=True)
    email = graphene.String(required=True)
    role = graphene.Field(ProducerRoleEnum, required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProducerMember", root.pk)

    @staticmethod
    def resolve_email(root, info):
        return root.user.email


def _user(info):
    return getattr(info.context, "user", None)


class SellerProducer(graphene.ObjectType):
    """A producer seen by a member of its team (or operator staff)."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    seller_status = graphene.String(description="applied, approved, suspended … (null: "
                                                "not yet claimed).")
    products = graphene.List(
        graphene.NonNull(Product), required=True,
        first=graphene.Int(default_value=50, description="At most 100."),
        offset=graphene.Int(default_value=0),
        search=graphene.String(),
        description="Every product of the producer, published or not.",
    )
    warehouses = graphene.List(graphene.NonNull(Warehouse), required=True)
    members = graphene.List(graphene.NonNull(ProducerMember),
                            description="The team (owners only).")
    bank_account = graphene.Field(SellerBankAccount, description="Owners only.")

    @staticmethod
    def resolve_id(root, info):
        return to_id("Producer", root.pk)

    @staticmethod
    def resolve_seller_status(root, info):
        from backend.sellers.services import seller_status

        return seller_status(root.pk)

    @staticmethod
    def resolve_products(root, info, first=50, offset=0, search=None):
        from backend.catalog.models import Product
        from backend.channel.models import get_default_channel
        from backend.core.text import fold_key

        from ..core.context import ChannelContext

        if not can_act_for(_user(info), root.pk, Capability.MANAGE_LISTINGS, None) and not \
                can_act_for(_user(info), root.pk, Capability.MANAGE_STOCK, None) and not \
                _operator(info):
            raise SellerPermissionDenied()
        first = max(0, min(first or 0, 100))
        offset = max(0, offset or 0)
        qs = Product.objects.filter(producer_id=root.pk).order_by("name_sort", "pk")
        if search:
            qs = qs.filter(name_key__contains=fold_key(search[:100]))
        channel = get_default_channel()
        return [ChannelContext(p, channel) for p in qs[offset:offset + first]]

    @staticmethod
    def resolve_warehouses(root, info):
        from backend.warehouse.models import Warehouse as WarehouseModel

        return list(WarehouseModel.objects.filter(producer_id=root.pk).order_by("pk"))

    @staticmethod
    def resolve_members(root, info):
        from backend.sellers.models import ProducerMembership

        if not can_act_for(_user(info), root.pk, Capability.MANAGE_TEAM, None) and not \
                _operator(info, sellers=True):
            raise SellerPermissionDenied()
        return list(ProducerMembership.objects.filter(producer_id=root.pk)
                    .select_related("user").order_by("pk"))

    @staticmethod
    def resolve_bank_account(root, info):
        from backend.sellers.banks import bank_by_bin
        from backend.sellers.models import SellerAccount

        if not can_act_for(_user(info), root.pk, Capability.MANAGE_BANK_ACCOUNT, None) and not \
                _operator(info, sellers=True):
            raise SellerPermissionDenied()
        account = SellerAccount.objects.filter(producer_id=root.pk).first()
        if account is None:
            return None
        bank = bank_by_bin(account.bank_bin)
        return SellerBankAccount(
            bank_bin=account.bank_bin, bank_name=bank.short_name if bank else account.bank_bin,
            account_number=account.bank_account_number,
            account_holder=account.bank_account_holder, is_verified=account.bank_verified,
        )


def _operator(info, sellers: bool = False) -> bool:
    from backend.permission.checks import has_permission
    from backend.permission.enums import PermissionCode

    code = PermissionCode.MANAGE_SELLERS if sellers else PermissionCode.MANAGE_PRODUCTS
    return has_permission(_user(info), code)


class ProducerMembership(graphene.ObjectType):
    """The signed-in user's place in a producer's team."""

    id = graphene.ID(required=True)
    role = graphene.Field(ProducerRoleEnum, required=True)
    producer = graphene.Field(SellerProducer, required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProducerMember", root.pk)
