"""Extraction speed, as a ratio to the bare spaCy parse of the same texts, measured in one run.

    python benchmarks/bench_extract.py [--docs 200] [--corpus PATH.jsonl]

--stages runs a subset (e.g. without ``classify``: the dictionary coder alone). Without --corpus it uses
the founding example and the paraphrased reports in tests/fixtures/reports,
cycled to --docs documents. Prints documents/minute for both, the ratio (pipeline time / parse time),
and each stage's time as a share of the parse time, plus the one-off load time of the lexicons.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "idlib-2020-03-05.txt"


def corpus(path: str | None, n: int, cycle: bool = True) -> list[tuple[str, str]]:
    """(text, published) pairs: the JSON lines of ``path`` (or the founding example and the fixture
    reports), the first ``n``; ``cycle`` repeats them up to ``n`` when there are fewer."""
    texts: list[tuple[str, str]] = []
    if path:
        for line in Path(path).read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                texts.append((r["text"], r.get("published") or "2020-03-05"))
    else:
        if SEED.exists():
            texts.append((SEED.read_text("utf-8"), "2020-03-05"))
        for f in sorted((REPO / "tests" / "fixtures" / "reports").glob("*")):
            if f.suffix == ".json":
                r = json.loads(f.read_text("utf-8"))
                texts.append((r["text"], r.get("published") or "2020-03-05"))
            elif f.suffix == ".txt":
                texts.append((f.read_text("utf-8"), "2020-03-05"))
    if not texts:
        raise SystemExit("no texts: pass --corpus")
    return list(itertools.islice(itertools.cycle(texts) if cycle else iter(texts), n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--corpus")
    ap.add_argument("--stages", help="comma-separated stage names (default: the default pipeline)")
    args = ap.parse_args()

    from sitrep.analysis import Analysis
    from sitrep.model import Document
    from sitrep.pipeline import Pipeline

    docs = corpus(args.corpus, args.docs)
    t0 = time.perf_counter()
    pipeline = Pipeline(stages=args.stages.split(",")) if args.stages else Pipeline()
    if "classify" in pipeline.stage_names:
        # the cycled corpus repeats its documents: without this the classifier's sentence cache would
        # answer every repeat and hide its cost on a corpus of distinct reports
        from sitrep.classify import load_classifier

        load_classifier().CACHE_SIZE = 0
    nlp = pipeline.nlp
    list(pipeline.pipe([Document(id="warm", text=docs[0][0], published=docs[0][1])]))  # gazetteer, caches
    load = time.perf_counter() - t0
    words = sum(len(t.split()) for t, _ in docs)

    t0 = time.perf_counter()
    for _ in nlp.pipe(t for t, _ in docs):
        pass
    parse = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for r in pipeline.pipe(Document(id=str(i), text=t, published=p) for i, (t, p) in enumerate(docs)):
        events += len(r.events)
    full = time.perf_counter() - t0

    # each stage on the same parses
    parsed = list(nlp.pipe(t for t, _ in docs))
    per_stage = dict.fromkeys(pipeline.stage_names, 0.0)
    for i, ((text, pub), doc) in enumerate(zip(docs, parsed)):
        analysis = Analysis(document=Document(id=str(i), text=text, published=pub), doc=doc,
                            lexicons=pipeline.lexicons)
        for name, fn in zip(pipeline.stage_names, pipeline.stages):
            t0 = time.perf_counter()
            fn(analysis)
            per_stage[name] += time.perf_counter() - t0

    print(f"model + lexicons + gazetteer load: {load:.1f} s (once per process)")
    print(f"documents: {len(docs)}  words: {words}  events: {events}")
    print(f"bare spaCy parse : {len(docs) / parse * 60:8.0f} docs/min  ({words / parse:7.0f} words/s)")
    print(f"sitrep pipeline  : {len(docs) / full * 60:8.0f} docs/min  ({words / full:7.0f} words/s)")
    print(f"ratio pipeline/parse time: {full / parse:.2f}")
    print("stage time / parse time: " + ", ".join(f"{k} {v / parse:.3f}" for k, v in per_stage.items()))


if __name__ == "__main__":
    main()
