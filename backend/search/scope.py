"""What one read-only operation (a GraphQL query: a listing, its total, its facets) may
work out once instead of once per call: whether any product waits for reindexing, the
parsed search text with its typo alternatives, whether facet combinations are current.

Nothing here outlives the operation, so no answer is cached across requests; outside a
scope every call computes afresh. Mutations run without one: they change what these say.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("search_operation_memo", default=None)


@contextmanager
def operation_scope() -> Iterator[None]:
    """Remember ``once`` values until the block ends (nested scopes share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, computed at most once per operation scope."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
