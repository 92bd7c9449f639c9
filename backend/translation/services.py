"""The one way translations are read and written (admin, importer, demo, API)."""

from __future__ import annotations

from collections.abc import Iterable

from .languages import BASE_LANGUAGE
from .models import Translation

FIELDS = ("name", "slug", "description", "seo_title", "seo_description", "plain_text")


def translate(kind: str, object_id: int, language: str, **texts) -> Translation:
    """Create or update ``object_id``'s translation into ``language``."""
    unknown = set(texts) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown translation fields: {sorted(unknown)}")
    if language == BASE_LANGUAGE:
        raise ValueError("Vietnamese is the base language: edit the object itself")
    row, _ = Translation.objects.update_or_create(
        kind=kind, object_id=object_id, key="", language_code=language, defaults=texts
    )
    return row


def translations_for(kind: str, language: str, ids: Iterable[int]) -> dict[int, Translation]:
    ids = list(ids)
    if not ids or language == BASE_LANGUAGE:
        return {}
    rows = Translation.objects.filter(kind=kind, language_code=language, object_id__in=ids)
    return {row.object_id: row for row in rows}


def object_id_for_slug(kind: str, language: str, slug: str) -> int | None:
    """The object whose ``language`` translation has ``slug`` (``slugLanguageCode`` lookups)."""
    row = (
        Translation.objects.filter(kind=kind, language_code=language, slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    return row


def vocabulary(language: str) -> dict[str, str]:
    """Reference vocabulary (region, province, group, star tier, status names) → ``language``."""
    if language == BASE_LANGUAGE:
        return {}
    rows = Translation.objects.filter(kind="vocabulary", language_code=language)
    return dict(rows.values_list("key", "name"))


def _description_words(description) -> str:
    """The text of an EditorJS description (paragraphs and list items)."""
    if not isinstance(description, dict):
        return str(description or "")
    parts = []
    for block in description.get("blocks") or []:
        data = block.get("data") if isinstance(block, dict) else None
        if not isinstance(data, dict):
            continue
        items = data.get("items")
        if isinstance(items, list):
            parts += [str(i.get("content", "") if isinstance(i, dict) else i) for i in items]
        else:
            parts.append(str(data.get("text", "")))
    return " ".join(parts)


def search_texts(kind: str, ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """Per object, its translations' (name, other text) in every language: what search
    indexes beside the Vietnamese, so a visitor searching in English finds the product."""
    ids = list(ids)
    if not ids:
        return {}
    rows = (Translation.objects.filter(kind=kind, key="")
            .extra(where=['"translation_translation"."object_id" = ANY(%s)'], params=[ids])
            .order_by("object_id", "language_code")
            .values_list("object_id", "name", "seo_title", "seo_description", "description"))
    out: dict[int, list[tuple[str, str]]] = {}
    for object_id, name, seo_title, seo_description, description in rows:
        other = " ".join(t for t in (seo_title, seo_description,
                                     _description_words(description)) if t)
        out.setdefault(object_id, []).append((name or "", other))
    return out


def vocabulary_all_languages(prefix: str) -> dict[str, list[str]]:
    """Reference vocabulary keys starting with ``prefix`` → their names in every language."""
    out: dict[str, list[str]] = {}
    rows = Translation.objects.filter(kind="vocabulary", key__startswith=prefix)
    for key, name in rows.order_by("key", "language_code").values_list("key", "name"):
        if name:
            out.setdefault(key, []).append(name)
    return out
