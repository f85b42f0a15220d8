"""Ingest under the accidents of real deployments, on both back ends: the parent killed with SIGKILL
(no worker may survive it; a re-run completes), two ingests at once, a PostgreSQL server that goes
away mid-ingest. Every case ends with the same check: each report stored exactly once, every event
fused exactly once. The corpus uses long report URLs (event keys over 150 characters)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pg import db_target, pg_server  # noqa: F401  (pytest fixtures)
from sitrep.store import Store

pytestmark = pytest.mark.slow

N = 24  # reports in the corpus: three store batches of 8


def write_corpus(path: Path, n: int = N) -> list[str]:
    towns = ["Saraqib", "Ariha", "Maarat al-Numan", "Jisr al-Shughur", "Atarib", "Sarmin", "Binnish", "Kafr Nabl"]
    actors = ["Russian warplanes", "Syrian government forces", "Turkish drones", "Rebel fighters"]
    urls = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town, actor = towns[i % len(towns)], actors[(i // len(towns)) % len(actors)]
            url = (f"https://reliefweb.int/report/syrian-arab-republic/syria-north-west-flash-update-{i}-"
                   f"{town.lower().replace(' ', '-')}?utm_source=rss&utm_medium=feed&utm_campaign=sitreps-{i}")
            text = (f"{actor} attacked {town} on Tuesday, killing {i % 17 + 2} people, rescuers said. "
                    f"Aid groups said {1000 + 37 * i} families had fled {town} since January.")
            fh.write(json.dumps({"text": text, "published": f"2020-02-{i % 28 + 1:02d}", "url": url}) + "\n")
            urls.append(url)
    return urls


def sitrep_cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sitrep.cli import run; run()", *args]


def stored(db: str) -> int:
    try:
        with Store(db, create=False) as store:
            return store.counts()["documents"]
    except Exception:  # noqa: BLE001 - not created yet, or the server is away
        return 0


def fused(db: str) -> int:
    try:
        with Store(db, create=False) as store:
            return store.counts()["fused_events"]
    except Exception:  # noqa: BLE001 - not created yet
        return 0


def wait_for(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def descendants(pid: int) -> set[int]:
    """Every process whose chain of parents leads to ``pid`` (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - out
        out |= frontier
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status is left for a parent to read


def assert_complete(db: str, urls: list[str]) -> None:
    """Each report once, every event in exactly one fused event (after `query` fused any leftovers)."""
    res = subprocess.run(sitrep_cmd("query", "--db", db), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    with Store(db, create=False) as store:
        counts = store.counts()
        assert counts["documents"] == len(urls)
        assert sorted(r[0] for r in store.execute("SELECT url FROM documents")) == sorted(urls)
        assert store.execute("SELECT sum(n_events) FROM documents")[0][0] == counts["events"] > 0
        members = store.execute("SELECT document_id, event_key, count(*) FROM fused_members GROUP BY 1, 2")
        assert len(members) == counts["events"] and all(m[2] == 1 for m in members)
        assert store.fusion_lag() == 0


def test_a_sigkilled_ingest_leaves_no_worker_and_a_rerun_completes(tmp_path, db_target):  # noqa: F811
    urls = write_corpus(tmp_path / "corpus.jsonl")
    cmd = sitrep_cmd("ingest", str(tmp_path / "corpus.jsonl"), "--db", db_target, "--workers", "2",
                     "--no-progress", "--no-classifier")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: stored(db_target) >= 8 or proc.poll() is not None, 300)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read().decode()}"
        workers = descendants(proc.pid)
        assert len(workers) >= 2, workers  # the two extraction workers (and the resource tracker)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: nobody shuts the pool down
        proc.wait(timeout=60)
        survivors = workers
        wait_for(lambda: not [p for p in survivors if alive(p)], 15)
        assert [p for p in workers if alive(p)] == [], "workers outlived their killed parent"
    finally:
        for pid in descendants(proc.pid) if proc.poll() is None else []:
            os.kill(pid, signal.SIGKILL)
    assert 8 <= stored(db_target) < N
    rerun = subprocess.run([*cmd[:-4], "--workers", "1", "--no-progress", "--no-classifier"], capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(db_target, urls)


def test_two_concurrent_ingests_store_each_report_once(tmp_path, db_target):  # noqa: F811
    urls = write_corpus(tmp_path / "corpus.jsonl")
    Store(db_target).close()  # both start on an existing schema (concurrent creation is tested by migrations)
    cmd = sitrep_cmd("ingest", str(tmp_path / "corpus.jsonl"), "--db", db_target, "--workers", "1",
                     "--no-progress", "--no-classifier")
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=900)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    added = [int(out.split("added ")[1].split(",")[0]) for out in outputs]
    assert sum(added) == N, outputs
    assert_complete(db_target, urls)


