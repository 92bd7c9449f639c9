"""What a shopper typing Vietnamese, with or without marks, finds: run on every backend."""

from __future__ import annotations

import pytest

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product


@pytest.fixture
def shelf(search_backend, make_product, producer_in, reindex):
    lam_dong = producer_in("xã Ninh Gia, tỉnh Lâm Đồng")
    quang_nam = producer_in("tỉnh Quảng Nam")
    khanh_hoa = producer_in("tỉnh Khánh Hòa")
    products = {
        "nuoc_mam": make_product("Nước mắm cá cơm Nha Trang", producer=khanh_hoa,
                                 group="I.4.a"),
        "mam_ruoc": make_product("Mắm ruốc Huế", producer=khanh_hoa, group="I.4.a"),
        "mam_gao": make_product("Mầm gạo lứt rang", producer=lam_dong, group="I.3.b"),
        "dong_trung": make_product("Đông trùng hạ thảo sấy khô", producer=lam_dong,
                                   group="III.1", star=5),
        "duong_phen": make_product("Đường phèn hạt", producer=quang_nam, group="I.4.b"),
        "duong_lieu": make_product("Trà dương liễu", producer=lam_dong, group="I.5.b"),
        "mat_ong": make_product("Mật ong hoa cà phê", producer=lam_dong, group="I.2.b"),
        "sam": make_product("Sâm Ngọc Linh", producer=quang_nam, group="III.1", star=4),
    }
    reindex(search_backend)
    return products


def _search(channel, text):
    from backend.search.api import search_products

    return list(
        search_products(Product.objects.visible_in(channel), text, channel)
        .order_by("-search_rank", "pk")
        .values_list("name", flat=True)
    )


def test_nuoc_mam_without_marks_finds_nuoc_mam(shelf, channel):
    assert _search(channel, "nuoc mam") == ["Nước mắm cá cơm Nha Trang"]


def test_dong_trung_ha_thao_without_marks(shelf, channel):
    assert _search(channel, "dong trung ha thao") == ["Đông trùng hạ thảo sấy khô"]


def test_upper_case_duong_finds_duong_and_duong_with_d_stroke(shelf, channel):
    assert set(_search(channel, "DUONG")) == {"Đường phèn hạt", "Trà dương liễu"}


def test_exact_diacritics_rank_first(shelf, channel):
    found = _search(channel, "mắm")
    assert set(found[:2]) == {"Mắm ruốc Huế", "Nước mắm cá cơm Nha Trang"}
    assert found[2:] == ["Mầm gạo lứt rang"]
    assert _search(channel, "mắm ruốc") == ["Mắm ruốc Huế"]


def test_other_marks_rank_their_own_word_first(shelf, channel):
    found = _search(channel, "mầm")
    assert found[0] == "Mầm gạo lứt rang"
    assert set(found) >= {"Mắm ruốc Huế", "Nước mắm cá cơm Nha Trang"}


def test_prefix_while_typing(shelf, channel):
    assert _search(channel, "dong trung ha th") == ["Đông trùng hạ thảo sấy khô"]
    assert "Mật ong hoa cà phê" in _search(channel, "mat o")


def test_typo_is_tolerated_and_corrected(shelf, channel):
    from backend.search.api import did_you_mean

    assert did_you_mean("nuoc mem") == "nước mắm"
    assert "Nước mắm cá cơm Nha Trang" in _search(channel, "nuoc mem")
    assert did_you_mean("nước mắm") is None


def test_search_as_you_type_suggestions(shelf, channel):
    from backend.search.api import suggest

    found = suggest("nuoc m", channel, limit=6)
    assert found[0].text == "nước mắm" and found[0].kind == "query"
    assert any(s.kind == "product" and s.text == "Nước mắm cá cơm Nha Trang" for s in found)


@pytest.mark.parametrize("typed", ["Quảng Nam", "quang nam", "quang-nam", "Đà Nẵng", "da-nang"])
def test_old_province_name_filters_by_its_current_unit(shelf, channel, typed):
    from backend.search.api import facet_counts, normalize_filter

    spec = normalize_filter(ProductFilter(attributes={"ocop-province": (typed,)}))
    assert spec.attributes["ocop-province"] == ("da-nang",)
    names = set(
        filter_products(Product.objects.visible_in(channel), spec, channel).values_list("name", flat=True)
    )
    assert names == {"Đường phèn hạt", "Sâm Ngọc Linh"}
    facets = facet_counts(channel, ProductFilter(attributes={"ocop-province": (typed,)}))
    assert facets["total"] == 2
    da_nang = next(p for p in facets["province"] if p["slug"] == "da-nang")
    assert da_nang["selected"] and da_nang["count"] == 2


def test_text_search_reaches_the_old_province_name(shelf, channel):
    assert set(_search(channel, "quang nam")) == {"Đường phèn hạt", "Sâm Ngọc Linh"}


def test_unpublished_products_are_not_found(search_backend, make_product, channel, reindex):
    make_product("Nước mắm nhĩ", published=False)
    make_product("Nước mắm cốt")
    reindex(search_backend)
    assert _search(channel, "nuoc mam") == ["Nước mắm cốt"]
