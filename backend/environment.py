"""Production or development: what the settings refuse to run without.

Outside development (``OCOP_ENV=development``, which the quickstart and the tests set) the
marketplace is on the Internet, so the settings module calls ``production_problems`` and
refuses to start while any is left: a missing or public secret key, a wildcard or missing
host list, no site URL to build links from, DEBUG on. Imported by ``backend.settings``
before Django is set up: standard library and Django's request helpers only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

DEVELOPMENT = "development"
PRODUCTION = "production"

# Hosts a development server answers to (the test client's "testserver" included).
DEVELOPMENT_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# Keys that were ever public (in this repository or its history): never in production.
PUBLIC_KEYS = {"dev-only-insecure-key", "build-only", "local-compose-only-change-me"}
MIN_KEY_LENGTH = 50  # Django's own deployment check asks for as much
MIN_KEY_CHARACTERS = 5


def ocop_env() -> str:
    value = os.environ.get("OCOP_ENV", PRODUCTION).strip().lower() or PRODUCTION
    if value not in {DEVELOPMENT, PRODUCTION}:
        raise ValueError(f"OCOP_ENV must be 'production' or 'development', not {value!r}")
    return value


def development_secret_key(var_dir: Path) -> str:
    """A random key made once per checkout and kept in var/ (never a shared constant)."""
    path = var_dir / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` must not sign production sessions, or None."""
    if not key:
        return "SECRET_KEY is not set"
    lowered = key.lower()
    if key in PUBLIC_KEYS or lowered.startswith(("django-insecure", "change_me", "change-me")):
        return "SECRET_KEY is a public placeholder"
    if "changeme" in lowered.replace("-", "").replace("_", ""):
        return "SECRET_KEY is a placeholder (it says CHANGE ME)"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_CHARACTERS:
        return f"SECRET_KEY is too short or too plain (at least {MIN_KEY_LENGTH} random characters)"
    return None


def weak_jwt_key(pem: str) -> str | None:
    """Why ``pem`` cannot sign the API's tokens in production, or None (its RSA content is
    checked when the key is first used, backend/account/signing_keys.py)."""
    if not pem.strip():
        return "JWT_PRIVATE_KEY is not set (an RSA private key in PEM signing the API's tokens)"
    if "change_me" in pem.lower() or not (
        pem.lstrip().startswith("-----BEGIN") and "PRIVATE KEY-----" in pem
        and "-----END" in pem
    ):
        return "JWT_PRIVATE_KEY is a placeholder, not a private key in PEM"
    return None


def production_problems(
    *, secret_key: str, allowed_hosts: list[str], site_url: str, debug: bool,
    jwt_private_key: str,
) -> list[str]:
    """Everything that makes these settings unsafe on the Internet, one line each."""
    from django.http.request import validate_host

    problems = []
    weak = weak_secret_key(secret_key)
    if weak:
        problems.append(weak)
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is not set (the site's host names, comma-separated)")
    elif "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS contains '*': name the site's hosts")
    parsed = urlparse(site_url)
    if not site_url:
        problems.append("OCOP_SITE_URL is not set (e.g. https://cho-ocop.example.vn)")
    elif parsed.scheme not in {"http", "https"} or not parsed.hostname or parsed.path not in {
        "", "/"
    }:
        problems.append(f"OCOP_SITE_URL must be a scheme and host only, got {site_url!r}")
    elif allowed_hosts and not validate_host(parsed.hostname, allowed_hosts):
        problems.append(f"OCOP_SITE_URL's host {parsed.hostname!r} is not in ALLOWED_HOSTS")
    if debug:
        problems.append("DEBUG is on (it shows code and settings to anyone)")
    problem = weak_jwt_key(jwt_private_key)
    if problem:
        problems.append(problem)
    return problems


def refusal_message(problems: list[str]) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    return (
        "The marketplace refuses to start with these settings (production mode):\n"
        f"{lines}\n"
        "Set SECRET_KEY (python -c 'import secrets; print(secrets.token_urlsafe(50))'),\n"
        "ALLOWED_HOSTS (e.g. cho-ocop.example.vn) and OCOP_SITE_URL\n"
        "(e.g. https://cho-ocop.example.vn) and JWT_PRIVATE_KEY (openssl genpkey -algorithm RSA\n"
        "-pkeyopt rsa_keygen_bits:2048), with DEBUG off. On a development machine set\n"
        "OCOP_ENV=development instead (deploy/dev/quickstart.sh and tests/run.sh do)."
    )
