"""The Parquet exporter and the streaming writer (used by the HTTP API) against the whole-list exporters."""

from __future__ import annotations

import io
import json

import pytest

from fusefix import strike_reports
from sitrep.export import write
from sitrep.export.stream import STREAM_FORMATS, stream
from sitrep.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("parquet") / "crisis.db")
    with Store(path) as store:
        store.add_results(strike_reports())
        store.refuse()
    return path


@pytest.fixture(scope="module")
def fused(db):
    with Store(db) as store:
        return store.query()


@pytest.mark.parametrize("fmt", [f for f in STREAM_FORMATS if f != "parquet"])
def test_streaming_in_batches_writes_what_the_exporter_writes(fused, fmt):
    whole = io.StringIO()
    write(fmt, fused, [], whole)
    streamed = "".join(stream(fmt, [fused[:1], [], fused[1:3], fused[3:]]))
    if fmt in ("geojson", "plover"):  # the same JSON, more compact
        assert json.loads(streamed) == json.loads(whole.getvalue())
    elif fmt == "jsonl":
        assert [json.loads(line) for line in streamed.splitlines()] == [
            json.loads(line) for line in whole.getvalue().splitlines()
        ]
    else:
        assert streamed == whole.getvalue()


def test_parquet_streamed_in_row_groups_reads_back_as_one_table(fused):
    import pyarrow.parquet as pq

    data = b"".join(stream("parquet", [fused[:2], fused[2:]]))
    f = pq.ParquetFile(io.BytesIO(data))
    assert f.metadata.num_row_groups == 2 and f.metadata.num_rows == len(fused)
    rows = f.read().to_pylist()
    assert [r["id"] for r in rows] == [e.id for e in fused]
    idlib = next(r for r in rows if r["place"] == "Idlib")
    assert (idlib["killed_low"], idlib["killed_best"], idlib["killed_high"]) == (15, 16, 19)
    assert idlib["latitude"] == pytest.approx(35.9306) and json.loads(idlib["data"])["id"] == idlib["id"]


def test_cli_exports_parquet_for_pandas(db, tmp_path):
    pd = pytest.importorskip("pandas")
    from click.testing import CliRunner

    from sitrep.cli import main

    out = tmp_path / "events.parquet"
    res = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet", "-o", str(out)])
    assert res.exit_code == 0, res.output
    frame = pd.read_parquet(out)
    assert len(frame) == 4 and set(frame["country"]) == {"SYR", "RUS"}
    assert frame.loc[frame["place"] == "Moscow", "plover"].item() == "CONSULT"
