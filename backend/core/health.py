"""Liveness and readiness for probes and operators.

``/healthz`` (liveness) only asks the database for ``SELECT 1``: a pod whose database is
briefly away should not be killed. ``/readyz`` (readiness) asks every part a request may
need — the database, Redis when configured, the search backend — and answers 503 naming
the part that failed, so a load balancer stops sending traffic until it is back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def _search() -> None:
    from backend.search.api import get_backend

    get_backend().ping()


def checks() -> dict[str, Callable[[], None]]:
    """The parts this deployment uses (Redis only when ``REDIS_URL`` is set)."""
    parts: dict[str, Callable[[], None]] = {"database": _database}
    if settings.REDIS_URL:
        parts["redis"] = _redis
    parts["search"] = _search
    return parts


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    """Each part's state and time; errors are reported by class name only (probes and
    load balancers may be reachable by more people than the logs)."""
    report: dict[str, dict[str, object]] = {}
    ready = True
    for name, check in checks().items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            ready = False
            report[name] = {"status": "error", "error": type(error).__name__}
        else:
            report[name] = {"status": "ok"}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return ready, report


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    _database()
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    ready, report = readiness()
    from backend.search.api import get_backend

    body = {"status": "ok" if ready else "unavailable", "search_backend": get_backend().name,
            "checks": report}
    return JsonResponse(body, status=200 if ready else 503)
