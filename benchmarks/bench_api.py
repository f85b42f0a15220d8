"""Benchmark: the HTTP API under a bounded load on 127.0.0.1, against the store called directly, and the
dashboard's first render.

    .venv/bin/python benchmarks/bench_api.py [--events 10000] [--threads 8] [--requests 3000] [--seconds 20]
                                             [--server-workers 1]

1. Builds a SQLite database of ``--events`` synthetic fused events (written with
   ``Store.replace_fusion``, as fusion writes them; ``tests/serve_helpers.synthetic_fusion``: no
   extraction is run, their source documents are not stored).
2. Starts ``sitrep serve`` on 127.0.0.1 in a child process (so the server and the load generator do not
   share a GIL), waits for it, and stops it at the end.
3. For each endpoint, ``--threads`` threads with one httpx client each send requests until
   ``--requests`` are done or ``--seconds`` have passed (bounded in count and time; loopback only), and
   reports requests/s and p50/p99 latency. Bodies are read, not parsed.
4. Times the same page through the store directly, in this process: ``event_page`` (what the API
   calls) and ``Store.query`` (what ``sitrep query`` calls), and gives the ratio of the API's p50 to them.
5. With Playwright and Debian's chromium: the dashboard's first render (navigation start to map, table and
   timeline drawn: ``window.sitrepFirstRenderMs``), median of 5 fresh pages, on the same database.

Not a test: numbers depend on the machine and on what else runs on it (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def build_db(path: str, n: int) -> None:
    from serve_helpers import synthetic_fusion
    from sitrep.store import Store

    with Store(path) as store:
        store.replace_fusion(synthetic_fusion(n))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, workers: int) -> subprocess.Popen:
    import httpx

    sitrep = str(Path(sys.executable).parent / "sitrep")
    env = {k: v for k, v in os.environ.items() if k != "SITREP_API_TOKEN"}
    proc = subprocess.Popen(
        [sitrep, "serve", "--db", db, "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/events?limit=1", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench_api: the server did not start")


def cpu_seconds(root: int) -> float:
    """User + system CPU time of process ``root`` and its descendants (from /proc; Linux only)."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime+stime
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(stats[p][1] for p in tree if p in stats) / os.sysconf("SC_CLK_TCK")


def load(url: str, threads: int, max_requests: int, max_seconds: float) -> dict:
    """Bounded load: at most ``max_requests`` requests and ``max_seconds`` seconds, ``threads`` at a time."""
    import httpx

    latencies: list[float] = []
    errors = [0]
    budget = [max_requests]
    lock = threading.Lock()
    stop_at = time.perf_counter() + max_seconds

    def worker():
        with httpx.Client(timeout=30) as client:
            while time.perf_counter() < stop_at:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                t0 = time.perf_counter()
                r = client.get(url)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors[0] += r.status_code != 200

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return {
        "requests": len(lat),
        "errors": errors[0],
        "rps": len(lat) / wall,
        "p50_ms": 1000 * lat[len(lat) // 2],
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))],
    }


def direct(db: str, repeats: int = 200) -> dict:
    from sitrep.store import QueryFilters, Store
    from sitrep.store.api_queries import EventQuery, event_page

    with Store(db) as store:
        event_page(store, EventQuery(), 100)
        t0 = time.perf_counter()
        for _ in range(repeats):
            event_page(store, EventQuery(), 100)
        page_ms = 1000 * (time.perf_counter() - t0) / repeats
        t0 = time.perf_counter()
        for _ in range(repeats // 4):
            store.query(QueryFilters(limit=100))
        query_ms = 1000 * (time.perf_counter() - t0) / (repeats // 4)
    return {"event_page_ms": page_ms, "store_query_ms": query_ms}


def first_render(url: str, runs: int = 5) -> list[float] | str:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: pip install playwright"
    if not Path("/usr/bin/chromium").exists():
        return "skipped: apt-get install chromium"
    from serve_helpers import CHROMIUM_FLAGS

    times, phases = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS, headless=True)
        for _ in range(runs + 1):  # the first page warms the server's and the browser's caches
            context = browser.new_context(viewport={"width": 1300, "height": 1000})
            page = context.new_page()
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60000)
            times.append(page.evaluate("window.sitrepFirstRenderMs"))
            phases.append(page.evaluate("window.sitrep.timings"))
            context.close()
        browser.close()
    steps = {k: statistics.median(ph[k] for ph in phases[1:]) for k in phases[-1]}
    print("dashboard phases (median ms since navigation): " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items()))
    return times[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--server-workers", type=int, default=1, help="sitrep serve --workers")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} (2-core machine: above 2 means other work competes)")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        build_db(db, args.events)
        print(f"built {args.events} synthetic fused events in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        server = start_server(db, port, args.server_workers)
        print(f"sitrep serve --workers {args.server_workers}; load: {args.threads} client threads")
        base = f"http://127.0.0.1:{port}"
        try:
            report(base, db, args, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def report(base: str, db: str, args, server_pid: int) -> None:
    import httpx

    d = direct(db)
    print(
        f"store directly (this process): event_page(limit=100) {d['event_page_ms']:.2f} ms/call; "
        f"Store.query(limit=100) {d['store_query_ms']:.2f} ms/call"
    )
    for name, path, n in (
        ("/v1/events?limit=100", "/v1/events?limit=100", args.requests),
        ("GeoJSON export, 100 events", "/v1/events?format=geojson&limit=100", args.requests),
        ("GeoJSON export, all events", "/v1/events?format=geojson", 40),
    ):
        cpu0 = cpu_seconds(server_pid)
        r = load(base + path, args.threads, n, args.seconds)
        cpu_ms = 1000 * (cpu_seconds(server_pid) - cpu0) / max(1, r["requests"])
        print(
            f"{name}: {r['requests']} requests, {r['errors']} errors, {r['rps']:.0f} req/s, "
            f"p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms; server CPU {cpu_ms:.2f} ms/request"
        )
        if path == "/v1/events?limit=100":
            print(
                f"  ratio of API p50 to event_page: {r['p50_ms'] / d['event_page_ms']:.1f}x; "
                f"to Store.query: {r['p50_ms'] / d['store_query_ms']:.1f}x"
            )
    size = len(httpx.get(base + "/v1/events?format=geojson", timeout=60).content)
    print(f"  (the full GeoJSON export is {size / 2**20:.1f} MiB)")
    times = first_render(base)
    if isinstance(times, str):
        print(f"dashboard first render: {times}")
    else:
        print(
            f"dashboard first render ({args.events} events in the db, first 1000 drawn): median "
            f"{statistics.median(times):.0f} ms over {len(times)} fresh pages "
            f"(all: {', '.join(f'{t:.0f}' for t in times)})"
        )


if __name__ == "__main__":
    main()
