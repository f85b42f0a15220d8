"""``sitrep extract``: code reports into events, figures, actors, places and relations."""

from __future__ import annotations

import json
import sys

import click

from ..errors import InputError
from ..model import to_dict


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date for inputs that do not carry one.")
@click.option("--source", metavar="NAME", help="Source name for inputs that do not carry one.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one JSON document (a list when several reports); jsonl: one result a line.")
@click.option("--classifier/--no-classifier", default=True, show_default=True,
              help="Let the learned classifier refine ACLED types (about 2-3x slower; CAMEO, PLOVER, "
                   "actors and figures are the same either way).")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file (default stdout).")
def extract(paths, published, source, fmt, classifier, output):
    """Code the reports in PATHS (.txt, .json, .jsonl, .html) and print one result per document."""
    from ..ingest.readers import iter_input_files, read_documents
    from ..model import parse_published
    from ..pipeline import Pipeline, default_pipeline
    from ..stages import DICTIONARY_STAGES

    try:
        parse_published(published)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from None

    documents = []
    failures = 0
    for item in iter_input_files(paths):
        found = [item] if isinstance(item, InputError) else read_documents(item, published, source)
        for doc in found:
            if isinstance(doc, InputError):  # one line naming the input; the rest still runs
                failures += 1
                click.echo(f"sitrep: error: {doc}", err=True)
            else:
                documents.append(doc)
                if doc.published is None:  # one line per document: relative dates are not guessed
                    click.echo(f"sitrep: warning: {doc.id}: no publication date (pass --published): "
                               "relative dates ('today', 'on Tuesday') stay unresolved (precision 'unknown')", err=True)
    good = documents
    results = []
    if good:
        pipeline = default_pipeline() if classifier else Pipeline(stages=DICTIONARY_STAGES)
        progress = sys.stderr.isatty() and len(good) > 10
        if progress:
            from rich.console import Console
            from rich.progress import track

            # on stderr: stdout carries the JSON
            stream = track(pipeline.pipe(good), total=len(good), description="extracting",
                           console=Console(stderr=True), transient=True)
        else:
            stream = pipeline.pipe(good)
        results = [to_dict(r) for r in stream]

    with click.open_file(output, "w", encoding="utf-8") as out:
        if fmt == "jsonl":
            for r in results:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            payload = results[0] if len(results) == 1 and len(paths) == 1 and not _multi(paths) else results
            json.dump(payload, out, ensure_ascii=False, indent=2)
            out.write("\n")
    if failures:
        sys.exit(1)


def _multi(paths) -> bool:
    return any(str(p).lower().endswith(".jsonl") for p in paths)
