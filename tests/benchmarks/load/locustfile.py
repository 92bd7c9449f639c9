"""The mixed load of a marketplace day, for ``locust --headless`` (run by
tests/benchmarks/bench_load.py, which builds the catalog and starts the servers).

Visitors browse the web storefront (home, listings with facets, search, product pages);
apps query the API (listing, search with facets, product) by persisted-query GETs as
Apollo clients do; signed-in shoppers (an app with a Bearer token) look at products, put
one or two in a cart and check out with cash on delivery through Saleor's checkout
mutations. Every response's ``X-Cache`` header is counted, so the run reports the
server-side cache hit rate; ``OCOP_LOAD_STATS`` names the JSON file it is written to,
with the shoppers' outcomes: a checkout refused because the stock ran out meanwhile
(``INSUFFICIENT_STOCK``) is the correct answer, counted apart, not an error.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
from collections import Counter

from locust import HttpUser, between, events, task

from tests.benchmarks.load.documents import (
    CHECKOUT_ADD,
    CHECKOUT_ADDRESS,
    CHECKOUT_COD,
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_DELIVERY,
    LISTING,
    PRODUCT,
    SEARCH,
    TOKEN_CREATE,
)

SAMPLE = json.loads(open(os.environ["OCOP_LOAD_SAMPLE"], encoding="utf-8").read())
CACHE = Counter()
OUTCOMES = Counter()
BY_NAME = Counter()
_accounts = itertools.count()
ADDRESS = {"firstName": "Lan", "lastName": "Nguyễn", "streetAddress1": "12 Trần Phú",
           "city": "Phường Hải Châu", "countryArea": "Đà Nẵng", "phone": "0905111222",
           "country": "VN"}
# A refusal a shop owner would expect when the last units went to someone else.
STOCK_REFUSALS = {"INSUFFICIENT_STOCK"}


def _digest(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def _count(response, name: str) -> None:
    outcome = response.headers.get("X-Cache", "none")
    CACHE[outcome] += 1
    BY_NAME[f"{name}|{outcome}"] += 1


@events.test_stop.add_listener
def _write_stats(environment, **kwargs) -> None:
    path = os.environ.get("OCOP_LOAD_STATS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({**CACHE, "outcomes": dict(OUTCOMES), "by_name": dict(BY_NAME)}, out)


class Visitor(HttpUser):
    """Someone on the web storefront, no account."""

    weight = 3
    wait_time = between(0.2, 1.0)

    @task(2)
    def home(self) -> None:
        _count(self.client.get("/", name="web: home"), "web: home")

    @task(4)
    def listing(self) -> None:
        region = random.choice(SAMPLE["regions"])
        star = random.choice(["3-sao", "4-sao", "5-sao"])
        name = "web: listing + facets"
        _count(self.client.get(f"/tim-kiem/?vung={region}&sao={star}", name=name), name)

    @task(3)
    def search(self) -> None:
        word = random.choice(SAMPLE["words"])
        _count(self.client.get(f"/tim-kiem/?q={word}", name="web: search"), "web: search")

    @task(5)
    def product(self) -> None:
        slug = random.choice(SAMPLE["slugs"])
        _count(self.client.get(f"/san-pham/{slug}/", name="web: product"), "web: product")


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
                _count(retry, f"api: {name} (register)")
                response.success()
                return
            if response.status_code != 200 or errors:
                response.failure(f"{response.status_code} {errors[:1] or response.error}")
            _count(response, f"api: {name}")

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


class Shopper(HttpUser):
    """A signed-in shopper on the app: looks at products (sharing the visitors' cached
    answers), then buys one or two of them, cash on delivery."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        email = SAMPLE["shoppers"][next(_accounts) % len(SAMPLE["shoppers"])]
        self.email = email
        data = self._post("sign in", TOKEN_CREATE,
                          {"email": email, "password": SAMPLE["password"]})
        token = (data or {}).get("tokenCreate", {}).get("token")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _post(self, name: str, query: str, variables: dict) -> dict | None:
        """A mutation; None (and a failure) on anything but data without top-level errors."""
        with self.client.post("/graphql/", json={"query": query, "variables": variables},
                              headers=getattr(self, "headers", {}), name=f"shopper: {name}",
                              catch_response=True) as response:
            body = response.json() if response.status_code == 200 else {}
            if response.status_code != 200 or body.get("errors") or not body.get("data"):
                response.failure(f"{response.status_code} "
                                 f"{(body.get('errors') or [])[:1] or response.error}")
                return None
            _count(response, f"shopper: {name}")
            return body["data"]

    def _refused(self, name: str, payload: dict) -> bool:
        """Payload errors: a stock refusal is an outcome; anything else an error."""
        errors = payload.get("errors") or []
        if not errors:
            return False
        if {e.get("code") for e in errors} <= STOCK_REFUSALS:
            OUTCOMES["refused: out of stock"] += 1
        else:
            OUTCOMES[f"error: {name} {errors[0].get('code')}"] += 1
            self.environment.events.request.fire(
                request_type="GRAPHQL", name=f"shopper: {name} (payload error)",
                response_time=0, response_length=0, exception=RuntimeError(str(errors[:1])),
                context={})
        return True

    @task(3)
    def look(self) -> None:
        slug = random.choice(SAMPLE["buyable_slugs"])
        ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": _digest(PRODUCT)}})
        params = {"variables": json.dumps({"slug": slug}), "extensions": ext}
        with self.client.get("/graphql/", params=params, headers=self.headers,
                             name="shopper: product", catch_response=True) as response:
            body = response.json() if response.status_code == 200 else {}
            errors = body.get("errors") or []
            if errors and errors[0].get("message") == "PersistedQueryNotFound":
                self.client.post("/graphql/", json={"query": PRODUCT, "variables": {"slug": slug},
                                                    "extensions": json.loads(ext)},
                                 headers=self.headers, name="shopper: product (register)")
                response.success()
                return
            if response.status_code != 200 or errors:
                response.failure(f"{response.status_code} {errors[:1] or response.error}")
            _count(response, "shopper: product")

    @task(1)
    def buy(self) -> None:
        if not self.headers:
            return
        created = self._post("checkoutCreate", CHECKOUT_CREATE, {"email": self.email})
        if created is None or self._refused("checkoutCreate", created["checkoutCreate"]):
            return
        cart = created["checkoutCreate"]["checkout"]["id"]
        lines = [{"variantId": v, "quantity": 1}
                 for v in random.sample(SAMPLE["buyable"], random.choice([1, 2]))]
        added = self._post("checkoutLinesAdd", CHECKOUT_ADD, {"id": cart, "lines": lines})
        if added is None or self._refused("checkoutLinesAdd", added["checkoutLinesAdd"]):
            return
        address = self._post("checkoutShippingAddressUpdate", CHECKOUT_ADDRESS,
                             {"id": cart, "address": ADDRESS})
        payload = (address or {}).get("checkoutShippingAddressUpdate")
        if payload is None or self._refused("checkoutShippingAddressUpdate", payload):
            return
        methods = (payload.get("checkout") or {}).get("shippingMethods") or []
        if not methods:
            OUTCOMES["error: no delivery method"] += 1
            return
        delivery = self._post("checkoutDeliveryMethodUpdate", CHECKOUT_DELIVERY,
                              {"id": cart, "method": methods[0]["id"]})
        if delivery is None or self._refused("checkoutDeliveryMethodUpdate",
                                             delivery["checkoutDeliveryMethodUpdate"]):
            return
        paid = self._post("transactionInitialize (COD)", CHECKOUT_COD, {"id": cart})
        if paid is None or self._refused("transactionInitialize", paid["transactionInitialize"]):
            return
        done = self._post("checkoutComplete", CHECKOUT_COMPLETE, {"id": cart})
        if done is None or self._refused("checkoutComplete", done["checkoutComplete"]):
            return
        OUTCOMES["completed (COD order)"] += 1
