"""sitemap.xml: the only place the storefront reads the ORM directly, and only slugs.

Paging 20,000 products through the API 100 at a time would cost hundreds of operations
per sitemap request; a single query over slugs of the same visible products is enough.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from backend.core.site import site_scheme_and_host


class SiteSitemap(Sitemap):
    """Links on the configured site URL, not on the Host the request named."""

    def get_protocol(self, protocol=None):
        site = site_scheme_and_host()
        return site[0] if site else super().get_protocol(protocol)

    def get_domain(self, site=None):
        configured = site_scheme_and_host()
        return configured[1] if configured else super().get_domain(site)


class StaticPagesSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["storefront:home", "storefront:search", "storefront:categories",
                "storefront:certificate_check"]

    def location(self, item: str) -> str:
        return reverse(item)


class ProductSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 10_000

    def items(self) -> QuerySet:
        from backend.catalog.models import Product
        from backend.channel.models import Channel

        channel = Channel.objects.get(slug=settings.DEFAULT_CHANNEL_SLUG)
        return Product.objects.visible_in(channel).order_by("pk").only("slug", "updated_at")

    def location(self, item) -> str:
        return reverse("storefront:product", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class ShopSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 10_000

    def items(self) -> QuerySet:
        from backend.producers.models import Shop

        return Shop.objects.filter(is_active=True).order_by("pk").only("slug")

    def location(self, item) -> str:
        return reverse("storefront:shop", args=[item.slug])


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet:
        from backend.catalog.models import Category

        return Category.objects.order_by("pk").only("slug")

    def location(self, item) -> str:
        return reverse("storefront:category", args=[item.slug])


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "products": ProductSitemap,
    "shops": ShopSitemap,
    "categories": CategorySitemap,
}
