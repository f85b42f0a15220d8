"""CAMEO coding speed, as a ratio to the bare spaCy parse of the same text, measured in one run.

    python benchmarks/bench_cameo.py [--repeat 5]

Parses the founding example (../shared/seed), then codes every token with VerbDictionary.match and every
noun with nominal_code. Prints the load time of the compiled dictionary and the ratio coding / parse.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "idlib-2020-03-05.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from sitrep.extract.cameo import VerbDictionary, nominal_code
    from sitrep.nlp import load_nlp

    nlp = load_nlp()
    text = SEED.read_text("utf-8")
    t0 = time.perf_counter()
    verbs = VerbDictionary.load_default()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        doc = nlp(text)
    parse = (time.perf_counter() - t0) / args.repeat
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        coded = [verbs.match(t) for t in doc] + [nominal_code(t) for t in doc if t.pos_ == "NOUN"]
    code = (time.perf_counter() - t0) / args.repeat
    print(f"dictionary load {load:.2f} s; {len(doc)} tokens; {sum(c is not None for c in coded)} coded; "
          f"coding / parse = {code / parse:.3f}")


if __name__ == "__main__":
    main()
