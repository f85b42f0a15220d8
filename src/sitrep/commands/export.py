"""``sitrep export``: the fused crisis database in analysts' formats."""

from __future__ import annotations

import click

from ..export import FORMATS


@click.command()
@click.option("--db", required=True, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "parquet"])), required=True,
              help="json, jsonl (fused events), csv (ACLED columns), hxl, geojson, cameo (GDELT 1.0 columns), plover, "
                   "parquet (one typed row per event, for pandas and DuckDB).")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file (default stdout).")
@click.option("--country", metavar="ISO3", help="Only events in this country.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only events ending on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events starting on or before this date.")
def export(db, fmt, output, country, since, until):
    """Write the fused events (and, in json, the figure series) of the database at --db."""
    from ..export import write
    from ..store import QueryFilters, Store

    with Store(db) as store:
        events = store.query(QueryFilters(country=country, since=since, until=until))
        series = store.series(country=country)
    if fmt == "parquet":
        from ..export.parquet import write_parquet

        with click.open_file(output, "wb") as out:
            write_parquet(events, series, out)
        return
    with click.open_file(output, "w", encoding="utf-8") as out:
        write(fmt, events, series, out)
