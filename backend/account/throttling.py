"""Login throttling with growing delays (Saleor's approach), one mechanism for every door
that checks a password: ``tokenCreate``, the storefront's sign-in, the admin's sign-in,
and the password checks of signed-in operations.

Three counters, kept in the cache (Redis in production) for two hours:

- per IP address, any e-mail (credential stuffing): the delay doubles every 10 failures,
  1 s for failures 1–10, 2 s for 11–20 … and an hour from the 100th;
- per IP address and account (guessing one password): 1 s after the first failure,
  doubling with each one, an hour from the 10th;
- per account, any IP address (guessing from many addresses): free for 10 failures,
  then doubling from 1 s, capped at 15 minutes so nobody can lock an owner out for long
  (a password reset still signs them in).

While a block lasts every attempt is refused before any password is checked, the right
one included. A success clears the account's counters; the IP's count stays until it
expires, so logging into one's own account does not reset a stuffing run.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from .models import User, normalize_email
from .validation import is_usable_password_input

logger = logging.getLogger(__name__)

MIN_DELAY = 1
MAX_DELAY = 3600
MAX_ACCOUNT_DELAY = 900
ACCOUNT_FREE_FAILURES = 10
COUNTER_SECONDS = 7200


class LoginDelayed(Exception):
    """Too many failures: no attempt is checked before ``until``."""

    def __init__(self, until: datetime.datetime) -> None:
        self.until = until
        self.seconds = max(1, ceil((until - now()).total_seconds()))
        wait = (f"{self.seconds} giây" if self.seconds < 120
                else f"{ceil(self.seconds / 60)} phút")
        super().__init__(
            f"Hãy thử lại sau {wait}: sau mỗi lần nhập sai mật khẩu, việc đăng nhập tạm dừng "
            "một lúc để chống dò mật khẩu."
        )


class UnknownIPAddress(Exception):
    def __init__(self) -> None:
        super().__init__("Không xác định được địa chỉ IP của yêu cầu.")


def now() -> datetime.datetime:
    """The throttle's clock (tests move it forward instead of sleeping)."""
    return timezone.now()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address that many hops from the right of X-Forwarded-For (the left end is whatever
    the client chose to send)."""
    hops = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if p.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def ip_delay(failures: int) -> int:
    if failures <= 0:
        return 0
    return 2 ** (ceil(failures / 10) - 1) if failures < 100 else MAX_DELAY


def ip_account_delay(failures: int) -> int:
    if failures <= 0:
        return 0
    return 2 ** (failures - 1) if failures < 10 else MAX_DELAY


def account_delay(failures: int) -> int:
    over = failures - ACCOUNT_FREE_FAILURES
    if over <= 0:
        return 0
    return min(2 ** (over - 1), MAX_ACCOUNT_DELAY) if over < 20 else MAX_ACCOUNT_DELAY


def authenticate_with_throttling(
    request: HttpRequest, email: str | None, password: str | None
) -> User | None:
    """The user whose e-mail and password these are, or None; raises LoginDelayed while a
    block lasts and UnknownIPAddress without a client address. Inactive or unconfirmed
    users are returned too: the caller says what they may do."""
    ip = client_ip(request)
    if ip is None:
        logger.warning("Login attempt without a usable client address")
        raise UnknownIPAddress()
    email = normalize_email(email)
    account = hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    keys = _Keys(ip, account)
    _refuse_while_blocked(keys.account_block)
    _claim(keys.ip_block)
    user = User.objects.by_email(email)
    candidate = user or User()
    if not is_usable_password_input(password):
        password = ""  # a failure like any other, without hashing megabytes
    # Unknown e-mails cost the same hashing as known ones (Django hashes a dummy).
    correct = candidate.check_password(password or "")
    if user is not None and correct:
        cache.delete_many([keys.ip_block, keys.ip_account(user.pk), keys.account_failures,
                           keys.account_block])
        return user
    delay = max(
        ip_delay(_increment(keys.ip_failures)),
        ip_account_delay(_increment(keys.ip_account(user.pk))) if user else 0,
        MIN_DELAY,
    )
    _block(keys.ip_block, delay)
    long_delay = account_delay(_increment(keys.account_failures))
    if long_delay:
        _block(keys.account_block, long_delay)
    if delay >= MAX_DELAY:
        logger.warning("Login failures from %s reached the longest delay", ip)
    return None


class _Keys:
    def __init__(self, ip: str, account: str) -> None:
        self.ip = ip
        self.ip_failures = f"login:fail:ip:{ip}"
        self.ip_block = f"login:block:ip:{ip}"
        self.account_failures = f"login:fail:account:{account}"
        self.account_block = f"login:block:account:{account}"

    def ip_account(self, user_pk: int) -> str:
        return f"login:fail:ip:{self.ip}:user:{user_pk}"


def _refuse_while_blocked(key: str) -> None:
    until = cache.get(key)
    if until is not None and until > now():
        raise LoginDelayed(until)


def _claim(key: str) -> None:
    """Block the IP for a second before checking, so parallel attempts wait their turn."""
    until = now() + datetime.timedelta(seconds=MIN_DELAY)
    if cache.add(key, until, timeout=MIN_DELAY + 60):
        return
    current = cache.get(key)
    if current is not None and current > now():
        raise LoginDelayed(current)
    cache.set(key, until, timeout=MIN_DELAY + 60)


def _block(key: str, seconds: int) -> None:
    # The entry outlives the block a little; the stored time is what counts.
    cache.set(key, now() + datetime.timedelta(seconds=seconds), timeout=seconds + 60)


def _increment(key: str) -> int:
    if cache.add(key, 1, timeout=COUNTER_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=COUNTER_SECONDS)
        return 1
