"""Turn the ways people write a place into current administrative units.

``resolve_province("Quảng Nam")`` → Thành phố Đà Nẵng, remembering legacy "Quảng Nam";
"Thanh Hoá", "thanh hoa", "Tỉnh Thanh Hóa", "TP. HCM", "Sài Gòn" all resolve. Communes and
whole addresses ("xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng") resolve the same way, old
commune names going to the commune they became part of.

Reference data is small and static, so it is indexed once per process.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from backend.core.cache import ProcessCache
from backend.core.text import clean, fold_key

from .models import Commune, LegacyCommune, LegacyProvince, Province, Region
from .reform import is_before_reform

_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|t p|tx)\s+")
_COMMUNE_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu|p|x|tt)\s+")
_DISTRICT_PREFIX = re.compile(r"^(huyen|quan|thi xa|thanh pho|tp|h|q)\s+")

# Everyday names, abbreviations and old spellings → the name they stand for (current or
# pre-2025, as the index holds it). Keys are folded (``fold_key``) with "tỉnh"/"thành
# phố"/"tp" dropped; the resolver also tries each key without spaces ("daklak").
_PROVINCE_ALIASES = {
    # Hồ Chí Minh City and the provinces merged into it.
    "sai gon": "Hồ Chí Minh", "saigon": "Hồ Chí Minh", "sg": "Hồ Chí Minh",
    "hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh",
    "hcmc": "Hồ Chí Minh", "ho chi minh city": "Hồ Chí Minh", "hochiminh": "Hồ Chí Minh",
    "ba ria vung tau": "Bà Rịa - Vũng Tàu", "brvt": "Bà Rịa - Vũng Tàu",
    "br vt": "Bà Rịa - Vũng Tàu", "vung tau": "Bà Rịa - Vũng Tàu",
    "ba ria": "Bà Rịa - Vũng Tàu",
    # Hà Nội (and Hà Tây, merged into it in 2008).
    "ha noi city": "Hà Nội", "hn": "Hà Nội", "thu do ha noi": "Hà Nội", "hanoi": "Hà Nội",
    "ha tay": "Hà Nội",
    # Huế: "Thừa Thiên Huế" until it became a city in 2025, "TT Huế" for short.
    "hue": "Huế", "thua thien hue": "Huế", "thua thien": "Huế", "tt hue": "Huế",
    "t t hue": "Huế", "tthue": "Huế", "tt thien hue": "Huế",
    # Central Highlands, written every which way.
    "dak nong": "Đắk Nông", "dac nong": "Đắk Nông", "daknong": "Đắk Nông",
    "dak lak": "Đắk Lắk", "dac lac": "Đắk Lắk", "dak lac": "Đắk Lắk", "dac lak": "Đắk Lắk",
    "daklak": "Đắk Lắk", "darlac": "Đắk Lắk", "dar lac": "Đắk Lắk",
    "kontum": "Kon Tum", "kon tom": "Kon Tum",
    "lam dong": "Lâm Đồng",
    # Old spellings.
    "bac can": "Bắc Kạn", "baccan": "Bắc Kạn",
    "hai phong city": "Hải Phòng", "haiphong": "Hải Phòng", "hp": "Hải Phòng",
    "da nang city": "Đà Nẵng", "danang": "Đà Nẵng",
    "can tho city": "Cần Thơ", "cantho": "Cần Thơ",
    "quang nam da nang": "Quảng Nam",
    "ha son binh": "Hòa Bình",
    "khanh hoa nha trang": "Khánh Hòa", "nha trang": "Khánh Hòa",
    "phan thiet": "Bình Thuận", "da lat": "Lâm Đồng", "dalat": "Lâm Đồng",
    "phu quoc": "Kiên Giang", "buon ma thuot": "Đắk Lắk", "buon me thuot": "Đắk Lắk",
    "pleiku": "Gia Lai", "quy nhon": "Bình Định", "tuy hoa": "Phú Yên",
    "thanh hoa city": "Thanh Hóa", "vinh": "Nghệ An",
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
        # The 63 names of before 1/7/2025: read this way for a date before the reform.
        self.legacy_keys: dict[str, tuple[Province, LegacyProvince]] = {}
        for lp in self.legacy_provinces.values():
            hit = (self.provinces[lp.province_id], lp)
            self.province_keys[_province_key(lp.name)] = hit
            self.legacy_keys[_province_key(lp.name)] = hit
        # Otherwise current names win over legacy ones spelt the same (e.g. "Lâm Đồng").
        for p in self.provinces.values():
            self.province_keys[_province_key(p.name)] = (p, None)
            if p.name_en:
                self.province_keys.setdefault(_province_key(p.name_en), (p, None))
        for alias, name in _PROVINCE_ALIASES.items():
            target = _province_key(name)
            self.province_keys.setdefault(alias, self.province_keys[target])
            if target in self.legacy_keys:
                self.legacy_keys.setdefault(alias, self.legacy_keys[target])
        # Keys written without spaces ("daklak", "baria vungtau") find the same units.
        for keys in (self.province_keys, self.legacy_keys):
            for key, hit in list(keys.items()):
                keys.setdefault(key.replace(" ", ""), hit)
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
        # Addresses already placed (``resolve_address``), forgotten with the index.
        self.addresses: dict[tuple, PlaceMatch] = {}


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


def _era_hit(index: _Index, key: str, before_reform: bool | None):
    """A name read as of its date: before 1/7/2025 an old province name means the old
    province even where a current one is spelt the same ("Bắc Ninh" in 2024)."""
    if before_reform:
        hit = index.legacy_keys.get(key)
        if hit is not None:
            return hit
    return index.province_keys.get(key)


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


def resolve_province(
    text: str | None, as_of: datetime.date | None = None
) -> ProvinceMatch | None:
    """Find the current province for any common spelling of a current or pre-2025 name.

    ``as_of``: the date the text was written (a decision's date). Before 1/7/2025 a name
    means the province of that time: "Bắc Ninh" is old Bắc Ninh (Đồng bằng sông Hồng),
    now part of the merged Bắc Ninh. Returns None when nothing matches.
    """
    original = clean(text)
    if not original:
        return None
    index = _index()
    key = _province_key(original)
    if key.isdigit() and key.zfill(2) in index.province_by_code:
        return ProvinceMatch(index.province_by_code[key.zfill(2)], None, original)
    before = is_before_reform(as_of)
    hit = _era_hit(index, key, before) or _era_hit(index, key.replace(" ", ""), before)
    if hit is None:
        return None
    return ProvinceMatch(hit[0], hit[1], original)


def resolve_commune(
    text: str | None,
    province: Province | None = None,
    legacy_province: LegacyProvince | None = None,
    prefer_legacy: bool = False,
) -> PlaceMatch:
    """Find the current commune named ``text`` inside a province (current or old).

    An old commune name resolves to the commune it became part of; one that was split
    between several is resolved to the first and flagged ``ambiguous``. With
    ``prefer_legacy`` (a text written before the reform) the old province's communes of
    that name come before today's communes of the same name.
    """
    index = _index()
    match = PlaceMatch(original=clean(text), province=province, legacy_province=legacy_province)
    key, kind = _commune_key(match.original)
    if not key:
        return match
    if prefer_legacy and legacy_province is not None:
        found = _legacy_commune(index, match, key, kind, [legacy_province])
        if found is not None:
            return found
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
    return _legacy_commune(index, match, key, kind, legacy_scope) or match


def _legacy_commune(index: _Index, match: PlaceMatch, key: str, kind: str | None,
                    legacy_scope: list[LegacyProvince]) -> PlaceMatch | None:
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
        # The communes it went into within the province its old province joined: the
        # reform merged whole provinces, so a mapping that leaves it is not followed.
        targets = [
            pk for pk in index.legacy_commune_targets.get(legacy.pk, [])
            if index.commune_by_pk[pk].province_id == lp.province_id
        ]
        match.legacy_commune = legacy
        match.legacy_province = lp
        match.region = index.regions[lp.region_id]
        match.province = index.provinces[lp.province_id]
        if targets:
            match.commune = index.commune_by_pk[targets[0]]
        match.ambiguous = len(candidates) > 1 or len(targets) > 1
        match.notes.append(
            f"{legacy.full_name} ({lp.name} cũ) nay thuộc "
            + (f"{match.commune.full_name}" if match.commune else "đơn vị chưa xác định")
            + (" (xã cũ được chia cho nhiều xã mới)" if len(targets) > 1 else "")
        )
        return match
    return None


# Placed addresses remembered per process; the whole memo is dropped when full.
_ADDRESS_CACHE_SIZE = 50_000


def resolve_address(
    text: str | None,
    province_hint: str | None = None,
    commune_hint: str | None = None,
    as_of: datetime.date | None = None,
) -> PlaceMatch:
    """Place a free-text Vietnamese address, old or new, in its current province and commune.

    Reads the comma-separated parts from the end: the province, then any district
    (pre-2025 addresses), then the commune. ``province_hint`` and ``commune_hint`` are
    separate columns some lists have; they win over what the address says. ``as_of`` is
    the date the address was written: before 1/7/2025 its names are the old units'.

    Each answer is remembered per process (only the side of the reform ``as_of`` falls on
    matters): lists repeat their communes, and an import reads its file twice, to check
    it and to write it. Callers get their own copy.
    """
    index = _index()
    key = (text, province_hint, commune_hint, bool(is_before_reform(as_of)))
    found = index.addresses.get(key)
    if found is None:
        if len(index.addresses) >= _ADDRESS_CACHE_SIZE:
            index.addresses.clear()
        found = index.addresses[key] = _place_address(text, province_hint, commune_hint,
                                                      as_of)
    return replace(found, notes=list(found.notes))


def _place_address(text: str | None, province_hint: str | None, commune_hint: str | None,
                   as_of: datetime.date | None) -> PlaceMatch:
    original = clean(text)
    parts = [p.strip() for p in original.split(",") if p.strip()]
    province_match = resolve_province(province_hint, as_of) if province_hint else None
    if province_match is None:
        for i in range(len(parts) - 1, -1, -1):
            province_match = resolve_province(parts[i], as_of)
            if province_match:
                parts = parts[:i]
                break
    elif parts and resolve_province(parts[-1], as_of):
        # The address may still name an old province that is more precise than the hint.
        tail = resolve_province(parts[-1], as_of)
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
    before = bool(is_before_reform(as_of))
    for candidate in commune_candidates:
        found = resolve_commune(
            candidate,
            province=None if result.legacy_province else result.province,
            legacy_province=result.legacy_province,
            prefer_legacy=before,
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
