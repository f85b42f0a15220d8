"""The crisis database as deployed: real-length keys, old schemas, missing databases, PostGIS or not,
`sitrep db init`, and the command-line filters people type. Both back ends where it matters."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fusefix import ASSAULT, CIVILIANS, IDLIB, RUSMIL, event, result, strike_reports
from pg import db_target, pg_server  # noqa: F401  (pytest fixtures)
from sitrep.errors import SitrepError
from sitrep.model import DateSpan
from sitrep.store import QueryFilters, Store
from sitrep.store.countries import country_code
from sitrep.store.schema import SCHEMA_VERSION

# a ReliefWeb-style report address with tracking parameters: 195 characters, and its event keys longer
LONG_URL = ("https://reliefweb.int/report/syrian-arab-republic/syria-humanitarian-update-north-west-syria-idlib-"
            "flash-update-no-12-5-march-2020-enar?utm_source=rss&utm_medium=feed&utm_campaign=ocha-sitreps")
ARABIC_URL = "https://sana.example/ar/%D8%A5%D8%AF%D9%84%D8%A8/" + "غارة-جوية-على-معرة-النعمان-" * 4 + "2020"


def _long_key_reports():
    """Two reports whose ids are long URLs (event keys "<url>#e1"), with non-ASCII text."""
    out = []
    for url, town, when, sentence in (
        (LONG_URL, "Maʿarrat al-Nuʿmān", "2020-03-05",
         "Russian air strikes killed 12 civilians in Maʿarrat al-Nuʿmān — «a massacre»."),
        (ARABIC_URL, "Jisr al-Shughūr", "2020-01-20",
         "Russian warplanes bombed Jisr al-Shughūr, killing 4 civilians; غارة جوية."),
    ):
        dated = DateSpan(when, when, "day", when)  # a date the report states (not inferred from publication)
        ev = event(f"{url}#e1", ASSAULT, RUSMIL, CIVILIANS, dict(IDLIB, name=town), dated, sentence, killed=4)
        ev.figures[0].event = ev.id
        r = result(url, "2020-03-05", "Wire ✓", [ev], url=url)
        r.document.title = f"Idlib: {town} 🚑"
        out.append(r)
    return out


def test_long_urls_and_non_ascii_text_are_stored_fused_and_searched(db_target):  # noqa: F811
    reports = _long_key_reports()
    assert len(LONG_URL) >= 150 and len(reports[0].events[0].id) > 150
    assert len(ARABIC_URL.encode()) > 200
    with Store(db_target) as store:
        assert store.add_results(reports) == 2
        store.refuse()
        keys = {r[0] for r in store.execute("SELECT event_key FROM events")}
        assert keys == {f"{LONG_URL}#e1", f"{ARABIC_URL}#e1"}
        assert {d.url for d in store.documents()} == {LONG_URL, ARABIC_URL}
        assert {r.result.document.title for r in store.reports()} == {"Idlib: Maʿarrat al-Nuʿmān 🚑",
                                                                        "Idlib: Jisr al-Shughūr 🚑"}
        hits = store.query(QueryFilters(text="Shughūr"))
        assert [s.url for e in hits for s in e.sources] == [ARABIC_URL]
        members = store.execute("SELECT event_key FROM fused_members")
        assert {m[0] for m in members} == keys
        assert store.add_results(_long_key_reports()) == 0  # still recognised as stored


@pytest.mark.postgres
def test_a_version_1_postgres_database_with_64_character_keys_is_migrated(pg_server):  # noqa: F811
    from pg import new_database

    url = new_database(pg_server)
    with Store(url) as store:  # make it look like a database written by schema version 1
        with store.engine.begin() as conn:
            for table in ("events", "figures", "fused_members"):
                conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN event_key TYPE varchar(64)")
            conn.exec_driver_sql("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        store.add_results(strike_reports())
    with Store(url) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        bounded = store.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN "
            "('meta', 'documents', 'events', 'figures', 'fused_events', 'fused_members', 'series') AND "
            "table_schema = 'public' AND data_type = 'character varying'"
        )
        assert {t for t, _ in bounded} <= {"meta", "documents", "fused_events"}  # fixed-size hashes only
        assert store.add_results(_long_key_reports()) == 2
        assert store.counts()["documents"] == 7


def test_query_and_export_refuse_a_database_that_does_not_exist(tmp_path):
    typo = tmp_path / "crsis.db"
    with pytest.raises(SitrepError, match="no such database"):
        Store(str(typo), create=False)
    for cmd in (["query"], ["export", "--format", "json"]):
        res = _sitrep(*cmd, "--db", str(typo))
        assert res.returncode == 2, res.stderr
        assert res.stderr.strip() == (f"sitrep: error: {typo}: no such database (create it with `sitrep db init "
                                      f"--db {typo}` or `sitrep ingest ... --db`)")
        assert "Traceback" not in res.stderr and not typo.exists()


@pytest.mark.postgres
def test_a_postgres_database_without_sitrep_tables_is_refused_for_reading(pg_server):  # noqa: F811
    from pg import new_database

    url = new_database(pg_server)
    with pytest.raises(SitrepError, match=r"not a Sitrep database .* `sitrep db init --db "):
        Store(url, create=False)


def test_bounding_box_queries_use_plain_coordinates(db_target):  # noqa: F811
    with Store(db_target) as store:
        store.add_results(strike_reports())
        store.refuse()
        idlib_box = (36.3, 35.7, 36.9, 36.05)  # Idlib city, Maarat Misrin, Saraqib; not al-Atarib (36.14 N)
        places = {e.location.name for e in store.query(QueryFilters(bbox=idlib_box))}
        assert places == {"Idlib", "Saraqib"}
        assert store.query(QueryFilters(bbox=(170.0, -50.0, -170.0, -40.0))) == []  # across the antimeridian
        with pytest.raises(SitrepError, match="--bbox .* expected WEST,SOUTH,EAST,NORTH"):
            store.query(QueryFilters(bbox=(36.0, 37.0, 37.0, 35.0)))


def _sitrep(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from sitrep.cli import run; run()", *args],
                          capture_output=True, text=True, timeout=300, env=env)


def test_db_init_creates_an_sqlite_database(tmp_path):
    db = tmp_path / "new.db"
    res = _sitrep("db", "init", "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert f"{db}: Sitrep database ready (schema version {SCHEMA_VERSION}, 0 documents" in res.stdout
    with Store(str(db), create=False) as store:
        assert store.schema_version == SCHEMA_VERSION


@pytest.mark.postgres
def test_db_init_says_how_to_create_a_missing_postgres_database(pg_server):  # noqa: F811
    url = f"{pg_server}/no_such_db"
    res = _sitrep("db", "init", "--db", url)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert 'database "no_such_db" does not exist' in res.stderr
    assert "`sudo -u postgres createdb -O postgres no_such_db`" in res.stderr


@pytest.mark.postgres
def test_an_ordinary_owner_role_gets_a_working_store_and_the_postgis_commands_to_run(pg_server):  # noqa: F811
    from pg import new_role_database, postgis_available, superuser_url

    url = new_role_database(pg_server)
    res = _sitrep("db", "init", "--db", url)
    assert res.returncode == 0, res.stderr
    assert "PostGIS: no," in res.stdout
    database = url.rsplit("/", 1)[1]
    assert f"sudo -u postgres psql -d {database} -c 'CREATE EXTENSION postgis;'" in res.stdout
    assert f"sitrep db init --db {url}` again" in res.stdout
    with Store(url) as store:  # works without PostGIS: plain lat/lon and bounding boxes
        assert not store.postgis and "PostGIS" in store.postgis_problem
        store.add_results(strike_reports())
        store.refuse()
        assert len(store.query(QueryFilters(bbox=(36.3, 35.7, 36.9, 36.05)))) == 2
    if not postgis_available(pg_server):
        pytest.skip(
            "the PostGIS extension is not installed on the test server: apt-get install postgresql-15-postgis-3"
        )
    import psycopg

    with psycopg.connect(superuser_url(pg_server, url), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")  # what the administrator was told to run
    res = _sitrep("db", "init", "--db", url)
    assert res.returncode == 0 and "PostGIS: yes" in res.stdout, res.stdout + res.stderr
    with Store(url) as store:
        assert store.postgis
        assert store.execute("SELECT count(*) FROM events WHERE geom IS NOT NULL")[0][0] == 7
        assert store.execute("SELECT count(*) FROM fused_events WHERE geom IS NOT NULL")[0][0] == 4


def test_queries_fuse_reports_an_interrupted_ingest_left_unfused(tmp_path):
    db = str(tmp_path / "c.db")
    with Store(db) as store:
        store.add_results(strike_reports())  # stored, never fused (as after kill -9)
        assert store.fusion_lag() == 5
    res = _sitrep("query", "--db", db)
    assert res.returncode == 0, res.stderr
    assert "fusing 5 stored reports the last fusion did not cover" in res.stderr
    assert "4 fused events" in res.stdout
    with Store(db) as store:
        assert store.fusion_lag() == 0


@pytest.fixture
def filled_db(tmp_path):
    db = str(tmp_path / "c.db")
    with Store(db) as store:
        store.add_results(strike_reports())
        store.refuse()
    return db


@pytest.mark.parametrize("country", ["SYRIA", "syr", "SY", "Syrian Arab Republic"])
def test_country_filters_accept_names_and_iso_codes(filled_db, country):
    res = _sitrep("query", "--db", filled_db, "--country", country)
    assert res.returncode == 0, res.stderr
    assert "3 fused events" in res.stdout


def test_country_names_resolve_to_alpha3():
    assert country_code("Democratic Republic of the Congo") == "COD"
    assert country_code("türkiye") in {"TUR"}
    with pytest.raises(SitrepError, match="--country 'Narnia': unknown country"):
        country_code("Narnia")


@pytest.mark.parametrize("args, message", [
    (["--country", "Narnia"], "sitrep: error: --country 'Narnia': unknown country"),
    (["--limit", "0"], "Invalid value for '--limit': 0 is not in the range x>=1."),
    (["--limit", "-1"], "Invalid value for '--limit': -1 is not in the range x>=1."),
    (["--text", "*"], "sitrep: error: --text '*': no words to search for"),
    (["--bbox", "1,2,3"], "Invalid value for '--bbox': '1,2,3': expected four numbers"),
])
def test_bad_query_options_are_one_line_errors(filled_db, args, message):
    res = _sitrep("query", "--db", filled_db, *args)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
