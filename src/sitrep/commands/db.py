"""``sitrep db init``: create (or upgrade) the crisis database and say what an administrator must run
where this role lacks the rights (create the database, the role, the PostGIS extension)."""

from __future__ import annotations

import re
import shlex
from typing import Optional

import click

from ..errors import SitrepError


@click.group()
def db() -> None:
    """Create and check the crisis database (SQLite file or PostgreSQL)."""


@db.command("init")
@click.option("--db", "target", required=True, metavar="PATH|URL",
              help="SQLite file (created) or postgresql://user@host:port/dbname (the database must exist).")
def init(target: str) -> None:
    """Create the tables (and, on PostgreSQL, PostGIS points where the extension can be had); safe to run
    again: it only adds what is missing, e.g. the PostGIS points once an administrator installed it."""
    from ..store import Store
    from ..store.store import _redact

    try:
        store = Store(target)
    except SitrepError as exc:
        advice = _advice(str(exc), target)
        raise SitrepError(f"{exc}{'; ' + advice if advice else ''}") from None
    with store:
        problem = store.enable_postgis() if store.backend == "postgresql" else None
        version, counts = store.schema_version, store.counts()
    click.echo(f"{_redact(target)}: Sitrep database ready (schema version {version}, "
               f"{counts['documents']} documents, {counts['fused_events']} fused events)")
    if store.backend == "postgresql":
        if problem is None:
            click.echo("PostGIS: yes (events and fused events carry geom points)")
        else:
            click.echo(f"PostGIS: no, {problem}. The store works without it (plain lat/lon, --bbox queries). "
                       f"To add it: {postgis_advice(problem, target)}")


def _parts(target: str) -> dict:
    from sqlalchemy.engine import make_url

    from ..store.store import database_url

    url = make_url(database_url(target))
    return {"role": url.username or "$USER", "database": url.database or "postgres"}


def postgis_advice(problem: str, target: str) -> str:
    """The commands that give this database PostGIS (as the server's administrator)."""
    p = _parts(target)
    steps = []
    if "not installed on the server" in problem:
        steps.append("install the server package (Debian/Ubuntu: `sudo apt-get install postgresql-15-postgis-3`, "
                     "matching the server's major version)")
    steps.append(f"as a superuser run `sudo -u postgres psql -d {shlex.quote(p['database'])} "
                 "-c 'CREATE EXTENSION postgis;'`")
    steps.append(f"then run `sitrep db init --db {target_hint(target)}` again")
    return ", ".join(steps)


def target_hint(target: str) -> str:
    from ..store.store import _redact

    return _redact(target)


def _advice(message: str, target: str) -> Optional[str]:
    """What to run for the usual reasons a PostgreSQL database cannot be opened or created."""
    if not re.match(r"^postgres", target):
        return None
    p = _parts(target)
    role, database = shlex.quote(p["role"]), shlex.quote(p["database"])
    if re.search(r'database ".*" does not exist', message):
        return f"create it as a superuser: `sudo -u postgres createdb -O {role} {database}`"
    if re.search(r'role ".*" does not exist', message):
        return (f"create the role as a superuser: `sudo -u postgres createuser --pwprompt {role}`, then "
                f"`sudo -u postgres createdb -O {role} {database}`")
    if "password authentication failed" in message or "no password supplied" in message:
        return f"check the password in the URL (set it with `sudo -u postgres psql -c '\\password {p['role']}'`)"
    if "permission denied for schema" in message:
        return (
            f"let the role create tables: `sudo -u postgres psql -d {database} -c "
            f"'ALTER DATABASE {p['database']} OWNER TO {p['role']}; GRANT CREATE ON SCHEMA public TO {p['role']};'`"
        )
    if "Connection refused" in message or "could not connect" in message or "No such file or directory" in message:
        return ("is the server running and listening there? start it (Debian: `sudo pg_ctlcluster 15 main start` "
                "or `sudo systemctl start postgresql`) and check host and port in the URL")
    return None
