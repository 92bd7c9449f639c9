"""Fixtures of the storefront suite.

The demo catalog (about 70 products, 25 producers, with images) is loaded once per session
and committed, so the Django test client and a real HTTP server in a thread both see it.
Static files are collected into a temporary STATIC_ROOT first, so pages use the same
hashed, compressed assets (WhiteNoise's manifest storage) as production.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def storefront_files(tmp_path_factory) -> Iterator[None]:
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("storefront")
    override = override_settings(STATIC_ROOT=root / "static", MEDIA_ROOT=root / "media")
    override.enable()
    call_command("collectstatic", interactive=False, verbosity=0)
    yield
    override.disable()


@pytest.fixture(scope="session")
def demo_catalog(storefront_files, django_db_setup, django_db_blocker) -> dict:
    """The demo catalog, committed in the test database; returns a few known records."""
    from backend.core.demo import load_demo
    from backend.search import api as search_api

    with django_db_blocker.unblock():
        load_demo(with_images=True)
        search_api._backends.clear()
        search_api.rebuild()
        return _known_records()


def _known_records() -> dict:
    from backend.catalog.models import Product
    from backend.ocop.models import Certification

    fish_sauce = Product.objects.get(name="Nước mắm Phú Quốc cá cơm 40 độ đạm")
    rice = Product.objects.get(name="Gạo ST25 Sóc Trăng")
    import datetime

    # A certificate in force (some demo certificates have lapsed on purpose).
    coded = (Certification.objects.exclude(product_code__isnull=True).exclude(product_code="")
             .filter(valid_until__gt=datetime.date.today() + datetime.timedelta(days=200),
                     revoked_on__isnull=True)
             .select_related("product").order_by("pk").first())
    return {
        "fish_sauce": fish_sauce.slug,
        "fish_sauce_shop": fish_sauce.producer.shop.slug,
        "rice": rice.slug,
        "product_code": coded.product_code,
        "decision_number": coded.decision_number,
        "coded_product": coded.product.name,
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The home page caches its data briefly; each test starts without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalog(demo_catalog, db) -> dict:
    return demo_catalog


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def _http_server(demo_catalog, django_db_blocker) -> Iterator[str]:
    """The WSGI application (WhiteNoise included) on a real port, one thread per request."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - signature of the base class
            pass

    application = get_wsgi_application()

    def app(environ, start_response):
        # Close this thread's database connection after each request: keep-alive threads
        # would otherwise hold the test database open when the session drops it.
        response = application(environ, start_response)
        try:
            return list(response)
        finally:
            if hasattr(response, "close"):
                response.close()
            connections.close_all()

    server = ThreadedWSGIServer(("127.0.0.1", _free_port()), QuietHandler)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    # A handler thread still waiting on a keep-alive socket may hold a connection; end it
    # so the session can drop the test database.
    with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
def live_url(_http_server, django_db_blocker) -> Iterator[str]:
    # The server's threads open their own connections to the test database.
    with django_db_blocker.unblock():
        yield _http_server


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser(_http_server):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (tests/run.sh installs it as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by
    # fixtures here are still synchronous, so its async-safety guard must stand aside.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                  base_url=live_url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
