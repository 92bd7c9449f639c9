"""The English storefront (``/en/…``) for the foreign visitors the OCOP programme wants to
reach, and the pages both languages share: collections and content pages.

Pages run Saleor-shaped documents (english_queries.py) in-process and show each text's
English translation, or the Vietnamese one where none is written yet. OCOP terms keep their
Vietnamese name beside the English ("OCOP 4 stars (4 sao)"). ``alternates(request)`` gives
the same page in the other language, for ``hreflang`` links and the language switch.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags

from backend.core.site import absolute_url

from . import english_queries as q
from .graphql import StorefrontGraphQLError, execute
from .params import one_line

PAGE_SIZE = 24
# Listing URL parameters: Vietnamese ↔ English names (values are the same slugs).
PARAMS_VI_EN = {"q": "q", "sao": "star", "vung": "region"}
PARAMS_EN_VI = {en: vi for vi, en in PARAMS_VI_EN.items()}
FILTERS = {"star": "ocop-star", "region": "ocop-region"}


def _channel() -> str:
    return settings.DEFAULT_CHANNEL_SLUG


def _nodes(connection: dict | None) -> list[dict]:
    return [e["node"] for e in (connection or {}).get("edges", []) if e.get("node")]


def _text(node: dict | None, field: str, base: str | None = None) -> Any:
    """The English text of ``field``, or the Vietnamese one (``base``) where none exists."""
    translated = ((node or {}).get("translation") or {}).get(field)
    return translated or (node or {}).get(base or field)


def _blocks(raw: Any) -> list[str]:
    if not raw:
        return []
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return [strip_tags(str(raw))]
    return [strip_tags(str((b.get("data") or {}).get("text", ""))) for b in data.get("blocks", [])
            if (b.get("data") or {}).get("text")]


def _card(node: dict) -> dict:
    """A product card's fields, in English where translated."""
    star = ((node.get("star") or {}).get("value") or {})
    province = ((node.get("province") or {}).get("value") or {})
    return {
        "name": _text(node, "name"),
        "slug": _text(node, "slug"),
        "small": (node.get("small") or {}).get("url"),
        "large": (node.get("large") or {}).get("url"),
        "small_avif": (node.get("smallAvif") or {}).get("url"),
        "large_avif": (node.get("largeAvif") or {}).get("url"),
        "price": (((node.get("pricing") or {}).get("priceRange") or {}).get("start") or {}
                  ).get("gross"),
        "available": node.get("isAvailable"),
        "star": star.get("translation") or star.get("name"),
        "province": province.get("translation") or province.get("name"),
    }


# --------------------------------------------------------------------------- alternates


def _vi_listing_to_en(query: dict) -> str:
    pairs = [(PARAMS_VI_EN[k], v) for k, values in query.items() if k in PARAMS_VI_EN
             for v in values]
    return "?" + urlencode(pairs) if pairs else ""


def alternates(request: HttpRequest) -> dict[str, str] | None:
    """{"vi": url, "en": url} for the page being shown, when it exists in both languages.

    Product, collection and page views set them (``_set_alternates``); each English view
    also accepts the Vietnamese slug and redirects to its English one.
    """
    if getattr(request, "alternates", None):
        return request.alternates
    path = request.path
    query = dict(request.GET.lists())
    vi_to_en = {
        reverse("storefront:home"): reverse("storefront:en_home"),
        reverse("storefront:search"): reverse("storefront:en_search") + _vi_listing_to_en(query),
    }
    if path in vi_to_en:
        return {"vi": absolute_url(request, path + ("?" + request.GET.urlencode()
                                                    if request.GET else "")),
                "en": absolute_url(request, vi_to_en[path])}
    # Pages with a slug set their alternates themselves once the object is found (a page
    # that is not found, or hidden, names no other language).
    return None


def _set_alternates(request: HttpRequest, vi_path: str, en_path: str) -> None:
    request.alternates = {"vi": absolute_url(request, vi_path),
                          "en": absolute_url(request, en_path)}


# --------------------------------------------------------------------------- English pages


