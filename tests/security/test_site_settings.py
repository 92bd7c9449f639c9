"""Production settings (issue 8): with DEBUG off the quickstart defaults allowed any Host
(it landed in canonical and JSON-LD links), signed sessions with the public
``dev-only-insecure-key``, and sent no HSTS, no CSP and a ``sessionid`` without Secure.

The settings module is loaded the way a server loads it, in a subprocess with the
environment under test: it must refuse to start without a real SECRET_KEY, explicit
ALLOWED_HOSTS and OCOP_SITE_URL (unless OCOP_ENV=development). The settings it derives in
production are then applied here and real requests go through the middleware stack.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://cho-ocop.example.vn"
HOST = "cho-ocop.example.vn"
ALIAS = "www.cho-ocop.example.vn"
# Derived by backend/settings.py in production; copied into this process for requests.
DERIVED = [
    "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "HTTPS", "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{n: getattr(settings, n, None) for n in {DERIVED!r}}}))"
)


def _environment(**overrides: str | None) -> dict[str, str]:
    """A server's environment: no development mode, no test settings, a placeholder
    DATABASE_URL (nothing here connects; it keeps the embedded server out of it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"OCOP_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "OCOP_SITE_URL", "DEBUG",
                        "JWT_PRIVATE_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="backend.settings",
               DATABASE_URL="postgresql://nobody@127.0.0.1:9/none")
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(code: str, **env: str | None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_environment(**env),
                          capture_output=True, text=True, timeout=60)


def _ocop(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "ocop"), *args], cwd=ROOT,
                          env=_environment(**env), capture_output=True, text=True, timeout=60)


def _rsa_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


GOOD = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": f"{HOST},{ALIAS}",
        "OCOP_SITE_URL": SITE, "JWT_PRIVATE_KEY": _rsa_pem()}


