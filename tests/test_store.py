"""The crisis database, run against both back ends: SQLite (embedded) and PostgreSQL + PostGIS."""

from __future__ import annotations

import pytest

from fusefix import strike_reports
from pg import db_target, pg_server  # noqa: F401  (pytest fixtures)
from sitrep.errors import SitrepError
from sitrep.model import to_dict
from sitrep.store import QueryFilters, Store
from sitrep.store.schema import SCHEMA_VERSION


@pytest.fixture
def store(db_target):  # noqa: F811  (a pytest fixture)
    with Store(db_target) as s:
        yield s


@pytest.fixture
def filled(store):
    store.add_results(strike_reports())
    store.refuse()
    return store


def test_a_new_database_is_created_and_migrated_to_the_current_schema(store, db_target):  # noqa: F811
    assert store.schema_version == SCHEMA_VERSION
    assert store.counts() == {"documents": 0, "events": 0, "figures": 0, "fused_events": 0, "series": 0}
    with Store(db_target) as again:  # reopening migrates nothing and loses nothing
        assert again.schema_version == SCHEMA_VERSION


def test_reports_round_trip_through_the_store(store):
    results = strike_reports()
    assert store.add_results(results) == len(results)
    stored = {r.key: r.result for r in store.reports()}
    assert len(stored) == len(results)
    by_id = {r.result.document.id: r.result for r in store.reports()}
    for original in results:
        assert to_dict(by_id[original.document.id]) == to_dict(original)


def test_the_same_document_is_never_stored_twice(store):
    results = strike_reports()
    store.add_results(results)
    assert store.add_results(results) == 0
    # same text with other whitespace: same content hash
    clone = strike_reports()[0]
    clone.document.text = "  " + clone.document.text.replace(" ", "\n ") + "\n"
    clone.document.url = None
    assert store.add_results([clone]) == 0
    # other text, same URL: the same document (an update of it)
    moved = strike_reports()[1]
    moved.document.text += " Updated."
    assert store.add_results([moved]) == 0
    counts = store.counts()
    assert counts["documents"] == len(results)
    assert counts["events"] == sum(len(r.events) for r in results)


def test_fusion_is_stored_and_replaced_not_appended(filled):
    first = filled.counts()
    assert first["fused_events"] == 4  # Idlib strike (3 reports), meeting (2), Saraqib, al-Atarib
    assert first["series"] == 1
    filled.refuse()
    assert filled.counts() == first
    n_members = filled.execute("SELECT count(*) FROM fused_members")[0][0]
    assert n_members == first["events"]


def test_query_filters(filled):
    q = filled.query
    assert len(q()) == 4
    assert len(q(QueryFilters(country="syr"))) == 3
    assert len(q(QueryFilters(country="RUS"))) == 1
    assert {e.location.name for e in q(QueryFilters(admin1="idlib"))} == {"Idlib", "Saraqib"}
    assert len(q(QueryFilters(type="ASSAULT"))) == 3
    assert len(q(QueryFilters(type="19"))) == 3  # CAMEO prefix
    assert len(q(QueryFilters(type="Air/drone strike"))) == 3  # ACLED sub-event type
    assert len(q(QueryFilters(actor="TUR"))) == 2  # Turkish drones; the Moscow meeting
    assert len(q(QueryFilters(actor="RUSMIL"))) == 2
    assert len(q(QueryFilters(since="2020-03-04", until="2020-03-04"))) == 1
    assert len(q(QueryFilters(since="2020-03-05"))) == 2
    strike = q(QueryFilters(type="ASSAULT", admin1="Idlib", actor="RUS"))
    assert len(strike) == 1 and len(strike[0].sources) == 3


def test_like_wildcards_in_a_filter_are_literal_characters(filled):
    q = filled.query
    assert q(QueryFilters(admin1="%")) == [] and q(QueryFilters(admin1="_dlib")) == []
    assert q(QueryFilters(actor="%")) == [] and q(QueryFilters(actor="_US")) == []
    assert len(q(QueryFilters(admin1="idl"))) == 2  # a plain substring still matches


def test_full_text_search_over_reports_and_evidence(filled):
    # words of one report: every fused event that report contributed to
    hits = filled.query(QueryFilters(text="Maarat Misrin"))
    assert {e.type.plover for e in hits} == {"ASSAULT", "CONSULT"}
    assert all("Gulf Herald" in {s.source for s in e.sources} for e in hits)
    assert "CONSULT" in {e.type.plover for e in filled.query(QueryFilters(text="Moscow"))}
    assert filled.query(QueryFilters(text="earthquake")) == []


def test_bad_query_dates_and_targets_are_one_line_errors(filled, tmp_path):
    with pytest.raises(SitrepError, match="--since '5 March' is not an ISO date"):
        filled.query(QueryFilters(since="5 March"))
    with pytest.raises(SitrepError, match="is a directory"):
        Store(str(tmp_path))
    with pytest.raises(SitrepError, match="does not exist"):
        Store(str(tmp_path / "missing" / "x.db"))


def test_sqlite_uses_wal_and_fts5(tmp_path):
    with Store(str(tmp_path / "c.db")) as s:
        assert s.execute("PRAGMA journal_mode")[0][0] == "wal"
        names = {r[0] for r in s.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"documents_fts", "evidence_fts"} <= names


def test_a_database_from_a_newer_sitrep_is_refused(tmp_path):
    path = str(tmp_path / "c.db")
    with Store(path) as s:
        with s.engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema_version'")
    with pytest.raises(SitrepError, match="newer than this Sitrep"):
        Store(path)


@pytest.mark.postgres
def test_postgres_stores_locations_as_postgis_points(pg_server):  # noqa: F811
    from pg import new_database, require_postgis

    require_postgis(pg_server)
    with Store(new_database(pg_server)) as s:
        assert s.postgis, "PostGIS extension missing on the test server"
        s.add_results(strike_reports())
        s.refuse()
        (point,) = s.execute(
            "SELECT ST_AsText(geom) FROM fused_events WHERE place_name = 'Al-Atarib'")[0:1]
        assert point[0] == "POINT(36.8303 36.1389)"
        near = s.execute(
            "SELECT count(*) FROM events "
            "WHERE ST_DWithin(geom::geography, ST_MakePoint(36.6339, 35.9306)::geography, 10000)"
        )
        assert near[0][0] == 3  # the three reports of the Idlib strike; Saraqib is 17 km away
