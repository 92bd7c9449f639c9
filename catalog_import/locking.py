"""One import writes at a time: a PostgreSQL advisory lock around plan and apply.

Two imports of the same file at once would both plan "create this producer" and the
second would collide with the first (a UniqueViolation on the shop slug). Under the lock
the second one plans after the first has committed, finds everything in place and changes
nothing: both succeed and the catalog is as after one import. The lock is held by the
database session, so a killed import releases it with its connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

# pg_advisory_lock's key: any constant the rest of the project does not use.
IMPORT_LOCK_KEY = 0x0C0B_1A0F


@contextlib.contextmanager
def import_lock() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
