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
