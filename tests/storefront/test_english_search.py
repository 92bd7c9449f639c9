"""A foreign visitor searching the English storefront (and an app searching through the
API) with English words finds the demo catalog's products by their English names."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.django_db(transaction=False)


def _names(html: str) -> list[str]:
    return re.findall(r'class="card-title">([^<]*)', html)


@pytest.mark.parametrize(("words", "must", "every"), [
    ("honey", "Meo Vac mint-flower honey", "honey"),
    ("fish sauce", "Phu Quoc anchovy fish sauce, 40° protein", "fish sauce"),
    ("coffee", "Buon Ma Thuot ground Robusta coffee", "coffee"),
    ("tea", "Tan Cuong special green tea", "tea"),
])
def test_english_words_on_the_english_storefront(client, catalog, words, must, every):
    html = client.get("/en/products/", {"q": words}).content.decode()
    names = _names(html)
    assert must in names, names
    # Every product found says it in its English name (honey-glazed cashews, tea sets …),
    # and no Vietnamese "correction" of the English word brought in others.
    assert names and all(every in name.lower() for name in names), names


def test_five_star_on_the_english_storefront(client, catalog):
    html = client.get("/en/products/", {"q": "five star"}).content.decode()
    total = int(re.search(r'data-total="(\d+)"', html).group(1))
    five = client.get("/en/products/?star=5-sao").content.decode()
    assert total == int(re.search(r'data-total="(\d+)"', five).group(1)) > 0
    assert set(_names(html)) == set(_names(five))


def test_english_search_through_the_api(client, catalog):
    query = """query($q: String!) { products(channel: "vn", first: 20, search: $q) {
      totalCount edges { node { name translation(languageCode: EN) { name } } } } }"""
    body = client.post("/graphql/", json.dumps({"query": query, "variables": {"q": "fish sauce"}}),
                       content_type="application/json").json()
    english = [e["node"]["translation"]["name"] for e in body["data"]["products"]["edges"]]
    assert "Phu Quoc anchovy fish sauce, 40° protein" in english
    assert all("fish sauce" in name.lower() for name in english), english
