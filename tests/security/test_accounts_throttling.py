"""Login throttling (issue 8: "100 wrong admin passwords in 44 s, then the right one
worked"). One mechanism guards the admin's sign-in, the storefront's sign-in and
``tokenCreate``; these tests replay the attack on each door and print the figures.

The throttle's clock is moved forward instead of sleeping through the delays."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-dung-2026"
TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
}
"""


class Clock:
    """Stands in for ``throttling.now``: time moves only when the test says so."""

    def __init__(self) -> None:
        from django.utils import timezone

        self.current = timezone.now()

    def __call__(self) -> datetime.datetime:
        return self.current

    def travel(self, seconds: float) -> None:
        self.current += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from backend.account import throttling

    fake = Clock()
    monkeypatch.setattr(throttling, "now", fake)
    return fake


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("quantri@example.vn", PASSWORD)


def api_attempt(client: Client, email: str, password: str, ip: str = "203.0.113.7") -> str:
    """"ok", or the error code tokenCreate answered."""
    response = client.post("/graphql/", json.dumps({"query": TOKEN_CREATE, "variables": {
        "email": email, "password": password}}), content_type="application/json",
        REMOTE_ADDR=ip)
    assert response.status_code == 200
    result = response.json()["data"]["tokenCreate"]
    return "ok" if result["token"] else result["errors"][0]["code"]


def admin_attempt(client: Client, email: str, password: str, ip: str = "203.0.113.7") -> str:
    response = client.post("/admin/login/?next=/admin/", {"username": email, "password": password},
                           REMOTE_ADDR=ip)
    if response.status_code == 302 and response["Location"] == "/admin/":
        return "ok"
    assert response.status_code == 200
    text = response.content.decode()
    return "LOGIN_ATTEMPT_DELAYED" if "Hãy thử lại sau" in text else "INVALID_CREDENTIALS"


def storefront_attempt(client: Client, email: str, password: str,
                       ip: str = "203.0.113.7") -> str:
    response = client.post("/tai-khoan/dang-nhap/", {"username": email, "password": password},
                           REMOTE_ADDR=ip)
    if response.status_code == 302:
        return "ok"
    text = response.content.decode()
    return "LOGIN_ATTEMPT_DELAYED" if "Hãy thử lại sau" in text else "INVALID_CREDENTIALS"


def delay_after_last_failure(ip: str = "203.0.113.7") -> float:
    from django.core.cache import cache

    from backend.account import throttling

    until = cache.get(f"login:block:ip:{ip}")
    return round((until - throttling.now()).total_seconds())


@pytest.mark.parametrize("door", [api_attempt, admin_attempt, storefront_attempt],
                         ids=["tokenCreate", "admin", "storefront"])
def test_the_reproduction_100_wrong_passwords_then_the_right_one(door, operator, clock):
    """Issue 8's attack, as fast as a client can send: 100 wrong passwords, then the right
    one. Every door now refuses once the first failures are in, right password included."""
    client = Client()
    answers = [door(client, operator.email, f"doan-sai-{i}") for i in range(100)]
    assert answers[0] == "INVALID_CREDENTIALS"
    assert set(answers[1:]) == {"LOGIN_ATTEMPT_DELAYED"}  # no waiting: refused unchecked
    assert door(client, operator.email, PASSWORD) == "LOGIN_ATTEMPT_DELAYED"
    # Refused attempts are not checked, so they do not lengthen the block: the owner
    # gets in once the one-second delay of the single checked failure is over.
    clock.travel(1)
    assert door(client, operator.email, PASSWORD) == "ok"
    print(f"\n[{door.__name__}] 100 wrong passwords sent at once: 1 checked, 99 refused "
          f"unchecked; the right one then: refused, and accepted 1 s later")


