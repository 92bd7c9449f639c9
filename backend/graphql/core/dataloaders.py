from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from graphql_sync_dataloaders import DeferredExecutionContext, SyncFuture

_state = threading.local()


class ExecutionContext(DeferredExecutionContext):
    """Runs queued batch loads after each pass over the fields, including loads started
    from inside another load's callback (a product's variants, then their prices)."""

    def execute_operation(self, operation, root_value):
        previous = getattr(_state, "context", None)
        _state.context = self
        try:
            return super().execute_operation(operation, root_value)
        finally:
            _state.context = previous

    def handle_field_error(self, error, return_type, path=None):
        # graphql-core 3.2.4+ takes the path; the deferred context predates that.
        return super().handle_field_error(error, return_type, path)


def _schedule(callback: Callable[[], None]) -> None:
    context = getattr(_state, "context", None)
    if context is None:
        callback()  # outside a GraphQL execution (e.g. a unit test): run at once
    else:
        context._deferred_callbacks.append(callback)


class DataLoader:
    """Subclasses implement ``batch_load(keys) -> list`` (one result per key, same order)."""

    context_key: str = ""

    def __init__(self, context: Any) -> None:
        self.context = context
        self._cache: dict[Any, SyncFuture] = {}
        self._queue: list[tuple[Any, SyncFuture]] = []

    def batch_load(self, keys: list) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def load(self, key: Any) -> SyncFuture:
        future = self._cache.get(key)
        if future is None:
            future = self._cache[key] = SyncFuture()
            if not self._queue:
                _schedule(self._dispatch)
            self._queue.append((key, future))
        return future

    def load_many(self, keys: Iterable[Any]) -> SyncFuture:
        return gather([self.load(k) for k in keys])

    def _dispatch(self) -> None:
        queue, self._queue = self._queue, []
        if not queue:
            return
        try:
            values = self.batch_load([k for k, _ in queue])
        except Exception as error:  # every waiting field gets the error, not a hang
            for key, future in queue:
                self._cache.pop(key, None)
                future.set_exception(error)
            return
        for (_, future), value in zip(queue, values, strict=True):
            future.set_result(value)


def then(value: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply ``fn`` to a value or, once it resolves, to a future's result."""
    if not isinstance(value, SyncFuture):
        return fn(value)
    if value.done():
        return fn(value.result())
    out = SyncFuture()

    def settle(source: SyncFuture) -> None:
        try:
            out.set_result(source.result())
        except Exception as error:
            out.set_exception(error)

    def on_done() -> None:
        try:
            result = fn(value.result())
        except Exception as error:
            out.set_exception(error)
            return
        if isinstance(result, SyncFuture):
            if result.done():
                settle(result)
            else:
                result.add_done_callback(lambda: settle(result))
        else:
            out.set_result(result)

    value.add_done_callback(on_done)
    return out


def gather(values: list[Any]) -> Any:
    """A future of the list of results (or the list itself when nothing is pending)."""
    pending = [v for v in values if isinstance(v, SyncFuture) and not v.done()]
    if not pending:
        return [v.result() if isinstance(v, SyncFuture) else v for v in values]
    out = SyncFuture()
    remaining = [len(pending)]

    def on_done() -> None:
        remaining[0] -= 1
        if remaining[0] == 0:
            try:
                out.set_result([v.result() if isinstance(v, SyncFuture) else v for v in values])
            except Exception as error:
                out.set_exception(error)

    for v in pending:
        v.add_done_callback(on_done)
    return out


def get_loader(context: Any, loader_class: type[DataLoader]) -> DataLoader:
    """The request's instance of a loader (created on first use)."""
    loaders = getattr(context, "_dataloaders", None)
    if loaders is None:
        loaders = context._dataloaders = {}
    key = loader_class.context_key or loader_class.__name__
    if key not in loaders:
        loaders[key] = loader_class(context)
    return loaders[key]


def by_key(objects: Iterable, keys: list, key: Callable[[Any], Any] = lambda o: o.pk) -> list:
    """One object (or None) per key."""
    index = {key(o): o for o in objects}
    return [index.get(k) for k in keys]


def grouped(objects: Iterable, keys: list, key: Callable[[Any], Any]) -> list[list]:
    """A list of objects per key, keeping the queryset's order."""
    groups: dict[Any, list] = defaultdict(list)
    for o in objects:
        groups[key(o)].append(o)
    return [groups.get(k, []) for k in keys]


def model_loader(model, name: str | None = None, select_related: tuple[str, ...] = ()) -> type[DataLoader]:
    """A loader of ``model`` rows by primary key."""

    class _Loader(DataLoader):
        context_key = name or f"{model.__name__}ByIdLoader"

        def batch_load(self, keys: list) -> list:
            qs = model.objects.filter(pk__in=keys)
            if select_related:
                qs = qs.select_related(*select_related)
            return by_key(qs, keys)

    _Loader.__name__ = name or f"{model.__name__}ByIdLoader"
    return _Loader