@pytest.mark.postgres
def test_an_ingest_rides_out_a_postgres_restart(tmp_path, pg_server):  # noqa: F811
    from pg import new_database, start_server, stop_server

    db = new_database(pg_server)
    urls = write_corpus(tmp_path / "corpus.jsonl")
    env = {**os.environ, "SITREP_DB_RETRY_SECONDS": "120"}
    cmd = sitrep_cmd("ingest", str(tmp_path / "corpus.jsonl"), "--db", db, "--workers", "1",
                     "--no-progress", "--no-classifier")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for(lambda: stored(db) >= 8 or proc.poll() is not None, 300)
        assert proc.poll() is None, proc.stderr.read()
        stop_server(pg_server)
        time.sleep(3)
    finally:
        start_server(pg_server)
    err = proc.communicate(timeout=600)[1]
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert_complete(db, urls)


@pytest.mark.postgres
def test_a_postgres_server_that_stays_away_stops_the_ingest_with_counts_and_a_rerun_completes(tmp_path, pg_server):  # noqa: F811,E501
    from pg import new_database, start_server, stop_server

    db = new_database(pg_server)
    urls = write_corpus(tmp_path / "corpus.jsonl")
    env = {**os.environ, "SITREP_DB_RETRY_SECONDS": "2"}
    cmd = sitrep_cmd("ingest", str(tmp_path / "corpus.jsonl"), "--db", db, "--workers", "1",
                     "--no-progress", "--no-classifier")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for(lambda: stored(db) >= 8 or proc.poll() is not None, 300)
        assert proc.poll() is None, proc.stderr.read()
        stop_server(pg_server)
        err = proc.communicate(timeout=300)[1]
    finally:
        start_server(pg_server)
    assert proc.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "lost the connection to the database server" in lines[0]
    assert "new documents stored by this run" in lines[0] and "run the same command again" in lines[0]
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(db, urls)


def test_an_interrupted_ingest_says_what_it_stored_and_leaves_fused_data(tmp_path):
    db = str(tmp_path / "c.db")
    urls = write_corpus(tmp_path / "corpus.jsonl")
    cmd = sitrep_cmd("ingest", str(tmp_path / "corpus.jsonl"), "--db", db, "--workers", "1", "--no-progress",
                     "--no-classifier")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # interrupt once a committed batch has been fused (fusion after a batch runs in its own transaction;
        # a signal during it rolls that fusion back, and query/export then catch up instead)
        assert wait_for(lambda: (stored(db) >= 8 and fused(db) > 0) or proc.poll() is not None, 300)
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGTERM)  # what `kill` and service managers send; Ctrl-C takes the same path
        err = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    (line,) = [x for x in err.splitlines() if x.strip()]
    with Store(db, create=False) as store:
        n = store.counts()["documents"]
        assert 8 <= n < N
        assert line.startswith(
            f"sitrep: error: interrupted: {n} new documents stored by this run ({n} in the database), "
        )
        assert "run the same command again to ingest the rest" in line
        # the first committed batch was fused as soon as it was stored: queryable before any re-run
        assert store.counts()["fused_events"] > 0 and store.fusion_lag() < n
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert_complete(db, urls)
