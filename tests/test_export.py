"""Exports round-trip through their reference readers: pandas (CSV), libhxl (HXL), geojson (GeoJSON)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fusefix import strike_reports
from sitrep.export import FORMATS, write
from sitrep.export.rows import columns
from sitrep.fuse import FusedEvent
from sitrep.model import from_dict
from sitrep.store import Store

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
]
HXL_TAGS = [
    "#date+occurred", "#event+type", "#group+name+first", "#group+name+second", "#country+code", "#adm1+name",
    "#loc+name", "#geo+lat", "#geo+lon", "#affected+killed", "#affected+injured", "#affected+displaced",
    "#meta+source", "#meta+url", "#description",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("export") / "crisis.db")
    with Store(path) as store:
        store.add_results(strike_reports())
        store.refuse()
    return path


@pytest.fixture(scope="module")
def fused(db):
    with Store(db) as store:
        return store.query(), store.series()


def export(fused, fmt: str) -> str:
    out = io.StringIO()
    write(fmt, *fused, out)
    return out.getvalue()


def _strike_row(rows):
    return next(r for r in rows if str(r["location"]) == "Idlib" and "Russia" in str(r["actor1"]))


def test_csv_has_acleds_columns_and_reads_back_with_pandas(fused):
    import pandas as pd

    frame = pd.read_csv(io.StringIO(export(fused, "csv")))
    assert list(frame.columns) == ACLED_COLUMNS
    assert len(frame) == 4
    row = _strike_row(frame.to_dict("records"))
    assert row["event_date"] == "2020-03-05" and row["year"] == 2020 and row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["actor1"] == "Military Forces of Russia" and row["inter1"] == 1
    assert row["actor2"] == "civilians" and row["inter2"] == 7 and row["interaction"] == 17
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["iso"] == 760 and row["country"] == "Syria" and row["admin1"] == "Idlib"
    assert row["latitude"] == pytest.approx(35.9306) and row["geo_precision"] == 1
    assert row["fatalities"] == 16
    assert row["source"].split("; ") == ["Levant Wire", "Northern Wire", "Gulf Herald"]  # by publication
    assert row["event_id_cnty"].startswith("SYR")
    assert frame["event_id_cnty"].is_unique


def test_hxl_reads_back_with_libhxl(fused, tmp_path):
    import hxl
    from hxl.input import InputOptions

    path = tmp_path / "events.csv"
    path.write_text(export(fused, "hxl"), encoding="utf-8")
    dataset = hxl.data(str(path), InputOptions(allow_local=True))
    assert [c.display_tag for c in dataset.columns] == HXL_TAGS
    rows = list(dataset)
    assert len(rows) == 4
    strike = next(r for r in rows if r.get("#loc+name") == "Idlib" and r.get("#event+type") == "ASSAULT")
    assert strike.get("#affected+killed") == "16"
    assert strike.get("#country+code") == "SYR" and strike.get("#adm1+name") == "Idlib"
    assert strike.get("#date+occurred") == "2020-03-05"
    assert strike.get("#meta+url") == "https://levant.example/1"
    assert "[3 reports]" in strike.get("#description")


def test_geojson_is_valid_and_carries_the_figures(fused):
    import geojson

    text_ = export(fused, "geojson")
    collection = geojson.loads(text_)
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 4
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    strike = next(f for f in collection["features"] if f["properties"]["killed_best"] == 16)
    assert (strike["properties"]["killed_low"], strike["properties"]["killed_high"]) == (15, 19)
    assert strike["geometry"]["coordinates"] == [36.6339, 35.9306]  # GeoJSON order: lon, lat


def test_cameo_export_has_gdelt_columns(fused):
    import pandas as pd

    frame = pd.read_csv(io.StringIO(export(fused, "cameo")), sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(columns("gdelt_v1_columns.txt"))
    assert list(frame.columns)[:3] == ["GlobalEventID", "Day", "MonthYear"]
    strike = frame[(frame.EventCode == "195") & (frame.NumArticles == "3")].iloc[0]
    assert strike.Day == "20200305" and strike.EventRootCode == "19" and strike.QuadClass == "4"
    assert strike.Actor1Code == "RUSMIL" and strike.Actor1CountryCode == "RUS"
    assert strike.ActionGeo_CountryCode == "SY"  # GDELT 1.0 uses FIPS 10-4 country codes for places
    meeting = frame[frame.EventCode == "040"].iloc[0]
    assert meeting.QuadClass == "1" and meeting.ActionGeo_CountryCode == "RS"


def test_plover_records_follow_the_plover_gold_standard_fields(fused):
    records = json.loads(export(fused, "plover"))
    assert len(records) == 4
    strike = next(r for r in records if r.get("dead") == "16")
    assert strike["event"] == "ASSAULT" and strike["mode"] == "aerial" and strike["date"] == "2020-03-05"
    assert strike["source"][0]["code"] == "RUSMIL" and strike["target"][0]["sector"] == "CVL"
    assert strike["eventLoc"]["name"] == "Idlib" and strike["eventLoc"]["country code"] == "SY"
    assert len(strike["sources"]) == 3 and strike["fusion"]["reasons"]


def test_json_and_jsonl_round_trip_to_fused_events(fused):
    events, series = fused
    data = json.loads(export(fused, "json"))
    assert [from_dict(FusedEvent, e) for e in data["events"]] == events
    assert len(data["series"]) == len(series) == 1
    lines = export(fused, "jsonl").splitlines()
    assert [from_dict(FusedEvent, json.loads(line)) for line in lines] == events


def test_cli_export_writes_every_format(db, fused, tmp_path):
    from click.testing import CliRunner

    from sitrep.cli import main

    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        res = CliRunner().invoke(main, ["export", "--db", db, "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        # the file holds what the format's writer (checked against its reference reader above) makes of
        # every fused event of the database: all 4 events, none lost or added on the way to disk
        assert out.read_text("utf-8") == export(fused, fmt), fmt
    res = CliRunner().invoke(main, ["export", "--db", db, "--format", "csv", "--country", "RUS"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["location"] for r in rows] == ["Moscow"]


def test_cli_query_filters_and_prints_a_table(db):
    from click.testing import CliRunner

    from sitrep.cli import main

    res = CliRunner().invoke(main, ["query", "--db", db, "--country", "SYR", "--admin1", "Idlib", "--type", "ASSAULT",
                                    "--actor", "RUS", "--since", "2020-03-01", "--until", "2020-03-31"])
    assert res.exit_code == 0, res.output
    assert "1 fused events" in res.output and "15-16-19" in res.output
    res = CliRunner().invoke(main, ["query", "--db", db, "--text", "Saraqib"])
    assert "Saraqib" in res.output
    res = CliRunner().invoke(main, ["query", "--db", db, "--series"])
    assert "displaced@SYR/Idlib" in res.output
