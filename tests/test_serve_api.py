"""The HTTP API (``sitrep serve``): every endpoint and filter, the export formats, paging, sync, errors,
writes and their token, the security headers and the OpenAPI document."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="sitrep serve needs fastapi (pip install -e .)")
from fastapi.testclient import TestClient  # noqa: E402

from fusefix import strike_reports  # noqa: E402
from pg import pg_server  # noqa: E402,F401  (pytest fixture)
from serve_helpers import synthetic_fusion  # noqa: E402
from sitrep.serve import create_app  # noqa: E402
from sitrep.store import Store  # noqa: E402

TOKEN = "s3cret-token-for-tests"
SITREP = str(Path(sys.executable).parent / "sitrep")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    """The fixture reports, stored and fused, in SQLite and (where the server can be started) PostgreSQL."""
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("api") / "crisis.db")
    else:
        from pg import new_database

        path = new_database(request.getfixturevalue("pg_server"))
    with Store(path) as store:
        store.add_results(strike_reports())
        store.refuse()
    return path


@pytest.fixture(scope="module")
def client(db):
    app = create_app(db)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.store.close()


def events(client, **params) -> list[dict]:
    r = client.get("/v1/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()["events"]


def ids(client, **params) -> set[str]:
    return {e["id"] for e in events(client, **params)}


def place_names(client, **params) -> list[str]:
    return sorted(e["location"]["name"] for e in events(client, **params))


# --- /v1/events ----------------------------------------------------------------------------------


def test_events_are_the_fused_events_in_date_order(client):
    evs = events(client)
    assert len(evs) == 4  # three reports of the Idlib strike are one event
    assert [e["date"]["start"] for e in evs] == sorted(e["date"]["start"] for e in evs)
    idlib = next(e for e in evs if e["location"]["name"] == "Idlib")
    assert {s["source"] for s in idlib["sources"]} == {"Levant Wire", "Gulf Herald", "Northern Wire"}
    assert idlib["figures"][0]["kind"] == "killed" and (idlib["figures"][0]["low"], idlib["figures"][0]["high"]) == (
        15,
        19,
    )


def test_event_filters_of_sitrep_query(client):
    assert place_names(client, country="syr") == ["Al-Atarib", "Idlib", "Saraqib"]
    assert place_names(client, admin1="idlib") == ["Idlib", "Saraqib"]
    assert place_names(client, type="CONSULT") == ["Moscow"]
    assert place_names(client, type="19") == ["Al-Atarib", "Idlib", "Saraqib"]  # CAMEO prefix
    assert place_names(client, type="Air/drone strike") == ["Al-Atarib", "Idlib", "Saraqib"]
    assert place_names(client, actor="TUR") == ["Moscow", "Saraqib"]
    assert place_names(client, actor="RUSMIL") == ["Al-Atarib", "Idlib"]
    assert place_names(client, since="2020-03-05") == ["Idlib", "Moscow"]
    assert place_names(client, until="2020-03-04") == ["Al-Atarib", "Saraqib"]
    assert place_names(client, q="Saraqib drones") == ["Saraqib"]
    assert place_names(client, country="SYR", since="2020-03-03", until="2020-03-04") == ["Saraqib"]


def test_event_filters_of_the_api(client):
    assert place_names(client, bbox="36.5,35.5,37.0,36.0") == ["Idlib", "Saraqib"]  # min_lon,min_lat,max_lon,max_lat
    assert place_names(client, bbox="30,50,40,60") == ["Moscow"]
    assert place_names(client, near="35.93,36.63,10") == ["Idlib"]  # Saraqib is 19 km away
    assert place_names(client, near="35.93,36.63,25") == ["Idlib", "Saraqib"]
    assert place_names(client, min_killed=10) == ["Idlib"]  # best estimate 16
    assert place_names(client, min_killed=7) == ["Al-Atarib", "Idlib", "Saraqib"]
    assert place_names(client, source="aleppo monitor") == ["Al-Atarib"]
    assert place_names(client, source="Gulf Herald") == ["Idlib", "Moscow"]
    assert place_names(client, precision="town") == ["Al-Atarib", "Idlib", "Moscow", "Saraqib"]
    assert place_names(client, precision="country") == []


def test_fields_keeps_only_the_asked_top_level_fields(client):
    evs = events(client, fields="id,date")
    assert evs and all(set(e) == {"id", "date"} for e in evs)


def test_keyset_paging_walks_every_event_once_and_totals_only_when_asked(client):
    first = client.get("/v1/events", params={"limit": 3}).json()
    assert first["total"] is None and len(first["events"]) == 3 and first["next_cursor"]
    second = client.get("/v1/events", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(second["events"]) == 1 and second["next_cursor"] is None
    walked = [e["id"] for e in first["events"] + second["events"]]
    assert walked == [e["id"] for e in events(client)]
    assert client.get("/v1/events", params={"limit": 1, "with_total": "true", "country": "SYR"}).json()["total"] == 3


def test_export_formats_go_through_the_exporters(client):
    r = client.get("/v1/events", params={"format": "csv", "country": "SYR"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 3 and {row["location"] for row in rows} >= {"Idlib", "Saraqib"}
    hxl = list(csv.reader(io.StringIO(client.get("/v1/events", params={"format": "hxl"}).text)))
    assert hxl[1][0].startswith("#") and len(hxl) == 2 + 4
    geo = client.get("/v1/events", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    idlib = next(f for f in geo["features"] if f["properties"]["place"].startswith("Idlib"))
    assert idlib["geometry"]["coordinates"] == [36.6339, 35.9306]
    lines = client.get("/v1/events", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 4 and all(json.loads(line)["id"].startswith("fe-") for line in lines)
    cameo = client.get("/v1/events", params={"format": "cameo"}).text.splitlines()
    assert cameo[0].startswith("GlobalEventID\t") and len(cameo) == 5
    plover = client.get("/v1/events", params={"format": "plover"}).json()
    assert {p["event"] for p in plover} == {"ASSAULT", "CONSULT"} and all(p["fusion"]["reasons"] for p in plover)


def test_parquet_export_reads_back_with_pyarrow(client):
    import pyarrow.parquet as pq

    r = client.get("/v1/events", params={"format": "parquet"})
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 4
    rows = {row["place"]: row for row in table.to_pylist()}
    assert rows["Idlib"]["killed_best"] == 16 and rows["Idlib"]["n_sources"] == 3
    assert sorted(rows["Idlib"]["sources"]) == ["Gulf Herald", "Levant Wire", "Northern Wire"]


def test_a_limited_export_gives_the_next_cursor_in_a_header(client):
    r = client.get("/v1/events", params={"format": "jsonl", "limit": 2})
    assert len(r.text.splitlines()) == 2
    rest = client.get("/v1/events", params={"format": "jsonl", "cursor": r.headers["x-next-cursor"]})
    got = [json.loads(x)["id"] for x in r.text.splitlines() + rest.text.splitlines()]
    assert got == [e["id"] for e in events(client)]


def test_a_large_export_streams_every_event_once_in_order(tmp_path):
    path = str(tmp_path / "big.db")
    with Store(path) as store:
        store.replace_fusion(synthetic_fusion(1234))
    app = create_app(path)
    with TestClient(app) as c:
        rows = list(csv.DictReader(io.StringIO(c.get("/v1/events", params={"format": "csv"}).text)))
        streamed = [json.loads(x)["id"] for x in c.get("/v1/events", params={"format": "jsonl"}).text.splitlines()]
        paged = []
        cursor = None
        while True:
            page = c.get("/v1/events", params={"limit": 1000, **({"cursor": cursor} if cursor else {})}).json()
            paged += [e["id"] for e in page["events"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
    app.state.store.close()
    assert len(rows) == 1234 == len(paged) == len(set(paged))
    assert streamed == paged


# --- one event, one document -----------------------------------------------------------------------


def test_event_detail_has_every_source_with_evidence_offsets_facts_and_reasons(client):
    idlib = next(e for e in events(client) if e["location"]["name"] == "Idlib")
    detail = client.get(f"/v1/events/{idlib['id']}").json()
    assert len(detail["sources"]) == 3 and detail["reasons"]
    for s in detail["sources"]:
        doc = client.get(f"/v1/documents/{s['document']}").json()
        ev = s["evidence"]
        assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
        kinds = {f["kind"] for f in s["facts"]}
        assert kinds == {"event", "figure"}
        assert all(doc["text"][f["start"] : f["end"]] == f["sentence"] for f in s["facts"])
    assert client.get("/v1/events/fe-nope").status_code == 404


def test_document_has_its_text_and_the_span_of_every_fact(client):
    idlib = next(e for e in events(client) if e["location"]["name"] == "Idlib")
    levant = next(s for s in idlib["sources"] if s["source"] == "Levant Wire")
    doc = client.get(f"/v1/documents/{levant['document']}").json()
    assert doc["source"] == "Levant Wire" and doc["url"] == "https://levant.example/1"
    labels = sorted(s.get("label") for s in doc["spans"])
    assert labels == ["ASSAULT", "CONSULT", "displaced 950000", "killed 15"]
    # (the fixture's hand-made offsets are not real ones; test_posting_documents_ingests_them_once checks real ones)
    r = client.get("/v1/documents/sha256:000000000000000000000000")
    assert r.status_code == 404 and r.json()["error"]["parameter"] == "id"


# --- the other read endpoints -----------------------------------------------------------------------


def test_figures_filters_and_paging(client):
    all_figs = client.get("/v1/figures").json()["figures"]
    assert {f["kind"] for f in all_figs} == {"killed", "displaced"}
    killed = client.get("/v1/figures", params={"kind": "killed"}).json()["figures"]
    assert sorted(f["value"] for f in killed) == [7, 9, 15, 16, 19]
    assert [
        f["value"]
        for f in client.get("/v1/figures", params={"kind": "killed", "source": "Syria Desk"}).json()["figures"]
    ] == [9]
    assert {
        f["value"]
        for f in client.get(
            "/v1/figures", params={"kind": "displaced", "until": "2020-03-05", "since": "2020-03-05"}
        ).json()["figures"]
    } == {950_000, 960_000, 1_000_000}
    assert client.get("/v1/figures", params={"country": "RUS"}).json()["figures"] == []
    doc = killed[0]["document"]
    assert all(f["document"] == doc for f in client.get("/v1/figures", params={"document": doc}).json()["figures"])
    page = client.get("/v1/figures", params={"limit": 2}).json()
    rest = client.get("/v1/figures", params={"limit": 100, "cursor": page["next_cursor"]}).json()
    assert [f["id"] for f in page["figures"] + rest["figures"]] == [f["id"] for f in all_figs]


def test_series_over_time_with_each_source(client):
    series = client.get("/v1/series").json()["series"]
    assert [s["key"] for s in series] == ["displaced@SYR/Idlib"]
    point = series[0]["points"][-1]
    assert (point["low"], point["best"], point["high"]) == (950_000, 960_000, 1_000_000)
    assert {r["source"] for r in point["reports"]} == {"Levant Wire", "Gulf Herald", "Northern Wire"}
    assert client.get("/v1/series", params={"kind": "refugees"}).json()["series"] == []
    assert client.get("/v1/series", params={"key": "displaced@SYR/Idlib"}).json()["series"][0]["kind"] == "displaced"


def test_actors_and_places(client):
    actors = {a["code"]: a for a in client.get("/v1/actors").json()["actors"]}
    assert actors["RUSMIL"]["events"] == 2 and actors["TURGOV"]["country"] == "TUR"
    assert [a["code"] for a in client.get("/v1/actors", params={"q": "erdogan"}).json()["actors"]] == ["TURGOV"]
    assert {a["code"] for a in client.get("/v1/actors", params={"country": "SYR"}).json()["actors"]} == {"SYRMIL"}
    places = {p["name"]: p for p in client.get("/v1/places").json()["places"]}
    assert places["Idlib"]["killed"] == 16 and places["Idlib"]["lat"] == pytest.approx(35.9306)
    assert [p["name"] for p in client.get("/v1/places", params={"country": "RUS"}).json()["places"]] == ["Moscow"]
    assert [p["name"] for p in client.get("/v1/places", params={"q": "sara"}).json()["places"]] == ["Saraqib"]
    assert len(client.get("/v1/places", params={"limit": 2}).json()["places"]) == 2
    # LIKE wildcards typed into a search box are literal characters, not patterns
    assert client.get("/v1/places", params={"q": "%"}).json()["places"] == []
    assert client.get("/v1/actors", params={"q": "_"}).json()["actors"] == []


def test_sources(client):
    sources = {s["source"]: s for s in client.get("/v1/sources").json()["sources"]}
    assert set(sources) == {"Levant Wire", "Gulf Herald", "Northern Wire", "Syria Desk", "Aleppo Monitor"}
    assert sources["Levant Wire"]["documents"] == 1 and sources["Levant Wire"]["events"] == 2
    assert sources["Gulf Herald"]["first_published"] == "2020-03-06"


def test_facets_count_the_filtered_events(client):
    def counts(**params):
        return {c["value"]: c["count"] for c in client.get("/v1/facets", params=params).json()["counts"]}

    assert counts(facet="type") == {"ASSAULT": 3, "CONSULT": 1}
    assert counts(facet="country") == {"SYR": 3, "RUS": 1}
    assert counts(facet="month") == {"2020-03": 4}
    assert counts(facet="actor", country="SYR")["RUSMIL"] == 2
    assert counts(facet="type", actor="TUR") == {"ASSAULT": 1, "CONSULT": 1}


def test_timeline_buckets_by_day_week_and_month(client):
    def buckets(**params):
        return [
            (b["start"], b["events"], b["killed"]) for b in client.get("/v1/timeline", params=params).json()["buckets"]
        ]

    assert buckets(interval="day") == [("2020-03-02", 1, 7), ("2020-03-04", 1, 9), ("2020-03-05", 2, 16)]
    assert buckets(interval="week") == [("2020-03-02", 4, 32)]  # Monday 2 March 2020
    assert buckets(interval="month") == [("2020-03-01", 4, 32)]
    assert buckets(interval="day", country="SYR", type="ASSAULT") == [
        ("2020-03-02", 1, 7),
        ("2020-03-04", 1, 9),
        ("2020-03-05", 1, 16),
    ]


# --- incremental sync -------------------------------------------------------------------------------


def test_updated_since_and_deleted_let_a_client_mirror_the_fusion(tmp_path):
    path = str(tmp_path / "sync.db")
    reports = strike_reports()
    with Store(path) as store:
        store.add_results([r for r in reports if r.document.id != "wire"])
        store.refuse()
    app = create_app(path)
    with TestClient(app) as c:
        before = c.get("/v1/events").json()
        old_idlib = {e["id"] for e in before["events"] if e["location"]["name"] in ("Idlib", "Maarat Misrin")}
        assert c.get("/v1/events", params={"updated_since": before["as_of"]}).json()["events"] == []
        with Store(path) as store:  # a third report of the Idlib strike arrives: fusion changes that event
            store.add_results([r for r in reports if r.document.id == "wire"])
            store.refuse()
        changed = c.get("/v1/events", params={"updated_since": before["as_of"]}).json()["events"]
        gone = c.get("/v1/deleted", params={"since": before["as_of"]}).json()
        assert gone["deleted"] and {d["id"] for d in gone["deleted"]} <= old_idlib
        assert [e["location"]["name"] for e in changed] == ["Idlib"] and len(changed[0]["sources"]) == 3
        assert c.get("/v1/deleted", params={"since": gone["as_of"]}).json()["deleted"] == []
        assert c.get("/v1/events", params={"updated_since": "2000-01-01"}).json()["events"]
    app.state.store.close()


# --- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,params,parameter",
    [
        ("/v1/events", {"limit": 0}, "limit"),
        ("/v1/events", {"limit": 1001}, "limit"),
        ("/v1/events", {"limit": "ten"}, "limit"),
        ("/v1/events", {"bbox": "1,2,3"}, "bbox"),
        ("/v1/events", {"bbox": "0,95,1,96"}, "bbox"),
        ("/v1/events", {"near": "35,36"}, "near"),
        ("/v1/events", {"near": "35,36,-5"}, "near"),
        ("/v1/events", {"near": "nan,36,5"}, "near"),
        ("/v1/events", {"since": "March 5"}, "since"),
        ("/v1/events", {"until": "2020-13-01"}, "until"),
        ("/v1/events", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/events", {"cursor": "WzEsMl0"}, "cursor"),  # base64 of [1,2]: well-formed, not ours
        ("/v1/events", {"fields": "id,password"}, "fields"),
        ("/v1/events", {"q": "!!!"}, "q"),
        ("/v1/events", {"format": "xml"}, "format"),
        ("/v1/events", {"country": "SY\x00R"}, "country"),
        ("/v1/events", {"min_killed": -1}, "min_killed"),
        ("/v1/events", {"updated_since": "yesterday"}, "updated_since"),
        ("/v1/events", {"with_total": "maybe"}, "with_total"),
        ("/v1/facets", {}, "facet"),
        ("/v1/facets", {"facet": "colour"}, "facet"),
        ("/v1/timeline", {"interval": "year"}, "interval"),
        ("/v1/figures", {"cursor": "WyJ4Il0"}, "cursor"),
        ("/v1/figures", {"since": "soon"}, "since"),
        ("/v1/deleted", {"since": "later"}, "since"),
        ("/v1/places", {"limit": 5000}, "limit"),
    ],
)
def test_bad_parameters_are_a_json_400_naming_the_parameter(client, path, params, parameter):
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["parameter"] == parameter and error["message"].startswith(parameter)
    assert "Traceback" not in r.text


def test_unknown_paths_and_methods_are_json_errors(client):
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["error"]["message"] == "no such path: /v1/nothing"
    assert client.delete("/v1/events").status_code == 405


# --- writes -------------------------------------------------------------------------------------------


def test_writes_are_disabled_without_a_server_token(client):
    r = client.post("/v1/refuse", headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "SITREP_API_TOKEN" in r.json()["error"]["message"]


@pytest.fixture
def writable(tmp_path):
    app = create_app(str(tmp_path / "w.db"), token=TOKEN)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def test_writes_need_the_right_bearer_token(writable):
    assert writable.post("/v1/refuse").status_code == 401
    wrong = writable.post("/v1/refuse", headers={"Authorization": "Bearer " + TOKEN[:-1]})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert writable.post("/v1/refuse", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    ok = writable.post("/v1/refuse", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json() == {"fused_events": 0, "series_points": 0}


def test_the_token_is_compared_in_constant_time():
    import inspect

    from sitrep.serve import auth

    assert "hmac.compare_digest" in inspect.getsource(auth.token_matches)
    assert (
        auth.token_matches("abc", "abc") and not auth.token_matches("abc", "abd") and not auth.token_matches("abc", "")
    )


@pytest.mark.slow
def test_posting_documents_ingests_them_once(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    report = {
        "text": "Russian air strikes killed 12 civilians in Idlib on Thursday, local medics said.",
        "published": "2020-03-05",
        "source": "Test Wire",
        "url": "https://test.example/a",
    }
    first = writable.post("/v1/documents", json=[report], headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["added"] == 1 and first.json()["documents"][0]["status"] == "added"
    again = writable.post("/v1/documents", json=report, headers=auth).json()
    assert again["added"] == 0 and again["skipped"] == 1 and again["documents"][0]["status"] == "already stored"
    evs = writable.get("/v1/events").json()["events"]
    assert any(e["location"] and e["location"]["name"] == "Idlib" for e in evs)
    doc = writable.get(f"/v1/documents/{first.json()['documents'][0]['id']}").json()
    assert doc["text"] == report["text"] and doc["spans"]
    assert all(doc["text"][s["start"] : s["end"]] == s["sentence"] for s in doc["spans"])
    bad = writable.post("/v1/documents", json={"text": "x", "published": "soon"}, headers=auth)
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "body.published"
    assert writable.post("/v1/documents", json=[], headers=auth).status_code == 400


# --- headers, OpenAPI, binding ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/v1/events", "/static/app.js", "/v1/nothing"])
def test_every_response_has_a_strict_content_security_policy(client, path):
    csp = client.get(path).headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_openapi_documents_every_status_and_is_versioned(client):
    spec = client.get("/v1/openapi.json").json()
    assert set(spec["paths"]) == {
        "/v1/events",
        "/v1/events/{id}",
        "/v1/deleted",
        "/v1/figures",
        "/v1/series",
        "/v1/actors",
        "/v1/places",
        "/v1/sources",
        "/v1/facets",
        "/v1/timeline",
        "/v1/documents/{id}",
        "/v1/documents",
        "/v1/refuse",
    }
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert "200" in op["responses"] and "422" not in op["responses"], (method, path)
            if op.get("parameters"):
                assert "400" in op["responses"], (method, path)
    assert {"401", "403"} <= set(spec["paths"]["/v1/documents"]["post"]["responses"])
    assert "404" in spec["paths"]["/v1/events/{id}"]["get"]["responses"]
    assert client.get("/docs").status_code == 404  # FastAPI's docs page would load scripts from a CDN


def test_the_server_refuses_a_non_loopback_address_without_a_token():
    from sitrep.commands.serve import check_bind, is_loopback
    from sitrep.errors import SitrepError

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    with pytest.raises(SitrepError, match="SITREP_API_TOKEN"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "token")
    check_bind("127.0.0.1", None)
    env = {k: v for k, v in os.environ.items() if k != "SITREP_API_TOKEN"}
    proc = subprocess.run(
        [SITREP, "serve", "--db", "x.db", "--host", "0.0.0.0"], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and "non-loopback" in proc.stderr


def test_sitrep_serve_serves_the_database_and_stops_on_ctrl_c(db):
    import httpx

    port = _free_port()
    proc = subprocess.Popen(
        [SITREP, "serve", "--db", db, "--port", str(port), "--log-level", "warning"], stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/v1/events", params={"country": "SYR"}, timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "sitrep serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and len(r.json()["events"]) == 3
        assert "text/html" in httpx.get(f"http://127.0.0.1:{port}/").headers["content-type"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, proc.stderr.read()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
