"""Date finding and resolution speed, as a ratio to the bare spaCy parse of the same text, in one run.

    python benchmarks/bench_dates.py [--repeat 5]

Parses the founding example (../shared/seed), then runs sitrep.resolve.dates.find_dates on the parse.
Prints the vocabulary/grammar build time, the number of mentions and the ratio find_dates / parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "idlib-2020-03-05.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from sitrep.nlp import load_nlp
    from sitrep.resolve.dates import default_grammar, find_dates

    nlp = load_nlp()
    text = SEED.read_text("utf-8")
    published = dt.date(2020, 3, 5)
    t0 = time.perf_counter()
    default_grammar()
    load = time.perf_counter() - t0
    nlp(text)  # warm up
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        doc = nlp(text)
    parse = (time.perf_counter() - t0) / args.repeat
    find_dates(doc, published)  # warm up the caches of the scanner
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        mentions = find_dates(doc, published)
    find = (time.perf_counter() - t0) / args.repeat
    print(f"grammar build {load * 1000:.1f} ms; {len(doc)} tokens; {len(mentions)} date mentions; "
          f"find_dates / parse = {find / parse:.3f}")


if __name__ == "__main__":
    main()
