"""How shoppers name OCOP facet values, turned into the attribute value slugs stored.

"Quảng Nam", "quang-nam" → "da-nang" (the unit it joined); "4", "4 sao" → "4-sao";
"I.4.a" → that group's slug; "true", "đã có quyết định" → the verified value. Unknown
values pass through unchanged, so they match nothing rather than raising: a filter for a
place we do not know simply finds no products.
"""

from __future__ import annotations

from backend.core.text import fold_key
from backend.geo.resolver import all_regions, resolve_province

from . import rules
from .classification import resolve_group
from .services import (
    ATTR_GROUP,
    ATTR_PROVINCE,
    ATTR_REGION,
    ATTR_STAR,
    ATTR_VERIFIED,
    VERIFIED_VALUE,
    star_value_slug,
)

# "Verified decisions only" as clients may say it.
_VERIFIED_WORDS = {"true", "1", "yes", "co", "verified", "da co quyet dinh", "da xac minh"}


def normalize_ocop_filter_values(
    attribute_slug: str, values: list[str] | tuple[str, ...]
) -> tuple[str, ...]:
    out: dict[str, None] = {}  # ordered and unique, in linear time
    for value in values:
        slug = value
        if attribute_slug == ATTR_PROVINCE:
            match = resolve_province(value.replace("-", " "))
            slug = match.province.slug if match else value
        elif attribute_slug == ATTR_REGION:
            key = fold_key(value.replace("-", " "))
            slug = next((r.slug for r in all_regions() if fold_key(r.name) == key), value)
        elif attribute_slug == ATTR_STAR and not value.endswith("-sao"):
            try:
                slug = star_value_slug(rules.parse_star(value))
            except rules.InvalidStar:
                slug = value
        elif attribute_slug == ATTR_VERIFIED and fold_key(value.replace("-", " ")) in (
            _VERIFIED_WORDS
        ):
            slug = VERIFIED_VALUE
        elif attribute_slug == ATTR_GROUP:
            match = resolve_group(value) if "-" not in value else None
            slug = match.group.slug if match else value
        out[slug] = None
    return tuple(out)
