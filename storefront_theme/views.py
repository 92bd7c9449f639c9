"""Storefront pages, rendered on the server from in-process GraphQL (see graphql.py).

Every page runs the operations in queries.py, the same a mobile app sends, and renders
only what they return; the only database access outside the API is the health check and
the catalog version that keys the home page's cache.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from backend.core.money import MAX_AMOUNT
from backend.core.site import absolute_url

from . import queries
from .graphql import StorefrontGraphQLError, execute
from .params import one_line

PAGE_SIZE = 24

# Sort choices: URL value → (label, API order). "phu-hop" needs search text.
SORTS: dict[str, tuple[str, dict[str, str]]] = {
    "phu-hop": ("Phù hợp nhất", {"field": "RANK", "direction": "DESC"}),
    "moi-nhat": ("Mới nhất", {"field": "CREATED_AT", "direction": "DESC"}),
    "gia-tang": ("Giá thấp đến cao", {"field": "PRICE", "direction": "ASC"}),
    "gia-giam": ("Giá cao đến thấp", {"field": "PRICE", "direction": "DESC"}),
    "ten": ("Tên A–Z", {"field": "NAME", "direction": "ASC"}),
}

# URL parameter → OCOP attribute filtered by it (values are attribute value slugs).
ATTRIBUTE_PARAMS = {
    "vung": "ocop-region",
    "tinh": "ocop-province",
    "sao": "ocop-star",
    "nhom": "ocop-group",
}
FACET_LABELS = {"vung": "Vùng", "tinh": "Tỉnh, thành", "sao": "Hạng sao", "nhom": "Nhóm sản phẩm",
                "gia": "Khoảng giá", "con-hang": "Còn hàng",
                "da-xac-minh": "Đã có quyết định công nhận"}
# "Verified decisions only": products whose certificate is a decision on file, not only a
# province's published list (the OCOP attribute the domain keeps for it).
VERIFIED_FILTER = {"slug": "ocop-verified", "values": ["da-co-quyet-dinh"]}


_PRICE_RANGE = re.compile(r"([0-9]{0,16})(?:-([0-9]{0,16}))?", re.ASCII)
MAX_CURSOR_LENGTH = 1000


def text_param(request: HttpRequest, name: str, max_length: int) -> str:
    """A query parameter as plain text: control characters (NUL…) dropped, whitespace
    collapsed, at most ``max_length`` characters. Every free-text parameter reads here."""
    return one_line(request.GET.get(name, ""), max_length)


def text_params(request: HttpRequest, name: str, max_length: int, max_count: int) -> list[str]:
    values = (one_line(v, max_length) for v in request.GET.getlist(name)[:max_count])
    return [v for v in values if v]


def cursor_param(request: HttpRequest, name: str) -> str | None:
    """A pagination cursor as the API hands them out (printable ASCII), else None: a
    hand-edited cursor shows the first page."""
    value = request.GET.get(name, "")
    if value and len(value) <= MAX_CURSOR_LENGTH and value.isascii() and value.isprintable():
        return value
    return None


def _is_paged(request: HttpRequest) -> bool:
    return bool(cursor_param(request, "sau") or cursor_param(request, "truoc"))


def _channel() -> str:
    return settings.DEFAULT_CHANNEL_SLUG


def _absolute(request: HttpRequest, path: str) -> str:
    return absolute_url(request, path)


# --------------------------------------------------------------------------- helpers


def description_blocks(raw: Any) -> list[dict[str, Any]]:
    """EditorJS JSON (as the API sends it) → simple blocks of plain text for the template."""
    if not raw:
        return []
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return [{"type": "paragraph", "text": strip_tags(str(raw))}]
    blocks = []
    for block in (data or {}).get("blocks", []):
        kind = block.get("type")
        content = block.get("data") or {}
        if kind == "list":
            items = [strip_tags(str(i.get("content", i) if isinstance(i, dict) else i))
                     for i in content.get("items", [])]
            blocks.append({"type": "list", "items": items})
        elif kind in ("paragraph", "header", "quote"):
            text = strip_tags(str(content.get("text", ""))).strip()
            if text:
                blocks.append({"type": "header" if kind == "header" else "paragraph",
                               "text": text})
    return blocks


def plain_summary(blocks: list[dict[str, Any]], limit: int = 158) -> str:
    """The first words of a description, for meta descriptions."""
    text = " ".join(b.get("text") or " ".join(b.get("items", [])) for b in blocks).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _nodes(connection_data: dict | None) -> list[dict]:
    return [edge["node"] for edge in (connection_data or {}).get("edges", []) if edge["node"]]


def _page_variables(request: HttpRequest) -> dict[str, Any]:
    """Keyset pagination from the URL: ?sau=<cursor> forwards, ?truoc=<cursor> backwards."""
    before = cursor_param(request, "truoc")
    after = cursor_param(request, "sau")
    if before:
        return {"last": PAGE_SIZE, "before": before}
    return {"first": PAGE_SIZE, "after": after or None}


def _pagination(request: HttpRequest, page_info: dict, shown: int, total: int) -> dict:
    params = request.GET.copy()
    for key in ("sau", "truoc"):
        params.pop(key, None)
    paged = _is_paged(request)
    links = {}
    if page_info.get("hasNextPage") or (cursor_param(request, "truoc")
                                        and page_info.get("endCursor")):
        forward = params.copy()
        forward["sau"] = page_info["endCursor"]
        links["next"] = "?" + forward.urlencode()
    if paged and (page_info.get("hasPreviousPage") or cursor_param(request, "sau")):
        backward = params.copy()
        backward["truoc"] = page_info["startCursor"]
        links["previous"] = "?" + backward.urlencode()
    first_page = params.urlencode()
    return {"links": links, "shown": shown, "total": total,
            "first": "?" + first_page if first_page else "?", "paged": paged}


def _run_paged(request: HttpRequest, document: str, variables: dict[str, Any]) -> dict:
    """Run a paged document; a stale or hand-edited cursor falls back to the first page."""
    try:
        return execute(request, document, {**variables, **_page_variables(request)})
    except StorefrontGraphQLError:
        if not _is_paged(request):
            raise
        return execute(request, document, {**variables, "first": PAGE_SIZE})


# --------------------------------------------------------------------------- home


def home(request: HttpRequest) -> HttpResponse:
    # The home page is the same for everyone: the response cache keeps its data until a
    # product's document changes, with availability patched in live (backend/graphql/
    # response_cache.py), like every other page's.
    data = execute(request, queries.HOME, {"channel": _channel()})
    newest = _nodes(data["newest"])
    newest.sort(key=lambda p: (p["ocop"].get("certification") or {}).get("decisionDate") or "",
                reverse=True)
    facets = data["productFacets"]
    context = {
        "five_star": _nodes(data["fiveStar"]),
        "five_star_total": data["fiveStar"]["totalCount"],
        "newest": newest[:8],
        "regions": facets["region"],
        "sectors": [g for g in facets["group"] if g["level"] == 1],
        "total": facets["totalCount"],
        "canonical": _absolute(request, "/"),
    }
    return render(request, "storefront/home.html", context)


# --------------------------------------------------------------------------- listing


@dataclass
class ListingQuery:
    """The shopper's search as it stands in the URL: every filter is a query parameter."""

    search: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)
    price: str = ""
    in_stock: bool = False
    verified: bool = False
    sort: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, fixed: dict[str, list[str]] | None = None
                     ) -> ListingQuery:
        attributes = {param: text_params(request, param, 100, 40) for param in ATTRIBUTE_PARAMS}
        for param, values in (fixed or {}).items():
            attributes[param] = list(dict.fromkeys(values + attributes.get(param, [])))
        search = text_param(request, "q", 200)
        sort = request.GET.get("sap-xep", "")
        if sort not in SORTS or (sort == "phu-hop" and not search):
            sort = "phu-hop" if search else "moi-nhat"
        return cls(search=search, attributes={k: v for k, v in attributes.items() if v},
                   price=text_param(request, "gia", 40),
                   in_stock=request.GET.get("con-hang") == "1",
                   verified=request.GET.get("da-xac-minh") == "1", sort=sort)

    def price_range(self) -> dict[str, int] | None:
        """"50000-99999" → {gte, lte} in đồng; anything else (or out of range) → None."""
        match = _PRICE_RANGE.fullmatch(self.price)
        if not match:
            return None
        bounds = {}
        low, high = (int(part) if part else None for part in match.groups())
        if low is not None and 0 < low <= MAX_AMOUNT:
            bounds["gte"] = low
        if high is not None and high <= MAX_AMOUNT:
            bounds["lte"] = high
        return bounds or None

    def api_filter(self) -> dict[str, Any]:
        spec: dict[str, Any] = {}
        attributes = [{"slug": ATTRIBUTE_PARAMS[param], "values": values}
                      for param, values in self.attributes.items()]
        if self.verified:
            attributes.append(VERIFIED_FILTER)
        if attributes:
            spec["attributes"] = attributes
        if self.price_range():
            spec["price"] = self.price_range()
        if self.in_stock:
            spec["stockAvailability"] = "IN_STOCK"
        return spec

    def params(self) -> list[tuple[str, str]]:
        """The URL parameters of this search, in a stable order (used for canonical URLs)."""
        pairs = [("q", self.search)] if self.search else []
        for param in ATTRIBUTE_PARAMS:
            pairs += [(param, value) for value in self.attributes.get(param, [])]
        if self.price:
            pairs.append(("gia", self.price))
        if self.in_stock:
            pairs.append(("con-hang", "1"))
        if self.verified:
            pairs.append(("da-xac-minh", "1"))
        return pairs

    def is_filtered(self) -> bool:
        return bool(self.attributes or self.price_range() or self.in_stock or self.verified)


