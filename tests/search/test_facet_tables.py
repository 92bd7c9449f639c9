"""The narrow tables behind listings and facet counts on PostgreSQL (facet rows, facet
combinations, producer counts) stay in step with the documents through every write path,
and certificates lapsing by date leave the OCOP facets without any write."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection

from backend.catalog.filtering import ProductFilter

_DOC_COLUMNS = (
    "product_id, channel_id, star, province_id, region_id, group_ids, group_l1, group_l2, "
    "group_l3, ocop_valid_through, producer_id, product_type_id, category_ids, price, in_stock"
)


@pytest.fixture
def postgres(settings):
    from backend.search import api

    settings.ELASTICSEARCH_URL = ""
    api._backends.clear()
    return api.get_backend()


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def assert_in_step() -> None:
    """Facet rows are exactly the visible documents; combinations and producer counts are
    what a recount of the facet rows gives for the day they were built."""
    cube = importlib.import_module("backend.search.migrations.0006_facet_cube")
    docs = _rows(f"SELECT id, {_DOC_COLUMNS} FROM search_productsearchdocument "
                 "WHERE is_visible ORDER BY id")
    rows = _rows(f"SELECT doc_id, {_DOC_COLUMNS} FROM search_productfacetrow ORDER BY doc_id")
    assert rows == docs
    (day,) = _rows("SELECT day FROM search_facetcubestate WHERE id = 1")[0]
    assert day is not None
    combos = _rows(f"SELECT {cube.KEYS}, n FROM search_facetcombo WHERE n <> 0")
    as_of = cube.keys_as_of(f"DATE '{day.isoformat()}'")
    recount = _rows(
        f"SELECT {as_of}, count(*) "
        "FROM search_productfacetrow GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10")
    assert sorted(combos, key=repr) == sorted(recount, key=repr)
    producers = _rows("SELECT channel_id, producer_id, n FROM search_producercount WHERE n <> 0")
    assert sorted(producers) == sorted(_rows(
        "SELECT channel_id, producer_id, count(*) FROM search_productfacetrow "
        "WHERE producer_id IS NOT NULL GROUP BY 1, 2"))


def _facets(channel, spec: ProductFilter | None = None) -> dict:
    from backend.search.api import facet_counts

    return facet_counts(channel, spec or ProductFilter())


def test_every_write_path_keeps_the_facet_tables_in_step(
    postgres, channel, make_product, reindex, django_capture_on_commit_callbacks
):
    from backend.catalog.services import publish, set_variant_price
    from backend.search.api import count_matching, rebuild
    from backend.warehouse.models import Stock

    products = [
        make_product("Mật ong rừng", star=4, price=180_000),
        make_product("Trà shan tuyết", star=5, price=300_000),
        make_product("Nước mắm", star=3, price=45_000),
        make_product("Bánh tráng", star=None, price=20_000),
    ]
    reindex(postgres)
    assert _facets(channel)["total"] == 4  # builds the combinations for today
    assert_in_step()

    # Stock runs out (``indexing.stock_changed``: one column updated in place).
    with django_capture_on_commit_callbacks(execute=True):
        Stock.objects.filter(product_variant=products[0].default_variant).get().delete()
    assert_in_step()
    in_stock = {e["id"]: e["count"] for e in _facets(channel)["in_stock"]}
    assert in_stock == {1: 3, 0: 1}
    assert count_matching(channel, ProductFilter(in_stock=True)) == 3

    # A price moves to another band (after-commit reindex).
    set_variant_price(products[2].default_variant, channel, 120_000)
    reindex(postgres)
    assert_in_step()
    bands = {e["slug"]: e["count"] for e in _facets(channel)["price"] if e["count"]}
    assert bands == {"0-49999": 1, "100000-199999": 2, "200000-499999": 1}

    # Hidden (written in the writer's transaction) and deleted products leave.
    publish(products[1], channel, is_published=False)
    assert_in_step()
    products[3].delete()
    assert_in_step()
    facets = _facets(channel)
    assert facets["total"] == 2
    assert {s["id"]: s["count"] for s in facets["star"]} == {3: 1, 4: 1, 5: 0}
    assert count_matching(channel, ProductFilter(
        attributes={"ocop-star": ("5-sao",)})) == 0

    # A full rebuild leaves them as they were.
    rebuild()
    assert_in_step()
    assert _facets(channel)["total"] == 2


def test_certificates_lapse_by_date_without_a_write(postgres, channel, make_product, reindex,
                                                     monkeypatch):
    from django.utils import timezone

    from backend.search.api import count_matching

    make_product("Mật ong rừng", star=4, price=180_000)
    make_product("Trà shan tuyết", star=5, price=300_000,
                 decision_date=datetime.date.today() - datetime.timedelta(days=900))
    reindex(postgres)
    four = ProductFilter(attributes={"ocop-star": ("4-sao",)})
    assert {s["id"]: s["count"] for s in _facets(channel)["star"]} == {3: 0, 4: 1, 5: 1}
    assert count_matching(channel, four) == 1

    # 200 days on: the older certificate (36 months) has lapsed, the newer has not.
    later = timezone.localdate() + datetime.timedelta(days=200)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    facets = _facets(channel)
    assert {s["id"]: s["count"] for s in facets["star"]} == {3: 0, 4: 1, 5: 0}
    assert facets["total"] == 2
    assert sum(r["count"] for r in facets["region"]) == 1
    assert count_matching(channel, ProductFilter(attributes={"ocop-star": ("5-sao",)})) == 0
    assert_in_step()

    # Past the newer one's validity too.
    much_later = later + datetime.timedelta(days=1000)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: much_later)
    assert {s["id"]: s["count"] for s in _facets(channel)["star"]} == {3: 0, 4: 0, 5: 0}
    assert count_matching(channel, four) == 0


@pytest.mark.django_db
def test_flushing_the_database_empties_the_facet_tables(postgres, channel, make_product):
    """Django's flush truncates every table in one statement (transactional tests do it
    after each test): the truncate triggers must not truncate those tables again. The
    flush's own SQL runs inside the test's transaction and is rolled back with it, so the
    reference data later tests rely on stays."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import transaction

    from backend.search.api import index_products

    product = make_product("Mật ong rừng", star=4)
    index_products([product.pk])
    assert _facets(channel)["total"] == 1
    tables = connection.introspection.django_table_names(only_existing=True,
                                                         include_views=False)
    assert apps.get_model("search", "ProductFacetRow")._meta.db_table in tables
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows made in this transaction run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
        for table in ("search_productfacetrow", "search_facetcombo", "search_producercount"):
            assert _rows(f"SELECT count(*) FROM {table}") == [(0,)]
        transaction.set_rollback(True)
    assert _facets(channel)["total"] == 1
