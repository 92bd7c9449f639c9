"""Read replicas: catalog reads of anonymous visitors go to a PostgreSQL replica when
``DATABASE_REPLICA_URLS`` names any; everything else stays on the primary.

What may read from a replica is decided where the work is known, not per model: a
GraphQL *query* whose root fields are all catalog fields (``replica_eligible``), executed
for nobody signed in. Writes, checkouts, orders, accounts, the admin, the seller portal and
anything that must see its own writes use the primary. Inside a replica block a write, or
an open transaction, pins the rest of the block to the primary, so a read never misses a
write made just before it.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Root query fields that read only published catalog data (safe to read a moment late).
CATALOG_ROOT_FIELDS = frozenset({
    "__typename", "__schema", "__type",
    "products", "product", "productVariant", "productVariants", "productFacets",
    "productSuggestions", "didYouMean", "categories", "category", "collections",
    "collection", "attributes", "attribute", "channel", "channels", "producer",
    "producers", "ocopRegions", "ocopProvinces", "ocopProvince", "ocopProductGroups",
    "ocopCertifications", "page", "pages", "menu", "menus", "addressValidationRules",
    "shop", "translation",
})

_target: ContextVar[str | None] = ContextVar("ocop_read_alias", default=None)
_lock = threading.Lock()
_cycle: Iterator[str] | None = None


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def _next_replica() -> str | None:
    """Round-robin over the replicas."""
    global _cycle
    aliases = replica_aliases()
    if not aliases:
        return None
    with _lock:
        if _cycle is None:
            _cycle = itertools.cycle(aliases)
        return next(_cycle)


def replica_eligible(root_fields: set[str], user: object) -> bool:
    """A query may read from a replica: nobody signed in, catalog fields only."""
    if getattr(user, "is_authenticated", False):
        return False  # staff and sellers must see what they just changed
    return bool(root_fields) and root_fields <= CATALOG_ROOT_FIELDS


@contextmanager
def reads_from_replica() -> Iterator[str | None]:
    """Route the block's reads to one replica (yielded; None when there is none)."""
    alias = _next_replica()
    if alias is None:
        yield None
        return
    token = _target.set(alias)
    try:
        yield alias
    finally:
        _target.reset(token)


def current_read_alias() -> str:
    return _target.get() or DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django database router: replicas only inside ``reads_from_replica`` blocks."""

    def db_for_read(self, model, **hints) -> str:
        alias = _target.get()
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints) -> str:
        if _target.get() is not None:
            _target.set(None)  # read-your-writes: the rest of the block uses the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
