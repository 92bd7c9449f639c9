"""Who issued a recognition decision: read from a list's title rows, or inferred from the
rules in force on the decision date (see ``rules.expected_issuer_level``).

Annexes of recognition decisions usually name their issuer only in the heading
("UỶ BAN NHÂN DÂN TỈNH LÂM ĐỒNG") or not at all, since it is the body that signed them.
"""

from __future__ import annotations

import datetime
import re

from backend.core.text import clean, fold, fold_key

from .rules import expected_issuer_level

MINISTRY_BEFORE_2025 = "Bộ Nông nghiệp và Phát triển nông thôn"
MINISTRY = "Bộ Nông nghiệp và Môi trường"
# The two ministries merged on 1/3/2025.
MINISTRY_MERGED_ON = datetime.date(2025, 3, 1)
REFORM_DATE = datetime.date(2025, 7, 1)


def ministry_on(day: datetime.date) -> str:
    return MINISTRY if day >= MINISTRY_MERGED_ON else MINISTRY_BEFORE_2025


def _unit_name(unit) -> str:
    full = unit.full_name
    return f"{full[:1].lower()}{full[1:]}"


def inferred_issuer(
    star: int,
    decision_date: datetime.date,
    *,
    province,
    legacy_province=None,
    district: str = "",
) -> str:
    """The body that signs a decision for this star on this date, by the rules in force:
    until 30/6/2025 3★ by the district, 4★ by the province, 5★ by the ministry; since then
    3★/4★ by the province. ``province``/``legacy_province`` are geo units (the old one
    signs before the reform); ``district`` is "huyện …" when the address names it."""
    level = expected_issuer_level(star, decision_date)
    if level == "bộ":
        return ministry_on(decision_date)
    unit = legacy_province if (legacy_province and decision_date < REFORM_DATE) else province
    if level == "huyện":
        if district:
            return f"UBND {district}"
        return f"UBND cấp huyện thuộc {_unit_name(unit)}"
    return f"UBND {_unit_name(unit)}"


_DISTRICT = re.compile(r"^(huyen|quan|thi xa|thanh pho)\s+\S", re.IGNORECASE)


def district_in(address: str) -> str:
    """ "xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng" → "huyện Đức Trọng"; "" if none.
    A "thành phố" part counts only when a province follows it."""
    parts = [p.strip() for p in clean(address).split(",") if p.strip()]
    for i, part in enumerate(parts):
        key = fold(part)
        if _DISTRICT.match(key) and not (key.startswith("thanh pho") and i == len(parts) - 1):
            return part[:1].lower() + part[1:]
    return ""


# "UỶ BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "UBND HUYỆN ĐỨC TRỌNG", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG".
_COUNCIL = re.compile(
    r"^(?:uy ban nhan dan|ubnd)\s+(tinh|thanh pho|tp\.?|huyen|thi xa|quan)\s+(.+)$"
)
_LEVEL_WORDS = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố",
                "tp.": "thành phố", "huyen": "huyện", "thi xa": "thị xã", "quan": "quận"}


def _title_case(text: str) -> str:
    # Vietnamese names capitalise every syllable: "LÂM ĐỒNG" → "Lâm Đồng".
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def issuer_from_heading(lines: list[str]) -> str:
    """The issuing body named in a list's title rows, normalised ("UBND tỉnh Lâm Đồng",
    "Bộ Nông nghiệp và Môi trường"), or "" when none is named. The first match wins: the
    signing body heads the page, above the decision's own title."""
    for line in lines:
        text = re.sub(r"\.(?=\S)", ". ", clean(line))  # "TP.HCM" → "TP. HCM"
        key = fold(text)
        if key.startswith("bo nong nghiep"):
            if "moi truong" in key:
                return MINISTRY
            if "phat trien nong thon" in key:
                return MINISTRY_BEFORE_2025
        m = _COUNCIL.match(fold_key(text).replace(" tp ", " thanh pho "))
        if m:
            level = _LEVEL_WORDS[m.group(1)]
            # Keep the name with its marks: cut the same number of words off the original.
            words = text.split()
            lead = len(key.split()) - len(m.group(2).split())
            name = _title_case(" ".join(words[lead:]))
            return f"UBND {level} {name}"
    return ""
