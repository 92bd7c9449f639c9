"""Indexing adds the words of the documents it has just built to the vocabulary instead of
reading the products again: the words, their spellings and counts must be the ones the
catalog's own reading gives (``refresh_vocabulary``), hidden products' words left out."""

from __future__ import annotations

import pytest

from backend.catalog.services import description_from_text
from backend.translation.services import translate


@pytest.fixture
def catalog(make_product, make_producer, channel, reindex):
    from backend.search.models import SearchWord

    lam_dong = make_producer(address="xã Ninh Gia, tỉnh Lâm Đồng")
    honey = make_product("Mật ong hoa cà phê", producer=lam_dong, star=5)
    make_product("Mật Ong rừng U Minh", producer=lam_dong, star=4)
    make_product("Trà atiso túi lọc", producer=lam_dong, star=4)
    # Unpublished: none of its own words may be suggested.
    make_product("Rượu táo mèo bí mật", producer=lam_dong, star=3, published=False)
    translate("product", honey.pk, "en", name="Coffee-blossom honey",
              seo_title="Lam Dong honey",
              description=description_from_text("Honey from the coffee flowers."))
    SearchWord.objects.all().delete()
    reindex()
    return lam_dong


def _vocabulary() -> list[tuple]:
    from backend.search.models import SearchWord

    return list(SearchWord.objects.order_by("folded", "is_phrase").values_list(
        "folded", "exact", "is_phrase", "doc_count"))


def test_indexed_vocabulary_is_the_catalogs(catalog):
    from backend.search.vocabulary import refresh_vocabulary

    indexed = _vocabulary()
    folded = {row[0] for row in indexed}
    # Names, phrases, producer names, translations; the commonest spelling wins.
    assert ("mat ong", "mật ong", True, 2) in indexed
    assert {"coffee", "blossom", "flowers", "lam"} <= folded
    assert {"ruou", "tao meo", "meo"}.isdisjoint(folded)
    refresh_vocabulary()
    assert indexed == _vocabulary()


def test_documents_and_database_give_the_same_texts(catalog):
    from backend.catalog.models import Product
    from backend.search.documents import build_documents
    from backend.search.vocabulary import _document_texts, _visible_texts

    ids = list(Product.objects.values_list("pk", flat=True))
    assert list(_document_texts(build_documents(ids))) == list(_visible_texts(ids))


def test_a_product_hidden_after_indexing_takes_its_own_words_away(catalog, channel, reindex):
    from backend.catalog.models import Product, ProductChannelListing
    from backend.search.indexing import mark_dirty

    tea = Product.objects.get(name="Trà atiso túi lọc")
    ProductChannelListing.objects.filter(product=tea).update(is_published=False)
    mark_dirty([tea.pk])
    reindex()
    folded = {row[0] for row in _vocabulary()}
    assert "atiso" not in folded and "tui loc" not in folded
    assert "mat ong" in folded


@pytest.mark.parametrize(("text", "words"), [
    (None, []),
    ("", []),
    ("Nước MẮM  Phú-Quốc", ["nước", "mắm", "phú", "quốc"]),
    ("Thanh Hoa\u0301", ["thanh", "hoá"]),  # decomposed marks are composed
    ("mật\u00a0ong\nrừng", ["mật", "ong", "rừng"]),
    ("cà\x00phê", ["càphê"]),  # a control character is dropped, as when stored
])
def test_exact_words(text, words):
    from backend.search.text import exact_words

    assert exact_words(text) == words
