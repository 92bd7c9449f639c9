"""Shared fixtures. Tests run against real PostgreSQL: the embedded server unless
DATABASE_URL points at another one. The test database is built by the migrations, so the
reference data (provinces, communes, classification, OCOP attributes) is always there."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pytest


def _shared_reference() -> Path:
    """``../shared/reference`` beside the checkout (or beside a parent directory: git
    worktrees sit one level deeper); tests that need it are skipped when it is absent."""
    for parent in Path(__file__).resolve().parents[1:]:
        candidate = parent / "shared" / "reference"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "reference"


SHARED_REFERENCE = _shared_reference()

_seq = itertools.count(1)


@pytest.fixture
def channel(db):
    from backend.channel.models import get_default_channel

    return get_default_channel()


@pytest.fixture
def ocop_type(db):
    from backend.ocop.services import ensure_ocop_product_type

    return ensure_ocop_product_type()


@pytest.fixture
def make_producer(db):
    from backend.geo.resolver import resolve_address
    from backend.producers.services import create_producer

    def make(name: str | None = None, address: str = "xã Ninh Gia, tỉnh Lâm Đồng", **kwargs):
        place = resolve_address(address)
        return create_producer(
            name=name or f"Hợp tác xã Thử nghiệm {next(_seq)}",
            province=place.province,
            commune=place.commune,
            legacy_province=place.legacy_province,
            address=address,
            **kwargs,
        )

    return make


@pytest.fixture
def make_product(db, channel, ocop_type, make_producer):
    """A published OCOP product with a price, stock and (by default) a valid certificate."""
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.ocop.classification import resolve_group
    from backend.ocop.services import certify
    from backend.warehouse.models import Stock, Warehouse

    def make(
        name: str = "Nước mắm cá cơm",
        *,
        producer=None,
        price: int = 125000,
        star: int | None = 4,
        group: str = "I.4.a",
        decision_date: datetime.date | None = None,
        quantity: int = 10,
        category=None,
        published: bool = True,
    ):
        producer = producer or make_producer()
        product = create_product(
            name=name,
            product_type=ocop_type,
            producer=producer,
            category=category,
            sku=f"SKU-{next(_seq)}",
            description=f"{name} – đặc sản địa phương.",
        )
        publish(product, channel, is_published=published)
        set_variant_price(product.default_variant, channel, price)
        warehouse, _ = Warehouse.objects.get_or_create(
            slug=f"kho-{producer.pk}",
            defaults={
                "name": f"Kho {producer.name}",
                "producer": producer,
                "province": producer.province,
            },
        )
        Stock.objects.create(
            warehouse=warehouse, product_variant=product.default_variant, quantity=quantity
        )
        if star is not None:
            certify(
                product,
                star=star,
                decision_number=f"{next(_seq)}/QĐ-UBND",
                decision_date=decision_date or datetime.date.today() - datetime.timedelta(days=30),
                issuer="UBND tỉnh Lâm Đồng",
                group=resolve_group(group).group,
            )
        product.refresh_from_db()
        return product

    return make


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    """Tests change data without reindexing; the response cache has its own tests."""
    settings.GRAPHQL_RESPONSE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_process_caches(request):
    """Transactional tests flush tables, so rows cached in-process (reference units, the
    classification, channels) may be re-created with new ids: forget them around those."""
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames)) or (
        _is_transactional(request.node))  # a django_db(transaction=True) marker too
    if transactional:
        _reset_caches()
    yield
    if transactional:
        _reset_caches()


def _reset_caches() -> None:
    from backend.core.cache import reset_all
    from backend.graphql.core.context import clear_channel_cache

    reset_all()
    clear_channel_cache()


@pytest.fixture(autouse=True)
def _empty_django_cache():
    """The cache holds login-throttle counters and e-mail notice marks: each test starts
    without another test's failures."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django sends to it over SMTP. Yields the
    inbox: ``inbox.wait(to)`` returns the next message for an address."""
    from tests.mailbox import LoopbackInbox

    inbox = LoopbackInbox()
    inbox.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    inbox.stop()


@pytest.fixture(autouse=True)
def _transactional_tests_restore_committed_data(request):
    """A transactional test flushes every table when it ends; the suite keeps committed
    data for the whole session (the migrations' reference tables). Such tests must ask for
    ``django_db_serialized_rollback`` (or ``serialized_rollback=True``), which restores it."""
    if "benchmarks" in request.node.path.parts:
        yield  # benchmarks run alone, each in a database of its own
        return
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or bool(
        marker and marker.kwargs.get("transaction"))
    serialized = "django_db_serialized_rollback" in names or bool(
        marker and marker.kwargs.get("serialized_rollback"))
    assert not transactional or serialized, (
        "a transactional test must restore the reference data: add "
        "django_db_serialized_rollback (see tests/conftest.py)")
    yield


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or bool(
        marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests run last of all. Their teardown empties the database (the next
    serialized one restores it at its start), and pytest-django would put the tests that
    use the committed session data without the ``db`` fixture — the browser tests — after
    them."""
    items[:] = ([i for i in items if not _is_transactional(i)]
                + [i for i in items if _is_transactional(i)])
