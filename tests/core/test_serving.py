"""The first README command serves through the production server, and the probes.

``ocop quickstart`` is started as a user starts it (a subprocess, here on the suite's own
database so nothing is migrated or loaded twice) and must answer through gunicorn with
several workers; ``/readyz`` reports each part a request needs and says which one failed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    if host.startswith("/"):  # a Unix socket directory
        return f"postgresql://{auth}@/{db['NAME']}?host={quote(host)}&port={db['PORT']}"
    return f"postgresql://{auth}@{host}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db
def test_quickstart_serves_through_gunicorn_with_workers(tmp_path):
    port = _free_port()
    env = {**os.environ, "OCOP_ENV": "development", "DATABASE_URL": _database_url(),
           "GUNICORN_WORKERS": "2", "SEARCH_SWEEP_ON_START": "0",
           "DJANGO_SETTINGS_MODULE": "backend.settings",
           # Its collectstatic must not leave a manifest behind for the rest of the suite.
           "STATIC_ROOT": str(tmp_path / "static")}
    env.pop("OCOP_DEMO_PASSWORD", None)
    env.pop("OCOP_DEMO_ADMIN_PASSWORD", None)
    log = tmp_path / "quickstart.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "ocop"), "quickstart", "--no-demo",
             f"127.0.0.1:{port}"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                    ready = response.status, response.read()
                break
            except (urllib.error.URLError, OSError):
                assert server.poll() is None, log.read_text(errors="replace")[-2000:]
                assert time.monotonic() < deadline, "quickstart never answered"
                time.sleep(0.3)
        printed = log.read_text(errors="replace")
        assert f"Sàn OCOP đang chạy: {base}/" in printed
        assert "Máy chủ: gunicorn, 2 tiến trình." in printed
        assert ready[0] == 200 and b'"database": {"status": "ok"' in ready[1]
        # gunicorn's master and its two workers, not Django's development server.
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                  text=True).stdout.split()
        assert len(children) == 2
        command = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
        assert b"gunicorn" in command and b"runserver" not in command
        with urllib.request.urlopen(f"{base}/tim-kiem/", timeout=10) as response:
            assert response.status == 200
            assert "text/html" in response.headers["Content-Type"]
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def test_readyz_names_the_part_that_failed(client, db, settings):
    answer = client.get("/readyz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["search_backend"] == "postgresql"
    assert set(body["checks"]) == {"database", "search"}
    assert answer["Cache-Control"].startswith("max-age=0")

    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert "9" not in body["checks"]["redis"]["error"]  # the class name, not the address


def test_healthz_stays_a_database_only_liveness_probe(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    assert client.get("/healthz").json() == {"status": "ok"}
