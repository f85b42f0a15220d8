"""The ``sitrep`` command line. Each subcommand lives in its own module and is imported only when used."""

from __future__ import annotations

import importlib
import sys

import click

from .commands.common import one_line
from .errors import SitrepError

# name -> "module:attribute" of a click command. Add one line per subcommand.
COMMANDS = {
    "extract": "sitrep.commands.extract:extract",
    "geocode": "sitrep.commands.geocode:geocode",
    "ingest": "sitrep.commands.ingest:ingest",
    "query": "sitrep.commands.query:query",
    "export": "sitrep.commands.export:export",
    "db": "sitrep.commands.db:db",
    "serve": "sitrep.commands.serve:serve",
    "eval": "sitrep.commands.eval:eval_",
    "train": "sitrep.commands.train:train",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup)
@click.version_option(package_name="sitrep")
def main() -> None:
    """Sitrep: code reports of armed conflict and humanitarian crises into sourced events and figures."""


def run() -> None:
    """Entry point: an error becomes one line on stderr, never a traceback. A SitrepError (bad input,
    bad option) exits 2; anything unexpected exits 70 and its traceback goes to a log file named in the
    line. Libraries' log records are not printed (they may quote untrusted input)."""
    import logging

    if not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        rv = main(standalone_mode=False)
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SitrepError as exc:
        click.echo(f"sitrep: error: {one_line(str(exc), 1500)}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last resort: one line here, the traceback in a file
        log = write_traceback_log()
        where = f"traceback in {log}" if log else "no log file could be written"
        # a database error's own first line, not SQLAlchemy's rendering with the statement and its parameters
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""]
        click.echo(f"sitrep: internal error: {type(exc).__name__}: {one_line(lines[0])} ({where})", err=True)
        sys.exit(70)


def write_traceback_log() -> str | None:
    """Write the current exception's traceback to ``$SITREP_LOG_DIR`` (default: ``logs/`` in the cache
    directory) and return the file's path, or None when it cannot be written."""
    import datetime as dt
    import os
    import traceback
    from pathlib import Path

    base = os.environ.get("SITREP_LOG_DIR") or os.path.join(
        os.environ.get("SITREP_CACHE_DIR") or os.path.expanduser("~/.cache/sitrep"), "logs")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        path = Path(base) / f"sitrep-{stamp}-{os.getpid()}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"sitrep {' '.join(sys.argv[1:])}\n{traceback.format_exc()}", encoding="utf-8")
    except OSError:
        return None
    return str(path)
