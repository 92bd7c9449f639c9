"""Durable indexing (issue 8): "kill -9 after the import's commit but before indexing left
3,023 products without search documents (listing total 25,111, facets 22,088) until some
later write".

Imports run as separate processes against a database of their own on the embedded
server and are killed with SIGKILL: at fixed points (before any write, in the middle of
the writes, before the commit, after the commit and before indexing, in the middle of
indexing) and at random moments of an import that pauses nowhere. After each kill, one
sweeper pass (``ocop search sweep``) must make the catalog and the search documents
agree: listing totalCount == facet total == visible products in the catalog.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ROWS = 120
FIXED_POINTS = ["before_write", "mid_write", "before_commit", "after_commit", "mid_index"]
RANDOM_KILLS = 3


def _annex(path: Path, batch: int) -> Path:
    header = ["STT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Nhóm sản phẩm",
              "Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Giá"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(1, ROWS + 1):
            writer.writerow([n, f"Trà atiso lô {batch} số {n}",
                             f"Hợp tác xã Atiso {batch}-{n % 12}",
                             "xã Ninh Gia, huyện Đức Trọng, tỉnh Lâm Đồng", "4 sao", "Đồ uống",
                             f"{100 + batch}/QĐ-UBND", "15/03/2025", "UBND tỉnh Lâm Đồng",
                             f"{50_000 + n * 1000}"])
    return path


@pytest.fixture(scope="module")
def kill_database(django_db_blocker) -> dict[str, str]:
    """A migrated database of its own on the embedded server (the suite's stays intact),
    and the environment of processes that use it."""
    from django.conf import settings

    params = settings.DATABASES["default"]
    host = params["HOST"]
    name = f"ocop_sigkill_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host=host, user=params["USER"] or "postgres", dbname="postgres",
                            autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "OCOP_ENV": "development", "DJANGO_SETTINGS_MODULE": "backend.settings",
           "DATABASE_URL": f"postgresql://{params['USER'] or 'postgres'}@/{name}?host={host}",
           "SEARCH_SWEEP_ON_START": "0"}
    try:
        subprocess.run([str(Path(sys.executable).parent / "ocop"), "migrate", "-v0"], env=env,
                       cwd=ROOT, check=True, timeout=300)
        yield env
    finally:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _probe(env: dict) -> dict:
    result = subprocess.run([sys.executable, str(HERE / "_index_probe.py")], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _driver(env: dict, path: Path, point: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(HERE / "_import_driver.py"), str(path), point],
                               env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout.readline().strip() == "STARTED"
    return process


def _wait_for(process: subprocess.Popen, prefix: str) -> str:
    line = ""
    while not line.startswith(("PAUSED", "DONE")):
        line = process.stdout.readline()
        assert line, f"the import ended without saying {prefix}"
    assert line.startswith(prefix), line
    return line.strip()


def _kill(process: subprocess.Popen) -> bool:
    """SIGKILL; whether the process was still running."""
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return running


def _kill_at_point(env: dict, path: Path, point: str) -> None:
    process = _driver(env, path, point)
    try:
        assert _wait_for(process, "PAUSED") == f"PAUSED {point}"
    finally:
        assert _kill(process)


def _kill_after(env: dict, path: Path, seconds: float) -> bool:
    """An import that pauses nowhere, killed ``seconds`` after it started (Python and
    Django loaded); whether it was still running."""
    process = _driver(env, path, "none")
    time.sleep(seconds)
    return _kill(process)


def _assert_agree(state: dict, label: str) -> None:
    after = state["after"]
    print(f"{label}: before sweep {state['before']} → {state['sweep']} → after {after}")
    assert after["dirty"] == 0, label
    assert after["listing"] == after["facets"] == after["catalog"] == after["documents"], label
    assert after["facets_in_stock_sum"] == after["facets"], label


def test_killed_imports_are_caught_up_by_one_sweeper_pass(kill_database, tmp_path):
    env = kill_database
    batch = 0
    # A complete `ocop import` first: agreement needs no sweeper then.
    subprocess.run([str(Path(sys.executable).parent / "ocop"), "import", "--no-progress",
                    str(_annex(tmp_path / "full.csv", batch))], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, timeout=300)
    state = _probe(env)
    _assert_agree(state, "complete import")
    assert state["before"] == state["after"]
    catalog = state["after"]["catalog"]
    assert catalog == ROWS

    for point in FIXED_POINTS:
        batch += 1
        _kill_at_point(env, _annex(tmp_path / f"{point}.csv", batch), point)
        state = _probe(env)
        committed = point in {"after_commit", "mid_index"}
        expected = catalog + (ROWS if committed else 0)
        assert state["before"]["catalog"] == expected, point  # all or nothing
        if committed:
            # The crash the issue describes: committed products no document shows yet.
            assert state["before"]["dirty"] == ROWS and state["before"]["facets"] == catalog
        _assert_agree(state, f"SIGKILL {point}")
        assert state["after"]["catalog"] == expected
        catalog = expected

    # How long the import itself takes (from STARTED to DONE), for the random kills.
    batch += 1
    process = _driver(env, _annex(tmp_path / "timed.csv", batch), "none")
    started = time.monotonic()
    _wait_for(process, "DONE")
    duration = time.monotonic() - started
    process.wait(timeout=30)
    catalog += ROWS
    seed = int(os.environ.get("SIGKILL_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    for i in range(RANDOM_KILLS):
        batch += 1
        delay = rng.uniform(0, duration)
        killed = _kill_after(env, _annex(tmp_path / f"random{i}.csv", batch), delay)
        state = _probe(env)
        grew = state["after"]["catalog"] - catalog
        print(f"random kill {i} (seed {seed}) at {delay:.2f} s of a {duration:.2f} s import: "
              f"{'killed' if killed else 'had finished'}, {grew} products committed, "
              f"{state['before']['dirty']} flagged before the sweep")
        assert grew in (0, ROWS)
        _assert_agree(state, f"random kill {i}")
        catalog = state["after"]["catalog"]
