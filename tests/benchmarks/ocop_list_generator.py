"""Writes a realistic national certified-product list, as compiled national lists publish
them, for the importer benchmark and the national-list test: shares of stars and regions
as in the reference figures (12/2024), ~1.8 products per producer, labels of all three
legal bases, decision numbers and dates written in the usual variants, stars as digits,
words, ★ and asterisks, no issuer column. Place names follow the decision date: before
1/7/2025 the old province and commune ("Thôn 3, Xã Tam Đa, Tỉnh Bắc Ninh"), from then the
current ones. A few rows carry no decision number or date (on the list, decision not on
file). Beside the CSV it writes ``<name>.truth.csv``: each row's star, current province,
region (that of the old province it was generated in), sector and whether it has a
decision, so counts can be checked without the importer.

    .venv/bin/python -m tests.benchmarks.ocop_list_generator out.csv 20000   (needs the DB)
"""

from __future__ import annotations

import csv
import datetime
import random
import zlib
from pathlib import Path

# Shares of certified products by region (reference README, 12/2024); the two regions the
# README does not give share the rest in proportion to their provinces.
REGION_SHARES = {
    "dong-bang-song-hong": 0.288,
    "dong-bang-song-cuu-long": 0.189,
    "trung-du-va-mien-nui-phia-bac": 0.171,
    "dong-nam-bo": 0.059,
    "bac-trung-bo-va-duyen-hai-mien-trung": 0.293 * 14 / 19,
    "tay-nguyen": 0.293 * 5 / 19,
}
STAR_WEIGHTS = {3: 0.762, 4: 0.233, 5: 0.005}
PRODUCER_FORMS = ["Hợp tác xã", "HTX", "Công ty TNHH", "Công ty Cổ phần", "Hộ kinh doanh",
                  "Cơ sở sản xuất", "Tổ hợp tác", "Doanh nghiệp tư nhân"]
# (product, group label as lists write it, the QĐ 26/2026 sector it belongs to).
PRODUCTS = [("Nước mắm cá cơm", "I.4.a", "I"), ("Mật ong hoa cà phê", "I.2.b", "I"),
            ("Gạo ST25", "I.2.a", "I"), ("Trà shan tuyết", "I.5.a", "I"),
            ("Cà phê rang xay", "Đồ uống", "II"), ("Rượu nếp cái hoa vàng", "II.1.a", "II"),
            ("Miến dong", "Thực phẩm", "I"), ("Tinh bột nghệ", "Thảo dược", "III"),
            ("Chổi đót", "Lưu niệm – nội thất – trang trí", "IV"),
            ("Khăn thổ cẩm", "Vải và may mặc", "IV"), ("Bưởi da xanh", "I.1.a", "I"),
            ("Hạt điều rang muối", "I.3.c", "I"), ("Nấm linh chi", "III", "III"),
            ("Dầu tràm", "III.2", "III"), ("Chả cá", "I.3.d", "I"),
            ("Bánh tráng", "I.3.b", "I"), ("Mắm tôm", "I.4.a", "I"),
            ("Nước uống tinh khiết", "II.2.a", "II"), ("Cao dược liệu", "Thảo dược", "III"),
            ("Homestay trải nghiệm", "VI", "VI")]
