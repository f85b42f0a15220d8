"""Geoparser speed, and the gazetteer's build time and size.

Run: ``python benchmarks/bench_geo.py [--build] [--docs N]`` (needs ../shared/gold/geo for the texts).

Reports, measured in one run on this machine:
* gazetteer build time and index size (``--build`` rebuilds it into a temporary cache dir);
* places/s of resolution alone (gold spans -> GeoNames entries);
* places/s and documents/s of the full geoparser (recognition + resolution) on already-parsed
  documents, and its cost as a ratio of the bare spaCy parse of the same documents.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", action="store_true", help="time a fresh gazetteer build")
    ap.add_argument("--docs", type=int, default=100, help="documents per corpus for the full geoparser")
    args = ap.parse_args()

    from sitrep.geo import gazetteer as gz

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "g.sqlite"
            t = time.perf_counter()
            gz.build(path)
            secs = time.perf_counter() - t
            print(f"gazetteer build: {secs:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
    g = gz.default_gazetteer()
    info = gz.stats(g)
    print(f"gazetteer: {info['size_mb']} MB, {info['places']} places, {info['names']} names "
          f"(built in {info.get('build_seconds')} s)")

    from sitrep.evaluate.geo import gold_toponyms, load_corpus
    from sitrep.geo.resolver import resolve_toponyms
    from sitrep.geo.toponyms import find_toponyms
    from sitrep.nlp.load import load_nlp

    docs = []
    for name in ("lgl", "tr_news", "gwn"):
        docs += load_corpus(SHARED / "gold" / "geo" / f"{name}.dev.jsonl")
    # resolution alone (fresh name cache so lookups are measured)
    gz.Gazetteer.candidates.cache_clear()
    gz.Gazetteer.demonym.cache_clear()
    t = time.perf_counter()
    n = 0
    for d in docs:
        tops, _ = gold_toponyms(d, g)
        resolve_toponyms(tops, g)
        n += len(tops)
    secs = time.perf_counter() - t
    print(f"resolution on gold spans: {n} places in {secs:.2f} s = {n / secs:,.0f} places/s")

    nlp = load_nlp()
    sample = [d for i, d in enumerate(docs) if i % max(1, len(docs) // (3 * args.docs)) == 0][: 3 * args.docs]
    t = time.perf_counter()
    parsed = list(nlp.pipe((d["text"] for d in sample), batch_size=16))
    parse_secs = time.perf_counter() - t
    gz.Gazetteer.candidates.cache_clear()
    t = time.perf_counter()
    found = 0
    for doc in parsed:
        tops = find_toponyms(doc, g, demonyms=True)
        resolve_toponyms(tops, g)
        found += len(tops)
    geo_secs = time.perf_counter() - t
    words = sum(len(d) for d in parsed)
    print(f"spaCy parse: {len(parsed)} docs, {words} tokens in {parse_secs:.1f} s")
    print(f"geoparser after parse: {found} places in {geo_secs:.2f} s = {found / geo_secs:,.0f} places/s, "
          f"{len(parsed) / geo_secs:,.0f} docs/s; {geo_secs / parse_secs:.2f}x the parse time")
    print(json.dumps({"places_per_s_resolution": round(n / secs), "places_per_s_geoparser": round(found / geo_secs),
                      "geoparser_vs_parse": round(geo_secs / parse_secs, 3)}))


if __name__ == "__main__":
    if "SITREP_CACHE_DIR" not in os.environ:
        print("note: SITREP_CACHE_DIR not set; using the default user cache dir")
    main()
