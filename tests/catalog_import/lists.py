"""The Lâm Đồng list (the real one in ../shared, and the repository's quirks fixture) with
what a reader of the list expects of every row, worked out from the list's own columns
and the reference tables, never from the importer: star, commune, province, region, old
province, whether the decision is on file. Also the list rendered as an XLSX annex whose
issuer appears only in its title rows, as provinces publish them."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SHARED_REFERENCE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
QUIRKS = FIXTURES / "lamdong_quirks.csv"
QUIRKS_EXPECTED = FIXTURES / "lamdong_quirks.expected.csv"
SAMPLE = SHARED_REFERENCE / "samples" / "ocop_records_lamdong_2025_2026.csv"
ADMIN_UNITS = SHARED_REFERENCE / "admin_units"
SECTORS = {"Thực phẩm": "I", "Đồ uống": "II", "Thảo dược": "III"}
HEADING = "UỶ BAN NHÂN DÂN TỈNH LÂM ĐỒNG"


@dataclass(frozen=True)
class Expected:
    row: int  # as in the spreadsheet (header = 1)
    product: str
    producer: str
    star: int
    province: str
    commune: str  # "" = none known
    region: str
    legacy_province: str  # "" = none, or the same name as today's province
    verified: bool
    decision_number: str
    decision_date: str
    issuer: str
    sector: str


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    for prefix in ("tinh ", "thanh pho "):
        text = text.removeprefix(prefix)
    return " ".join(text.split())


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _old_regions() -> dict[str, str]:
    """Old province (folded name) → region, from provinces_63_before_2025-07-01.csv."""
    rows = read_rows(ADMIN_UNITS / "provinces_63_before_2025-07-01.csv")
    return {_key(r["old_full_name"]): r["region_6_QH2021_2030"] for r in rows}


def _commune_regions(province_code: str) -> dict[str, str]:
    """Current commune (folded full name) of one province → the region of the old province
    most of its old communes belonged to (dvhcvn's merges and splits)."""
    units = ADMIN_UNITS / "dvhcvn_20250701"
    regions = {r["old_code"]: r["region_6_QH2021_2030"]
               for r in read_rows(ADMIN_UNITS / "provinces_63_before_2025-07-01.csv")}
    old_province_of: dict[str, str] = {}
    for province in json.loads((units / "splits.json").read_text(encoding="utf-8"))["data"]:
        for commune in province.get("level3s", []):
            old_province_of[commune["level3_id"]] = province["level1_id"]
    result: dict[str, str] = {}
    merges = json.loads((units / "merges.json").read_text(encoding="utf-8"))["data"]
    for province in merges:
        if province["level1_id"] != province_code:
            continue
        for commune in province["level2s"]:
            votes: dict[str, int] = {}
            for old in commune["merges"]:
                region = regions[old_province_of[old["old_id"]]]
                votes[region] = votes.get(region, 0) + 1
            result[_key(commune["name"])] = max(votes, key=votes.get)
    return result


def expected_from_reference(path: Path = SAMPLE) -> list[Expected]:
    """The real list: a row's region is that of the old province its "legacy_region"
    column names ("Bình Thuận cũ"); for a decision after the reform ("… sau sắp xếp"),
    that of the old communes its current commune was formed from."""
    old_regions = _old_regions()
    by_commune = _commune_regions("68")  # Lâm Đồng
    result = []
    for number, src in enumerate(read_rows(path), start=2):
        legacy_column = src["legacy_region"]
        if legacy_column.endswith(" cũ"):
            old = legacy_column.removesuffix(" cũ")
            region = old_regions[_key(old)]
            legacy = "" if _key(old) == _key(src["current_province"]) else old
        else:
            region = by_commune[_key(src["current_commune"])]
            legacy = ""
        result.append(_expected(number, src, region=region, legacy=legacy))
    return result


def expected_from_fixture(path: Path = QUIRKS) -> list[Expected]:
    """The quirks fixture: regions and places written by hand beside it."""
    written = {r["record_id"]: r for r in read_rows(QUIRKS_EXPECTED)}
    result = []
    for number, src in enumerate(read_rows(path), start=2):
        mine = written[src["record_id"]]
        assert int(mine["star"]) == int(src["star"])
        assert (mine["verified"] == "yes") == bool(src["decision_number"])
        result.append(_expected(number, src, region=mine["region"],
                                legacy=mine["legacy_province"], commune=mine["commune"]))
    return result


def _expected(number: int, src: dict, *, region: str, legacy: str,
              commune: str | None = None) -> Expected:
    return Expected(
        row=number, product=src["product_name"], producer=src["subject_name"],
        star=int(src["star"]), province=src["current_province"],
        commune=src["current_commune"] if commune is None else commune,
        region=region, legacy_province=legacy, verified=bool(src["decision_number"]),
        decision_number=src["decision_number"], decision_date=src["cert_issued_at"],
        issuer=src["issuing_authority"], sector=SECTORS[src["category"]],
    )


def as_xlsx(path: Path) -> bytes:
    """The list as a province's annex: title rows naming the issuing body (and nothing
    else naming it), then the table without an issuer column."""
    from openpyxl import Workbook

    rows = read_rows(path)
    columns = [c for c in rows[0] if c != "issuing_authority"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet["A1"] = HEADING
    sheet.merge_cells("A1:F1")
    sheet["H1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet["H2"] = "Độc lập - Tự do - Hạnh phúc"
    sheet["A4"] = "PHỤ LỤC: DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP"
    sheet.append([])
    sheet.append(columns)
    for row in rows:
        sheet.append([row[c] for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
