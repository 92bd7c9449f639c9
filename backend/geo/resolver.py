"""Turn the ways people write a place into current administrative units.

``resolve_province("Quảng Nam")`` → Thành phố Đà Nẵng, remembering legacy "Quảng Nam";
"Thanh Hoá", "thanh hoa", "Tỉnh Thanh Hóa", "TP. HCM", "Sài Gòn" all resolve. Communes and
whole addresses ("xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng") resolve the same way, old
commune names going to the commune they became part of.

Reference data is small and static, so it is indexed once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.core.cache import ProcessCache
from backend.core.text import clean, fold_key

from .models import Commune, LegacyCommune, LegacyProvince, Province, Region

_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|t p|tx)\s+")
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu|p|x|tt)\s+")
_DISTRICT_PREFIX = re.compile(r"^(huyen|quan|thi xa|thanh pho|tp|h|q)\s+")

# Everyday names that are not the official one.
_PROVINCE_ALIASES = {
    "sai gon": "79",
    "hcm": "79",
    "tphcm": "79",
    "hcmc": "79",
    "ho chi minh city": "79",
    "ha noi city": "01",
    "hn": "01",
    "hue": "46",
    "thua thien hue": "46",
    "ba ria vung tau": "79",
    "brvt": "79",
    "vung tau": "79",
    "dak nong": "68",
    "dac nong": "68",
    "dak lak": "66",
    "dac lac": "66",
    "daklak": "66",
    "daknong": "68",
}


@dataclass(frozen=True)
class ProvinceMatch:
    province: Province
    legacy_province: LegacyProvince | None
    original: str

    @property
    def region(self) -> Region:
        if self.legacy_province is not None:
            return _index().regions[self.legacy_province.region_id]
        return _index().regions[self.province.region_id]


@dataclass
class PlaceMatch:
    """A resolved address: the current unit, the old one named, and the original text."""

    original: str
    province: Province | None = None
    legacy_province: LegacyProvince | None = None
    commune: Commune | None = None
    legacy_commune: LegacyCommune | None = None
    region: Region | None = None
    # Human-readable notes (an old name resolved, a split commune guessed).
    notes: list[str] = field(default_factory=list)
    ambiguous: bool = False


class _Index:
    def __init__(self) -> None:
        self.regions = {r.pk: r for r in Region.objects.all()}
        self.provinces = {p.pk: p for p in Province.objects.all()}
        self.legacy_provinces = {p.pk: p for p in LegacyProvince.objects.all()}
        self.province_by_code = {p.code: p for p in self.provinces.values()}
        self.province_keys: dict[str, tuple[Province, LegacyProvince | None]] = {}
        for lp in self.legacy_provinces.values():
            self.province_keys[_province_key(lp.name)] = (self.provinces[lp.province_id], lp)
        # Current names win over legacy ones that are spelt the same (e.g. "Lâm Đồng").
        for p in self.provinces.values():
            self.province_keys[_province_key(p.name)] = (p, None)
            if p.name_en:
                self.province_keys.setdefault(_province_key(p.name_en), (p, None))
        for alias, code in _PROVINCE_ALIASES.items():
            self.province_keys.setdefault(alias, (self.province_by_code[code], None))
        self.communes: dict[tuple[int, str], list[Commune]] = {}
        for c in Commune.objects.all():
            self.communes.setdefault((c.province_id, fold_key(c.name)), []).append(c)
        self.commune_by_pk = {c.pk: c for cs in self.communes.values() for c in cs}
        self.legacy_communes: dict[tuple[int, str], list[LegacyCommune]] = {}
        for lc in LegacyCommune.objects.all():
            key = (lc.legacy_province_id, fold_key(lc.name))
            self.legacy_communes.setdefault(key, []).append(lc)
        self.legacy_commune_targets: dict[int, list[int]] = {}
        for legacy_id, commune_id in LegacyCommune.communes.through.objects.values_list(
            "legacycommune_id", "commune_id"
        ).order_by("id"):
            self.legacy_commune_targets.setdefault(legacy_id, []).append(commune_id)


_index_cache = ProcessCache(_Index)


def _index() -> _Index:
    return _index_cache.get()


def reset_cache() -> None:
    """Forget the in-memory index (after reference data is reloaded, and between tests)."""
    _index_cache.reset()


def _province_key(text: str) -> str:
    key = fold_key(text)
    key = _PROVINCE_PREFIX.sub("", key)
    return key.replace("tp ", "").strip()


def _commune_key(text: str) -> tuple[str, str | None]:
    key = fold_key(text)
    m = _COMMUNE_PREFIX.match(key)
    kind = None
    if m:
        kind = {"xa": "xa", "x": "xa", "phuong": "phuong", "p": "phuong"}.get(m.group(1))
        key = key[m.end() :]
    # "Phường 7" and "phường 07" are the same ward.
    key = re.sub(r"\b0+(\d)", r"\1", key)
    return key, kind


def resolve_province(text: str | None) -> ProvinceMatch | None:
    """Find the current province for any common spelling of a current or pre-2025 name.

    Returns None when nothing matches; the caller decides how to report it.
    """
    original = clean(text)
    if not original:
        return None
    index = _index()
    key = _province_key(original)
    if key.isdigit() and key.zfill(2) in index.province_by_code:
        return ProvinceMatch(index.province_by_code[key.zfill(2)], None, original)
    hit = index.province_keys.get(key) or index.province_keys.get(key.replace(" ", ""))
    if hit is None:
        compact = key.replace(" ", "")
        hit = next(
            (v for k, v in index.province_keys.items() if k.replace(" ", "") == compact), None
        )
    if hit is None:
        return None
    return ProvinceMatch(hit[0], hit[1], original)


def resolve_commune(
    text: str | None,
    province: Province | None = None,
    legacy_province: LegacyProvince | None = None,
) -> PlaceMatch:
    """Find the current commune named ``text`` inside a province (current or old).

    An old commune name resolves to the commune it became part of; one that was split
    between several is resolved to the first and flagged ``ambiguous``.
    """
    index = _index()
    match = PlaceMatch(original=clean(text), province=province, legacy_province=legacy_province)
    key, kind = _commune_key(match.original)
    if not key:
        return match
    current_provinces = [province] if province else []
    if legacy_province and not province:
        current_provinces = [index.provinces[legacy_province.province_id]]
    for p in current_provinces:
        candidates = index.communes.get((p.pk, key), [])
        if kind:
            candidates = [c for c in candidates if c.kind == kind] or candidates
        if candidates:
            match.commune = candidates[0]
            match.province = p
            match.ambiguous = len(candidates) > 1
            match.region = index.regions[match.commune.region_id]
            return match
    # Old commune names: search the named old province, else every old province that
    # joined the given current one.
    if legacy_province:
        legacy_scope = [legacy_province]
    else:
        # The old province that kept the current name first: "xã Tân Hà, tỉnh Lâm Đồng"
        # in an old address means old Lâm Đồng's Tân Hà, not old Bình Thuận's.
        legacy_scope = sorted(
            (
                lp
                for lp in index.legacy_provinces.values()
                if province and lp.province_id == province.pk
            ),
            key=lambda lp: (fold_key(lp.name) != fold_key(province.name), lp.code),
        )
    for lp in legacy_scope:
        candidates = index.legacy_communes.get((lp.pk, key), [])
        if kind:
            candidates = [
                c
                for c in candidates
                if c.full_name
                and fold_key(c.full_name).startswith({"xa": "xa", "phuong": "phuong"}[kind])
            ] or candidates
        if not candidates:
            continue
        legacy = candidates[0]
        targets = index.legacy_commune_targets.get(legacy.pk, [])
        match.legacy_commune = legacy
        match.legacy_province = lp
        match.region = index.regions[lp.region_id]
        if targets:
            match.commune = index.commune_by_pk[targets[0]]
            match.province = index.provinces[match.commune.province_id]
        match.ambiguous = len(candidates) > 1 or len(targets) > 1
        match.notes.append(
            f"{legacy.full_name} ({lp.name} cũ) nay thuộc "
            + (f"{match.commune.full_name}" if match.commune else "đơn vị chưa xác định")
            + (" (xã cũ được chia cho nhiều xã mới)" if len(targets) > 1 else "")
        )
        return match
    return match


def resolve_address(
    text: str | None,
    province_hint: str | None = None,
    commune_hint: str | None = None,
) -> PlaceMatch:
    """Place a free-text Vietnamese address, old or new, in its current province and commune.

    Reads the comma-separated parts from the end: the province, then any district
    (pre-2025 addresses), then the commune. ``province_hint`` and ``commune_hint`` are
    separate columns some lists have; they win over what the address says.
    """
    original = clean(text)
    parts = [p.strip() for p in original.split(",") if p.strip()]
    province_match = resolve_province(province_hint) if province_hint else None
    if province_match is None:
        for i in range(len(parts) - 1, -1, -1):
            province_match = resolve_province(parts[i])
            if province_match:
                parts = parts[:i]
                break
    elif parts and resolve_province(parts[-1]):
        # The address may still name an old province that is more precise than the hint.
        tail = resolve_province(parts[-1])
        if tail and tail.province.pk == province_match.province.pk and tail.legacy_province:
            province_match = tail
        parts = parts[:-1]
    result = PlaceMatch(original=original)
    if province_match is None:
        return result
    result.province = province_match.province
    result.legacy_province = province_match.legacy_province
    result.region = province_match.region
    if province_match.legacy_province is not None:
        result.notes.append(
            f"Tỉnh cũ “{province_match.legacy_province.name}” nay thuộc "
            f"{province_match.province.full_name}"
        )
    commune_candidates = [commune_hint] if commune_hint else []
    commune_candidates += [p for p in reversed(parts) if not _DISTRICT_PREFIX.match(fold_key(p))]
    for candidate in commune_candidates:
        found = resolve_commune(
            candidate,
            province=None if result.legacy_province else result.province,
            legacy_province=result.legacy_province,
        )
        if found.commune is None and result.legacy_province is not None:
            # A new-style address that still writes the old province name.
            found = resolve_commune(candidate, province=result.province)
        if found.commune is not None:
            result.commune = found.commune
            result.legacy_commune = found.legacy_commune
            result.province = found.province or result.province
            if found.legacy_province is not None:
                result.legacy_province = found.legacy_province
            result.region = found.region or result.region
            result.ambiguous = found.ambiguous
            result.notes.extend(found.notes)
            break
    return result


def region_for(
    province: Province,
    commune: Commune | None = None,
    legacy_province: LegacyProvince | None = None,
) -> Region:
    """A place's region: from the commune or old province where the new one straddles two."""
    index = _index()
    if commune is not None:
        return index.regions[commune.region_id]
    if legacy_province is not None:
        return index.regions[legacy_province.region_id]
    return index.regions[province.region_id]


def all_regions() -> list[Region]:
    return sorted(_index().regions.values(), key=lambda r: r.sort_order)


def province_by_pk(pk: int) -> Province:
    return _index().provinces[pk]


def legacy_province_by_pk(pk: int) -> LegacyProvince:
    return _index().legacy_provinces[pk]


def region_by_pk(pk: int) -> Region:
    return _index().regions[pk]
