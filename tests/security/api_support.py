"""Shared by the tests/security/test_api_*.py suites: a small real catalog, a client that
posts like a browser or an app, and a tally of how each class of bad request was answered
(tried, refused cleanly, answered, 5xx) printed for the issue note."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.test import Client

CLEAN_REFUSALS = {400, 403, 404, 405, 413, 415}


def post_json(client: Client, body: Any, **extra):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/graphql/", raw, content_type="application/json", **extra)


def gql(client: Client, query: str, variables: dict | None = None, **extra) -> dict:
    response = post_json(client, {"query": query, "variables": variables or {}}, **extra)
    assert response.status_code < 500, response.content[:300]
    return response.json()


class Tally:
    """Counts per class: every answer must be clean (no 5xx, no masked crash)."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}

    def record(self, kind: str, response) -> str:
        """Classify one HTTP answer; returns "refused", "answered" or "5xx"."""
        counter = self.counts.setdefault(kind, Counter())
        counter["tried"] += 1
        body = response.content
        if response.status_code >= 500 or b"Internal Server Error" in body:
            outcome = "5xx"
        elif response.status_code in CLEAN_REFUSALS or b'"errors"' in body:
            outcome = "refused"
        else:
            outcome = "answered"
        counter[outcome] += 1
        return outcome

    def lines(self) -> list[str]:
        out = []
        for kind, c in sorted(self.counts.items()):
            out.append(f"{kind:34} tried {c['tried']:6}  refused cleanly {c['refused']:6}  "
                       f"answered {c['answered']:6}  5xx {c['5xx']}")
        return out

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    def report(self, capsys, title: str) -> None:
        with capsys.disabled():
            print(f"\n{title}")
            for line in self.lines():
                print("  " + line)


@pytest.fixture(name="tally")
def tally_fixture(capsys, request):
    """A Tally for the test, reported when it ends; no answer may be a 5xx."""
    t = Tally()
    yield t
    t.report(capsys, f"{request.node.module.__name__.rsplit('.', 1)[-1]}: per class")
    assert t.total("5xx") == 0


@pytest.fixture(name="api_catalog")
def api_catalog_fixture(make_product, make_producer):
    """Two category levels, three producers, a dozen indexed products (one unpublished)."""
    from django.db import connection

    from backend.catalog.models import Category
    from backend.search import api

    root = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    child = Category.objects.create(name="Gia vị", slug="gia-vi", parent=root)
    drinks = Category.objects.create(name="Đồ uống", slug="do-uong")
    producers = [
        make_producer("Hợp tác xã Nước mắm Nam Ô",
                      address="Thôn 1, xã Bình Nguyên, huyện Thăng Bình, tỉnh Quảng Nam"),
        make_producer("Công ty TNHH Mè xửng Thiên Hương", address="phường Phú Xuân, Thành phố Huế"),
        make_producer("Hợp tác xã Chè Tân Cương"),
    ]
    products = []
    names = ["Nước mắm Nam Ô", "Mắm ruốc Nam Ô", "Mè xửng Thiên Hương", "Tương ớt Huế",
             "Chè Tân Cương", "Trà xanh Thái Nguyên", "Nước mắm nhĩ", "Mứt gừng",
             "Cà phê rang xay", "Mật ong hoa cà phê", "Rượu ngô", "Bánh tráng"]
    for i, name in enumerate(names):
        category = (child, root, drinks)[i % 3]
        products.append(make_product(name, producer=producers[i % 3], star=3 + i % 3,
                                     price=30_000 + 10_000 * i, category=category))
    make_product("Sản phẩm chưa đăng", producer=producers[0], published=False, category=root)
    api.update_dirty()
    connection.run_on_commit.clear()  # the test transaction never commits
    return {"categories": [root, child, drinks], "producers": producers, "products": products}


def row_counts() -> dict[str, int]:
    """Rows of every table a mutation could write, for before/after comparisons."""
    from django.apps import apps

    labels = ("catalog", "producers", "ocop", "attribute", "warehouse", "channel", "search")
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


IMPORT = """mutation Import($content: String!, $dryRun: Boolean) {
  ocopProductsImport(content: $content, dryRun: $dryRun) { count applied errors { code } }
}"""


def annex_csv(count: int, start: int = 1, star: str = "3 sao") -> str:
    """A province's annex of ``count`` products, as the importer reads it."""
    header = ("STT,Tên sản phẩm,Chủ thể,Địa chỉ,Hạng sao,Nhóm sản phẩm,Số quyết định,"
              "Ngày quyết định,Cơ quan ban hành")
    rows = [
        f'{n},Trà atiso số {n},Hợp tác xã Atiso Thử Nghiệm,"xã Ninh Gia, huyện Đức Trọng, '
        f'tỉnh Lâm Đồng",{star},Đồ uống,1234/QĐ-UBND,15/03/2025,UBND tỉnh Lâm Đồng'
        for n in range(start, start + count)
    ]
    return "\n".join([header, *rows]) + "\n"
