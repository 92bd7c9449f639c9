"""Which column holds what: a built-in dictionary of the headers provinces use, overridable
by a small mapping file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from backend.core.text import fold_key, nfc

# Canonical fields and what users call them (Vietnamese, with or without diacritics,
# and the English names some exports use). Keys are compared after fold_key.
FIELD_LABELS: dict[str, str] = {
    "product_name": "Tên sản phẩm",
    "producer_name": "Chủ thể",
    "address": "Địa chỉ",
    "original_address": "Địa chỉ cũ",
    "province": "Tỉnh/thành",
    "district": "Huyện",
    "commune": "Xã/phường",
    "star": "Hạng sao",
    "group": "Nhóm sản phẩm",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "issuer": "Cơ quan ban hành",
    "expires_at": "Ngày hết hạn",
    "product_code": "Mã sản phẩm",
    "price": "Giá",
    "image": "Ảnh",
    "registration_number": "Mã số doanh nghiệp",
    "legal_form": "Loại hình",
    "phone": "Điện thoại",
    "description": "Mô tả",
    "score": "Điểm",
}

_HEADERS: dict[str, list[str]] = {
    "product_name": ["tên sản phẩm", "sản phẩm", "tên sp", "tên hàng", "tên sản phẩm ocop",
                     "product name", "product"],
    "producer_name": ["chủ thể", "tên chủ thể", "đơn vị", "tên đơn vị", "chủ thể ocop",
                      "tên chủ thể ocop", "chủ thể sản xuất", "cơ sở sản xuất", "tên cơ sở",
                      "đơn vị sản xuất", "subject name", "producer", "producer name"],
    "address": ["địa chỉ", "địa chỉ chủ thể", "địa chỉ hiện nay", "địa chỉ mới",
                "current address", "address"],
    "original_address": ["địa chỉ cũ", "địa chỉ gốc", "địa chỉ trước sắp xếp",
                         "original address"],
    "province": ["tỉnh", "tỉnh thành", "tỉnh thành phố", "tỉnh tp", "current province",
                 "province"],
    "district": ["huyện", "quận huyện", "huyện thị xã thành phố", "district"],
    "commune": ["xã", "xã phường", "phường xã", "xã phường thị trấn", "current commune",
                "commune", "ward"],
    "star": ["hạng sao", "xếp hạng", "số sao", "sao", "hạng", "phân hạng", "kết quả phân hạng",
             "hạng sao ocop", "star", "stars", "rating"],
    "group": ["ngành", "nhóm", "phân nhóm", "nhóm sản phẩm", "ngành hàng", "bộ sản phẩm",
              "nhóm ngành", "phân loại", "category", "group"],
    "decision_number": ["số quyết định", "số qđ", "quyết định", "quyết định công nhận",
                        "số quyết định công nhận", "decision number", "decision"],
    "decision_date": ["ngày quyết định", "ngày công nhận", "ngày qđ", "ngày ban hành",
                      "ngày cấp", "cert issued at", "decision date", "issued at"],
    "issuer": ["cơ quan ban hành", "cơ quan công nhận", "cấp công nhận", "đơn vị công nhận",
               "cơ quan cấp", "issuing authority", "issuer"],
    "expires_at": ["ngày hết hạn", "hiệu lực đến", "hạn hiệu lực", "cert expires at",
                   "expires at", "valid until"],
    "product_code": ["mã sản phẩm", "mã sp", "mã ocop", "mã số sản phẩm", "product code"],
    "price": ["giá", "giá bán", "đơn giá", "giá niêm yết", "giá bán lẻ", "price"],
    "image": ["ảnh", "hình ảnh", "ảnh sản phẩm", "hình", "link ảnh", "image", "image url",
              "photo"],
    "registration_number": ["mã số doanh nghiệp", "mã số thuế", "mst", "số đăng ký kinh doanh",
                            "số đkkd", "giấy đkkd", "registration number"],
    "legal_form": ["loại hình", "loại hình chủ thể", "legal form"],
    "phone": ["điện thoại", "số điện thoại", "sđt", "phone"],
    "description": ["mô tả", "mô tả sản phẩm", "câu chuyện sản phẩm", "description"],
    "score": ["điểm", "số điểm", "điểm đánh giá", "score"],
}

# Columns lists often carry that the importer deliberately does not use (no warning).
_KNOWN_UNUSED = {
    "stt", "tt", "so tt", "ghi chu", "record id", "batch id", "source id",
    "verification level", "cert year", "nam cong nhan", "nam", "legacy region",
}

BUILTIN: dict[str, str] = {
    fold_key(label): name for name, labels in _HEADERS.items() for label in labels
}


def header_key(header: object) -> str:
    text = fold_key(nfc(str(header))) if header is not None else ""
    return text


def _candidates(header: object) -> list[str]:
    key = header_key(header)
    if not key:
        return []
    raw = nfc(str(header))
    # "Giá (đồng)", "Hạng sao (3-5)": the part before the bracket is the header.
    bare = header_key(re.split(r"[(\[]", raw)[0])
    unit = re.sub(r"\s+(vnd|dong|d)$", "", bare)
    return [k for k in dict.fromkeys([key, bare, unit]) if k]


@dataclass
class ColumnMap:
    """header as written in the file → field, plus the columns left unused."""

    fields: dict[str, str] = field(default_factory=dict)  # field → header
    unused: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (field, header)

    def header_for(self, name: str) -> str:
        return self.fields.get(name, FIELD_LABELS.get(name, name))


def match_header(header: object, overrides: dict[str, str] | None = None) -> str | None:
    """The field a header names, or None. Overrides (from a mapping file) win; "" ignores."""
    for key in _candidates(header):
        if overrides and key in overrides:
            return overrides[key] or None
    for key in _candidates(header):
        if key in BUILTIN:
            return BUILTIN[key]
    return None


def build_column_map(headers: list[object], overrides: dict[str, str] | None = None) -> ColumnMap:
    result = ColumnMap()
    for header in headers:
        if header is None or not nfc(str(header)):
            continue
        name = match_header(header, overrides)
        if name is None:
            if header_key(header) not in _KNOWN_UNUSED:
                result.unused.append(nfc(str(header)))
            continue
        if name in result.fields:
            result.duplicates.append((name, nfc(str(header))))
            continue
        result.fields[name] = nfc(str(header))
    return result


def score_header_row(values: list[object], overrides: dict[str, str] | None = None) -> int:
    """How many cells of a row are recognised headers (to find the header row)."""
    names = {match_header(v, overrides) for v in values if v is not None and nfc(str(v))}
    names.discard(None)
    return len(names) + (2 if "product_name" in names else 0)


class MappingError(ValueError):
    pass


def load_mapping(source: str | Path | dict | None) -> dict[str, str]:
    """Read a user's mapping: JSON ``{"Tên cột": "field"}`` or lines ``Tên cột = field``.

    Returns folded header → field ("" to ignore a column). Raises MappingError in plain words.
    """
    if source is None:
        return {}
    if isinstance(source, dict):
        pairs = list(source.items())
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
        if text.lstrip().startswith("{"):
            try:
                pairs = list(json.loads(text).items())
            except json.JSONDecodeError as exc:
                raise MappingError(f"Tệp ánh xạ cột không phải JSON hợp lệ: {exc}") from exc
        else:
            pairs = []
            for number, line in enumerate(text.splitlines(), start=1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if "=" not in line:
                    raise MappingError(
                        f"Tệp ánh xạ cột, dòng {number}: cần dạng “Tên cột = tên_trường”."
                    )
                header, _, name = line.partition("=")
                pairs.append((header, name))
    result = {}
    for header, name in pairs:
        name = nfc(str(name)).strip()
        if name in ("-", "bo qua", "bỏ qua", "ignore"):
            name = ""
        if name and name not in FIELD_LABELS:
            raise MappingError(
                f"Tệp ánh xạ cột: “{name}” (cho cột “{header}”) không phải trường được hỗ trợ. "
                f"Các trường: {', '.join(FIELD_LABELS)}."
            )
        result[header_key(header)] = name
    return result
