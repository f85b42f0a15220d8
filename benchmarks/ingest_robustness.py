"""Ingest under accidents, measured: tracebacks, lost and duplicated documents, surviving workers.

Scenarios (each on SQLite and on a throwaway PostgreSQL server started here, 127.0.0.1 only):

- ``kill9``: ``sitrep ingest --workers 2`` is killed with SIGKILL (the parent alone) once 8 reports are
  stored; counts the processes it started that are still alive 15 s later; then re-runs the command.
- ``concurrent``: two ``sitrep ingest`` of the same corpus at once.
- ``pg-restart`` (PostgreSQL): the server is stopped (``-m immediate``) for 3 s mid-ingest; the run
  must retry and complete.
- ``pg-down`` (PostgreSQL): the server stays away longer than ``SITREP_DB_RETRY_SECONDS`` (2 s); the run
  must stop with one line, and a re-run completes.

Every scenario ends with the same measurements: documents stored, lost (corpus URLs not stored),
duplicated (rows beyond one per URL), events not fused exactly once, and "Traceback" in any output.

    python benchmarks/ingest_robustness.py [--rounds 1] [--docs 24] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pg import new_database, running_server, start_server, stop_server  # noqa: E402
from sitrep.store import Store  # noqa: E402
from test_ingest_robust import alive, descendants, sitrep_cmd, stored, wait_for, write_corpus  # noqa: E402


def ingest_cmd(corpus: Path, db: str, workers: int) -> list[str]:
    return sitrep_cmd("ingest", str(corpus), "--db", db, "--workers", str(workers), "--no-progress", "--no-classifier")


def measure(db: str, urls: list[str], outputs: list[str]) -> dict:
    """The end state: lost, duplicated, unfused documents, and tracebacks in the outputs."""
    q = subprocess.run(sitrep_cmd("query", "--db", db), capture_output=True, text=True, timeout=600)
    outputs = [*outputs, q.stderr]
    with Store(db, create=False) as store:
        rows = [r[0] for r in store.execute("SELECT url FROM documents")]
        n_events = store.counts()["events"]
        members = store.execute("SELECT document_id, event_key, count(*) FROM fused_members GROUP BY 1, 2")
    return {
        "documents": len(rows), "lost": len(set(urls) - set(rows)), "duplicated": len(rows) - len(set(rows)),
        "events_not_fused_once": n_events - sum(1 for m in members if m[2] == 1),
        "tracebacks": sum(out.count("Traceback") for out in outputs), "query_exit": q.returncode,
    }


def kill9(tmp: Path, db: str, n: int) -> dict:
    urls = write_corpus(tmp / "corpus.jsonl", n)
    proc = subprocess.Popen(ingest_cmd(tmp / "corpus.jsonl", db, 2), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    wait_for(lambda: stored(db) >= 8 or proc.poll() is not None, 600)
    children = descendants(proc.pid)
    at_kill = stored(db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    time.sleep(15)
    survivors = [p for p in children if alive(p)]
    for pid in survivors:  # leave nothing behind, but count them
        os.kill(pid, signal.SIGKILL)
    rerun = subprocess.run(ingest_cmd(tmp / "corpus.jsonl", db, 1), capture_output=True, text=True, timeout=900)
    out = measure(db, urls, [proc.stderr.read(), rerun.stderr])
    return {"stored_at_kill": at_kill, "children": len(children), "survivors": len(survivors),
            "rerun_exit": rerun.returncode, **out}


def concurrent(tmp: Path, db: str, n: int) -> dict:
    urls = write_corpus(tmp / "corpus.jsonl", n)
    Store(db).close()
    procs = [subprocess.Popen(ingest_cmd(tmp / "corpus.jsonl", db, 1), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [p.communicate(timeout=1200)[1] for p in procs]
    return {"exits": [p.returncode for p in procs], **measure(db, urls, errs)}


def pg_outage(tmp: Path, db: str, n: int, server: str, retry: str, down: float) -> dict:
    urls = write_corpus(tmp / "corpus.jsonl", n)
    env = {**os.environ, "SITREP_DB_RETRY_SECONDS": retry}
    proc = subprocess.Popen(ingest_cmd(tmp / "corpus.jsonl", db, 1), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    wait_for(lambda: stored(db) >= 8 or proc.poll() is not None, 600)
    stop_server(server)
    try:
        if down > 0:
            time.sleep(down)
        else:
            proc.wait(timeout=600)
    finally:
        start_server(server)
    err = proc.communicate(timeout=900)[1]
    result = {"exit": proc.returncode, "stderr_lines": len([x for x in err.splitlines() if x.strip()])}
    outputs = [err]
    if proc.returncode != 0:
        rerun = subprocess.run(ingest_cmd(tmp / "corpus.jsonl", db, 1), capture_output=True, text=True, timeout=900)
        result["message"] = err.strip()[:300]
        result["rerun_exit"] = rerun.returncode
        outputs.append(rerun.stderr)
    return {**result, **measure(db, urls, outputs)}


def run(args) -> list[dict]:
    rows = []
    backends = args.backends.split(",")
    with running_server() as server:
        for rnd in range(args.rounds):
            for backend in backends:
                scenarios = [("kill9", kill9), ("concurrent", concurrent)]
                if backend == "postgresql":
                    scenarios += [("pg-restart", lambda t, d, n: pg_outage(t, d, n, server, "120", 3.0)),
                                  ("pg-down", lambda t, d, n: pg_outage(t, d, n, server, "2", 0))]
                for name, fn in scenarios:
                    with tempfile.TemporaryDirectory() as tmp:
                        db = str(Path(tmp) / "c.db") if backend == "sqlite" else new_database(server)
                        t0 = time.perf_counter()
                        row = {"round": rnd + 1, "backend": backend, "scenario": name, **fn(Path(tmp), db, args.docs)}
                        row["seconds"] = round(time.perf_counter() - t0, 1)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
                    rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--docs", type=int, default=24)
    ap.add_argument("--backends", default="sqlite,postgresql")
    rows = run(ap.parse_args())
    bad = [r for r in rows if r["lost"] or r["duplicated"] or r["tracebacks"] or r["events_not_fused_once"]
           or r.get("survivors")]
    print(f"{len(rows)} scenario runs; {len(bad)} with a lost or duplicated document, an unfused event, a "
          f"traceback or a surviving worker", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