def _without(pairs: list[tuple[str, str]], param: str, value: str | None = None) -> str:
    kept = [(k, v) for k, v in pairs if not (k == param and (value is None or v == value))]
    return "?" + urlencode(kept) if kept else "?"


def _facet_groups(facets: dict, listing: ListingQuery) -> list[dict[str, Any]]:
    """Facets for the sidebar: each value with its count and whether it is chosen."""
    groups = [
        {"param": "vung", "label": "Vùng", "values": facets["region"], "open": True},
        {"param": "sao", "label": "Hạng sao", "values": facets["star"], "open": True},
        {"param": "tinh", "label": "Tỉnh, thành",
         "values": [v for v in facets["province"] if v["count"] or v["selected"]],
         "open": bool(listing.attributes.get("tinh"))},
        {"param": "nhom", "label": "Nhóm sản phẩm",
         "values": [dict(v, indent=v["level"] - 1) for v in facets["group"]
                    if v["level"] <= 2 and (v["count"] or v["selected"])],
         "open": bool(listing.attributes.get("nhom"))},
    ]
    for group in groups:
        group["values"] = [dict(v, id=f"f-{group['param']}-{v['slug']}") for v in group["values"]]
    return groups


def _active_filters(listing: ListingQuery, facets: dict) -> list[dict[str, str]]:
    """Chips for each active filter, each with the URL that removes it."""
    names = {}
    facet_keys = (("vung", "region"), ("tinh", "province"), ("sao", "star"), ("nhom", "group"))
    for param, key in facet_keys:
        names.update({(param, v["slug"]): v["name"] for v in facets[key]})
    pairs = listing.params() + [("sap-xep", listing.sort)]
    chips = []
    for param, values in listing.attributes.items():
        for value in values:
            chips.append({"label": f"{FACET_LABELS[param]}: {names.get((param, value), value)}",
                          "url": _without(pairs, param, value)})
    if listing.price:
        price_name = next((p["name"] for p in facets["priceRanges"] if p["selected"]),
                          listing.price)
        chips.append({"label": f"Giá: {price_name}", "url": _without(pairs, "gia")})
    if listing.in_stock:
        chips.append({"label": "Còn hàng", "url": _without(pairs, "con-hang")})
    if listing.verified:
        chips.append({"label": FACET_LABELS["da-xac-minh"], "url": _without(pairs, "da-xac-minh")})
    return chips


