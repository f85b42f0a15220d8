"""``sitrep ingest``: read reports into the crisis database, extract them in parallel, fuse."""

from __future__ import annotations

import functools
import signal
import sys

import click


def open_store(target: str):
    """The store at ``target`` (created if need be); a PostgreSQL database that cannot be opened gets
    the command an administrator must run appended."""
    from ..errors import SitrepError
    from ..store import Store
    from .db import _advice

    try:
        return Store(target)
    except SitrepError as exc:
        advice = _advice(str(exc), target)
        raise SitrepError(f"{exc}{'; ' + advice if advice else ''}") from None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--db", required=True, metavar="PATH|URL",
              help="SQLite file (created on first use) or postgresql://user@host:port/dbname.")
@click.option("--workers", type=int, default=None,
              help="Extraction processes (default: 2 on a multi-core machine; 1 runs in-process).")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for inputs that do not carry one.")
@click.option("--source", metavar="NAME", help="Source name for inputs that do not carry one.")
@click.option("--classifier/--no-classifier", default=True, show_default=True,
              help="Let the learned classifier refine ACLED types (about 2-3x slower; CAMEO, PLOVER, "
                   "actors and figures are the same either way).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--engine", type=click.Choice(["process", "ray"]), default="process", show_default=True,
              help="Where extraction runs: a pool of local processes, or actors on a Ray cluster "
                   '(needs `pip install "sitrep[ray]"`; --workers actors of one CPU each).')
@click.option("--ray-address", default="local", show_default=True, metavar="local|auto|ADDRESS",
              help="With --engine ray: 'local' starts a private cluster on 127.0.0.1 for this run; 'auto' or "
                   "an address (host:6379, ray://host:10001) joins a running one.")
def ingest(inputs, db, workers, published, source, classifier, progress, engine, ray_address):
    """Ingest INPUTS (files, directories, JSONL records, RSS/Atom feeds, PDFs) into the database at --db.

    Reports already stored (same URL or same text) are skipped, so re-running after an interruption
    resumes where it stopped. Bad inputs are reported one line each; the rest still ingest.
    """
    from ..ingest.runner import default_workers
    from ..ingest.runner import ingest as run_ingest
    from ..model import parse_published
    from ..stages import DEFAULT_STAGES, DICTIONARY_STAGES
    from .common import one_line

    try:
        parse_published(published)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from None
    if workers is not None and workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    show = sys.stderr.isatty() if progress is None else progress
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it like Ctrl-C: counts, then exit 130
    if engine == "ray":
        from ..ingest.ray_engine import ingest_ray, require_ray

        require_ray(local=ray_address == "local")  # before the database is created: a one-line error
        run_ingest = functools.partial(ingest_ray, address=ray_address)
    with open_store(db) as store:
        stats = run_ingest(
            inputs, store, workers=workers or default_workers(), published=published, source=source,
            stages=DEFAULT_STAGES if classifier else DICTIONARY_STAGES,
            progress=show, on_error=lambda msg: click.echo(f"sitrep: error: {one_line(msg, 1500)}", err=True),
        )
        counts = store.counts()
    click.echo(
        f"read {stats.read}, added {stats.added}, skipped {stats.duplicates} already stored, "
        f"{len(stats.errors)} errors; {stats.events} events extracted in {stats.seconds:.1f} s "
        f"({stats.docs_per_second:.1f} docs/s). Database: {counts['documents']} documents, "
        f"{counts['events']} events, {counts['fused_events']} fused events, {counts['series']} series points.",
        err=True,
    )
    if stats.errors:
        sys.exit(1)
