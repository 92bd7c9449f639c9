"""The requests the Elasticsearch backend sends, captured on a fake client.

These check the request bodies only; they do not show that a real server answers as
intended. The backend-parametrised suites (relevance, facets, freshness) do that when
ELASTICSEARCH_URL is set — see deploy/ELASTICSEARCH.md.
"""

from __future__ import annotations

import datetime

import pytest

from backend.catalog.filtering import ProductFilter
from backend.catalog.models import Product


class FakeIndices:
    def __init__(self, calls: list) -> None:
        self.calls = calls
        self.aliases: dict[str, set[str]] = {}

    def exists_alias(self, name):
        return name in self.aliases

    def create(self, **kwargs):
        self.calls.append(("indices.create", kwargs))

    def update_aliases(self, actions):
        self.calls.append(("indices.update_aliases", {"actions": actions}))
        for action in actions:
            (kind, spec), = action.items()
            targets = self.aliases.setdefault(spec["alias"], set())
            (targets.add if kind == "add" else targets.discard)(spec["index"])

    def get_alias(self, name):
        return {index: {"aliases": {name: {}}} for index in self.aliases.get(name, ())}

    def delete(self, index):
        self.calls.append(("indices.delete", {"index": index}))

    def refresh(self, index):
        self.calls.append(("indices.refresh", {"index": index}))


class FakeClient:
    def __init__(self, search_response: dict | None = None) -> None:
        self.calls: list = []
        self.indices = FakeIndices(self.calls)
        self.search_response = search_response or {}

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        return self.search_response

    def bulk(self, operations):
        self.calls.append(("bulk", {"operations": operations}))
        return {"errors": False, "items": []}

    def delete_by_query(self, **kwargs):
        self.calls.append(("delete_by_query", kwargs))

    def named(self, name):
        return [kwargs for call, kwargs in self.calls if call == name]


@pytest.fixture
def es(db):
    from backend.search.backends.elasticsearch import ElasticsearchBackend

    client = FakeClient()
    return ElasticsearchBackend("http://es.invalid:9200", client=client, alias="ocop_test")


def test_backend_is_chosen_by_configuration(settings):
    from backend.search import api
    from backend.search.backends.elasticsearch import ElasticsearchBackend
    from backend.search.backends.postgres import PostgresBackend

    api._backends.clear()
    settings.ELASTICSEARCH_URL = ""
    assert isinstance(api.get_backend(), PostgresBackend)
    settings.ELASTICSEARCH_URL = "http://localhost:9200"
    assert isinstance(api.get_backend(), ElasticsearchBackend)
    api._backends.clear()


def test_mapping_has_folded_and_exact_fields(es):
    es.ensure_index()
    create = es.client.named("indices.create")[0]
    analyzers = create["settings"]["analysis"]["analyzer"]
    assert analyzers["vi_folded"]["filter"] == ["lowercase", "asciifolding"]
    assert "asciifolding" not in analyzers["vi_exact"]["filter"]
    props = create["mappings"]["properties"]
    assert props["name_folded"] == {"type": "text", "analyzer": "vi_folded"}
    assert props["name_exact"] == {"type": "text", "analyzer": "vi_exact"}
    assert props["group_ids"]["type"] == "integer" and props["price"]["type"] == "long"
    assert es.client.named("indices.update_aliases")[0]["actions"] == [
        {"add": {"index": create["index"], "alias": "ocop_test"}}]


def test_bulk_actions_carry_folded_text_and_facet_keys(es, make_product, producer_in, channel):
    from backend.search.facets import reference

    product = make_product("Nước mắm Cửa Đại", producer=producer_in("tỉnh Quảng Nam"),
                           star=4, price=95_000, group="I.4.a")
    es.index_products([product.pk])
    ops = es.client.named("bulk")[0]["operations"]
    assert ops[0] == {"index": {"_index": "ocop_test", "_id": f"{product.pk}-{channel.pk}"}}
    source = ops[1]
    ref = reference()
    assert source["name_folded"] == "nuoc mam cua dai"
    assert source["name_exact"] == "nước mắm cửa đại"
    assert source["place_folded"] == "da nang quang nam"
    assert (source["star"], source["province_id"], source["price"], source["in_stock"]) == (
        4, ref.province_by_slug["da-nang"].pk, 95_000, True)
    assert [ref.group_by_pk[g].code for g in source["group_ids"]] == ["I", "I.4", "I.4.a"]
    stale = es.client.named("delete_by_query")[0]["query"]["bool"]
    assert stale["must_not"] == [{"ids": {"values": [f"{product.pk}-{channel.pk}"]}}]