def _render_listing(request: HttpRequest, *, fixed: dict[str, list[str]] | None = None,
                    heading: str = "", path: str | None = None,
                    intro: str = "") -> HttpResponse:
    listing = ListingQuery.from_request(request, fixed)
    variables = {"channel": _channel(), "search": listing.search or None,
                 "filter": listing.api_filter() or None, "sortBy": SORTS[listing.sort][1]}
    data = _run_paged(request, queries.LISTING, variables)
    products = data["products"]
    facets = data["productFacets"]
    nodes = _nodes(products)
    path = path or request.path
    pairs = listing.params()
    # The fixed group of a group page is in its path, not its query string.
    own = [p for p in pairs if not (fixed and p[0] in fixed and p[1] in fixed[p[0]])]
    canonical = _absolute(request, path + ("?" + urlencode(own) if own else ""))
    if fixed and "nhom" in fixed:
        group = next((g for g in facets["group"] if g["slug"] == fixed["nhom"][0]), None)
        if group is None:
            raise Http404("Không tìm thấy nhóm sản phẩm")
        heading = heading or f"{group['name']}"
        intro = intro or f"Sản phẩm OCOP nhóm {group['code']} theo Quyết định 26/2026/QĐ-TTg."
    if not heading:
        heading = f"Kết quả cho “{listing.search}”" if listing.search else "Tất cả sản phẩm OCOP"
    suggestion_url = None
    if facets.get("didYouMean") and facets["didYouMean"] != listing.search:
        suggestion_url = path + "?" + urlencode(
            [("q", facets["didYouMean"])] + [p for p in pairs if p[0] != "q"])
    context = {
        "listing": listing,
        "heading": heading,
        "intro": intro,
        "products": nodes,
        "total": products["totalCount"],
        "pagination": _pagination(request, products["pageInfo"], len(nodes),
                                  products["totalCount"]),
        "facet_groups": _facet_groups(facets, listing),
        "price_ranges": [dict(p, id=f"f-gia-{p['slug']}") for p in facets["priceRanges"]],
        "in_stock": next((s for s in facets["inStock"] if s["inStock"]), None),
        "active_filters": _active_filters(listing, facets),
        "clear_url": path + ("?" + urlencode([("q", listing.search)]) if listing.search else ""),
        "did_you_mean": facets.get("didYouMean") if suggestion_url else None,
        "did_you_mean_url": suggestion_url,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()
                  if key != "phu-hop" or listing.search],
        "canonical": canonical,
        "fixed": fixed or {},
        # Search result pages are endless; only plain browsing pages belong in an index.
        "noindex": bool(listing.search) or _is_paged(request),
    }
    return render(request, "storefront/listing.html", context)


