"""Parquet export: one row per fused event, typed columns, for pandas (``pd.read_parquet``) and DuckDB.

Columns (:data:`SCHEMA`): identity and types, both actors, the place with coordinates, the dates,
killed and injured as low/best/high, the number of source reports, their sources and URLs (lists), the
fusion reasons (list) and the whole fused event as JSON (``data``) for anything the columns leave out.
Written row group by row group, so a large export never holds more than one batch of rows.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterable, Optional

from ..fuse.model import FusedEvent, SeriesPoint
from ..model import Actor, to_dict


def parquet_schema():
    import pyarrow as pa

    s, f, i, ls = pa.string(), pa.float64(), pa.int64(), pa.list_(pa.string())
    cols = [
        ("id", s),
        ("family", s),
        ("plover", s),
        ("plover_mode", s),
        ("cameo", s),
        ("acled_event_type", s),
        ("acled_sub_event_type", s),
    ]
    for slot in ("actor1", "actor2"):
        cols += [(f"{slot}_code", s), (f"{slot}_name", s), (f"{slot}_country", s), (f"{slot}_sector", s)]
    cols += [
        ("place", s),
        ("country", s),
        ("admin1", s),
        ("latitude", f),
        ("longitude", f),
        ("geonameid", i),
        ("geo_precision", s),
        ("date_start", s),
        ("date_end", s),
        ("date_precision", s),
    ]
    for kind in ("killed", "injured"):
        cols += [(f"{kind}_low", i), (f"{kind}_best", i), (f"{kind}_high", i)]
    cols += [("n_sources", i), ("sources", ls), ("urls", ls), ("reasons", ls), ("confidence", f), ("data", s)]
    return pa.schema(cols)


def _actor(slot: str, a: Optional[Actor]) -> dict:
    return {
        f"{slot}_code": a.code if a else None,
        f"{slot}_name": (a.name or a.text) if a else None,
        f"{slot}_country": a.country if a else None,
        f"{slot}_sector": a.sector if a else None,
    }


def parquet_row(e: FusedEvent) -> dict:
    loc, date = e.location, e.date
    row = {
        "id": e.id,
        "family": e.family,
        "plover": e.type.plover,
        "plover_mode": e.type.plover_mode,
        "cameo": e.type.cameo,
        "acled_event_type": e.type.acled_event_type,
        "acled_sub_event_type": e.type.acled_sub_event_type,
        **_actor("actor1", e.actor1),
        **_actor("actor2", e.actor2),
        "place": (loc.name or loc.text) if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "geo_precision": loc.precision if loc else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
    }
    for kind in ("killed", "injured"):
        fig = e.figure(kind)
        row.update(
            {
                f"{kind}_low": fig.low if fig else None,
                f"{kind}_best": fig.best if fig else None,
                f"{kind}_high": fig.high if fig else None,
            }
        )
    row.update(
        {
            "n_sources": len({s.document for s in e.sources}),
            "sources": sorted({s.source for s in e.sources if s.source}),
            "urls": [s.url for s in e.sources if s.url],
            "reasons": list(e.reasons),
            "confidence": e.confidence,
            "data": json.dumps(to_dict(e), ensure_ascii=False),
        }
    )
    return row


def write_parquet_batches(batches: Iterable[list[FusedEvent]], out: BinaryIO) -> None:
    """Write each batch of events as one row group of a Parquet file on ``out`` (zstd-compressed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        wrote = False
        for batch in batches:
            if batch or not wrote:
                writer.write_table(pa.Table.from_pylist([parquet_row(e) for e in batch], schema=schema))
                wrote = True


def write_parquet(events: list[FusedEvent], series: list[SeriesPoint], out: BinaryIO) -> None:
    write_parquet_batches([list(events)], out)