QUALIFIERS = ["loại 1", "hộp 500g", "túi 1kg", "chai 500ml", "đặc biệt", "truyền thống",
              "hữu cơ", "sấy lạnh", "nguyên chất", "cao cấp"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh",
         "Nam", "Phúc", "Quang", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Yến"]
HEADER = ["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
          "Số quyết định", "Ngày quyết định", "Mã sản phẩm", "Giá"]
TRUTH_HEADER = ["row", "star", "province", "region", "sector", "decision_date"]
REFORM = datetime.date(2025, 7, 1)
REPORTED_SHARE = 0.02
ROMAN = {3: "III", 4: "IV", 5: "V"}


def _places():
    """Per region: (old province, its old communes, its current province, the current
    communes of that province lying in the old province's region)."""
    from backend.geo.models import Commune, LegacyCommune, LegacyProvince, Province

    legacy = {lp.pk: lp for lp in LegacyProvince.objects.select_related("region")}
    current = {p.pk: p for p in Province.objects.all()}
    old_communes: dict[int, list[str]] = {}
    for lp_id, full in LegacyCommune.objects.values_list("legacy_province_id", "full_name"):
        old_communes.setdefault(lp_id, []).append(full)
    new_communes: dict[tuple[int, int], list[str]] = {}
    for p_id, region_id, full in Commune.objects.values_list("province_id", "region_id",
                                                              "full_name"):
        new_communes.setdefault((p_id, region_id), []).append(full)
    by_region: dict[str, list] = {}
    for lp in sorted(legacy.values(), key=lambda lp: lp.code):
        by_region.setdefault(lp.region.slug, []).append(
            (lp, sorted(old_communes.get(lp.pk, [])), current[lp.province_id],
             sorted(new_communes.get((lp.province_id, lp.region_id), [])))
        )
    return by_region


def _star_text(rng: random.Random, star: int) -> str:
    return rng.choice([str(star), f"{star} sao", f"{star}★", "★" * star, "*" * star,
                       "*" * star, f"hạng {star} sao", ROMAN[star]])


def generate(path: str | Path, n: int = 20000, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    by_region = _places()
    regions = list(REGION_SHARES)
    weights = [REGION_SHARES[r] for r in regions]
    path = Path(path)
    rows = 0
    producer_no = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh, \
            truth_path(path).open("w", encoding="utf-8", newline="") as truth_fh:
        writer = csv.writer(fh)
        truth = csv.writer(truth_fh)
        writer.writerow(HEADER)
        truth.writerow(TRUTH_HEADER)
        while rows < n:
            # A new producer with 1–4 products (mean ≈ 1.8, as 15,590 / 8,476), certified
            # in one round: its products share the decision.
            region = rng.choices(regions, weights)[0]
            lp, old_cs, province, new_cs = rng.choice(by_region[region])
            producer_no += 1
            form = rng.choice(PRODUCER_FORMS)
            who = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}" if form.startswith("Hộ") else \
                f"{rng.choice(['Nông sản', 'Thực phẩm', 'Dược liệu', 'Nông nghiệp'])} {lp.name}"
            name = f"{form} {who} {producer_no}"
            # Provinces decide in a few rounds a year: ~24 decision dates over 2024–2026.
            day = datetime.date(2024, 1, 15) + datetime.timedelta(days=40 * rng.randint(0, 23))
            reported = rng.random() < REPORTED_SHARE
            village = f"Thôn {rng.randint(1, 12)}"
            if day < REFORM and not reported and old_cs:
                # As the decision wrote it: the old commune and province.
                full = lp.full_name
                address = f"{village}, {rng.choice(old_cs)}, {full[:1].lower()}{full[1:]}"
            elif new_cs:
                address = f"{village}, {rng.choice(new_cs)}, {province.full_name}"
            else:
                address = f"{village}, {lp.full_name}"
            for k in range(rng.choices([1, 2, 3, 4], [0.45, 0.35, 0.12, 0.08])[0]):
                if rows >= n:
                    break
                rows += 1
                star = rng.choices(list(STAR_WEIGHTS), list(STAR_WEIGHTS.values()))[0]
                base, group, sector = rng.choice(PRODUCTS)
                product = f"{base} {rng.choice(QUALIFIERS)} {producer_no}-{k + 1}"
                # One decision per (province, date, star level) covers many products.
                level = "bo" if star == 5 else ("huyen" if star == 3 and day < REFORM else "tinh")
                number = 100 + zlib.crc32(f"{lp.code}{day}{level}".encode()) % 4900
                decision = rng.choice([f"{number}/QĐ-UBND", f"{number}/QD-UBND",
                                       f"{number} / QĐ-UBND", f"Số {number}/QĐ-UBND"])
                date_text = rng.choice([day.strftime("%d/%m/%Y"), day.isoformat(),
                                        f"{day.day}/{day.month}/{day.year % 100:02d}"])
                code = f"{lp.code}-{producer_no:05d}-{k + 1}-{day.year}"
                price = rng.choice(["", f"{rng.randint(3, 90) * 5000}",
                                    f"{rng.randint(3, 90) * 5:,}.000 đ".replace(",", ".")])
                if reported:
                    decision = date_text = ""
                writer.writerow([rows, product, name, address, _star_text(rng, star), group,
                                 decision, date_text, code, price])
                truth.writerow([rows, star, province.slug, lp.region.slug, sector,
                                "" if reported else day.isoformat()])
    return path


def truth_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.stem + ".truth.csv")


def read_truth(path: str | Path) -> list[dict]:
    with truth_path(path).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    out = generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000)
    print(f"wrote {out} and {truth_path(out)}")
