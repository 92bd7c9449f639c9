"""What a shopper and the catalog say about the products, before and after one sweeper
pass (the real ``ocop search sweep``), as JSON: ``python _index_probe.py``."""

from __future__ import annotations

import io
import json
import os

import django


def state() -> dict:
    from django.test import Client

    from backend.catalog.models import Product
    from backend.channel.models import get_default_channel
    from backend.search.models import ProductSearchDocument

    channel = get_default_channel()
    body = Client().post(
        "/graphql/",
        data=json.dumps({"query": "{ products(first: 1) { totalCount } "
                                  "productFacets { totalCount inStock { count } } }"}),
        content_type="application/json",
    ).json()["data"]
    return {
        "catalog": Product.objects.visible_in(channel).count(),
        "listing": body["products"]["totalCount"],
        "facets": body["productFacets"]["totalCount"],
        "facets_in_stock_sum": sum(v["count"] for v in body["productFacets"]["inStock"]),
        "documents": ProductSearchDocument.objects.filter(is_visible=True).count(),
        "dirty": Product.objects.filter(search_index_dirty=True).count(),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    from django.core.management import call_command

    before = state()
    out = io.StringIO()
    call_command("search", "sweep", stdout=out)
    print(json.dumps({"before": before, "sweep": out.getvalue().strip(), "after": state()},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
