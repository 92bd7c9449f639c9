from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

# Batching by siblings: a loader asked for one key fetches, in the same query, that key
# and every key the rest of the page will ask for (the other products' categories, the
# other variants' prices...). The siblings are known because connection resolvers
# remember the rows they return. Values come back synchronously, so graphql-core's plain
# executor runs without futures, and a page of 100 costs the same queries as a page of 10.


def remember(context: Any, kind: str, objects: Iterable[Any]) -> None:
    """Record rows a resolver handed out, so loaders can batch over all of them."""
    registry = context.__dict__.setdefault("_seen", {})
    bucket = registry.setdefault(kind, {})
    for obj in objects:
        bucket[obj.pk] = obj


def seen(context: Any, kind: str) -> Iterable[Any]:
    return context.__dict__.get("_seen", {}).get(kind, {}).values()


class DataLoader:
    """Subclasses implement ``batch_load(keys) -> list`` (one result per key, same order)
    and, to batch, ``sibling_keys(key)``: the other keys this request will ask for."""

    context_key: str = ""

    def __init__(self, context: Any) -> None:
        self.context = context
        self._cache: dict[Any, Any] = {}

    def batch_load(self, keys: list) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def sibling_keys(self, key: Any) -> Iterable[Any]:
        return ()

    def _fetch(self, wanted: list) -> None:
        keys = list(dict.fromkeys(k for k in wanted if k not in self._cache))
        if not keys:
            return
        first = keys[0]
        extra = [k for k in dict.fromkeys(self.sibling_keys(first)) if k not in self._cache]
        keys = list(dict.fromkeys(keys + extra))
        for key, value in zip(keys, self.batch_load(keys), strict=True):
            self._cache[key] = value

    def load(self, key: Any) -> Any:
        try:
            return self._cache[key]
        except KeyError:
            self._fetch([key])
            return self._cache[key]

    def load_many(self, keys: Iterable[Any]) -> list:
        keys = list(keys)
        self._fetch(keys)
        return [self._cache[k] for k in keys]


def then(value: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply ``fn`` to a loaded value (kept as a seam should loads become asynchronous)."""
    return fn(value)


def gather(values: list[Any]) -> list[Any]:
    return list(values)


def get_loader(context: Any, loader_class: type[DataLoader]) -> DataLoader:
    """The request's instance of a loader (created on first use)."""
    loaders = getattr(context, "_dataloaders", None)
    if loaders is None:
        loaders = context._dataloaders = {}
    if loader_class not in loaders:
        loaders[loader_class] = loader_class(context)
    return loaders[loader_class]


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


def model_loader(
    model, name: str | None = None, select_related: tuple[str, ...] = ()
) -> type[DataLoader]:
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
