"""The QĐ 26/2026 tree and the labels that map onto it (current, 148/2023, 1048/2019)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from backend.core.cache import ProcessCache
from backend.core.text import clean, fold_key, slugify_vi

DATA_FILE = Path(__file__).resolve().parent / "data" / "classification.json"
_CODE = re.compile(r"^(I|II|III|IV|V|VI)(\.\d+(\.[a-z])?)?$", re.IGNORECASE)


def group_slug(code: str, name: str) -> str:
    return slugify_vi(f"{code} {name}")


def load_classification(apps=None) -> int:
    """Create or update the tree and its labels from the shipped data file (idempotent)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    ProductGroup = apps.get_model("ocop", "ProductGroup")
    GroupLabel = apps.get_model("ocop", "GroupLabel")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_code = {g.code: g for g in ProductGroup.objects.all()}
    for order, node in enumerate(data["nodes"]):
        values = {
            "name": node["name"],
            "slug": group_slug(node["code"], node["name"]),
            "level": node["code"].count(".") + 1,
            "parent": by_code[node["parent"]] if node["parent"] else None,
            "sort_order": order,
        }
        group, _ = ProductGroup.objects.update_or_create(code=node["code"], defaults=values)
        by_code[group.code] = group
    seen = set()
    for label in data["labels"]:
        key = (label["basis"], fold_key(label["label"]))
        if key in seen:
            continue  # first mapping wins: sectors before groups before sub-groups
        seen.add(key)
        GroupLabel.objects.update_or_create(
            basis=label["basis"],
            label_key=key[1],
            defaults={"label": label["label"], "group": by_code[label["code"]]},
        )
    return len(by_code)


@dataclass(frozen=True)
class GroupMatch:
    group: object  # ProductGroup
    basis: str  # legal basis of the label that matched
    label: str

    @property
    def is_legacy(self) -> bool:
        return self.basis != "26/2026"


class _Index:
    def __init__(self) -> None:
        from .models import GroupLabel, ProductGroup

        self.groups = {g.pk: g for g in ProductGroup.objects.all()}
        self.by_code = {g.code.upper(): g for g in self.groups.values()}
        self.labels: dict[str, tuple[int, str]] = {}
        # Current labels first, so an old label spelt like a current one means the current.
        order = {"26/2026": 0, "148/2023": 1, "1048/2019": 2}
        for label in sorted(GroupLabel.objects.all(), key=lambda x: (order[x.basis], x.pk)):
            self.labels.setdefault(label.label_key, (label.group_id, label.basis))


_index_cache = ProcessCache(_Index)


def _index() -> _Index:
    return _index_cache.get()


def reset_cache() -> None:
    _index_cache.reset()


def resolve_group(text: str | None) -> GroupMatch | None:
    """A group from a code ("I.4.a") or a label of any of the three legal bases."""
    label = clean(text)
    if not label:
        return None
    index = _index()
    code = label.split(" ")[0].rstrip(".")
    if _CODE.match(code) and code.upper() in {c.upper() for c in index.by_code}:
        group = index.by_code[code.upper()]
        return GroupMatch(group, "26/2026", label)
    key = fold_key(label)
    hit = index.labels.get(key)
    if hit is None:
        # "Sản phẩm thực phẩm", "Nhóm: Đồ uống": drop the usual leading words.
        stripped = re.sub(r"^(san pham|nhom|nganh|phan nhom)\s+", "", key)
        hit = index.labels.get(stripped)
    if hit is None:
        return None
    return GroupMatch(index.groups[hit[0]], hit[1], label)


def group_by_pk(pk: int):
    return _index().groups[pk]


def ancestors_and_self(group) -> list:
    """[ngành, nhóm, phân nhóm] down to ``group``."""
    index = _index()
    chain = [index.groups[group.pk]]
    while chain[0].parent_id:
        chain.insert(0, index.groups[chain[0].parent_id])
    return chain


def all_groups() -> list:
    return sorted(_index().groups.values(), key=lambda g: g.sort_order)
