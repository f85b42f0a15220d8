"""Exports of the fused crisis database: ``write(fmt, events, series, out)``.

Formats (:data:`FORMATS`):

- ``json``: ``{"events": [FusedEvent...], "series": [SeriesPoint...]}`` (``sitrep.model.to_dict`` shape);
- ``jsonl``: one fused event per line;
- ``csv``: ACLED's public column names (``data/export/acled_columns.txt``), one row per fused event;
- ``hxl``: CSV with a header row and an HXL hashtag row (``data/export/hxl_columns.tsv``);
- ``geojson``: an RFC 7946 FeatureCollection of the events that have coordinates;
- ``cameo``: tab-separated GDELT 1.0 event columns (``data/export/gdelt_v1_columns.txt``), with a header;
- ``plover``: a JSON list of PLOVER records in the style of the PLOVER gold-standard records;
- ``parquet`` (binary, :mod:`sitrep.export.parquet`): one row per fused event, for pandas and DuckDB.

:mod:`sitrep.export.stream` writes the same formats batch by batch (the HTTP API streams with it).
"""

from __future__ import annotations

import csv
import json
from typing import Any, Callable, Iterable, TextIO

from ..fuse.model import FusedEvent, SeriesPoint
from ..model import iso_day, to_dict
from . import rows as R


def write_json(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    json.dump({"events": to_dict(events), "series": to_dict(series)}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    for e in events:
        out.write(json.dumps(to_dict(e), ensure_ascii=False) + "\n")


def write_csv(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(R.columns("acled_columns.txt")), lineterminator="\n")
    writer.writeheader()
    for e in events:
        writer.writerow(R.acled_row(e))


def write_hxl(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    cols = R.hxl_columns()
    writer.writerow([c[0] for c in cols])
    writer.writerow([c[1] for c in cols])
    for e in events:
        writer.writerow(R.hxl_row(e))


def geojson_feature(e: FusedEvent) -> dict | None:
    """A fused event as a GeoJSON Feature (a Point), or None when it has no coordinates."""
    loc = e.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    killed = e.figure("killed")
    return {
        "type": "Feature",
        "id": e.id,
        "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
        "properties": {
            "id": e.id,
            "date_start": e.date.start if e.date else None,
            "date_end": e.date.end if e.date else None,
            "plover": e.type.plover,
            "cameo": e.type.cameo,
            "acled_event_type": e.type.acled_event_type,
            "actor1": R.actor_label(e.actor1) or None,
            "actor2": R.actor_label(e.actor2) or None,
            "place": R.place_label(loc),
            "country": loc.country,
            "admin1": loc.admin1,
            "geo_precision": loc.precision,
            "killed_low": killed.low if killed else None,
            "killed_best": killed.best if killed else None,
            "killed_high": killed.high if killed else None,
            "n_reports": len({s.document for s in e.sources}),
            "sources": R.sources_text(e),
            "description": R.description(e),
        },
    }


def write_geojson(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    features = [f for f in (geojson_feature(e) for e in events) if f is not None]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_cameo(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    writer = csv.DictWriter(
        out, fieldnames=list(R.columns("gdelt_v1_columns.txt")), delimiter="\t", lineterminator="\n"
    )
    writer.writeheader()
    for e in events:
        writer.writerow(R.gdelt_row(e))


def _plover_actor(a) -> list[dict]:
    if a is None:
        return []
    return [{"actorText": a.text, "code": a.code or a.country or "", "country": a.country, "sector": a.sector or ""}]


def plover_record(e: FusedEvent) -> dict:
    """A fused event as a PLOVER record (field names of the PLOVER gold-standard records)."""
    loc = e.location
    first = next((s for s in e.sources if s.evidence), e.sources[0] if e.sources else None)
    record: dict[str, Any] = {
        "id": e.id,
        "date": iso_day(e.date.start) if e.date else None,
        "event": e.type.plover,
        "mode": e.type.plover_mode,
        "source": _plover_actor(e.actor1),
        "target": _plover_actor(e.actor2),
        "text": first.evidence.text if first and first.evidence else None,
        "publication": R.sources_text(e),
        "language": "en",
        "coder": "sitrep",
        "cameo": e.type.cameo,
    }
    if loc is not None:
        record["eventLoc"] = {
            "name": loc.name or loc.text, "country code": R.country_iso2(loc.country), "country": loc.country,
            "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon, "geonameid": loc.geonameid,
        }
    for kind, key in (("killed", "dead"), ("injured", "injured")):
        f = e.figure(kind)
        if f is not None and f.best is not None:
            record[key] = str(f.best)
    record["sources"] = [
        {"document": s.document, "publication": s.source, "url": s.url, "date": s.published,
         "text": s.evidence.text if s.evidence else None}
        for s in e.sources
    ]
    record["fusion"] = {"reasons": e.reasons, "figures": to_dict(e.figures)}
    return record


def write_plover(events: list[FusedEvent], series: list[SeriesPoint], out: TextIO) -> None:
    json.dump([plover_record(e) for e in events], out, ensure_ascii=False, indent=1)
    out.write("\n")


Writer = Callable[[list[FusedEvent], list[SeriesPoint], TextIO], None]
FORMATS: dict[str, Writer] = {
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
    "hxl": write_hxl,
    "geojson": write_geojson,
    "cameo": write_cameo,
    "plover": write_plover,
}


def write(fmt: str, events: Iterable[FusedEvent], series: Iterable[SeriesPoint], out: TextIO) -> None:
    """Write ``events`` (and ``series`` where the format has room for them) to ``out`` as ``fmt``."""
    from ..errors import SitrepError

    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise SitrepError(f"unknown export format {fmt!r}; known: {', '.join(sorted(FORMATS))}") from None
    writer(list(events), list(series), out)
