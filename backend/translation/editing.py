"""The rules for typing a translation (the seller portal and the ``…Translate`` mutations).

Texts are stored the way the catalog stores its own: NFC with the new tone placement,
tags removed (a translation is plain text; the description becomes EditorJS paragraphs
like ``catalog.services.description_from_text`` makes), and refused, with the field named
in Vietnamese, when too long. A field left out keeps its value; a field sent empty is
cleared, so the Vietnamese text shows again; a translation with every field empty is
removed (``translation(languageCode:)`` answers null again).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.html import strip_tags

from backend.core.text import clean, slugify_vi

from .error_codes import TranslationErrorCode as Code
from .languages import BASE_LANGUAGE
from .models import Translation

# Saleor's SEO limits (70 / 300); names as the seller catalog's own (250).
MAX_NAME = 250
MAX_SEO_TITLE = 70
MAX_SEO_DESCRIPTION = 300
MAX_SLUG = 200
MAX_DESCRIPTION = 20_000
MAX_BLOCKS = 200

MAX_PLAIN_TEXT = 2_000

LABELS = {
    "name": "Tên", "description": "Mô tả", "seo_title": "Tiêu đề SEO",
    "seo_description": "Mô tả SEO", "slug": "Đường dẫn", "language_code": "Ngôn ngữ",
    "plain_text": "Giá trị",
}
LIMITS = {"name": MAX_NAME, "seo_title": MAX_SEO_TITLE,
          "seo_description": MAX_SEO_DESCRIPTION, "plain_text": MAX_PLAIN_TEXT}
# Kinds whose objects are found by slug under /en/ too: a translated slug must not be
# another object's Vietnamese slug.
BASE_MODELS = {"product": "catalog.Product", "category": "catalog.Category",
               "collection": "collection.Collection", "page": "page.Page"}
LANGUAGE_WORDS = {"en": "tiếng Anh", "fr": "tiếng Pháp", "de": "tiếng Đức", "ja": "tiếng Nhật",
                  "ko": "tiếng Hàn", "zh": "tiếng Trung", "ru": "tiếng Nga", "th": "tiếng Thái"}


def language_words(tag: str) -> str:
    """"en" → "tiếng Anh"; a language without a Vietnamese name here keeps its tag."""
    return LANGUAGE_WORDS.get(tag.split("-")[0], f"ngôn ngữ {tag}")


def _error(field: str, message: str, code: Code) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


def _plain(value: Any) -> str:
    """One line of plain text: tags dropped, NFC, single spaces."""
    return clean(strip_tags(str(value or "")))


def check_language(tag: str) -> None:
    if tag.split("-")[0] == BASE_LANGUAGE:
        raise _error("language_code", "Tiếng Việt là ngôn ngữ gốc của sản phẩm: hãy sửa "
                     "ngay trên trang sản phẩm, không phải ở bản dịch.", Code.INVALID)


def description_paragraphs(value: Any, tag: str) -> list[str]:
    """The paragraphs of a typed description: EditorJS JSON (as Saleor sends it, a dict or
    its JSON text) or plain text with blank lines between paragraphs."""
    where = f"Mô tả ({language_words(tag)})"
    if value in (None, ""):
        return []
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value) if value.lstrip().startswith("{") else value
        except ValueError:
            data = value
    if isinstance(data, str):
        texts = data.replace("\r\n", "\n").split("\n\n")
    elif isinstance(data, dict) and isinstance(data.get("blocks", []), list):
        blocks = data.get("blocks", [])
        if len(blocks) > MAX_BLOCKS:
            raise _error("description", f"{where} có quá {MAX_BLOCKS} đoạn.", Code.INVALID)
        texts = []
        for block in blocks:
            content = block.get("data") if isinstance(block, dict) else None
            if not isinstance(content, dict):
                continue
            if isinstance(content.get("items"), list):  # a list block: one line per item
                texts.append("\n".join(
                    str(i.get("content", "") if isinstance(i, dict) else i)
                    for i in content["items"]))
            else:
                texts.append(str(content.get("text", "")))
    else:
        raise _error("description", f"{where} phải là văn bản hoặc nội dung EditorJS "
                     "(một đối tượng có danh sách “blocks”).", Code.INVALID)
    paragraphs = [p for p in (_plain(t) for t in texts) if p]
    total = sum(len(p) for p in paragraphs)
    if total > MAX_DESCRIPTION:
        raise _error("description", f"{where} dài quá {MAX_DESCRIPTION:,} ký tự "
                     f"(đang có {total:,}).".replace(",", "."), Code.INVALID)
    return paragraphs


def _editorjs(paragraphs: list[str]) -> dict | None:
    if not paragraphs:
        return None
    return {"time": 0, "version": "2.24.3",
            "blocks": [{"type": "paragraph", "data": {"text": p}} for p in paragraphs]}


def _clean_slug(kind: str, object_id: int, tag: str, value: Any) -> str:
    typed = _plain(value)
    if not typed:
        return ""
    slug = slugify_vi(typed, max_length=MAX_SLUG)
    where = f"Đường dẫn ({language_words(tag)})"
    if not slug:
        raise _error("slug", f"{where} cần có chữ hoặc số (a–z, 0–9).", Code.INVALID)
    # Two editors choosing the same address at once: the second waits for the first's
    # commit, then sees it taken (held until the end of the transaction).
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                       [f"translation-slug:{kind}:{tag}:{slug}"])
    taken = Translation.objects.filter(kind=kind, language_code=tag, slug=slug).exclude(
        object_id=object_id).exists()
    if not taken and kind in BASE_MODELS:
        from django.apps import apps

        # Another object's Vietnamese slug would make /en/…/<slug>/ ambiguous.
        model = apps.get_model(BASE_MODELS[kind])
        taken = model.objects.filter(slug=slug).exclude(pk=object_id).exists()
    if taken:
        noun = "sản phẩm khác" if kind == "product" else "mục khác"
        raise _error("slug", f"{where} “{slug}” đã có {noun} dùng; hãy chọn "
                     "đường dẫn khác.", Code.UNIQUE)
    return slug


def clean_texts(kind: str, object_id: int, tag: str, texts: dict[str, Any]) -> dict[str, Any]:
    """The stored form of the typed fields (only those given), or a ValidationError that
    names every field at fault."""
    check_language(tag)
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for field, value in texts.items():
        try:
            if field == "description":
                cleaned[field] = _editorjs(description_paragraphs(value, tag))
            elif field == "slug":
                cleaned[field] = _clean_slug(kind, object_id, tag, value)
            elif field in LIMITS:
                text = _plain(value)
                if len(text) > LIMITS[field]:
                    raise _error(field, f"{LABELS[field]} ({language_words(tag)}) dài quá "
                                 f"{LIMITS[field]} ký tự (đang có {len(text)}).", Code.INVALID)
                cleaned[field] = text
            else:
                raise ValueError(f"not a translatable field: {field}")
        except ValidationError as error:
            for key, items in error.error_dict.items():
                errors.setdefault(key, []).extend(items)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save(kind: str, object_id: int, tag: str, texts: dict[str, Any]) -> Translation | None:
    """Validate and write the given fields of ``object_id``'s ``tag`` translation; returns
    the row, or None when every field is now empty (the row is removed)."""
    cleaned = clean_texts(kind, object_id, tag, texts)
    row = (Translation.objects.select_for_update()
           .filter(kind=kind, object_id=object_id, key="", language_code=tag).first())
    if row is None:
        row = Translation(kind=kind, object_id=object_id, key="", language_code=tag)
    for field, value in cleaned.items():
        setattr(row, field, value)
    if not any(getattr(row, f) for f in ("name", "slug", "description", "seo_title",
                                          "seo_description", "plain_text")):
        if row.pk:
            row.delete()
        return None
    row.save()
    return row


def translate_content(user: Any, kind: str, object_id: int, tag: str,
                      texts: dict[str, Any]) -> Translation | None:
    """Operator staff holding MANAGE_TRANSLATIONS translate the catalog's shared content
    (categories, collections, attributes and their values)."""
    from django.core.exceptions import PermissionDenied

    from backend.permission.checks import has_permission
    from backend.permission.enums import PermissionCode

    if not has_permission(user, PermissionCode.MANAGE_TRANSLATIONS):
        raise PermissionDenied("Chỉ nhân viên sàn có quyền quản lý bản dịch mới sửa được "
                               "bản dịch này.")
    return save(kind, object_id, tag, texts)
