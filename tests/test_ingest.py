"""Ingest: corpora in, one deduplicated and fused crisis database out — with the real pipeline."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.ingest.readers import iter_input_files, read_documents
from sitrep.ingest.runner import ingest
from sitrep.model import Document
from sitrep.store import QueryFilters, Store

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
N_FIXTURE_DOCS = 8  # 4 JSON files, 2 JSONL records, 2 feed entries


@pytest.fixture(scope="module")
def crisis(tmp_path_factory):
    """The paraphrased reports of early March 2020 (tests/fixtures/reports), ingested with a 2-process pool."""
    path = str(tmp_path_factory.mktemp("e2e") / "crisis.db")
    with Store(path) as store:
        stats = ingest([str(FIXTURES)], store, workers=2, published="2020-03-05")
    store = Store(path)
    yield store, stats
    store.close()


def _idlib_strike(store):
    strikes = store.query(
        QueryFilters(type="ASSAULT", actor="RUS", admin1="Idlib", since="2020-03-05", until="2020-03-05")
    )
    assert strikes, "no fused Russian strike on Idlib on 2020-03-05"
    return max(strikes, key=lambda e: len({s.document for s in e.sources}))


def test_every_report_is_stored_once(crisis):
    store, stats = crisis
    assert stats.errors == []
    assert stats.added == N_FIXTURE_DOCS
    assert store.counts()["documents"] == N_FIXTURE_DOCS


def test_reports_of_the_idlib_strike_fuse_with_low_best_high(crisis):
    store, _ = crisis
    strike = _idlib_strike(store)
    publishers = [s.source for s in strike.sources]
    assert len(set(publishers)) == len(publishers) >= 3, strike.reasons  # three outlets, one source each
    killed = strike.figure("killed")
    assert killed is not None and killed.low < killed.high, killed
    assert killed.low <= 16 <= killed.high
    assert len(strike.reasons) == len(strike.sources) - 1


def test_the_founding_example_joins_the_fused_strike(crisis, shared_dir, tmp_path):
    """Ingested later into the same database, the founding example becomes one more source of the strike."""
    store, _ = crisis
    copy = tmp_path / "crisis.db"
    src, dst = sqlite3.connect(store.target), sqlite3.connect(copy)
    src.backup(dst)
    src.close(), dst.close()
    before = {s.document for s in _idlib_strike(store).sources}
    with Store(str(copy)) as later:
        stats = ingest([str(shared_dir / "seed" / "idlib-2020-03-05.txt")], later, workers=1, published="2020-03-05")
        assert (stats.added, stats.errors) == (1, [])
        strike = _idlib_strike(later)
        added = {s.document for s in strike.sources} - before
        assert len(added) == 1  # one more report, whatever number of its events fused in
        seed = [s for s in strike.sources if s.document in added]
        assert all(s.url is None and s.published == "2020-03-05" for s in seed)
        assert any("sixteen civilians" in s.evidence.text for s in seed)
        killed = strike.figure("killed")
        assert killed.low <= 16 <= killed.high


def test_every_source_of_a_fused_event_carries_its_evidence(crisis):
    store, _ = crisis
    texts = {d.url or d.id: d.text for d in store.documents()}
    strike = _idlib_strike(store)
    for s in strike.sources:
        assert s.evidence is not None
        doc_text = texts[s.url] if s.url else next(t for k, t in texts.items() if k.endswith(".txt"))
        assert doc_text[s.evidence.start : s.evidence.end] == s.evidence.text


def test_distinct_events_of_the_same_days_do_not_fuse_with_the_idlib_strike(crisis):
    store, _ = crisis
    strike = _idlib_strike(store)
    urls = {s.url for s in strike.sources}
    assert "https://aleppo-monitor.example/2020/03/02/atarib" not in urls  # other province, other day
    assert "https://syria-desk.example/2020/03/04/saraqib-drones" not in urls  # Turkish drones on Syrian forces
    assert "https://northern-wire.example/a/8840" not in urls  # Syrian shelling of Ariha
    atarib = store.query(QueryFilters(text="Atarib", type="ASSAULT"))
    assert atarib and all(len({s.document for s in e.sources}) == 1 for e in atarib)


def test_displacement_reports_form_a_series_with_low_best_high(crisis):
    store, _ = crisis
    points = [p for p in store.series(kind="displaced") if p.key.startswith("displaced@SYR")]
    assert points, "no displacement series for Syria"
    widest = max(points, key=lambda p: len(p.reports))
    assert len(widest.reports) >= 2
    assert widest.low < widest.high
    assert all(p.date.end >= "2020-03-05" for p in points)


def test_ingesting_again_adds_nothing(crisis):
    store, _ = crisis
    before = store.counts()
    stats = ingest([str(FIXTURES)], store, workers=1, published="2020-03-05")
    assert (stats.added, stats.duplicates, stats.errors) == (0, N_FIXTURE_DOCS, [])
    assert store.counts() == before


# --- readers -----------------------------------------------------------------------------------------

def test_directories_are_read_recursively_and_feeds_give_dated_documents():
    files = [p for p in iter_input_files([str(FIXTURES)]) if isinstance(p, Path)]
    assert FIXTURES / "feeds" / "syria-desk.xml" in files
    assert not any(p.suffix == ".md" for p in files)
    entries = list(read_documents(FIXTURES / "feeds" / "syria-desk.xml"))
    assert [(d.published.isoformat(), d.source) for d in entries] == [
        ("2020-03-05", "Syria Desk"),
        ("2020-03-04", "Syria Desk"),
    ]
    assert entries[1].url == "https://syria-desk.example/2020/03/04/saraqib-drones"
    assert "<p>" not in entries[0].text and "\n\n" in entries[0].text


def _write_bad_inputs(d: Path) -> dict[str, Path]:
    files = {
        "binary": d / "photo.txt",
        "empty": d / "empty.txt",
        "latin1": d / "latin1.txt",
        "json": d / "broken.json",
        "feed": d / "broken.rss",
        "huge": d / "huge.txt",
        "jsonl": d / "mixed.jsonl",
        "good": d / "good.txt",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files["empty"].write_text("  \n")
    files["latin1"].write_bytes("Des civils ont été tués à Idlib.".encode("latin-1"))
    files["json"].write_text('{"text": "Shelling in Idlib", "published": ')
    files["feed"].write_text("<rss><channel><item><title>unterminated")
    with files["huge"].open("w") as fh:
        line = "Shelling continued in the south of Idlib province on Tuesday. " * 16 + "\n"
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    files["jsonl"].write_text(
        '{"text": "Syrian government forces shelled Ariha on Friday, killing two civilians.", '
        '"published": "2020-03-06"}\n'
        "{not json}\n"
        '{"title": "no text here"}\n'
        '{"text": "A record with a bad date.", "published": "last Friday"}\n'
    )
    files["good"].write_text("Russian air strikes killed five civilians in Saraqib on Monday.")
    return files


def test_bad_inputs_get_one_line_errors_and_the_rest_still_ingests(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    files = _write_bad_inputs(inputs)
    assert files["huge"].stat().st_size > 50 * 10**6
    messages: list[str] = []
    with Store(str(tmp_path / "c.db")) as store:
        stats = ingest([str(inputs), str(tmp_path / "missing.txt")], store, workers=1, published="2020-03-03",
                       on_error=messages.append)
        assert stats.added == 2  # good.txt and the first line of mixed.jsonl
        assert {d.text[:16] for d in store.documents()} == {"Russian air stri", "Syrian governmen"}
    assert messages == stats.errors
    assert all("\n" not in m for m in messages)
    expect = {
        "binary": "binary file", "empty": "empty file", "latin1": "not valid UTF-8", "json": "malformed JSON",
        "feed": "malformed feed", "huge": "larger than the",
    }
    for key, problem in expect.items():
        assert any(m.startswith(str(files[key])) and problem in m for m in messages), (key, messages)
    assert any(m.startswith(f"{files['jsonl']}:2: malformed JSON") for m in messages)
    assert any(m.startswith(f"{files['jsonl']}:3: record has no 'text'") for m in messages)
    assert any(m.startswith(f"{files['jsonl']}") and "not an ISO date" in m for m in messages)
    assert any(m.startswith(str(tmp_path / "missing.txt")) for m in messages)
    assert len(messages) == 10


def test_cli_ingest_reports_errors_on_stderr_and_exits_1(tmp_path):
    from click.testing import CliRunner

    from sitrep.cli import main

    (tmp_path / "empty.txt").write_text("")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"text": "Russian air strikes killed five civilians in Saraqib on Monday.",
                                "published": "2020-03-02", "source": "Test"}))
    db = str(tmp_path / "c.db")
    res = CliRunner().invoke(main, ["ingest", str(tmp_path / "empty.txt"), str(good), "--db", db, "--workers", "1"])
    assert res.exit_code == 1
    assert f"sitrep: error: {tmp_path / 'empty.txt'}: empty file" in res.stderr
    assert "added 1" in res.stderr
    res = CliRunner().invoke(main, ["query", "--db", db])
    assert res.exit_code == 0 and "fused events" in res.output


# --- interrupted ingest --------------------------------------------------------------------------------

def _corpus(path: Path, n: int) -> list[str]:
    towns = ["Saraqib", "Ariha", "Maarat al-Numan", "Jisr al-Shughur", "Atarib", "Sarmin", "Binnish", "Kafr Nabl"]
    actors = ["Russian warplanes", "Syrian government forces", "Turkish drones", "Rebel fighters"]
    texts = []
    with path.open("w") as fh:
        for i in range(n):
            town, actor = towns[i % len(towns)], actors[(i // len(towns)) % len(actors)]
            text = (f"{actor} attacked {town} on Tuesday, killing {i % 17 + 2} people, rescuers said. "
                    f"Aid groups said {1000 + 37 * i} families had fled {town} since January.")
            texts.append(text)
            record = {"text": text, "published": f"2020-02-{i % 28 + 1:02d}", "source": f"Desk {i % 5}",
                      "url": f"https://desk.example/{i}"}
            fh.write(json.dumps(record) + "\n")
    return texts


def _sitrep(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sitrep.cli import run; run()", *args]


@pytest.mark.slow
def test_a_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    n = 40
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, n)
    db = tmp_path / "crisis.db"
    proc = subprocess.Popen(_sitrep("ingest", str(corpus), "--db", str(db), "--workers", "2", "--no-progress"),
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0  # schema not created yet
            if stored >= 8:  # the first batch is in
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read().decode()}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the command and its pool workers, with no chance to clean up
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert 8 <= stored < n

    rerun = subprocess.run(_sitrep("ingest", str(corpus), "--db", str(db), "--workers", "1", "--no-progress"),
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    # the rerun skips what the killed run had committed (it may have committed more after our count)
    added = int(rerun.stderr.split("added ")[1].split(",")[0])
    assert 0 < added <= n - stored

    with Store(str(db)) as store:
        counts = store.counts()
        assert counts["documents"] == n
        assert store.execute("SELECT count(DISTINCT url) FROM documents")[0][0] == n
        assert store.execute("SELECT sum(n_events) FROM documents")[0][0] == counts["events"]
        assert (
            store.execute("SELECT count(DISTINCT document_id || '#' || event_key) FROM events")[0][0]
            == counts["events"]
        )
        # every stored event sits in exactly one fused event
        members = store.execute("SELECT document_id, event_key, count(*) FROM fused_members GROUP BY 1, 2")
        assert len(members) == counts["events"] and all(m[2] == 1 for m in members)
        # and the stored reports are exactly the corpus
        texts = {d.text for d in store.documents()}
    assert texts == {json.loads(line)["text"] for line in corpus.read_text().splitlines()}


def test_documents_read_from_jsonl_keep_their_metadata(tmp_path):
    corpus = tmp_path / "c.jsonl"
    _corpus(corpus, 3)
    docs = [d for d in read_documents(corpus) if isinstance(d, Document)]
    assert [d.url for d in docs] == [f"https://desk.example/{i}" for i in range(3)]
    assert docs[0].published == dt.date(2020, 2, 1) and docs[0].source == "Desk 0"


def test_engine_ray_without_ray_installed_is_one_line_naming_the_extra(tmp_path, monkeypatch, capsys):
    from sitrep.cli import run

    for name in [m for m in sys.modules if m == "ray" or m.startswith("ray.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    for var in ("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "RAY_worker_niceness"):  # restored afterwards
        monkeypatch.delenv(var, raising=False)
    db = tmp_path / "c.db"
    monkeypatch.setattr(sys, "argv", ["sitrep", "ingest", str(FIXTURES), "--db", str(db), "--engine", "ray"])
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code not in (0, None)
    (line,) = capsys.readouterr().err.splitlines()
    assert line == 'sitrep: error: --engine ray needs Ray, which is not installed: pip install "sitrep[ray]"'
    assert not db.exists()  # nothing created before the problem was found
