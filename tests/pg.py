"""A throwaway PostgreSQL (+PostGIS) server for the store tests, and the ``db_target`` fixture.

The server is started once per test session: ``initdb`` + ``pg_ctl`` in a temporary directory, on a
free loopback port, as the ``postgres`` system user when the tests run as root (``initdb`` refuses
root). Each test gets a fresh database on it. When the server binaries are not installed the
PostgreSQL variants skip with a message saying what to install.

Use in a test module::

    from pg import db_target, pg_server  # noqa: F401  (pytest fixtures)
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

INSTALL_HINT = "apt-get install postgresql postgresql-15-postgis-3"


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a running PostgreSQL server (superuser ``postgres``, trust auth on 127.0.0.1)."""
    with running_server() as url:
        yield url


@contextlib.contextmanager
def running_server():
    """Start a throwaway server, yield its URL, stop and delete it (for the fixture and the benchmarks)."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip(f"PostgreSQL server binaries not found; install them to run these tests: {INSTALL_HINT}")
    if os.geteuid() == 0:
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip(f"no 'postgres' system user to run initdb as; {INSTALL_HINT}")
    base = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        os.chown(base, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        subprocess.run(_as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                       check=True, capture_output=True, env=env, timeout=120)
        opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"]),
                       check=True, capture_output=True, env=env, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = (base / "log").read_text(errors="replace")[-2000:] if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        stderr = getattr(exc, "stderr", b"") or b""
        pytest.fail(f"could not start PostgreSQL: {stderr.decode(errors='replace')}\n{log}")
    url = f"postgresql://postgres@127.0.0.1:{port}"
    SERVERS[url] = {"pg_ctl": pg_ctl, "data": str(data), "opts": opts, "log": str(base / "log"), "env": env}
    _make_template(url)
    try:
        yield url
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True, timeout=60
        )
        shutil.rmtree(base, ignore_errors=True)


TEMPLATE = "sitrep_template"
SERVERS: dict[str, dict] = {}  # server URL -> how to stop and start it again


def stop_server(server_url: str) -> None:
    """Stop the test server at once (``-m immediate``: like a crash or a power cut)."""
    srv = SERVERS[server_url]
    subprocess.run(_as_postgres([srv["pg_ctl"], "-D", srv["data"], "-m", "immediate", "-w", "stop"]),
                   check=True, capture_output=True, env=srv["env"], timeout=120)


def start_server(server_url: str) -> None:
    srv = SERVERS[server_url]
    subprocess.run(_as_postgres([srv["pg_ctl"], "-D", srv["data"], "-o", srv["opts"], "-l", srv["log"], "-w", "start"]),
                   check=True, capture_output=True, env=srv["env"], timeout=120)


def _make_template(server_url: str) -> None:
    """A template database with PostGIS already installed: creating the extension takes ~1 s, copying it
    with the template does not. (Sitrep's migration still runs ``CREATE EXTENSION IF NOT EXISTS``.)"""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    with psycopg.connect(f"{server_url}/{TEMPLATE}", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone():
            conn.execute("CREATE EXTENSION postgis")


def postgis_available(server_url: str) -> bool:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone() is not None


def require_postgis(server_url: str) -> None:
    """Skip the calling test, naming the package, when the server has no PostGIS extension."""
    if not postgis_available(server_url):
        pytest.skip("the PostGIS extension is not installed on the test server; install it to run this test: "
                    "apt-get install postgresql-15-postgis-3")


def new_role_database(server_url: str) -> str:
    """A database owned by a new ordinary role (no superuser: may not CREATE EXTENSION postgis), created
    from template0 so that PostGIS is not already there; return the URL connecting as that role."""
    import psycopg

    suffix = uuid.uuid4().hex[:10]
    role, name = f"r_{suffix}", f"o_{suffix}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"CREATE DATABASE {name} OWNER {role} TEMPLATE template0")
    host = server_url.split("@", 1)[1]
    return f"postgresql://{role}@{host}/{name}"


def superuser_url(server_url: str, database_url: str) -> str:
    """The same database as ``database_url``, as the server's superuser."""
    return f"{server_url}/{database_url.rsplit('/', 1)[1]}"


def new_database(server_url: str) -> str:
    """Create an empty database on the server (PostGIS installed when available); return its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return f"{server_url}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path) -> str:
    """A fresh, empty database target: an SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "crisis.db")
    server = request.getfixturevalue("pg_server")
    return new_database(server)