def search(request: HttpRequest) -> HttpResponse:
    return _render_listing(request)


def product_group(request: HttpRequest, slug: str) -> HttpResponse:
    """A QĐ 26/2026 group (ngành, nhóm or phân nhóm): the listing with that group chosen."""
    return _render_listing(request, fixed={"nhom": [slug]},
                           path=reverse("storefront:group", args=[slug]))


# --------------------------------------------------------------------------- product


def _stock_label(product: dict) -> str:
    quantity = (product.get("defaultVariant") or {}).get("quantityAvailable")
    if not product.get("isAvailable"):
        return "Tạm hết hàng"
    if quantity is not None and quantity <= 5:
        return f"Chỉ còn {quantity} sản phẩm"
    return "Còn hàng"


def _product_json_ld(request: HttpRequest, product: dict, images: list[dict], summary: str
                     ) -> dict[str, Any]:
    url = _absolute(request, reverse("storefront:product", args=[product["slug"]]))
    ocop = product["ocop"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product["name"],
        "url": url,
        "description": summary,
        "image": [image["url"] for image in images],
    }
    variant = product.get("defaultVariant") or {}
    if variant.get("sku"):
        data["sku"] = variant["sku"]
    producer = product.get("producer")
    if producer:
        data["brand"] = {"@type": "Brand", "name": producer["shopName"]}
        data["manufacturer"] = {"@type": "Organization", "name": producer["name"]}
    if ocop.get("groupPath"):
        data["category"] = " > ".join(g["name"] for g in ocop["groupPath"])
    if ocop.get("isCertified") and ocop.get("star"):
        data["award"] = f"OCOP {ocop['star']} sao"
    if ocop.get("province"):
        data["countryOfOrigin"] = {"@type": "Country", "name": "Việt Nam"}
    price = (((product.get("pricing") or {}).get("priceRange") or {}).get("start") or {}).get(
        "gross")
    if price:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "url": url,
            "priceCurrency": price["currency"],
            "price": str(int(price["amount"])),
            "availability": "https://schema.org/InStock" if product.get("isAvailable")
            else "https://schema.org/OutOfStock",
            "itemCondition": "https://schema.org/NewCondition",
        }
        if producer:
            offer["seller"] = {"@type": "Organization", "name": producer["shopName"]}
        data["offers"] = offer
    return data


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    data = execute(request, queries.PRODUCT, {"slug": slug, "channel": _channel()})
    product = data.get("product")
    if not product:
        raise Http404("Không tìm thấy sản phẩm")
    images = product.get("media") or []
    if not images and product.get("thumbnail"):
        images = [product["thumbnail"]]
    blocks = description_blocks(product.get("description"))
    summary = product.get("seoDescription") or plain_summary(blocks)
    ocop = product["ocop"]
    legacy = ocop.get("legacyProvince")
    province = ocop.get("province")
    # Show the old province only where it differs from today's unit.
    show_legacy = bool(legacy and province and legacy["name"] != province["name"])
    producer = product.get("producer")
    more = []
    if producer:
        more = [p for p in _nodes(producer.get("products")) if p["slug"] != product["slug"]][:4]
    certification = ocop.get("certification")
    english_slug = (product.get("slugEN") or {}).get("slug") or slug
    request.alternates = {  # hreflang and the language switch (storefront_theme/english.py)
        "vi": _absolute(request, reverse("storefront:product", args=[slug])),
        "en": _absolute(request, reverse("storefront:en_product", args=[english_slug])),
    }
    context = {
        "product": product,
        "images": images,
        "blocks": blocks,
        "summary": summary,
        "ocop": ocop,
        "certification": certification,
        "show_legacy": show_legacy,
        "producer": producer,
        "more_from_producer": more,
        "stock_label": _stock_label(product),
        "canonical": _absolute(request, reverse("storefront:product", args=[slug])),
        "og_image": images[0]["url"] if images else None,
        "json_ld": _product_json_ld(request, product, images, summary),
        "page_title": product.get("seoTitle") or product["name"],
    }
    return render(request, "storefront/product.html", context)


