"""Figure extraction speed, as a ratio to the bare spaCy parse of the same text, in one run.

    python benchmarks/bench_figures.py [--repeat 5]

Parses the founding example (../shared/seed), then times
- ``find_figures`` on the parse (no actor/place/date mentions: the figures stage's own work), and
- ``parse_quantity`` over the seed's number phrases (per phrase and per article: DEPENDENCIES.md
  measured quantulum3 at ~35 ms per article for the same phrases).
Prints the lexicon load time, the number of figures, and the ratios.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "idlib-2020-03-05.txt"
PHRASES = ["Nearly one million", "Some 60", "sixteen", "a child", "three million", "3.6 million", "2018", "2016"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from sitrep.extract.figures import figure_lexicon, find_figures
    from sitrep.extract.numbers import number_words, parse_quantity
    from sitrep.model import Document
    from sitrep.nlp import load_nlp
    from sitrep.pipeline import Analysis

    nlp = load_nlp()
    text = SEED.read_text("utf-8")
    t0 = time.perf_counter()
    figure_lexicon()
    number_words()
    load = time.perf_counter() - t0
    nlp(text)  # warm up
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        doc = nlp(text)
    parse = (time.perf_counter() - t0) / args.repeat
    analysis = Analysis(document=Document(id="seed", text=text), doc=doc, published=None, lexicons=None)
    figures = find_figures(analysis)  # warm up
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        figures = find_figures(analysis)
    find = (time.perf_counter() - t0) / args.repeat
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        for p in PHRASES:
            parse_quantity(p)
    per_phrase = (time.perf_counter() - t0) / (n * len(PHRASES))
    print(f"lexicons loaded in {load * 1000:.1f} ms")
    print(f"spaCy parse: {parse * 1000:.1f} ms; find_figures: {find * 1000:.2f} ms; {len(figures)} figures")
    print(f"ratio find_figures / parse = {find / parse:.3f}")
    print(f"parse_quantity: {per_phrase * 1e6:.1f} us per phrase, "
          f"{per_phrase * len(PHRASES) * 1000:.3f} ms for the seed's {len(PHRASES)} number phrases")


if __name__ == "__main__":
    main()
