"""``sitrep serve``: the HTTP API (``/v1/…``) and the offline dashboard (``/``) over a crisis database."""

from __future__ import annotations

import ipaddress
import os

import click

from ..errors import SitrepError


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; False for anything else (0.0.0.0, a LAN address...)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a write token: writes would then be open to no one,
    but an unauthenticated server on a network is exactly what the token requirement exists to prevent."""
    if not is_loopback(host) and not token:
        raise SitrepError(
            f"--host {host}: refusing to listen on a non-loopback address without "
            "SITREP_API_TOKEN set (set it, or use --host 127.0.0.1)"
        )


@click.command()
@click.option("--db", required=True, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. A non-loopback address needs SITREP_API_TOKEN.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (each opens the database; SQLite readers run in parallel).",
)
@click.option(
    "--log-level", type=click.Choice(["critical", "error", "warning", "info"]), default="info", show_default=True
)
def serve(db, host, port, workers, log_level):
    """Serve the JSON API (/v1/…, OpenAPI at /v1/openapi.json) and the dashboard (/) for the database at --db.

    Writes (POST /v1/documents, POST /v1/refuse) need the bearer token given in SITREP_API_TOKEN.
    """
    import uvicorn

    from ..serve.app import create_app

    token = os.environ.get("SITREP_API_TOKEN") or None
    check_bind(host, token)
    create_app(db, token=token).state.store.close()  # open (and migrate) once here: a bad --db fails now
    click.echo(
        f"sitrep: serving {db} on http://{host}:{port}/ (API: /v1/, writes "
        f"{'need the bearer token' if token else 'disabled: SITREP_API_TOKEN not set'})",
        err=True,
    )
    os.environ["SITREP_DB"] = db
    uvicorn.run(
        "sitrep.serve.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=log_level == "info",
    )
