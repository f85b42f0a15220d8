"""``sitrep eval SUITE``: score Sitrep against public gold sets and print one table."""

from __future__ import annotations

import json
from pathlib import Path

import click

DEFAULT_SHARED = Path(__file__).resolve().parents[4] / "shared"


@click.command("eval")
@click.argument("suites", nargs=-1, required=True)
@click.option(
    "--limit",
    type=int,
    default=None,
    help="Score N evenly spaced items of each suite (a fast check; classifier cross-validation runs only without it).",
)
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write the full JSON report (per label, per category, errors) to FILE.")
@click.option("--shared", "shared", type=click.Path(file_okay=False), default=None,
              help="Folder holding gold/ and seed/ (default: ../shared beside the repository, or $SITREP_SHARED).")
@click.option("--details/--no-details", default=True, show_default=True, help="Print per-category / per-label detail.")
@click.option("--end-to-end", "end_to_end", is_flag=True,
              help="geo: score recognition and resolution together (the geo-e2e suite).")
def eval_(suites, limit, report_path, shared, details, end_to_end):
    """Run SUITES (petrarch, petrarch-gsr, plover, cameo5, seed, geo, reports, case2021, geo-e2e, or all)
    offline and print one table."""
    import os

    from ..errors import InputError
    from ..evaluate import format_details, format_table, run

    root = Path(shared or os.environ.get("SITREP_SHARED") or DEFAULT_SHARED)
    if not root.is_dir():
        raise InputError(str(root), "gold data folder not found (pass --shared DIR)")
    if limit is not None and limit < 1:
        raise click.BadParameter("must be at least 1", param_hint="--limit")
    if end_to_end:
        suites = tuple("geo-e2e" if s == "geo" else s for s in suites)
    report = run(suites, root, limit, log=lambda m: click.echo(m, err=True))
    click.echo(format_table(report))
    if details:
        click.echo(format_details(report))
    if report_path:
        Path(report_path).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"report written to {report_path}", err=True)
