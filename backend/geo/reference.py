"""Load the administrative-unit reference data the project ships (data/admin_units.json.gz).

Idempotent: units are upserted by code, so re-running after a data update corrects names
without touching the rows that point at them.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "admin_units.json.gz"


def read_data() -> dict[str, Any]:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _upsert(model, rows: list[dict], key: str = "code") -> dict[str, Any]:
    existing = {getattr(o, key): o for o in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = False
        for field, value in row.items():
            attname = field + "_id" if hasattr(obj, field + "_id") else field
            if getattr(obj, attname) != (value.pk if hasattr(value, "pk") else value):
                setattr(obj, field, value)
                fields.add(field)
                changed = True
        if changed:
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=2000)
    return {getattr(o, key): o for o in model.objects.all()}


def load_admin_units(apps=None) -> dict[str, int]:
    """Create or update regions, provinces and communes, old and new.

    ``apps`` is the migration state registry when called from a data migration.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Region = apps.get_model("geo", "Region")
    Province = apps.get_model("geo", "Province")
    LegacyProvince = apps.get_model("geo", "LegacyProvince")
    Commune = apps.get_model("geo", "Commune")
    LegacyCommune = apps.get_model("geo", "LegacyCommune")

    data = read_data()
    regions = _upsert(
        Region,
        [
            {"slug": r["slug"], "name": r["name"], "sort_order": i}
            for i, r in enumerate(data["regions"])
        ],
        key="slug",
    )
    by_name = {r.name: r for r in regions.values()}
    provinces = _upsert(
        Province,
        [
            {
                "code": p["code"],
                "name": p["name"],
                "full_name": p["full_name"],
                "name_en": p["name_en"],
                "kind": p["kind"],
                "slug": p["slug"],
                "region": by_name[p["region"]],
            }
            for p in data["provinces"]
        ],
    )
    Through = Province.regions.through
    Through.objects.all().delete()
    Through.objects.bulk_create(
        [
            Through(province_id=provinces[p["code"]].pk, region_id=by_name[r].pk)
            for p in data["provinces"]
            for r in p["regions"]
        ]
    )
    legacy = _upsert(
        LegacyProvince,
        [
            {
                "code": p["code"],
                "name": p["name"],
                "full_name": p["full_name"],
                "slug": p["slug"],
                "region": by_name[p["region"]],
                "province": provinces[p["province"]],
            }
            for p in data["legacy_provinces"]
        ],
    )
    communes = _upsert(
        Commune,
        [
            {
                "code": c["code"],
                "name": c["name"],
                "full_name": c["full_name"],
                "kind": c["kind"],
                "province": provinces[c["province"]],
                "region": by_name[c["region"]],
            }
            for c in data["communes"]
        ],
    )
    legacy_communes = _upsert(
        LegacyCommune,
        [
            {
                "code": c["code"],
                "name": c["name"],
                "full_name": c["full_name"],
                "legacy_province": legacy[c["legacy_province"]],
            }
            for c in data["legacy_communes"]
        ],
    )
    Link = LegacyCommune.communes.through
    Link.objects.all().delete()
    Link.objects.bulk_create(
        [
            Link(legacycommune_id=legacy_communes[c["code"]].pk, commune_id=communes[new].pk)
            for c in data["legacy_communes"]
            for new in c["new"]
            if new in communes
        ],
        batch_size=5000,
    )
    return {
        "regions": len(regions),
        "provinces": len(provinces),
        "legacy_provinces": len(legacy),
        "communes": len(communes),
        "legacy_communes": len(legacy_communes),
    }