def test_facet_request_is_disjunctive(es, channel):
    from backend.search.facets import reference

    today = datetime.date(2026, 6, 1)
    spec = ProductFilter(attributes={"ocop-star": ("4",), "ocop-province": ("Quảng Nam",)},
                         price_lte=99_999, search="nuoc mam")
    body = es.facet_request(channel, spec, today=today)
    da_nang = reference().province_by_slug["da-nang"].pk
    valid = {"range": {"ocop_valid_through": {"gte": "2026-06-01"}}}
    star = {"bool": {"filter": [{"terms": {"star": [4]}}, valid]}}
    province = {"bool": {"filter": [{"terms": {"province_id": [da_nang]}}, valid]}}
    price = {"range": {"price": {"lte": 99_999}}}
    must = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert must[0]["multi_match"]["query"] == "nuoc"
    assert must[1]["multi_match"]["type"] == "bool_prefix"
    assert body["query"]["bool"]["filter"][:2] == [
        {"term": {"channel_id": channel.pk}}, {"term": {"is_visible": True}}]
    assert body["post_filter"] == {"bool": {"filter": [star, province, price]}}
    aggs = body["aggs"]
    # Each facet applies every other active filter, never its own.
    assert aggs["star"]["filter"] == {"bool": {"filter": [province, price, valid]}}
    assert aggs["province"]["filter"] == {"bool": {"filter": [star, price, valid]}}
    assert aggs["price"]["filter"] == {"bool": {"filter": [star, province]}}
    assert aggs["region"]["filter"] == {"bool": {"filter": [star, province, price, valid]}}
    assert aggs["price"]["aggs"]["values"]["range"]["ranges"][:2] == [
        {"to": 50_000}, {"from": 50_000, "to": 100_000}]
    assert aggs["group"]["aggs"]["values"]["terms"]["field"] == "group_ids"


def test_facet_response_is_read_into_counts(es, channel):
    es.client.search_response = {"aggregations": {
        "total": {"doc_count": 7},
        "star": {"values": {"buckets": [{"key": 4, "doc_count": 5}, {"key": 3, "doc_count": 2}]}},
        "province": {"values": {"buckets": [{"key": 21, "doc_count": 7}]}},
        "region": {"values": {"buckets": []}},
        "group": {"values": {"buckets": [{"key": 1, "doc_count": 7}]}},
        "producer": {"values": {"buckets": [{"key": 9, "doc_count": 7}]}},
        "price": {"values": {"buckets": [{"doc_count": 0}, {"doc_count": 7}]}},
        "in_stock": {"values": {"buckets": [
            {"key": 1, "key_as_string": "true", "doc_count": 6},
            {"key": 0, "key_as_string": "false", "doc_count": 1}]}},
    }}
    raw = es.facet_counts(channel, ProductFilter())
    assert (raw.total, raw.star, raw.province, raw.price, raw.in_stock) == (
        7, {4: 5, 3: 2}, {21: 7}, {1: 7}, {True: 6, False: 1})


def test_search_hits_become_a_ranked_queryset(es, make_product, channel):
    a, b = make_product("Mắm ruốc"), make_product("Nước mắm nhĩ")
    es.client.search_response = {"hits": {"hits": [
        {"_score": 3.5, "fields": {"product_id": [b.pk]}},
        {"_score": 1.25, "fields": {"product_id": [a.pk]}}]}}
    found = es.search_products(Product.objects.visible_in(channel), "mắm", channel)
    assert list(found.order_by("-search_rank").values_list("name", "search_rank")) == [
        ("Nước mắm nhĩ", 3.5), ("Mắm ruốc", 1.25)]
    request = es.client.named("search")[0]
    should = request["query"]["bool"]["must"][0]["bool"]["should"]
    assert should[0] == {"match_bool_prefix": {"name_exact": {"query": "mắm", "boost": 2.0}}}


def test_rebuild_writes_a_new_index_then_swaps_the_alias(es, make_product):
    make_product("Trà shan tuyết")
    es.ensure_index()
    old = es.client.named("indices.create")[0]["index"]
    es.rebuild()
    new = es.client.named("indices.create")[1]["index"]
    assert new != old
    bulk = es.client.named("bulk")[0]["operations"]
    assert bulk[0]["index"]["_index"] == new  # written to the new index, not the alias
    assert es.client.named("indices.update_aliases")[-1]["actions"] == [
        {"remove": {"index": old, "alias": "ocop_test"}},
        {"add": {"index": new, "alias": "ocop_test"}}]
    assert es.client.named("indices.delete") == [{"index": old}]
    assert es.client.indices.aliases["ocop_test"] == {new}
