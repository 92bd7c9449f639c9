"""The search interface the API and storefront call. The backend (PostgreSQL full-text or
Elasticsearch) is chosen by configuration; callers never import a backend directly.

Interim implementation until the faceted-search issue lands: folded substring match.
"""

from __future__ import annotations

from django.contrib.postgres.lookups import Unaccent
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Lower, Replace

from backend.catalog.models import Product
from backend.channel.models import Channel
from backend.core.text import fold


def search_products(qs: QuerySet[Product], text: str, channel: Channel) -> QuerySet[Product]:
    """Products of ``qs`` matching ``text``, annotated with ``search_rank`` (higher first)."""
    folded = fold(text)
    if not folded:
        return qs
    name = Unaccent(Replace(Lower(F("name")), Value("đ"), Value("d")))
    return qs.annotate(search_folded=name).filter(search_folded__contains=folded).annotate(
        search_rank=Value(1.0)
    )
