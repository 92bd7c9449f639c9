"""Template filters of the storefront: money, dates and JSON-LD."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from backend.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: Any) -> str:
    """125000 → '125.000 ₫'."""
    if amount in (None, ""):
        return ""
    return format_vnd(float(amount))


@register.filter
def vnd_en(amount: Any) -> str:
    """125000 → '125,000 ₫': đồng as English readers write thousands (the English pages)."""
    if amount in (None, ""):
        return ""
    whole = int(round(float(amount)))
    return f"{'-' if whole < 0 else ''}{abs(whole):,} ₫"


@register.filter
def date_vi(value: Any) -> str:
    """An ISO date from the API ('2025-03-01') → '01/03/2025'."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


@register.filter
def ld_json(data: Any) -> SafeString:
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' escaped so page
    text (product names, descriptions) can never close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def query_with(context: dict, **changes: Any) -> str:
    """The current query string with some parameters replaced (and cursors dropped)."""
    params = context["request"].GET.copy()
    for key in ("sau", "truoc"):
        params.pop(key, None)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return (mapping or {}).get(key, ())


@register.filter
def lowerfirst(text: str) -> str:
    """'Tỉnh Sóc Trăng' → 'tỉnh Sóc Trăng', for a unit named mid-sentence."""
    return text[:1].lower() + text[1:] if text else ""
