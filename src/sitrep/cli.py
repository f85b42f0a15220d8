"""The ``sitrep`` command line. Each subcommand lives in its own module and is imported only when used."""

from __future__ import annotations

import importlib
import sys

import click

from .errors import SitrepError

# name -> "module:attribute" of a click command. Add one line per subcommand.
COMMANDS = {
    "extract": "sitrep.commands.extract:extract",
    "geocode": "sitrep.commands.geocode:geocode",
    "ingest": "sitrep.commands.ingest:ingest",
    "query": "sitrep.commands.query:query",
    "export": "sitrep.commands.export:export",
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
    """Entry point: a SitrepError becomes one line on stderr and exit status 2, never a traceback."""
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
        click.echo(f"sitrep: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
