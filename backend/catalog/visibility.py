"""Which products a visitor may see: the one visibility rule of the marketplace.

Every public read goes through ``Product.objects.visible_in(channel)`` (or
``visible_to(user, channel)`` where staff may see more): the API's resolvers, the
storefront (through the API), the sitemap, the vocabulary behind suggestions and the
search documents' ``is_visible`` flag. A new reason to hide a product (a suspended seller,
a listing hidden by moderation) is one more condition in ``visible_in`` and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode


def sees_hidden_products(user: Any) -> bool:
    """Staff who manage products see unpublished ones and those of inactive producers."""
    return has_permission(user, PermissionCode.MANAGE_PRODUCTS)


class ProductQuerySet(models.QuerySet):
    def visible_in(self, channel: Any) -> ProductQuerySet:
        """Products any visitor may see in ``channel`` (a Channel or its id):

        - published in the channel and shown in listings (``ProductChannelListing``);
        - sold by an active producer: its shop is active (products without a producer
          belong to the marketplace itself).

        - the seller not suspended by the operator (``sellers.SellerAccount``);
        - the listing not hidden by moderation (``sellers.ListingModeration``).
        """
        return self.filter(
            _published_in(channel), _seller_active(), _seller_not_suspended(), _not_moderated()
        )

    def visible_to(self, user: Any, channel: Any) -> ProductQuerySet:
        """``visible_in`` for shoppers; staff holding MANAGE_PRODUCTS see every product
        listed in the channel (Saleor's ``visible_to_user``)."""
        if sees_hidden_products(user):
            return self.filter(_listed_in(channel))
        return self.visible_in(channel)


def _listings():
    from .models import ProductChannelListing

    return ProductChannelListing.objects.filter(product_id=OuterRef("pk"))


def _listed_in(channel: Any) -> Q:
    return Q(Exists(_listings().filter(channel=channel)))


def _published_in(channel: Any) -> Q:
    return Q(Exists(
        _listings().filter(channel=channel, is_published=True, visible_in_listings=True)
    ))


def _seller_active() -> Q:
    from backend.producers.models import Shop

    active_shop = Shop.objects.filter(producer_id=OuterRef("producer_id"), is_active=True)
    return Q(producer__isnull=True) | Q(Exists(active_shop))


def _seller_not_suspended() -> Q:
    from backend.sellers.models import SellerAccount, SellerStatus

    suspended = SellerAccount.objects.filter(
        producer_id=OuterRef("producer_id"), status=SellerStatus.SUSPENDED
    )
    return ~Q(Exists(suspended))


def _not_moderated() -> Q:
    from backend.sellers.models import ListingModeration

    return ~Q(Exists(ListingModeration.objects.filter(product_id=OuterRef("pk"), is_hidden=True)))
