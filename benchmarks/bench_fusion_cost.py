"""Benchmark: how long re-fusing the whole store takes as it grows, i.e. how often ``sitrep ingest`` fuses.

Ingest re-fuses after a committed batch when the last fusion took at most a fifth of the time since it
ran (``sitrep.ingest.runner.fusion_due``). So the fusion overhead is bounded at about 20% by
construction, and what this measures is how stale the fusion can get: with a fusion taking ``F``
seconds, the next one comes ``5 F`` seconds later, i.e. after ``5 F x rate`` reports.

Stores synthetic hand-built results (``tests/fusefix.py`` helpers: random towns, actors, dates; no
extraction) into a fresh SQLite database in batches of 8 and times ``Store.refuse()`` at each size.

    python benchmarks/bench_fusion_cost.py [--sizes 100,500,1000,2000] [--rate 23.2]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fusefix import ASSAULT, CIVILIANS, CONSULT, RUSMIL, SYRMIL, TURMIL, day, displaced, event, result  # noqa: E402
from sitrep.store import Store  # noqa: E402

TOWNS = [("Idlib", 35.93, 36.63), ("Saraqib", 35.86, 36.80), ("Ariha", 35.81, 36.61), ("Aleppo", 36.20, 37.16),
         ("Hama", 35.13, 36.75), ("Homs", 34.73, 36.71), ("Daraa", 32.62, 36.10), ("Raqqa", 35.95, 39.01)]


def synthetic(i: int, rng: random.Random):
    town, lat, lon = rng.choice(TOWNS)
    place = dict(
        name=town,
        country="SYR",
        admin1=town,
        lat=lat,
        lon=lon,
        geonameid=1000 + TOWNS.index((town, lat, lon)),
        precision="town",
    )
    when = f"2020-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    a1, a2 = rng.choice([(RUSMIL, CIVILIANS), (TURMIL, SYRMIL), (SYRMIL, CIVILIANS)])
    etype = ASSAULT if rng.random() < 0.85 else CONSULT
    killed = rng.randint(1, 40)
    sentence = f"Report {i}: forces struck {town}, killing {killed} people."
    ev = event("e1", etype, a1, a2, place, day(when), sentence, killed=killed)
    return result(f"doc-{i}", when, f"Desk {i % 7}", [ev], figures=[displaced(rng.randint(1, 9) * 10_000, when)],
                  url=f"https://desk.example/{i}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,500,1000,2000")
    ap.add_argument("--rate", type=float, default=23.2, help="ingest rate in reports/s (README: 2 workers)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "c.db")) as store:
        n = 0
        for size in sizes:
            while n < size:
                store.add_results([synthetic(n + k, rng) for k in range(8)])
                n += 8
            t0 = time.perf_counter()
            fusion = store.refuse()
            seconds = time.perf_counter() - t0
            print(json.dumps({
                "stored_reports": n, "fused_events": len(fusion.events), "fusion_seconds": round(seconds, 2),
                "next_fusion_after_seconds": round(5 * seconds, 1),
                "next_fusion_after_reports_at_rate": round(5 * seconds * args.rate),
            }), flush=True)


if __name__ == "__main__":
    main()
