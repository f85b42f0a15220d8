"""``sitrep export``: the fused crisis database in analysts' formats."""

from __future__ import annotations

import click

from ..export import FORMATS
from .common import open_existing, parse_bbox


@click.command()
@click.option("--db", required=True, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "parquet"])), required=True,
              help="json, jsonl (fused events), csv (ACLED columns), hxl, geojson, cameo (GDELT 1.0 columns), plover, "
                   "parquet (one typed row per event, for pandas and DuckDB).")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file (default stdout).")
@click.option("--country", metavar="COUNTRY", help="Only events in this country: name, ISO alpha-2 or alpha-3.")
@click.option("--bbox", metavar="W,S,E,N", callback=parse_bbox,
              help="Only events located inside this box (degrees: west,south,east,north).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only events ending on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events starting on or before this date.")
def export(db, fmt, output, country, bbox, since, until):
    """Write the fused events (and, in json, the figure series) of the database at --db."""
    from ..export import write
    from ..store import QueryFilters
    from ..store.countries import country_code

    country = country_code(country) if country else None
    with open_existing(db) as store:
        events = store.query(QueryFilters(country=country, since=since, until=until, bbox=bbox))
        series = store.series(country=country)
    if fmt == "parquet":
        from ..export.parquet import write_parquet

        with click.open_file(output, "wb") as out:
            write_parquet(events, series, out)
        return
    with click.open_file(output, "w", encoding="utf-8") as out:
        write(fmt, events, series, out)
