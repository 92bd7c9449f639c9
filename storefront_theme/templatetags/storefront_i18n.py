"""hreflang links, the language switch and the footer menu (edited in the admin)."""

from __future__ import annotations

import logging

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

register = template.Library()
logger = logging.getLogger(__name__)
MENU_CACHE_SECONDS = 60


@register.simple_tag(takes_context=True)
def language_alternates(context) -> dict | None:
    request = context.get("request")
    if request is None:
        return None
    from storefront_theme.english import alternates

    return alternates(request)


@register.simple_tag(takes_context=True)
def footer_menu(context, language: str = "vi") -> list[dict]:
    """The "footer" menu's groups and links, in ``language`` (cached briefly: every page
    shows it)."""
    request = context.get("request")
    key = f"storefront:footer-menu:{language}"
    found = cache.get(key)
    if found is not None or request is None:
        return found or []
    from storefront_theme.english_queries import MENU
    from storefront_theme.graphql import StorefrontGraphQLError, execute

    try:
        data = execute(request, MENU, {"slug": "footer", "channel": settings.DEFAULT_CHANNEL_SLUG,
                                       "languageCode": language.upper()})
    except StorefrontGraphQLError:
        logger.exception("footer menu")
        return []
    groups = []
    for item in (data.get("menu") or {}).get("items") or []:
        links = []
        for child in item.get("children") or []:
            url = _link(child, language)
            if url:
                name = (child.get("translation") or {}).get("name") or child["name"]
                links.append({"name": name, "url": url})
        groups.append({"name": (item.get("translation") or {}).get("name") or item["name"],
                       "links": links})
    cache.set(key, groups, MENU_CACHE_SECONDS)
    return groups


def _link(item: dict, language: str) -> str | None:
    english = language == "en"
    for kind, vi_name, en_name in (("page", "page", "en_page"),
                                   ("collection", "collection", "en_collection"),
                                   ("category", "category", None)):
        target = item.get(kind)
        if target:
            slug = ((target.get("translation") or {}).get("slug") if english else None) or target[
                "slug"]
            if english and en_name:
                return reverse(f"storefront:{en_name}", args=[slug])
            return reverse(f"storefront:{vi_name}", args=[target["slug"]])
    return item.get("url") or None
