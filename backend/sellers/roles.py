"""A team member's role in a producer and what each role may do.

One table of capabilities, so every door (API, portal, orders) asks the same question:
``role_allows(role, Capability.X)``. Owners do everything; managers run listings, stock
and orders; packers handle orders and stock only.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Chủ gian hàng"
    MANAGER = "manager", "Quản lý"
    PACKER = "packer", "Đóng gói"


class Capability(StrEnum):
    MANAGE_TEAM = "manage_team"  # invite, change roles, remove members
    MANAGE_BANK_ACCOUNT = "manage_bank_account"
    MANAGE_SHOP_PROFILE = "manage_shop_profile"
    MANAGE_LISTINGS = "manage_listings"  # products, variants, prices, media, publication
    MANAGE_STOCK = "manage_stock"
    MANAGE_ORDERS = "manage_orders"  # confirm, pack, ship, deliver, cancel lines
    MANAGE_SHIPPING = "manage_shipping"  # the producer's delivery methods and rates
    VIEW_PAYOUTS = "view_payouts"
    REFUND_ORDERS = "refund_orders"  # give a shopper money back for delivered lines


_ALL = frozenset(Capability)
CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.OWNER: _ALL,
    Role.MANAGER: frozenset({
        Capability.MANAGE_SHOP_PROFILE, Capability.MANAGE_LISTINGS, Capability.MANAGE_STOCK,
        Capability.MANAGE_ORDERS, Capability.MANAGE_SHIPPING, Capability.VIEW_PAYOUTS,
        Capability.REFUND_ORDERS,
    }),
    Role.PACKER: frozenset({Capability.MANAGE_STOCK, Capability.MANAGE_ORDERS}),
}


def role_allows(role: str | None, capability: Capability) -> bool:
    return role is not None and capability in CAPABILITIES.get(role, frozenset())
