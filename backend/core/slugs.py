"""Unique slugs for rows created one at a time or by the thousand (the importer)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import QuerySet

CHUNK = 1000


def taken_slugs(queryset: QuerySet, bases: Iterable[str], field: str = "slug") -> set[str]:
    """The existing values of ``field`` that could collide with these bases: each base
    itself and, where the base is taken, its suffixed forms ("base-…")."""
    unique = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        taken.update(queryset.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    for base in [b for b in unique if b in taken]:
        prefixed = queryset.filter(**{f"{field}__startswith": f"{base}-"})
        taken.update(prefixed.values_list(field, flat=True))
    return taken


def first_free(base: str, taken: Collection[str], alternatives: Iterable[str] = ()) -> str:
    """``base``, else the first free alternative, else base-2, base-3…"""
    for candidate in (base, *alternatives):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
