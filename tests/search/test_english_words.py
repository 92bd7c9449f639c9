"""A foreign visitor searching in English finds products by their English translation
("honey", "fish sauce", "tea", "coffee", "five star"), on every backend, while Vietnamese
with or without marks finds what it found before."""

from __future__ import annotations

import pytest

from backend.catalog.models import Product
from backend.translation.services import translate


@pytest.fixture
def shelf(search_backend, make_product, producer_in, reindex):
    lam_dong = producer_in("xã Ninh Gia, tỉnh Lâm Đồng")
    kien_giang = producer_in("huyện Phú Quốc, tỉnh Kiên Giang")
    products = {
        "honey": make_product("Mật ong hoa cà phê", producer=lam_dong, group="I.2.b", star=5),
        "fish_sauce": make_product("Nước mắm Phú Quốc cá cơm", producer=kien_giang,
                                   group="I.4.a", star=5),
        "tea": make_product("Trà atiso túi lọc", producer=lam_dong, group="I.5.b", star=4),
        "coffee": make_product("Cà phê Robusta rang xay", producer=lam_dong, group="I.6",
                               star=4),
        "untranslated": make_product("Mứt dâu tây", producer=lam_dong, group="I.3.c", star=3),
    }
    english = {
        "honey": ("Coffee-blossom honey", "Honey from the coffee flowers of Lam Dong."),
        "fish_sauce": ("Phu Quoc anchovy fish sauce", "Anchovies and salt, 40° protein."),
        "tea": ("Da Lat artichoke tea bags", ""),
        "coffee": ("Ground Robusta coffee", "Roasted and ground beans."),
    }
    from backend.catalog.services import description_from_text

    for key, (name, text) in english.items():
        translate("product", products[key].pk, "en", name=name,
                  description=description_from_text(text))
    reindex(search_backend)
    return products


def _search(channel, text):
    from backend.search.api import search_products

    return list(search_products(Product.objects.visible_in(channel), text, channel)
                .order_by("-search_rank", "pk").values_list("name", flat=True))


@pytest.mark.parametrize(("words", "expected"), [
    ("honey", ["Mật ong hoa cà phê"]),
    ("fish sauce", ["Nước mắm Phú Quốc cá cơm"]),
    ("tea", ["Trà atiso túi lọc"]),
    ("anchovies", ["Nước mắm Phú Quốc cá cơm"]),  # from the English description
])
def test_english_words_find_the_translated_products(shelf, channel, words, expected):
    assert _search(channel, words) == expected


def test_coffee_finds_the_coffee_and_the_coffee_blossom_honey(shelf, channel):
    assert set(_search(channel, "coffee")) == {"Cà phê Robusta rang xay", "Mật ong hoa cà phê"}


def test_five_star_finds_five_star_products(shelf, channel):
    assert set(_search(channel, "five star")) == {"Mật ong hoa cà phê",
                                                  "Nước mắm Phú Quốc cá cơm"}
    assert set(_search(channel, "5-star honey")) == {"Mật ong hoa cà phê"}


def test_vietnamese_search_is_unchanged(shelf, channel):
    assert _search(channel, "mat ong") == ["Mật ong hoa cà phê"]
    assert _search(channel, "nước mắm") == ["Nước mắm Phú Quốc cá cơm"]
    assert set(_search(channel, "ca phe")) == {"Cà phê Robusta rang xay", "Mật ong hoa cà phê"}


def test_english_words_are_known_words_not_typos(shelf):
    from backend.search.api import did_you_mean
    from backend.search.vocabulary import alternatives, refresh_vocabulary

    refresh_vocabulary()
    assert alternatives(["fish", "sauce"]) == [(), ()]
    assert did_you_mean("honey") is None
    assert did_you_mean("fish sause") == "fish sauce"


def test_changing_or_removing_a_translation_reindexes(shelf, channel, reindex,
                                                      search_backend):
    from backend.translation.models import Translation

    translate("product", shelf["untranslated"].pk, "en", name="Strawberry jam")
    assert Product.objects.get(pk=shelf["untranslated"].pk).search_index_dirty
    reindex(search_backend)
    assert _search(channel, "strawberry") == ["Mứt dâu tây"]
    Translation.objects.filter(kind="product", object_id=shelf["untranslated"].pk).delete()
    reindex(search_backend)
    assert _search(channel, "strawberry") == []