# --------------------------------------------------------------------------- producer shop


def producer_shop(request: HttpRequest, slug: str) -> HttpResponse:
    data = _run_paged(request, queries.SHOP, {"slug": slug, "channel": _channel()})
    producer = data.get("producer")
    if not producer:
        raise Http404("Không tìm thấy gian hàng")
    products = producer["products"]
    nodes = _nodes(products)
    story = [p.strip() for p in (producer.get("description") or "").split("\n") if p.strip()]
    context = {
        "producer": producer,
        "story": story,
        "products": nodes,
        "pagination": _pagination(request, products["pageInfo"], len(nodes),
                                  products["totalCount"]),
        "canonical": _absolute(request, reverse("storefront:shop", args=[slug])),
        "og_image": (producer.get("logo") or {}).get("url"),
        "summary": (story[0][:155] if story else
                    f"Gian hàng OCOP của {producer['name']}, {producer['province']['name']}."),
        "noindex": _is_paged(request),
    }
    return render(request, "storefront/shop.html", context)


# --------------------------------------------------------------------------- categories


def category(request: HttpRequest, slug: str) -> HttpResponse:
    sort = request.GET.get("sap-xep", "moi-nhat")
    if sort not in SORTS or sort == "phu-hop":
        sort = "moi-nhat"
    data = _run_paged(request, queries.CATEGORY,
                      {"slug": slug, "channel": _channel(), "sortBy": SORTS[sort][1]})
    node = data.get("category")
    if not node:
        raise Http404("Không tìm thấy danh mục")
    products = node["products"]
    nodes = _nodes(products)
    blocks = description_blocks(node.get("description"))
    context = {
        "category": node,
        "blocks": blocks,
        "children": _nodes(node.get("children")),
        "products": nodes,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items() if key != "phu-hop"],
        "pagination": _pagination(request, products["pageInfo"], len(nodes),
                                  products["totalCount"]),
        "canonical": _absolute(request, reverse("storefront:category", args=[slug])),
        "summary": plain_summary(blocks) or f"Sản phẩm OCOP thuộc danh mục {node['name']}.",
        "noindex": _is_paged(request),
    }
    return render(request, "storefront/category.html", context)


