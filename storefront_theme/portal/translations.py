"""Portal page for a product's translations (English first): name, description, SEO
texts, address and each variant's name, written through ``backend.sellers.translations``
(the same functions as ``productTranslate``). A field left empty shows the Vietnamese
text to foreign visitors."""

from __future__ import annotations

from django.conf import global_settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from backend.sellers import translations
from backend.sellers.roles import Capability
from backend.translation.editing import language_words

from .context import PortalContext, portal_view
from .forms import Outcome
from .products import _own_product, _Rollback

# The languages offered first (foreign visitors the programme wants to reach); any other
# language Django knows may be chosen by its tag.
OFFERED = ("en", "zh-hans", "ja", "ko", "fr", "de", "ru", "th")
KNOWN = {code for code, _name in global_settings.LANGUAGES} - {"vi"}
FIELDS = ("name", "description", "seo_title", "seo_description", "slug")


def _language(request: HttpRequest) -> str:
    tag = (request.POST.get("ngon-ngu") or request.GET.get("ngon-ngu") or "en").strip().lower()
    return tag if tag in KNOWN else "en"


def _description_text(row) -> str:
    blocks = ((row.description or {}).get("blocks") or []) if row is not None else []
    return "\n\n".join(str((b.get("data") or {}).get("text", "")) for b in blocks
                       if isinstance(b, dict))


@portal_view(Capability.MANAGE_LISTINGS)
def product_translate(request: HttpRequest, portal: PortalContext, pk: int) -> HttpResponse:
    product = _own_product(portal, pk)
    tag = _language(request)
    variants = list(product.variants.order_by("sort_order", "pk"))
    outcome = Outcome()
    if request.method == "POST":
        try:
            with transaction.atomic():
                _save(request, product, variants, tag, outcome)
                if not outcome.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            return redirect(f"{request.path}?{urlencode({'ngon-ngu': tag, 'da-luu': 1})}")
    row, variant_rows = translations.product_translations(product, tag)
    values = request.POST if outcome.errors else {
        "name": getattr(row, "name", ""), "description": _description_text(row),
        "seo_title": getattr(row, "seo_title", ""),
        "seo_description": getattr(row, "seo_description", ""),
        "slug": getattr(row, "slug", ""),
        **{f"v{v.pk}-name": getattr(variant_rows.get(v.pk), "name", "") for v in variants},
    }
    rows = [{"variant": v, "field": f"v{v.pk}-name", "value": values.get(f"v{v.pk}-name", ""),
             "errors": outcome.errors.get(f"v{v.pk}-name", [])} for v in variants]
    return render(request, "portal/products/translate.html", {
        "portal": portal, "product": product, "tag": tag, "language": language_words(tag),
        "languages": [(code, language_words(code)) for code in OFFERED],
        "values": values, "variant_rows": rows, "errors": outcome.errors,
        "saved": request.GET.get("da-luu") == "1", "noindex": True,
    }, status=400 if outcome.errors else 200)


def _save(request: HttpRequest, product, variants, tag: str, outcome: Outcome) -> None:
    post, user = request.POST, request.user
    texts = {field: post.get(field, "") for field in FIELDS if field in post}
    outcome.run(translations.translate_product, user, product, tag, **texts)
    for variant in variants:
        field = f"v{variant.pk}-name"
        if field not in post:
            continue
        one = Outcome()
        one.run(translations.translate_variant, user, variant, tag, name=post[field])
        for messages in one.errors.values():
            label = variant.name or "Mặc định"
            outcome.errors.setdefault(field, []).extend(
                f"Quy cách “{label}”: {m}" for m in messages)
