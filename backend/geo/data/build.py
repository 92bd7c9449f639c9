"""Developer tool: rebuild the geo reference data file from the shared reference folder.

    python -m backend.geo.data.build ../shared/reference

The marketplace never reads the shared folder at run time; it ships ``admin_units.json.gz``
built by this script. Sources and licences: see ``NOTICE.md`` beside this file.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from backend.core.text import clean, slugify_vi

HERE = Path(__file__).resolve().parent

REGION_ORDER = [
    "Trung du và miền núi phía Bắc",
    "Đồng bằng sông Hồng",
    "Bắc Trung Bộ và duyên hải miền Trung",
    "Tây Nguyên",
    "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long",
]

_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ", "Thị xã ")


def short_name(full_name: str) -> str:
    for prefix in _PREFIXES:
        if full_name.lower().startswith(prefix.lower()):
            return full_name[len(prefix) :]
    return full_name


def unit_kind(full_name: str) -> str:
    lowered = full_name.lower()
    for prefix, kind in (
        ("thành phố ", "thanh_pho"),
        ("tỉnh ", "tinh"),
        ("phường ", "phuong"),
        ("xã ", "xa"),
        ("đặc khu ", "dac_khu"),
        ("thị trấn ", "thi_tran"),
    ):
        if lowered.startswith(prefix):
            return kind
    return "xa"


def build(reference: Path) -> dict:
    units = reference / "admin_units"
    with open(units / "provinces_63_before_2025-07-01.csv", encoding="utf-8") as fh:
        old_rows = list(csv.DictReader(fh))
    current = json.loads((units / "vn_units_2026/provinces_wards_2026-07-25.json").read_text())
    splits = json.loads((units / "dvhcvn_20250701/splits.json").read_text())["data"]
    merges = json.loads((units / "dvhcvn_20250701/merges.json").read_text())["data"]

    legacy_provinces = []
    old_region = {}
    for row in old_rows:
        full = clean(row["old_full_name"])
        region = clean(row["region_6_QH2021_2030"])
        assert region in REGION_ORDER, region
        old_region[row["old_code"]] = region
        legacy_provinces.append(
            {
                "code": row["old_code"],
                "full_name": full,
                "name": short_name(full),
                "slug": slugify_vi(short_name(full)),
                "region": region,
                "province": row["new_code"],
            }
        )

    # Old commune → old province (for regions) and → new communes.
    old_commune_province = {}
    legacy_communes = []
    for province in splits:
        for commune in province["level3s"]:
            full = clean(commune["name"])
            old_commune_province[commune["level3_id"]] = province["level1_id"]
            legacy_communes.append(
                {
                    "code": commune["level3_id"],
                    "full_name": full,
                    "name": short_name(full),
                    "legacy_province": province["level1_id"],
                    "new": [s["new_id"] for s in commune["splits"]],
                }
            )

    # A new commune's region: the region most of its old communes belonged to.
    commune_region = {}
    for province in merges:
        for commune in province["level2s"]:
            regions = Counter(
                old_region[old_commune_province[m["old_id"]]]
                for m in commune["merges"]
                if m["old_id"] in old_commune_province
            )
            if regions:
                commune_region[commune["level2_id"]] = regions.most_common(1)[0][0]

    provinces = []
    communes = []
    for province in current:
        full = clean(province["FullName"])
        ward_regions = Counter()
        for ward in province["Wards"]:
            ward_full = clean(ward["FullName"])
            ward_full = ward_full[0].upper() + ward_full[1:]
            region = commune_region.get(ward["Code"])
            if region:
                ward_regions[region] += 1
            communes.append(
                {
                    "code": ward["Code"],
                    "full_name": ward_full,
                    "name": clean(ward["Name"]),
                    "kind": unit_kind(ward_full),
                    "province": province["Code"],
                    "region": region,
                }
            )
        old_codes = [p["code"] for p in legacy_provinces if p["province"] == province["Code"]]
        fallback = Counter(old_region[c] for c in old_codes).most_common(1)[0][0]
        primary = ward_regions.most_common(1)[0][0] if ward_regions else fallback
        provinces.append(
            {
                "code": province["Code"],
                "full_name": full,
                "name": clean(province["Name"]),
                "name_en": province["NameEn"],
                "kind": unit_kind(full),
                "slug": slugify_vi(province["Name"]),
                "region": primary,
                "regions": sorted({old_region[c] for c in old_codes}, key=REGION_ORDER.index),
            }
        )
    for commune in communes:
        if not commune["region"]:
            commune["region"] = next(
                p["region"] for p in provinces if p["code"] == commune["province"]
            )

    return {
        "regions": [{"name": name, "slug": slugify_vi(name)} for name in REGION_ORDER],
        "provinces": provinces,
        "legacy_provinces": legacy_provinces,
        "communes": communes,
        "legacy_communes": legacy_communes,
    }


def main(argv: list[str]) -> None:
    reference = Path(argv[1] if len(argv) > 1 else "../shared/reference")
    data = build(reference)
    out = HERE / "admin_units.json.gz"
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 keeps the file byte-identical across rebuilds of the same data.
    with gzip.GzipFile(out, "wb", mtime=0) as fh:
        fh.write(payload)
    print(
        f"wrote {out}: {len(data['provinces'])} provinces, {len(data['legacy_provinces'])} "
        f"legacy provinces, {len(data['communes'])} communes, "
        f"{len(data['legacy_communes'])} legacy communes"
    )


if __name__ == "__main__":
    main(sys.argv)
