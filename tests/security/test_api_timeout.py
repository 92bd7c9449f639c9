"""Issue 8: a statement that runs too long is cancelled by PostgreSQL
(``GRAPHQL_STATEMENT_TIMEOUT_MS``) and answered as a clean GraphQL error, and the
connection's own timeout is restored for whatever uses it next (the admin, imports)."""

from __future__ import annotations

import logging
import threading
import time

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client

from .api_support import post_json


def _conninfo() -> dict:
    s = connection.settings_dict
    return {"dbname": s["NAME"], "user": s["USER"] or None, "password": s["PASSWORD"] or None,
            "host": s["HOST"] or None, "port": s["PORT"] or None}


@pytest.fixture
def table_locked():
    """Another session holds an exclusive lock on the products table until released."""
    release = threading.Event()
    locked = threading.Event()

    def hold():
        with psycopg.connect(**_conninfo()) as other:
            other.execute("LOCK TABLE catalog_product IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert locked.wait(10)
    yield
    release.set()
    thread.join(10)


def _statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def _in_own_connection(work):
    """Run ``work`` in a thread, whose database connection is its own and autocommits (as
    a server's is), outside the test's transaction; returns what it returned."""
    out: dict = {}

    def target():
        try:
            out["value"] = work()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test
            out["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in out:
        raise out["error"]
    return out["value"]


@pytest.mark.django_db
def test_slow_statement_is_cancelled_into_a_graphql_error(settings, caplog, table_locked):
    caplog.set_level(logging.ERROR)
    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 300

    def request():
        before = _statement_timeout()
        started = time.perf_counter()
        response = post_json(Client(), {"query": '{ products(first: 2, channel: "vn") { '
                                                 "totalCount edges { node { name } } } }"})
        return before, time.perf_counter() - started, response, _statement_timeout()

    before, elapsed, response, after = _in_own_connection(request)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"products": None}
    error = body["errors"][0]
    assert error["extensions"]["exception"]["code"] == "QUERY_TIMEOUT"
    assert error["path"] == ["products"] and "0.3 giây" in error["message"]
    assert elapsed < 5
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert after == before  # the connection's own setting is back for its next user

    # The storefront's in-process calls are bounded the same way: its error page within
    # the timeout, not a hang.
    def page():
        started = time.perf_counter()
        response = Client(raise_request_exception=False).get("/tim-kiem/")
        return response.status_code, time.perf_counter() - started

    status, elapsed = _in_own_connection(page)
    assert status == 500 and elapsed < 5


@pytest.mark.django_db
def test_the_timeout_also_bounds_the_response_cache_lookup(settings, table_locked):
    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 300
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 60  # its lookup reads catalog_product first
    response = _in_own_connection(
        lambda: post_json(Client(), {"query": "{ ocopRegions { name } }"}))
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "QUERY_TIMEOUT"
