"""Background work on real parts (issue 15): a Redis server started by the test on
loopback, a real ``celery worker`` process and a real ``celery beat`` process, against the
suite's PostgreSQL and a loopback SMTP server. Indexing, e-mail and the scheduled sweep
each travel through the broker and are done by the worker."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from tests.core.test_serving import _database_url, _stop

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, seconds: float, what: str, processes=()) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        for process, log in processes:
            assert process.poll() is None, f"{what}: a process exited\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.1)


@pytest.fixture
def redis_url():
    """A Redis of the test's own (nothing kept on disk), whether or not one runs already."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (tests/run.sh installs it as root)")
    port = _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait(answers, 10, "redis-server")
    yield url
    _stop(process)


@pytest.fixture
def background(redis_url, smtp_server, tmp_path):
    """A worker and beat, configured as a deployment with REDIS_URL would be."""
    env = {**os.environ, "OCOP_ENV": "development", "DATABASE_URL": _database_url(),
           "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "backend.settings",
           "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
           "SEARCH_SWEEP_ON_START": "0", "SEARCH_SWEEP_INTERVAL_SECONDS": "1"}
    started = []
    for name, args in (
        ("worker", ["worker", "--pool", "solo", "--without-gossip", "--without-mingle",
                    "--without-heartbeat", "-l", "info"]),
        ("beat", ["beat", "-l", "info", "-s", str(tmp_path / "beat-schedule")]),
    ):
        log = tmp_path / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([str(BIN / "celery"), "-A", "backend.celery_app", *args],
                                       env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        started.append((process, log))
    worker_log = started[0][1]
    _wait(lambda: b"ready." in worker_log.read_bytes(), 60, "celery worker", started)
    # A client of its own, never made "current": the suite's shared tasks stay inline.
    client = Celery(broker=redis_url, set_as_current=False)
    yield client, started
    for process, _ in started:
        _stop(process)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_indexing_email_and_the_scheduled_sweep_run_in_a_real_worker(
    background, smtp_server, make_product, channel
):
    from backend.catalog.models import Product
    from backend.search.models import ProductSearchDocument

    client, processes = background
    product = make_product("Mật ong bạc hà Hà Giang")
    from backend.catalog.models import ProductChannelListing
    from backend.search.api import index_products

    index_products([product.pk])
    documents = ProductSearchDocument.objects.filter(product=product, channel=channel)
    assert documents.get().is_visible

    # 1. Indexing: the product is unpublished and flagged; the task goes through Redis and
    # the worker takes it out of search.
    ProductChannelListing.objects.filter(product=product).update(is_published=False)
    Product.objects.filter(pk=product.pk).update(search_index_dirty=True)
    client.send_task("search.update_products_search_index")
    _wait(lambda: not Product.objects.get(pk=product.pk).search_index_dirty, 30,
          "the worker reindexes", processes)
    assert documents.get().is_visible is False

    # 2. E-mail: the account mail task, sent by the worker over SMTP.
    client.send_task("account.send_email", args=[
        "khach@example.vn", "Xác nhận tài khoản", "Chào bạn", "<p>Chào bạn</p>"])
    mail = smtp_server.wait("khach@example.vn", timeout=30)
    assert mail.subject == "Xác nhận tài khoản" and "Chào bạn" in mail.text

    # 3. Schedule: a lost write (the document deleted, nothing flagged, nothing enqueued);
    # beat's sweep (every second here) notices and the worker writes it again.
    ProductChannelListing.objects.filter(product=product).update(is_published=True)
    documents.delete()
    _wait(lambda: documents.filter(is_visible=True).exists(), 30, "beat's sweep", processes)
    assert connection.vendor == "postgresql"