def home(request: HttpRequest) -> HttpResponse:
    data = execute(request, q.EN_HOME, {"channel": _channel()})
    collections = [{"name": _text(c, "name"), "slug": _text(c, "slug")}
                   for c in _nodes(data["collections"])]
    _set_alternates(request, reverse("storefront:home"), reverse("storefront:en_home"))
    return render(request, "storefront/en/home.html", {
        "collections": collections,
        "products": [_card(n) for n in _nodes(data["products"])],
        "total": data["products"]["totalCount"],
        "canonical": absolute_url(request, reverse("storefront:en_home")),
    })


def _choices(attribute: dict | None, chosen: list[str]) -> list[dict]:
    return [{"slug": n["slug"], "name": _text(n, "name"), "selected": n["slug"] in chosen}
            for n in _nodes((attribute or {}).get("choices"))]


def search(request: HttpRequest) -> HttpResponse:
    text = one_line(request.GET.get("q", ""), 200)
    chosen = {param: [one_line(v, 100) for v in request.GET.getlist(param)[:20]]
              for param in FILTERS}
    where = {"attributes": [{"slug": FILTERS[p], "value": {"slug": {"oneOf": values}}}
                            for p, values in chosen.items() if values]}
    after = request.GET.get("after") or None
    variables = {"channel": _channel(), "search": text or None,
                 "where": where if where["attributes"] else None, "first": PAGE_SIZE,
                 "after": after if after and after.isascii() and len(after) < 500 else None}
    try:
        data = execute(request, q.EN_LISTING, variables)
    except StorefrontGraphQLError:
        data = execute(request, q.EN_LISTING, {**variables, "after": None})
    products = data["products"]
    vi_pairs = [(PARAMS_EN_VI[k], v) for k in ("q", *FILTERS)
                for v in request.GET.getlist(k) if k in PARAMS_EN_VI]
    _set_alternates(request, reverse("storefront:search") + ("?" + urlencode(vi_pairs)
                                                            if vi_pairs else ""),
                    request.get_full_path())
    next_url = None
    if products["pageInfo"]["hasNextPage"]:
        params = request.GET.copy()
        params["after"] = products["pageInfo"]["endCursor"]
        next_url = "?" + params.urlencode()
    return render(request, "storefront/en/listing.html", {
        "search": text,
        "products": [_card(n) for n in _nodes(products)],
        "total": products["totalCount"],
        "filters": [
            {"param": "star", "label": _text(data["star"], "name", "slug"),
             "values": _choices(data["star"], chosen["star"])},
            {"param": "region", "label": _text(data["region"], "name", "slug"),
             "values": _choices(data["region"], chosen["region"])},
        ],
        "next_url": next_url,
        "canonical": absolute_url(request, reverse("storefront:en_search")),
        "noindex": bool(text or after),
    })


def product(request: HttpRequest, slug: str) -> HttpResponse:
    data = execute(request, q.EN_PRODUCT, {"slug": slug, "channel": _channel()})
    node = data.get("product")
    if not node:
        raise Http404("Product not found")
    english_slug = _text(node, "slug")
    if slug != english_slug:  # a Vietnamese slug (a language switch): the English URL
        return HttpResponsePermanentRedirect(reverse("storefront:en_product",
                                                     args=[english_slug]))
    facts = []
    for assigned in node["assignedAttributes"]:
        attribute = assigned["attribute"]
        values = ([assigned["value"]] if assigned.get("value") else []) + (
            assigned.get("choices") or [])
        names = [v.get("translation") or v["name"] for v in values if v]
        if names:
            facts.append({"slug": attribute["slug"],
                          "label": _text(attribute, "name"), "value": ", ".join(names)})
    images = [{"webp": m["webp"], "small_webp": m["smallWebp"], "avif": m["avif"],
               "small_avif": m["smallAvif"], "alt": m["alt"]} for m in node["media"]]
    variants = [{"name": _text(v, "name"), "quantity": v["quantityAvailable"]}
                for v in _nodes(node["productVariants"])]
    _set_alternates(request, reverse("storefront:product", args=[node["slug"]]),
                    reverse("storefront:en_product", args=[english_slug]))
    name = _text(node, "name")
    description = _blocks(_text(node, "description"))
    return render(request, "storefront/en/product.html", {
        "name": name,
        "vi_name": node["name"],
        "description": description,
        "summary": _text(node, "seoDescription") or (description[0][:158] if description else name),
        "category": _text(node["category"], "name") if node.get("category") else None,
        "price": (((node.get("pricing") or {}).get("priceRange") or {}).get("start") or {}
                  ).get("gross"),
        "available": node["isAvailable"],
        "variant_id": (node.get("defaultVariant") or {}).get("id"),
        "facts": facts,
        "images": images,
        "variants": variants,
        "ocop": node["ocop"],
        "producer": node.get("producer"),
        "canonical": absolute_url(request, reverse("storefront:en_product", args=[english_slug])),
    })


