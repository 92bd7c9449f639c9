"""Parsing and validating GraphQL documents, bounded before the work starts.

A document longer than ``GRAPHQL_MAX_QUERY_LENGTH`` characters or with more than
``GRAPHQL_MAX_TOKENS`` tokens is refused before (or while) it is parsed, so a distinct
1.5 MB document costs a length check, not seconds of parsing and validation.

Clients send the same few documents over and over, so valid ones are kept: keyed by a
hash of the text, weighed by their token count (an AST costs about 600 bytes a token),
at most ``GRAPHQL_PARSE_CACHE_MB`` in all, least recently used first out. Large
documents and failures are never kept: an attacker's stream of distinct documents cannot
grow the process.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate

BYTES_PER_TOKEN = 600
# Larger documents are parsed every time (legitimate ones are a few hundred tokens).
MAX_CACHED_TOKENS = 2500


def _token_count(document: DocumentNode) -> int:
    token, count = document.loc.start_token if document.loc else None, 0
    while token is not None:
        count += 1
        token = token.next
    return count


class ParseCache:
    """Valid documents by hash of their text, bounded by an estimate of their memory."""

    def __init__(self) -> None:
        self._entries: OrderedDict[bytes, tuple[DocumentNode, int]] = OrderedDict()
        self._tokens = 0
        self._lock = threading.Lock()

    @staticmethod
    def budget_tokens() -> int:
        return int(settings.GRAPHQL_PARSE_CACHE_MB * 1_000_000 // BYTES_PER_TOKEN)

    def get(self, key: bytes) -> DocumentNode | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: bytes, document: DocumentNode) -> None:
        tokens = _token_count(document)
        budget = self.budget_tokens()
        if tokens > min(MAX_CACHED_TOKENS, budget):
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (document, tokens)
            self._tokens += tokens
            while self._tokens > budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._tokens -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._tokens = 0

    def stats(self) -> tuple[int, int]:
        """(documents kept, their tokens)."""
        with self._lock:
            return len(self._entries), self._tokens


parse_cache = ParseCache()


class DocumentTooLarge(GraphQLError):
    def __init__(self, length: int) -> None:
        limit = settings.GRAPHQL_MAX_QUERY_LENGTH
        super().__init__(
            f"Tài liệu GraphQL dài {length} ký tự; tối đa {limit} ký tự.",
            extensions={"exception": {"code": "GraphQLError"}},
        )


def parse_and_validate(
    schema: GraphQLSchema, query: str
) -> tuple[DocumentNode | None, list[GraphQLError]]:
    """The document of ``query`` if it is within the limits, parses and validates."""
    if len(query) > settings.GRAPHQL_MAX_QUERY_LENGTH:
        return None, [DocumentTooLarge(len(query))]
    key = hashlib.sha256(query.encode("utf-8", "surrogatepass")).digest()
    document = parse_cache.get(key)
    if document is not None:
        return document, []
    try:
        document = parse(query, max_tokens=settings.GRAPHQL_MAX_TOKENS)
    except GraphQLError as error:
        return None, [error]
    errors = validate(schema, document, specified_rules, max_errors=20)
    if errors:
        return None, errors
    parse_cache.put(key, document)
    return document, []
