"""Writes a realistic national certified-product list, as provinces publish them, for the
importer benchmark: shares of stars and regions as in the reference figures (12/2024),
~1.8 products per producer, pre-2025 and current addresses mixed, labels of all three
legal bases, decision numbers written in the usual variants, dates in several forms.

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
PRODUCTS = [("Nước mắm cá cơm", "I.4.a"), ("Mật ong hoa cà phê", "I.2.b"),
            ("Gạo ST25", "I.2.a"), ("Trà shan tuyết", "I.5.a"), ("Cà phê rang xay", "Đồ uống"),
            ("Rượu nếp cái hoa vàng", "II.1.a"), ("Miến dong", "Thực phẩm"),
            ("Tinh bột nghệ", "Thảo dược"), ("Chổi đót", "Lưu niệm – nội thất – trang trí"),
            ("Khăn thổ cẩm", "Vải và may mặc"), ("Bưởi da xanh", "I.1.a"),
            ("Hạt điều rang muối", "I.3.c"), ("Nấm linh chi", "III"), ("Dầu tràm", "III.2"),
            ("Chả cá", "I.3.d"), ("Bánh tráng", "I.3.b"), ("Mắm tôm", "I.4.a"),
            ("Nước uống tinh khiết", "II.2.a"), ("Cao dược liệu", "Thảo dược"),
            ("Homestay trải nghiệm", "VI")]
QUALIFIERS = ["loại 1", "hộp 500g", "túi 1kg", "chai 500ml", "đặc biệt", "truyền thống",
              "hữu cơ", "sấy lạnh", "nguyên chất", "cao cấp"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh",
         "Nam", "Phúc", "Quang", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Yến"]
HEADER = ["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
          "Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Mã sản phẩm", "Giá"]


def _places(rng: random.Random):
    """(region slug, old province, [(old commune full name)], current province, [communes])."""
    from backend.geo.models import Commune, LegacyCommune, LegacyProvince, Province

    legacy = {lp.pk: lp for lp in LegacyProvince.objects.select_related("region")}
    current = {p.pk: p for p in Province.objects.all()}
    old_communes: dict[int, list[str]] = {}
    for lp_id, full in LegacyCommune.objects.values_list("legacy_province_id", "full_name"):
        old_communes.setdefault(lp_id, []).append(full)
    new_communes: dict[int, list[str]] = {}
    for p_id, full in Commune.objects.values_list("province_id", "full_name"):
        new_communes.setdefault(p_id, []).append(full)
    by_region: dict[str, list] = {}
    for lp in legacy.values():
        by_region.setdefault(lp.region.slug, []).append(
            (lp, old_communes.get(lp.pk, []), current[lp.province_id],
             new_communes.get(lp.province_id, []))
        )
    return by_region


def generate(path: str | Path, n: int = 20000, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    by_region = _places(rng)
    regions = list(REGION_SHARES)
    weights = [REGION_SHARES[r] for r in regions]
    path = Path(path)
    producers: list[dict] = []
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        while rows < n:
            # A new producer with 1–4 products (mean ≈ 1.8, as 15,590 / 8,476).
            region = rng.choices(regions, weights)[0]
            lp, old_cs, province, new_cs = rng.choice(by_region[region])
            producer_no = len(producers) + 1
            form = rng.choice(PRODUCER_FORMS)
            who = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}" if form.startswith("Hộ") else \
                f"{rng.choice(['Nông sản', 'Thực phẩm', 'Dược liệu', 'Nông nghiệp'])} {lp.name}"
            name = f"{form} {who} {producer_no}"
            if rng.random() < 0.5 and old_cs:
                address = f"Thôn {rng.randint(1, 12)}, {rng.choice(old_cs)}, tỉnh {lp.name}"
            elif new_cs:
                address = f"Thôn {rng.randint(1, 12)}, {rng.choice(new_cs)}, {province.full_name}"
            else:
                address = f"tỉnh {lp.name}"
            producers.append({"name": name})
            for k in range(rng.choices([1, 2, 3, 4], [0.45, 0.35, 0.12, 0.08])[0]):
                if rows >= n:
                    break
                rows += 1
                star = rng.choices(list(STAR_WEIGHTS), list(STAR_WEIGHTS.values()))[0]
                base, group = rng.choice(PRODUCTS)
                product = f"{base} {rng.choice(QUALIFIERS)} {producer_no}-{k + 1}"
                # Provinces decide in a few rounds a year: ~24 decision dates over 2024–2026.
                day = datetime.date(2024, 1, 15) + datetime.timedelta(days=40 * rng.randint(0, 23))
                if star == 5:
                    issuer = "Bộ Nông nghiệp và Môi trường"
                elif star == 3 and day < datetime.date(2025, 7, 1):
                    issuer = f"UBND huyện {GIVEN[producer_no % len(GIVEN)]} {lp.name}"
                else:
                    issuer = f"UBND tỉnh {lp.name if day < datetime.date(2025, 7, 1) else province.name}"
                # One decision per (province, date, issuer) covers many products, as annexes do.
                number = 100 + zlib.crc32(f"{lp.code}{day}{issuer}".encode()) % 4900
                decision = rng.choice([f"{number}/QĐ-UBND", f"{number}/QD-UBND",
                                       f"{number} / QĐ-UBND", f"Số {number}/QĐ-UBND"])
                date_text = rng.choice([day.strftime("%d/%m/%Y"), day.isoformat(),
                                        f"{day.day}/{day.month}/{day.year % 100:02d}"])
                stars_text = rng.choice([str(star), f"{star} sao", f"{star}★", "★" * star])
                code = f"{lp.code}-{producer_no:05d}-{k + 1}-{day.year}"
                price = rng.choice(["", f"{rng.randint(3, 90) * 5000}",
                                    f"{rng.randint(3, 90) * 5:,}.000 đ".replace(",", ".")])
                writer.writerow([rows, product, name, address, stars_text, group, decision,
                                 date_text, issuer, code, price])
    return path


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    out = generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000)
    print(f"wrote {out}")