def collection(request: HttpRequest, slug: str) -> HttpResponse:
    data = execute(request, q.EN_COLLECTION, {"slug": slug, "channel": _channel(),
                                              "first": PAGE_SIZE})
    node = data.get("collection")
    if not node:
        raise Http404("Collection not found")
    english_slug = _text(node, "slug")
    if slug != english_slug:
        return HttpResponsePermanentRedirect(reverse("storefront:en_collection",
                                                     args=[english_slug]))
    _set_alternates(request, reverse("storefront:collection", args=[node["slug"]]),
                    reverse("storefront:en_collection", args=[english_slug]))
    return render(request, "storefront/en/collection.html", {
        "name": _text(node, "name"),
        "description": _blocks(_text(node, "description")),
        "products": [_card(n) for n in _nodes(node["products"])],
        "total": node["products"]["totalCount"],
        "canonical": absolute_url(request, reverse("storefront:en_collection",
                                                   args=[english_slug])),
    })


def _content_page(request: HttpRequest, slug: str, language: str) -> dict:
    variables = {"slug": slug, "languageCode": language.upper(),
                 "slugLanguageCode": language.upper() if language != "vi" else None}
    node = execute(request, q.PAGE, variables).get("page")
    if not node:
        raise Http404("Page not found" if language == "en" else "Không tìm thấy trang")
    return node


def page(request: HttpRequest, slug: str) -> HttpResponse:
    node = _content_page(request, slug, "en")
    english_slug = _text(node, "slug")
    if slug != english_slug:
        return HttpResponsePermanentRedirect(reverse("storefront:en_page", args=[english_slug]))
    _set_alternates(request, reverse("storefront:page", args=[node["slug"]]),
                    reverse("storefront:en_page", args=[english_slug]))
    return render(request, "storefront/en/page.html", {
        "title": _text(node, "title"),
        "blocks": _blocks(_text(node, "content")),
        "summary": _text(node, "seoDescription") or "",
        "canonical": absolute_url(request, reverse("storefront:en_page", args=[english_slug])),
    })


# --------------------------------------------------------------------------- Vietnamese pages


def page_vi(request: HttpRequest, slug: str) -> HttpResponse:
    node = _content_page(request, slug, "vi")
    english = (node.get("translation") or {}).get("slug") or slug
    _set_alternates(request, reverse("storefront:page", args=[slug]),
                    reverse("storefront:en_page", args=[english]))
    return render(request, "storefront/page.html", {
        "title": node["title"], "blocks": _blocks(node.get("content")),
        "summary": node.get("seoDescription") or "",
        "canonical": absolute_url(request, reverse("storefront:page", args=[slug])),
    })


def collection_vi(request: HttpRequest, slug: str) -> HttpResponse:
    data = execute(request, q.COLLECTION_VI, {"slug": slug, "channel": _channel(),
                                              "first": PAGE_SIZE})
    node = data.get("collection")
    if not node:
        raise Http404("Không tìm thấy bộ sưu tập")
    english = (node.get("slugEN") or {}).get("slug") or slug
    _set_alternates(request, reverse("storefront:collection", args=[slug]),
                    reverse("storefront:en_collection", args=[english]))
    return render(request, "storefront/collection.html", {
        "collection": node, "blocks": _blocks(node.get("description")),
        "products": _nodes(node["products"]), "total": node["products"]["totalCount"],
        "canonical": absolute_url(request, reverse("storefront:collection", args=[slug])),
        "summary": node.get("seoDescription") or node["name"],
    })
