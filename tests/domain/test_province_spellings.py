"""How people write the 63 old provinces and the 34 current ones: with or without marks,
in capitals, with "Tỉnh"/"TP."/"Thành phố", the old tone placement, abbreviations and old
spellings gathered from published lists, press and addresses. Each must find its unit."""

from __future__ import annotations

import datetime

import pytest

from backend.geo.resolver import resolve_province

pytestmark = pytest.mark.django_db

# (as written, current province's name, old province's name or None when it is today's).
WRITTEN = [
    # Hồ Chí Minh City and what merged into it.
    ("TP.HCM", "Hồ Chí Minh", None), ("TP. HCM", "Hồ Chí Minh", None),
    ("TPHCM", "Hồ Chí Minh", None), ("Tp Hồ Chí Minh", "Hồ Chí Minh", None),
    ("T.P Hồ Chí Minh", "Hồ Chí Minh", None), ("HCM", "Hồ Chí Minh", None),
    ("HCMC", "Hồ Chí Minh", None), ("Ho Chi Minh City", "Hồ Chí Minh", None),
    ("Sài Gòn", "Hồ Chí Minh", None), ("Sai Gon", "Hồ Chí Minh", None),
    ("SG", "Hồ Chí Minh", None), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", None),
    ("BR-VT", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"), ("BRVT", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("Bà Rịa-Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("Bà Rịa – Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("Tỉnh Bà Rịa Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("Vũng Tàu", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
    ("Bình Dương", "Hồ Chí Minh", "Bình Dương"), ("BINH DUONG", "Hồ Chí Minh", "Bình Dương"),
    # Hà Nội.
    ("HN", "Hà Nội", None), ("Hanoi", "Hà Nội", None), ("Thủ đô Hà Nội", "Hà Nội", None),
    ("TP. Hà Nội", "Hà Nội", None), ("Ha Noi", "Hà Nội", None), ("Hà Tây", "Hà Nội", None),
    # Huế: Thừa Thiên Huế until 2025, "TT Huế" for short.
    ("TT Huế", "Huế", None), ("TT-Huế", "Huế", None), ("T.T.Huế", "Huế", None),
    ("TT. Huế", "Huế", None), ("Thừa Thiên Huế", "Huế", None),
    ("Thừa Thiên - Huế", "Huế", None), ("Thừa Thiên-Huế", "Huế", None),
    ("Tỉnh Thừa Thiên Huế", "Huế", None), ("THUA THIEN HUE", "Huế", None),
    ("Hue", "Huế", None), ("Thành phố Huế", "Huế", None),
    # The Central Highlands, every which way.
    ("Đắk Lắk", "Đắk Lắk", None), ("Đăk Lăk", "Đắk Lắk", None), ("Đắc Lắc", "Đắk Lắk", None),
    ("Dak Lak", "Đắk Lắk", None), ("Daklak", "Đắk Lắk", None), ("DakLak", "Đắk Lắk", None),
    ("Đắk Lăk", "Đắk Lắk", None), ("Ðắk Lắk", "Đắk Lắk", None), ("Darlac", "Đắk Lắk", None),
    ("Buôn Ma Thuột", "Đắk Lắk", None),
    ("Đắk Nông", "Lâm Đồng", "Đắk Nông"), ("Đăk Nông", "Lâm Đồng", "Đắk Nông"),
    ("Đắc Nông", "Lâm Đồng", "Đắk Nông"), ("Dak Nong", "Lâm Đồng", "Đắk Nông"),
    ("DakNong", "Lâm Đồng", "Đắk Nông"), ("Tỉnh Đắk Nông", "Lâm Đồng", "Đắk Nông"),
    ("Kon Tum", "Quảng Ngãi", "Kon Tum"), ("Kontum", "Quảng Ngãi", "Kon Tum"),
    ("KON TUM", "Quảng Ngãi", "Kon Tum"), ("Gia Lai", "Gia Lai", None),
    ("Pleiku", "Gia Lai", None),
    ("Lâm Đồng", "Lâm Đồng", None), ("Lam Dong", "Lâm Đồng", None),
    ("Đà Lạt", "Lâm Đồng", None),
    # Old spellings and tone placements.
    ("Bắc Cạn", "Thái Nguyên", "Bắc Kạn"), ("Bac Can", "Thái Nguyên", "Bắc Kạn"),
    ("Bắc Kạn", "Thái Nguyên", "Bắc Kạn"), ("Tỉnh Bắc Cạn", "Thái Nguyên", "Bắc Kạn"),
    ("Hoà Bình", "Phú Thọ", "Hòa Bình"), ("Hòa Bình", "Phú Thọ", "Hòa Bình"),
    ("Thanh Hoá", "Thanh Hóa", None), ("Thanh Hóa", "Thanh Hóa", None),
    ("Khánh Hoà", "Khánh Hòa", None), ("Khanh Hoa", "Khánh Hòa", None),
    ("Nha Trang", "Khánh Hòa", None),
    # Cities by their everyday names.
    ("Hải Phòng", "Hải Phòng", None), ("Haiphong", "Hải Phòng", None),
    ("TP Hải Phòng", "Hải Phòng", None), ("HP", "Hải Phòng", None),
    ("Đà Nẵng", "Đà Nẵng", None), ("Da Nang", "Đà Nẵng", None), ("Danang", "Đà Nẵng", None),
    ("TP. Đà Nẵng", "Đà Nẵng", None), ("Cần Thơ", "Cần Thơ", None),
    ("Can Tho", "Cần Thơ", None), ("TP Cần Thơ", "Cần Thơ", None),
    ("Thành phố Cần Thơ", "Cần Thơ", None), ("Quảng Nam - Đà Nẵng", "Đà Nẵng", "Quảng Nam"),
    ("Phan Thiết", "Lâm Đồng", "Bình Thuận"), ("Quy Nhơn", "Gia Lai", "Bình Định"),
    ("Tuy Hòa", "Đắk Lắk", "Phú Yên"), ("Phú Quốc", "An Giang", "Kiên Giang"),
    ("Vinh", "Nghệ An", None), ("Đồng Nai", "Đồng Nai", None),
    ("Thành phố Đồng Nai", "Đồng Nai", None),
    # Codes.
    ("01", "Hà Nội", None), ("68", "Lâm Đồng", None), ("79", "Hồ Chí Minh", None),
]
NOT_PROVINCES = ["Atlantis", "", "Hà", "Tỉnh", "xã Ninh Gia"]


def _old_provinces() -> list[tuple[str, str, str | None]]:
    """Every one of the 63 old provinces in three everyday forms: "Tỉnh X" (or "Thành
    phố X"), without marks in lower case, and in capitals."""
    from backend.geo.models import LegacyProvince

    rows = []
    for lp in LegacyProvince.objects.select_related("province"):
        legacy = None if lp.name == lp.province.name else lp.name
        from backend.core.text import fold

        for written in (lp.full_name, fold(lp.name), lp.name.upper()):
            rows.append((written, lp.province.name, legacy))
    return rows


def test_at_least_150_spellings_find_their_province():
    table = WRITTEN + _old_provinces()
    assert len(table) >= 150
    wrong = []
    for written, current, legacy in table:
        match = resolve_province(written)
        got = (match.province.name, match.legacy_province.name if match.legacy_province
               else None) if match else None
        if got != (current, legacy):
            wrong.append((written, got, (current, legacy)))
    assert not wrong, wrong


@pytest.mark.parametrize("written", NOT_PROVINCES)
def test_what_is_not_a_province(written):
    assert resolve_province(written) is None


@pytest.mark.parametrize("written,before,after", [
    # A name old and current at once means the old province on a pre-2025 decision.
    ("Tỉnh Bắc Ninh", ("Bắc Ninh", "Bắc Ninh", "Đồng bằng sông Hồng"),
     ("Bắc Ninh", None, "Trung du và miền núi phía Bắc")),
    ("Lâm Đồng", ("Lâm Đồng", "Lâm Đồng", "Tây Nguyên"), ("Lâm Đồng", None, "Tây Nguyên")),
    ("Tây Ninh", ("Tây Ninh", "Tây Ninh", "Đông Nam Bộ"),
     ("Tây Ninh", None, "Đồng bằng sông Cửu Long")),
    ("Quảng Ngãi", ("Quảng Ngãi", "Quảng Ngãi", "Bắc Trung Bộ và duyên hải miền Trung"),
     ("Quảng Ngãi", None, "Bắc Trung Bộ và duyên hải miền Trung")),
])
def test_a_name_is_read_as_of_its_date(written, before, after):
    for day, expected in ((datetime.date(2024, 3, 1), before), (datetime.date(2025, 9, 1), after)):
        match = resolve_province(written, as_of=day)
        legacy = match.legacy_province.name if match.legacy_province else None
        assert (match.province.name, legacy, match.region.name) == expected, day
