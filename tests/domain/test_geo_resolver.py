import pytest

from backend.geo.models import Commune, LegacyCommune, LegacyProvince, Province
from backend.geo.resolver import resolve_address, resolve_province

pytestmark = pytest.mark.django_db


def test_reference_data_counts():
    assert Province.objects.count() == 34
    assert LegacyProvince.objects.count() == 63
    assert Commune.objects.count() == 3321
    assert LegacyCommune.objects.count() > 10000
    assert Province.objects.get(code="75").full_name == "Thành phố Đồng Nai"  # city since 30/4/2026


@pytest.mark.parametrize(
    "text,current,legacy",
    [
        ("Quảng Nam", "Thành phố Đà Nẵng", "Quảng Nam"),
        ("quang nam", "Thành phố Đà Nẵng", "Quảng Nam"),
        ("Tỉnh Bình Thuận", "Tỉnh Lâm Đồng", "Bình Thuận"),
        ("Đắk Nông", "Tỉnh Lâm Đồng", "Đắk Nông"),
        ("Sóc Trăng", "Thành phố Cần Thơ", "Sóc Trăng"),
        ("Hà Giang", "Tỉnh Tuyên Quang", "Hà Giang"),
        ("Thanh Hoá", "Tỉnh Thanh Hóa", None),
        ("THANH HOA", "Tỉnh Thanh Hóa", None),
        ("TP. HCM", "Thành phố Hồ Chí Minh", None),
        ("Sài Gòn", "Thành phố Hồ Chí Minh", None),
        ("TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", None),
        ("Thừa Thiên Huế", "Thành phố Huế", None),
        ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
        ("Hoà Bình", "Tỉnh Phú Thọ", "Hòa Bình"),
    ],
)
def test_resolve_province(text, current, legacy):
    match = resolve_province(text)
    assert match is not None, text
    assert match.province.full_name == current
    assert (match.legacy_province.name if match.legacy_province else None) == legacy
    assert match.original


def test_unknown_province():
    assert resolve_province("Atlantis") is None
    assert resolve_province("") is None


def test_region_of_a_straddling_province_comes_from_the_old_one():
    # Lâm Đồng now includes Bình Thuận (coastal centre) and Đắk Nông (Tây Nguyên).
    assert resolve_province("Bình Thuận").region.name == "Bắc Trung Bộ và duyên hải miền Trung"
    assert resolve_province("Đắk Nông").region.name == "Tây Nguyên"


def test_pre_2025_address_is_placed_in_current_commune():
    place = resolve_address("Thôn 10, xã Trường Xuân, huyện Đắk Song, tỉnh Đắk Nông")
    assert place.province.name == "Lâm Đồng"
    assert place.legacy_province.name == "Đắk Nông"
    assert place.commune.full_name == "Xã Trường Xuân"
    assert place.region.name == "Tây Nguyên"
    assert place.original.startswith("Thôn 10")


def test_old_commune_name_resolves_to_the_commune_it_joined():
    place = resolve_address("xã Tân Hà, huyện Lâm Hà, tỉnh Lâm Đồng")
    assert place.province.name == "Lâm Đồng"
    assert place.legacy_commune is not None and place.legacy_commune.name == "Tân Hà"
    assert place.legacy_province.name == "Lâm Đồng"
    assert place.commune is not None
    assert any("nay thuộc" in note for note in place.notes)


def test_new_address_with_ward():
    place = resolve_address("Số 08 Nguyễn Trãi, phường Phan Thiết, tỉnh Lâm Đồng")
    assert place.commune.full_name == "Phường Phan Thiết"
    assert place.region.name == "Bắc Trung Bộ và duyên hải miền Trung"


def test_a_remembered_address_reads_the_same_and_is_the_callers_own():
    import datetime

    text = "xã Tân Hà, huyện Lâm Hà, tỉnh Lâm Đồng"
    first = resolve_address(text)
    first.notes.append("changed by the caller")
    again = resolve_address(text)
    assert again.notes == first.notes[:-1] and again.notes
    assert (again.commune, again.legacy_commune, again.province) == (
        first.commune, first.legacy_commune, first.province)
    # The side of the reform is part of what is remembered: "Bắc Ninh" written in 2024
    # is old Bắc Ninh, written today the merged one.
    old = resolve_address("Bắc Ninh", as_of=datetime.date(2024, 5, 1))
    new = resolve_address("Bắc Ninh", as_of=datetime.date(2026, 5, 1))
    assert old.legacy_province is not None and old.legacy_province.name == "Bắc Ninh"
    assert new.legacy_province is None
    assert resolve_address("Bắc Ninh", as_of=datetime.date(2024, 6, 30)).legacy_province \
        == old.legacy_province
