"""Automatic persisted queries, as Apollo clients speak them.

A client first sends only the document's SHA-256 (``extensions.persistedQuery``); when we
do not hold it, the answer is ``PersistedQueryNotFound`` and the client sends document and
hash together once; we keep the document (after it parsed and validated, so only documents
within the limits are kept) in the shared cache. From then on a GET carries a short hash
instead of the document, which CDNs and browsers can cache.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

NOT_FOUND = {
    "message": "PersistedQueryNotFound",
    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
}


def _key(digest: str) -> str:
    return f"apq:{digest}"


def lookup(digest: str) -> str | None:
    return cache.get(_key(digest))


def keep(digest: str, query: str) -> None:
    cache.set(_key(digest), query, settings.GRAPHQL_PERSISTED_QUERY_SECONDS)
