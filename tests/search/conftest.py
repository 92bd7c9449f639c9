"""Fixtures of the search suite: each backend-parametrised test runs on PostgreSQL, and on
Elasticsearch when ELASTICSEARCH_URL points at a server (skipped with that reason
otherwise; see deploy/ELASTICSEARCH.md)."""

from __future__ import annotations

import os

import pytest

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
BACKENDS = [
    pytest.param("postgresql", id="postgresql"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=pytest.mark.skipif(
            not ES_URL,
            reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to run the suite "
            "against (see deploy/ELASTICSEARCH.md)",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    """The configured backend, with a throw-away Elasticsearch index when it is ES."""
    from backend.search import api

    api._backends.clear()
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ELASTICSEARCH_INDEX = f"test_ocop_search_{os.getpid()}"
    else:
        settings.ELASTICSEARCH_URL = ""
    backend = api.get_backend()
    yield backend
    if request.param == "elasticsearch":
        backend.delete_all_indices()
    api._backends.clear()


@pytest.fixture
def reindex():
    """Index everything dirty now and make it searchable (ES refreshes its index)."""

    def run(backend=None):
        from django.db import connection

        from backend.search import api

        backend = backend or api.get_backend()
        api.update_dirty()
        # The test's transaction never commits: drop the updates queued so far (they are
        # done now), so a test sees exactly what its own writes queue.
        connection.run_on_commit.clear()
        if hasattr(backend, "refresh"):
            backend.refresh()

    return run


@pytest.fixture
def producer_in(make_producer):
    """A producer at an address (old or new names), cached per address."""
    cache: dict[str, object] = {}

    def make(address: str):
        if address not in cache:
            cache[address] = make_producer(address=address)
        return cache[address]

    return make
