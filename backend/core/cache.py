"""Small in-process caches for reference data (provinces, the classification…), which
change a few times a year but are read on every request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_registry: list[ProcessCache] = []


class ProcessCache(Generic[T]):
    """Builds its value on first use, once per process even with threads."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()
        _registry.append(self)

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
                value = self._value
        return value

    def reset(self) -> None:
        self._value = None


def reset_all() -> None:
    """Forget every process cache (after reloading reference data, and in tests)."""
    for cache in _registry:
        cache.reset()
