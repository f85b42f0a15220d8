"""The export formats written batch by batch, as chunks of text (or bytes for Parquet).

``stream(fmt, batches)`` takes an iterable of lists of fused events and yields the export piece by
piece: the header (CSV, HXL, CAMEO) or opening bracket (GeoJSON, PLOVER) once, then each batch, then
the closing bracket. Memory stays bounded by one batch; the output equals :func:`sitrep.export.write`'s
up to whitespace in the JSON formats.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Callable, Iterable, Iterator

from ..fuse.model import FusedEvent
from ..model import to_dict
from . import geojson_feature, plover_record
from . import rows as R

STREAM_FORMATS = ("jsonl", "csv", "hxl", "geojson", "cameo", "plover", "parquet")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "cameo": "text/tab-separated-values; charset=utf-8",
    "plover": "application/json",
    "parquet": "application/vnd.apache.parquet",
}


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _table(
    header: list[list[str]], row: Callable[[FusedEvent], list], delimiter: str, batches: Iterable[list[FusedEvent]]
) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerows(header)
    yield buf.getvalue()
    for batch in batches:
        buf.seek(0)
        buf.truncate()
        writer.writerows(row(e) for e in batch)
        yield buf.getvalue()


def _json_array(
    opening: str, closing: str, item: Callable[[FusedEvent], object], batches: Iterable[list[FusedEvent]]
) -> Iterator[str]:
    yield opening
    first = True
    for batch in batches:
        items = [i for i in (item(e) for e in batch) if i is not None]
        if items:
            yield ("" if first else ",\n") + ",\n".join(_dumps(i) for i in items)
            first = False
    yield closing


class _Sink(io.RawIOBase):
    """A write-only file that hands each written chunk on (``drain``) instead of keeping it."""

    def __init__(self):
        super().__init__()
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.chunks.append(bytes(b))
        return len(b)

    def drain(self) -> Iterator[bytes]:
        data, self.chunks = b"".join(self.chunks), []
        if data:
            yield data


def _parquet(batches: Iterable[list[FusedEvent]]) -> Iterator[bytes]:
    """One row group per batch, each handed on as soon as it is written; the footer comes last."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .parquet import parquet_row, parquet_schema

    schema, sink = parquet_schema(), _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    try:
        for batch in batches:
            if batch:
                writer.write_table(pa.Table.from_pylist([parquet_row(e) for e in batch], schema=schema))
            yield from sink.drain()
    finally:
        writer.close()
    yield from sink.drain()


def stream(fmt: str, batches: Iterable[list[FusedEvent]]) -> Iterator[str | bytes]:
    """The export of ``batches`` in ``fmt`` (one of :data:`STREAM_FORMATS`), chunk by chunk."""
    if fmt == "jsonl":
        return ("".join(_dumps(to_dict(e)) + "\n" for e in batch) for batch in batches)
    if fmt == "csv":
        cols = list(R.columns("acled_columns.txt"))
        return _table([cols], lambda e: [R.acled_row(e).get(c, "") for c in cols], ",", batches)
    if fmt == "hxl":
        hxl = R.hxl_columns()
        return _table([[c[0] for c in hxl], [c[1] for c in hxl]], R.hxl_row, ",", batches)
    if fmt == "cameo":
        cols = list(R.columns("gdelt_v1_columns.txt"))
        return _table([cols], lambda e: [R.gdelt_row(e).get(c, "") for c in cols], "\t", batches)
    if fmt == "geojson":
        return _json_array('{"type":"FeatureCollection","features":[\n', "\n]}\n", geojson_feature, batches)
    if fmt == "plover":
        return _json_array("[\n", "\n]\n", plover_record, batches)
    if fmt == "parquet":
        return _parquet(batches)
    raise ValueError(f"unknown export format {fmt!r}")
