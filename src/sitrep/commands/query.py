"""``sitrep query``: fused events from the crisis database, as a table."""

from __future__ import annotations

import sys

import click

from .common import open_existing, parse_bbox


@click.command()
@click.option("--db", required=True, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option(
    "--country", metavar="COUNTRY", help="Country of the event's location: name (Syria), ISO alpha-2 or alpha-3."
)
@click.option("--admin1", metavar="NAME", help="First-level region (case-insensitive substring).")
@click.option(
    "--type", "type_", metavar="TYPE", help="PLOVER type (ASSAULT), CAMEO code prefix (19) or ACLED (sub-)event type."
)
@click.option("--actor", metavar="CODE", help="Actor: CAMEO code prefix (RUS, SYRGOV), ISO3 country or name.")
@click.option("--since", metavar="YYYY-MM-DD", help="Events ending on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Events starting on or before this date.")
@click.option("--text", metavar="WORDS", help="Full-text search in the reports and evidence (all words).")
@click.option("--bbox", metavar="W,S,E,N", callback=parse_bbox,
              help="Only events located inside this box (degrees: west,south,east,north).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many events (1 or more).")
@click.option("--series", is_flag=True, help="List the standalone figure series (displacement, refugees...) instead.")
@click.option(
    "--explain",
    is_flag=True,
    help="After the table, why each report joined its fused event: the rules that fired and their values.",
)
def query(db, country, admin1, type_, actor, since, until, text, bbox, limit, series, explain):
    """Print the fused events matching the filters: date, type, actors, place, killed, sources."""
    from rich.console import Console
    from rich.table import Table

    from ..export.rows import actor_label, figure_text, place_label
    from ..store import QueryFilters
    from ..store.countries import country_code

    # a pipe or file gets the full table, not one squeezed into 80 columns
    console = Console(width=None if sys.stdout.isatty() else 200)
    country = country_code(country) if country else None
    with open_existing(db) as store:
        if series:
            points = store.series(country=country)
            table = Table("series", "as of", "low", "best", "high", "reports", title=f"{len(points)} series points")
            for p in points:
                table.add_row(p.key, p.date.end, *(str(v) if v is not None else "" for v in (p.low, p.best, p.high)),
                              str(len(p.reports)))
            console.print(table)
            return
        events = store.query(QueryFilters(country=country, admin1=admin1, type=type_, actor=actor, since=since,
                                          until=until, text=text, limit=limit, bbox=bbox))
    table = Table("date", "type", "actor 1", "actor 2", "place", "killed (low-best-high)", "sources", "id",
                  title=f"{len(events)} fused events")
    for e in events:
        killed = e.figure("killed")
        date = (
            e.date.start
            if e.date and e.date.start == e.date.end
            else (f"{e.date.start}..{e.date.end}" if e.date else "")
        )
        table.add_row(
            date, e.type.plover or e.type.cameo or "", actor_label(e.actor1), actor_label(e.actor2),
            place_label(e.location), figure_text(killed), str(len({s.document for s in e.sources})), e.id,
        )
    console.print(table)
    if explain:
        _explain(console, events)


def _explain(console, events) -> None:
    """Each fused event's rules, one line per rule: which report joined which, and the rule's value.
    Values come from article text: printed as plain text, never as markup."""
    from rich.text import Text

    for e in events:
        console.print(Text(f"{e.id}: {len({s.document for s in e.sources})} report(s)"))
        if not e.rules:
            console.print(Text("  single report"))
        for r in e.rules:
            console.print(Text(f"  {r.report} joined {r.joined}: {r.rule} = {r.value}"))
