"""Developer tool: rebuild ``classification.json`` from the shared reference folder.

    python -m backend.ocop.data.build ../shared/reference

QĐ 26/2026/QĐ-TTg is canonical; the labels of QĐ 148/2023 and QĐ 1048/2019 are mapped
onto its codes. The 1048 mapping is written out here by hand because that decision's
sub-groups do not line up one-to-one with today's.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from backend.core.text import clean

HERE = Path(__file__).resolve().parent

# Sector names as the decision's text writes them in running prose.
SECTOR_NAMES = {
    "I": "Thực phẩm",
    "II": "Đồ uống",
    "III": "Dược liệu và sản phẩm từ dược liệu",
    "IV": "Hàng thủ công mỹ nghệ",
    "V": "Sinh vật cảnh",
    "VI": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}

# QĐ 1048/2019 sector labels, still printed on certificates and in provincial lists.
LEGACY_1048_SECTORS = {
    "Thực phẩm": "I",
    "Đồ uống": "II",
    "Thảo dược": "III",
    "Vải và may mặc": "IV.2",
    "Lưu niệm - nội thất - trang trí": "IV.1",
    "Lưu niệm – nội thất – trang trí": "IV.1",
    "Dịch vụ du lịch nông thôn, bán hàng": "VI.1",
}

# QĐ 1048/2019 rows in file order → QĐ 26/2026 code.
LEGACY_1048_ROWS = [
    "I.1.a",
    "I.1.b",
    "I.2.a",
    "I.2.b",
    "I.3.a",
    "I.3.b",
    "I.3.c",
    "I.3.d",
    "I.3.d",
    "I.4.a",
    "I.4.b",
    "I.5.a",
    "I.5.b",
    "I.6",
    "II.1.a",
    "II.1.b",
    "II.2.a",
    "II.2.b",
    "III.1",
    "III.2",
    "III.3",
    "III.3",
    "IV.2",
    "IV.1",
    "IV.1",
    "VI.1",
]


def build(reference: Path) -> dict:
    folder = reference / "ocop_classification"
    nodes: dict[str, dict] = {}
    with open(folder / "qd26_2026.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        sector = row["nganh_code"]
        group = f"{sector}.{row['nhom_no']}"
        nodes.setdefault(sector, {"code": sector, "name": SECTOR_NAMES[sector], "parent": None})
        nodes.setdefault(group, {"code": group, "name": clean(row["nhom"]), "parent": sector})
        if row["phan_nhom_letter"]:
            nodes[row["code"]] = {
                "code": row["code"],
                "name": clean(row["phan_nhom"]),
                "parent": group,
            }
    leaves = [c for c in nodes if not any(n["parent"] == c for n in nodes.values())]
    assert len(leaves) == 26, len(leaves)

    labels: list[dict] = []

    def add(basis: str, label: str, code: str) -> None:
        label = clean(label)
        if label and code in nodes:
            labels.append({"basis": basis, "label": label, "code": code})

    for code, node in nodes.items():
        add("26/2026", node["name"], code)
    for row in rows:
        add("26/2026", row["nganh"].capitalize(), row["nganh_code"])
    with open(folder / "qd148_2023.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sector = row["code"].split(".")[0]
            group = ".".join(row["code"].split(".")[:2])
            add("148/2023", row["nganh"].capitalize(), sector)
            add("148/2023", row["nhom"], group)
            if row["phan_nhom"]:
                add(
                    "148/2023",
                    row["phan_nhom"].replace(" (UNVERIFIED exact wording)", ""),
                    row["code"],
                )
    with open(folder / "qd1048_2019.csv", encoding="utf-8") as fh:
        rows_1048 = list(csv.DictReader(fh))
    assert len(rows_1048) == len(LEGACY_1048_ROWS)
    for label, code in LEGACY_1048_SECTORS.items():
        add("1048/2019", label, code)
    for row, code in zip(rows_1048, LEGACY_1048_ROWS, strict=True):
        add("1048/2019", row["phan_nhom"], code)
    return {"nodes": list(nodes.values()), "labels": labels}


def main(argv: list[str]) -> None:
    reference = Path(argv[1] if len(argv) > 1 else "../shared/reference")
    data = build(reference)
    out = HERE / "classification.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(data['nodes'])} nodes, {len(data['labels'])} labels")


if __name__ == "__main__":
    main(sys.argv)
