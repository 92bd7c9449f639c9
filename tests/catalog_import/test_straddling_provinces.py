"""Seven provinces formed on 1/7/2025 straddle two regions. A product certified there
shows in the region of the place it was certified in: before the reform the old province
(even where it gave its name to the new one, "Tỉnh Bắc Ninh" on a 2024 decision), after it
the communes the current one was formed from; never the producer's province as a whole."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client

from .conftest import annex_row, csv_bytes

# current province → its old provinces in two regions (Quy hoạch tổng thể 2021–2030).
STRADDLING = {
    "Bắc Ninh": {"Bắc Giang": "Trung du và miền núi phía Bắc", "Bắc Ninh": "Đồng bằng sông Hồng"},
    "Phú Thọ": {"Phú Thọ": "Trung du và miền núi phía Bắc", "Vĩnh Phúc": "Đồng bằng sông Hồng"},
    "Quảng Ngãi": {"Quảng Ngãi": "Bắc Trung Bộ và duyên hải miền Trung", "Kon Tum": "Tây Nguyên"},
    "Gia Lai": {"Bình Định": "Bắc Trung Bộ và duyên hải miền Trung", "Gia Lai": "Tây Nguyên"},
    "Đắk Lắk": {"Phú Yên": "Bắc Trung Bộ và duyên hải miền Trung", "Đắk Lắk": "Tây Nguyên"},
    "Lâm Đồng": {"Bình Thuận": "Bắc Trung Bộ và duyên hải miền Trung", "Lâm Đồng": "Tây Nguyên"},
    "Tây Ninh": {"Tây Ninh": "Đông Nam Bộ", "Long An": "Đồng bằng sông Cửu Long"},
}
QUERY = """
query($province: String!) {
  productFacets(channel: "vn", filter: {attributes: [{slug: "ocop-province", values: [$province]}]}) {
    totalCount region { name count }
  }
}
"""


def _old_commune(old_province: str) -> str:
    from backend.geo.models import LegacyCommune

    return (LegacyCommune.objects.filter(legacy_province__name=old_province,
                                         full_name__startswith="Xã ")
            .order_by("code").values_list("full_name", flat=True).first())


def _new_commune(province: str, region: str) -> str:
    from backend.geo.models import Commune

    return (Commune.objects.filter(province__name=province, region__name=region,
                                   full_name__startswith="Xã ")
            .order_by("code").values_list("full_name", flat=True).first())


def test_each_product_shows_in_the_region_of_its_old_place(run):
    from backend.search.api import update_dirty

    rows, expected = [], {}

    def row(commune: str, province: str, day: str) -> dict:
        n = len(rows) + 1
        return annex_row(n, **{
            "Tên sản phẩm": f"Sản phẩm {n}", "Chủ thể": f"Hợp tác xã Thử {n}",
            "Địa chỉ": f"Thôn 1, {commune}, Tỉnh {province}", "Ngày quyết định": day,
            "Cơ quan ban hành": f"UBND tỉnh {province}", "Hạng sao": "4 sao"})

    for current, olds in STRADDLING.items():
        for old, region in olds.items():
            # A 2024 decision naming the old units, and a 2026 one naming today's.
            rows.append(row(_old_commune(old), old, "10/05/2024"))
            rows.append(row(_new_commune(current, region), current, "10/05/2026"))
            expected.setdefault(current, {}).setdefault(region, 0)
            expected[current][region] += 2
    report = run(csv_bytes(rows))
    assert report.applied and not report.error_rows, report.error_rows[:2]
    update_dirty()
    connection.run_on_commit.clear()
    for current, regions in expected.items():
        body = Client().post("/graphql/", json.dumps({"query": QUERY, "variables": {
            "province": current}}), content_type="application/json").json()
        facets = body["data"]["productFacets"]
        assert facets["totalCount"] == 4, current
        assert {r["name"]: r["count"] for r in facets["region"] if r["count"]} == regions, current
