"""English for the demo catalog and the OCOP reference vocabulary (``data/en.json``).

Loaded by ``ocop demo`` after the catalog; idempotent (rows are updated in place). OCOP
terms keep their Vietnamese name beside the English.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from django.db import transaction

from backend.core.text import slugify_vi

from .services import translate

DATA = Path(__file__).with_name("data") / "en.json"
EN = "en"


@cache
def english() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def english_variant_name(name: str) -> str:
    """"Hộp 200 g" → "Box 200 g": packaging words replaced, longest first."""
    words = english()["variant_words"]
    result = name
    for vi in sorted(words, key=len, reverse=True):
        result = re.sub(rf"(?<!\w){re.escape(vi)}(?!\w)", words[vi], result)
    return result


def _vocabulary(key: str, name: str) -> None:
    from .models import Translation

    Translation.objects.update_or_create(
        kind="vocabulary", object_id=0, key=key, language_code=EN, defaults={"name": name}
    )


def group_english(code: str) -> str:
    return english()["groups"].get(code, "")


@transaction.atomic
def load_english() -> int:
    """Write the English translations; returns how many objects were translated."""
    from backend.attribute.models import Attribute, AttributeValue
    from backend.catalog.models import Category, Product
    from backend.catalog.services import description_from_text
    from backend.ocop.classification import all_groups

    data = english()
    count = 0
    for slug, name in data["attributes"].items():
        for attribute in Attribute.objects.filter(slug=slug):
            translate("attribute", attribute.pk, EN, name=name)
            count += 1
    values = AttributeValue.objects.select_related("attribute").filter(
        attribute__slug__in=["ocop-star", "ocop-verified", "ocop-region", "ocop-province",
                             "ocop-group"]
    )
    for value in values:
        attr = value.attribute.slug
        name = data["attribute_values"].get(f"{attr}/{value.slug}")
        if attr == "ocop-region":
            name = data["regions"].get(value.slug)
        elif attr == "ocop-province":
            name = data["provinces"].get(value.slug)
        elif attr == "ocop-group":
            code = value.name.split(" ", 1)[0]
            name = f"{code} {group_english(code)}" if group_english(code) else None
        if name:
            translate("attribute_value", value.pk, EN, name=name)
            count += 1
    # The reference vocabulary, for pages that show these terms outside attributes.
    for slug, name in data["regions"].items():
        _vocabulary(f"region:{slug}", name)
    for slug, name in data["provinces"].items():
        _vocabulary(f"province:{slug}", name)
    for code, name in data["groups"].items():
        _vocabulary(f"group:{code}", name)
    for star, name in data["star_tiers"].items():
        _vocabulary(f"star:{star}", name)
    for status, name in data["certificate_statuses"].items():
        _vocabulary(f"status:{status}", name)
    slugs = {g.slug: g.code for g in all_groups() if g.level <= 2}
    for category in Category.objects.filter(slug__in=slugs):
        code = slugs[category.slug]
        name = group_english(code)
        translate(
            "category", category.pk, EN, name=name,
            slug=data["category_slugs"].get(code, slugify_vi(name)),
            description=description_from_text(f"OCOP products of group {code}: {name}."),
            seo_title=f"{name} – OCOP products of Vietnam",
        )
        count += 1
    products = Product.objects.filter(name__in=list(data["products"])).select_related(
        "producer", "default_variant"
    )
    for product in products:
        name, note = data["products"][product.name]
        producer = product.producer.name if product.producer else ""
        text = note or (f"{name}, an OCOP product of {producer}." if producer else name)
        translate(
            "product", product.pk, EN, name=name, slug=slugify_vi(name),
            description=description_from_text(text), seo_title=name,
            seo_description=text[:300],
        )
        for variant in product.variants.all():
            if variant.name:
                translate("variant", variant.pk, EN, name=english_variant_name(variant.name))
        count += 1
    return count