def test_delays_grow_per_ip_and_account_and_per_ip_figures(operator, clock):
    """An attacker who waits out every delay: the delay doubles with each failure on one
    account from one address, and an hour from the 10th."""
    client = Client()
    delays = []
    for attempt in range(10):
        if attempt:
            clock.travel(delays[-1])  # wait out the previous delay, not a second more
        assert api_attempt(client, operator.email, "sai") == "INVALID_CREDENTIALS"
        delays.append(delay_after_last_failure())
    assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 3600]
    print(f"\n[ip+account] delays after failures 1–10 (s): {delays}; "
          f"time to try 10 passwords: {sum(delays[:-1])} s, the 11th waits an hour")
    # Still blocked a second before the end; the right password works after it.
    clock.travel(3599)
    assert api_attempt(client, operator.email, PASSWORD) == "LOGIN_ATTEMPT_DELAYED"
    clock.travel(1)
    assert api_attempt(client, operator.email, PASSWORD) == "ok"


def test_credential_stuffing_from_one_address_slows_down_every_ten_failures(
    django_user_model, clock
):
    client = Client()
    delays = []
    for i in range(30):
        assert api_attempt(client, f"nguoi-{i}@example.vn", "123456") == "INVALID_CREDENTIALS"
        delays.append(delay_after_last_failure())
        clock.travel(delays[-1])
    assert delays[:10] == [1] * 10 and delays[10:20] == [2] * 10 and delays[20:] == [4] * 10
    print(f"\n[ip, any e-mail] delay per failure: 1 s for 1–10, 2 s for 11–20, 4 s for "
          f"21–30 (measured: {sorted(set(delays))})")


def test_guessing_one_account_from_many_addresses_is_slowed_too(operator, clock):
    client = Client()
    answers = []
    for i in range(14):
        answers.append(api_attempt(client, operator.email, "sai", ip=f"198.51.100.{i + 1}"))
        clock.travel(0.5)
    first_delayed = answers.index("LOGIN_ATTEMPT_DELAYED")
    assert answers[:10] == ["INVALID_CREDENTIALS"] * 10 and first_delayed == 11
    # The owner, from home, is delayed only minutes, and the reset e-mail is not.
    clock.travel(900)
    assert api_attempt(client, operator.email, PASSWORD, ip="192.0.2.10") == "ok"
    print(f"\n[account, many IPs] 10 free failures, then refusals from failure "
          f"{first_delayed + 1} on (capped at 15 minutes)")


def test_a_success_clears_the_account_but_not_the_address(operator, django_user_model, clock):
    client = Client()
    for _ in range(3):
        api_attempt(client, operator.email, "sai")
        clock.travel(delay_after_last_failure())
    assert api_attempt(client, operator.email, PASSWORD) == "ok"
    # The next failure on the account starts again at one second …
    api_attempt(client, operator.email, "sai")
    assert delay_after_last_failure() == 1
    clock.travel(1)
    # … while the address keeps its count (one valid login does not reset a stuffing run).
    for i in range(7):
        api_attempt(client, f"khac-{i}@example.vn", "sai")
        clock.travel(delay_after_last_failure())
    api_attempt(client, "khac-8@example.vn", "sai")
    assert delay_after_last_failure() == 2  # failure 12 from this address


def test_requests_without_a_usable_client_address_are_refused(operator):
    client = Client()
    response = client.post("/graphql/", json.dumps({"query": TOKEN_CREATE, "variables": {
        "email": operator.email, "password": PASSWORD}}), content_type="application/json",
        REMOTE_ADDR="không-phải-IP")
    assert response.json()["data"]["tokenCreate"]["errors"][0]["code"] == "UNKNOWN_IP_ADDRESS"


def test_behind_a_proxy_the_forwarded_address_counts_not_what_the_client_claims(
    operator, settings, clock
):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()

    def attempt(claimed: str, real: str) -> str:
        response = client.post("/graphql/", json.dumps({"query": TOKEN_CREATE, "variables": {
            "email": operator.email, "password": "sai"}}), content_type="application/json",
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{claimed}, {real}")
        return response.json()["data"]["tokenCreate"]["errors"][0]["code"]

    assert attempt("1.1.1.1", "203.0.113.50") == "INVALID_CREDENTIALS"
    # A new made-up address on the left does not buy a fresh counter.
    assert attempt("2.2.2.2", "203.0.113.50") == "LOGIN_ATTEMPT_DELAYED"
    assert attempt("3.3.3.3", "203.0.113.51") == "INVALID_CREDENTIALS"
