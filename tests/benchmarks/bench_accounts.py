"""p50/p95 server time and SQL queries for ``tokenCreate`` (Argon2 hashing dominates, by
design) and for ``me`` with its address book over JWT, among many accounts.

    TEST_DATABASE_NAME=test_ocop_bench .venv/bin/pytest tests/benchmarks/bench_accounts.py -s -o python_files='bench_*.py'

BENCH_USERS (default 10,000), BENCH_ADDRESSES per user (5), BENCH_REQUESTS (200 for me,
a quarter of it for tokenCreate).
"""

from __future__ import annotations

import json
import os
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N_USERS = int(os.environ.get("BENCH_USERS", "10000"))
N_ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "5"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PASSWORD = "Mat-khau-do-hieu-nang-2026"

TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { code } }
}
"""
ME = """
query Profile {
  me {
    id email firstName lastName isStaff isConfirmed languageCode dateJoined checkoutIds
    addresses { id firstName lastName streetAddress1 city countryArea postalCode phone
                country { code } isDefaultShippingAddress isDefaultBillingAddress }
    defaultShippingAddress { id city } defaultBillingAddress { id city }
  }
}
"""


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _build_accounts() -> list[str]:
    """N users sharing one Argon2 hash (hashing 10,000 passwords would take most of an
    hour), each with an address book in Hồ Chí Minh, bulk-inserted."""
    from django.contrib.auth.hashers import make_password

    from backend.account.addresses import clean_address_input
    from backend.account.models import Address, User

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.vn", password=password, first_name=f"Khách {i}")
         for i in range(N_USERS)], batch_size=2000)
    template = clean_address_input({"street_address_1": "12 Lê Lợi", "city": "Phường Sài Gòn",
                                    "country_area": "Hồ Chí Minh", "phone": "0912345678"})
    addresses = Address.objects.bulk_create(
        [Address(**template) for _ in range(N_USERS * N_ADDRESSES)], batch_size=5000)
    Link = User.addresses.through
    Link.objects.bulk_create(
        [Link(user_id=u.pk, address_id=addresses[i * N_ADDRESSES + j].pk)
         for i, u in enumerate(users) for j in range(N_ADDRESSES)], batch_size=5000)
    for i, user in enumerate(users):
        user.default_shipping_address_id = addresses[i * N_ADDRESSES].pk
        user.default_billing_address_id = addresses[i * N_ADDRESSES + min(1, N_ADDRESSES - 1)].pk
    User.objects.bulk_update(users, ["default_shipping_address", "default_billing_address"],
                             batch_size=2000)
    return [u.email for u in users]


@pytest.mark.django_db
def test_account_latency():
    started = time.perf_counter()
    emails = _build_accounts()
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()

    def post(document: str, variables: dict, **headers) -> tuple[float, int, dict]:
        body = json.dumps({"query": document, "variables": variables})
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.post("/graphql/", body, content_type="application/json",
                                   **headers)
            elapsed = (time.perf_counter() - t0) * 1000
        data = response.json()
        assert "errors" not in data, data["errors"]
        return elapsed, len(ctx.captured_queries), data["data"]

    print(f"\n[bench_accounts] {N_USERS} users × {N_ADDRESSES} addresses built in {built:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f}")
    step = max(1, len(emails) // REQUESTS)
    tokens, times, queries = [], [], set()
    for n, email in enumerate(emails[::step][: max(REQUESTS // 4, 5)]):
        # One address per sign-in: the throttle's one-second claim is per address.
        elapsed, count, data = post(TOKEN_CREATE, {"email": email, "password": PASSWORD},
                                    REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1")
        assert data["tokenCreate"]["token"], data
        tokens.append(data["tokenCreate"]["token"])
        times.append(elapsed)
        queries.add(count)
    print(f"[bench_accounts] tokenCreate: p50 {statistics.median(times):.1f} ms, "
          f"p95 {_percentile(times, 95):.1f} ms over {len(times)} sign-ins; "
          f"SQL queries {'/'.join(map(str, sorted(queries)))}")
    for token in tokens[:5]:  # warm connections and plans
        post(ME, {}, HTTP_AUTHORIZATION=f"Bearer {token}")
    times, queries = [], set()
    for i in range(REQUESTS):
        elapsed, count, data = post(ME, {}, HTTP_AUTHORIZATION=f"Bearer {tokens[i % len(tokens)]}")
        assert len(data["me"]["addresses"]) == N_ADDRESSES
        times.append(elapsed)
        queries.add(count)
    print(f"[bench_accounts] me with {N_ADDRESSES} addresses: p50 {statistics.median(times):.1f} "
          f"ms, p95 {_percentile(times, 95):.1f} ms over {len(times)} requests; "
          f"SQL queries {'/'.join(map(str, sorted(queries)))}")