def categories(request: HttpRequest) -> HttpResponse:
    data = execute(request, queries.CATEGORIES)
    tree = [dict(node, subs=_nodes(node.get("children"))) for node in _nodes(data["categories"])]
    return render(request, "storefront/categories.html",
                  {"tree": tree, "canonical": _absolute(request, reverse("storefront:categories"))})


# --------------------------------------------------------------------------- certificate check


def _looks_like_decision(text: str) -> bool:
    """'3981/QĐ-UBND' is a decision number; '83-832-28882-2-2022' is a product code."""
    return "/" in text or "qđ" in text.lower() or "qd-" in text.lower()


def certificate_check(request: HttpRequest) -> HttpResponse:
    code = text_param(request, "ma", 80)
    kind = request.GET.get("loai", "")
    if kind not in ("ma-san-pham", "so-quyet-dinh"):
        kind = "so-quyet-dinh" if code and _looks_like_decision(code) else "ma-san-pham"
    results = None
    if code:
        variables = ({"decisionNumber": code} if kind == "so-quyet-dinh"
                     else {"productCode": code})
        results = execute(request, queries.CERTIFICATE_CHECK, variables)["ocopCertifications"]
    context = {
        "code": code,
        "kind": kind,
        "results": results,
        "today": datetime.date.today().isoformat(),
        "canonical": _absolute(request, reverse("storefront:certificate_check")),
        "noindex": bool(code),
    }
    return render(request, "storefront/certificate_check.html", context)


# --------------------------------------------------------------------------- suggestions


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """Search-as-you-type for the search box's small script (JSON, no HTML)."""
    text = text_param(request, "q", 100)
    items = []
    if len(text) >= 2:
        found = execute(request, queries.SUGGESTIONS, {"search": text, "channel": _channel()})
        for entry in found["productSuggestions"]:
            if entry["kind"] == "PRODUCT" and entry.get("product"):
                url = reverse("storefront:product", args=[entry["product"]["slug"]])
            else:
                url = reverse("storefront:search") + "?" + urlencode({"q": entry["text"]})
            items.append({"text": entry["text"], "url": url,
                          "kind": "product" if entry["kind"] == "PRODUCT" else "query"})
    response = JsonResponse({"suggestions": items})
    response["Cache-Control"] = "public, max-age=60"
    return response


# --------------------------------------------------------------------------- SEO files


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /graphql/",
        "Disallow: /goi-y/",
        "Disallow: /kiem-tra-chung-nhan/?",
        "Allow: /",
        f"Sitemap: {_absolute(request, reverse('storefront:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --------------------------------------------------------------------------- errors, health


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Pages under /en/ (the English storefront and buying pages) say it in English.
    name = "storefront/en/404.html" if request.path.startswith("/en/") else "storefront/404.html"
    body = loader.render_to_string(name, {"noindex": True}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors or the database: they may be what failed.
    nonce = getattr(request, "csp_nonce", "")
    body = loader.get_template("storefront/500.html").render({"csp_nonce": nonce})
    return HttpResponse(body, status=500)