@pytest.mark.parametrize(
    ("case", "env", "expected"),
    [
        ("quickstart defaults, DEBUG off", {"DATABASE_URL": None},
         ["SECRET_KEY is not set", "ALLOWED_HOSTS is not set", "OCOP_SITE_URL is not set",
          "JWT_PRIVATE_KEY is not set"]),
        ("no key for the API's tokens", {**GOOD, "JWT_PRIVATE_KEY": None},
         ["JWT_PRIVATE_KEY is not set"]),
        ("the old public key", {**GOOD, "SECRET_KEY": "dev-only-insecure-key"},
         ["public placeholder"]),
        ("the template's placeholder", {**GOOD, "SECRET_KEY": "CHANGE_ME-50-random-characters"},
         ["public placeholder"]),
        ("a short key", {**GOOD, "SECRET_KEY": "abc123"}, ["too short"]),
        ("any host", {**GOOD, "ALLOWED_HOSTS": "*"}, ["ALLOWED_HOSTS contains '*'"]),
        ("site on another host", {**GOOD, "OCOP_SITE_URL": "https://evil.example"},
         ["not in ALLOWED_HOSTS"]),
        ("site URL with a path", {**GOOD, "OCOP_SITE_URL": f"{SITE}/shop"},
         ["scheme and host only"]),
        ("DEBUG on", {**GOOD, "DEBUG": "1"}, ["DEBUG is on"]),
        ("unknown mode", {**GOOD, "OCOP_ENV": "staging"}, ["OCOP_ENV must be"]),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(case, env, expected):
    # Through the command line (clean message, exit 2) and as a server imports them.
    command = _ocop("check", **env)
    assert command.returncode == 2, (case, command.stdout, command.stderr)
    for text in expected:
        assert text in command.stderr, (case, command.stderr)
    assert "Traceback" not in command.stderr
    server = _run("import django; django.setup()", **env)
    assert server.returncode != 0 and "ImproperlyConfigured" in server.stderr, case


def test_development_mode_starts_without_production_settings(tmp_path):
    env = {"OCOP_ENV": "development", "OCOP_VAR_DIR": str(tmp_path)}
    result = _run(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    derived = json.loads(result.stdout)
    assert "*" not in derived["ALLOWED_HOSTS"] and "localhost" in derived["ALLOWED_HOSTS"]
    # A key of this checkout, random, kept in var/ (not a constant anyone can read).
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and key != "dev-only-insecure-key"
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.fixture(scope="module")
def production() -> dict:
    """The settings backend/settings.py derives for an HTTPS production site."""
    check = _ocop("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert check.returncode == 0, check.stdout + check.stderr  # Django's deployment checks
    result = _run(PRINT_SETTINGS, **GOOD)
    assert result.returncode == 0, result.stderr
    derived = json.loads(result.stdout)
    derived["SECURE_PROXY_SSL_HEADER"] = tuple(derived["SECURE_PROXY_SSL_HEADER"])
    assert derived["DEBUG"] is False and derived["SECURE_HSTS_SECONDS"] >= 31_536_000
    return derived


@pytest.fixture
def prod_client(production, settings) -> Client:
    for name, value in production.items():
        setattr(settings, name, value)
    return Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=HOST)


def test_a_foreign_host_is_refused_and_links_use_the_site_url(prod_client, make_product):
    from django.core.cache import cache

    cache.clear()
    product = make_product("Mắm tôm Hậu Lộc")
    evil = prod_client.get(f"/san-pham/{product.slug}/", HTTP_HOST="evil.example")
    assert evil.status_code == 400
    assert b"evil.example" not in evil.content
    # A second name of the site is served, but every link names the site itself.
    page = prod_client.get(f"/san-pham/{product.slug}/", HTTP_HOST=ALIAS).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert canonical == f"{SITE}/san-pham/{product.slug}/"
    ld = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page,
                              re.S).group(1))
    assert ld["url"] == canonical and ALIAS not in page
    robots = prod_client.get("/robots.txt", HTTP_HOST=ALIAS).content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    sitemap = prod_client.get("/sitemap.xml", HTTP_HOST=ALIAS).content.decode()
    assert f"<loc>{SITE}/san-pham/{product.slug}/</loc>" in sitemap and ALIAS not in sitemap


def test_https_headers_and_cookies(prod_client, django_user_model, make_product):
    product = make_product("Trà shan tuyết Hà Giang")
    response = prod_client.get(f"/san-pham/{product.slug}/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'self'", "form-action 'self'"]:
        assert directive in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "*" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    page = response.content.decode()
    # Every inline script carries this response's nonce; external ones are our own.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert f'nonce="{nonce}"' in tag or re.search(r'src="/static/', tag), tag
    assert " style=" not in page and "<style>" not in page
    # GraphiQL alone may load its editor from the CDN; the API's JSON keeps the strict one.
    graphiql = prod_client.get("/graphql/", HTTP_ACCEPT="text/html")["Content-Security-Policy"]
    assert "https://cdn.jsdelivr.net" in graphiql and "frame-ancestors 'none'" in graphiql
    api = prod_client.post("/graphql/", data={"query": "{ ocopRegions { name } }"},
                           content_type="application/json")
    assert "cdn.jsdelivr.net" not in api["Content-Security-Policy"]
    # A fresh nonce per response.
    again = prod_client.get(f"/san-pham/{product.slug}/")["Content-Security-Policy"]
    assert again != csp

    # Cookies: Secure, HttpOnly, SameSite, for the CSRF token and the session alike.
    django_user_model.objects.create_superuser("qt@example.vn", "mat-khau-rat-dai-1")
    login_page = prod_client.get("/admin/login/")
    csrf = login_page.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      login_page.content.decode()).group(1)
    login = prod_client.post("/admin/login/?next=/admin/", {
        "username": "qt@example.vn", "password": "mat-khau-rat-dai-1",
        "csrfmiddlewaretoken": token}, HTTP_REFERER=f"{SITE}/admin/login/")
    assert login.status_code == 302, login.content[:500]
    session = login.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True and cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_plain_http_is_redirected_except_the_health_probe(prod_client, db):
    plain = Client(HTTP_HOST=HOST)
    response = plain.get("/tim-kiem/?q=m%E1%BA%AFm")
    assert response.status_code == 301
    assert response["Location"] == f"{SITE}/tim-kiem/?q=m%E1%BA%AFm"
    # Cluster probes speak HTTP to the pod directly.
    assert plain.get("/healthz").status_code == 200


def test_server_error_page_keeps_to_the_policy(rf):
    from storefront_theme.views import server_error

    request = rf.get("/")
    request.csp_nonce = "abc123"
    body = server_error(request).content.decode()
    assert '<style nonce="abc123">' in body and " style=" not in body
