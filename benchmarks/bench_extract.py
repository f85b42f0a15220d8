"""Extraction speed, as a ratio to the bare spaCy parse of the same texts, measured in one run.

    python benchmarks/bench_extract.py [--docs 200] [--corpus PATH.jsonl] [--accuracy REPORT.json
        [--baseline BASE.json]] [--unbatched]

--corpus: JSON lines with ``text`` (and ``published``), read as they are: distinct texts, the first --docs
of them, never repeated, so no per-sentence cache answers a repeat. Without --corpus it uses the
founding example and the paraphrased reports in tests/fixtures/reports, cycled to --docs documents (the
classifier's sentence cache is then switched off). --stages runs a subset (e.g. without ``classify``: the
dictionary coder alone). Prints documents/minute for the bare parse and the pipeline (``Pipeline.pipe``,
which classifies a batch of documents in one call), the ratio (pipeline time / parse time), each stage's
time run document by document as a share of the parse time, and the one-off load time. --unbatched also
times the pipeline document by document (``Pipeline.__call__``: one parse and one classifier call each).
It runs after the batched run, in a process whose pure per-process caches (gazetteer and dictionary
look-ups) the batched run has filled with the same texts: compare the two with that in mind.

--accuracy prints the headline figures of a ``sitrep eval all --report`` JSON next to the speed figures
(and, with --baseline, the same figures of an earlier report and the difference), so that a speed-up
that costs accuracy is visible.
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
    ap.add_argument("--accuracy", metavar="REPORT.json", help="a `sitrep eval all --report` file to show")
    ap.add_argument("--baseline", metavar="BASE.json", help="an earlier report to compare --accuracy with")
    ap.add_argument("--unbatched", action="store_true", help="also time the pipeline document by document")
    args = ap.parse_args()

    from sitrep.analysis import Analysis
    from sitrep.model import Document
    from sitrep.pipeline import Pipeline

    docs = corpus(args.corpus, args.docs, cycle=not args.corpus)
    t0 = time.perf_counter()
    pipeline = Pipeline(stages=args.stages.split(",")) if args.stages else Pipeline()
    if "classify" in pipeline.stage_names and not args.corpus:
        # the cycled corpus repeats its documents: without this the classifier's sentence cache would
        # answer every repeat and hide its cost on a corpus of distinct reports
        from sitrep.classify import load_classifier

        load_classifier().CACHE_SIZE = 0
    nlp = pipeline.nlp
    warm = Document(id="warm", text="Shelling killed 3 people in Idlib on Monday.", published="2020-03-05")
    list(pipeline.pipe([warm]))  # gazetteer, classifier
    load = time.perf_counter() - t0
    words = sum(len(t.split()) for t, _ in docs)

    t0 = time.perf_counter()
    for _ in nlp.pipe(t for t, _ in docs):
        pass
    parse = time.perf_counter() - t0

    forget_sentences(pipeline)
    t0 = time.perf_counter()
    events = 0
    for r in pipeline.pipe(Document(id=str(i), text=t, published=p) for i, (t, p) in enumerate(docs)):
        events += len(r.events)
    full = time.perf_counter() - t0

    unbatched = None
    if args.unbatched:
        forget_sentences(pipeline)
        t0 = time.perf_counter()
        for i, (t, p) in enumerate(docs):
            pipeline(Document(id=f"u{i}", text=t, published=p))
        unbatched = time.perf_counter() - t0

    # each stage on the same parses
    forget_sentences(pipeline)
    parsed = list(nlp.pipe(t for t, _ in docs))
    per_stage = dict.fromkeys(pipeline.stage_names, 0.0)
    for i, ((text, pub), doc) in enumerate(zip(docs, parsed)):
        analysis = Analysis(document=Document(id=f"s{i}", text=text, published=pub), doc=doc,
                            lexicons=pipeline.lexicons, classifier=pipeline.classifier)
        for name, fn in zip(pipeline.stage_names, pipeline.stages):
            t0 = time.perf_counter()
            fn(analysis)
            per_stage[name] += time.perf_counter() - t0

    print(f"model + lexicons + gazetteer load: {load:.1f} s (once per process)")
    print(f"documents: {len(docs)}  words: {words}  events: {events}")
    print(f"bare spaCy parse : {len(docs) / parse * 60:8.0f} docs/min  ({words / parse:7.0f} words/s)")
    print(f"sitrep pipeline  : {len(docs) / full * 60:8.0f} docs/min  ({words / full:7.0f} words/s)")
    print(f"ratio pipeline/parse time: {full / parse:.2f}")
    if unbatched is not None:
        print(f"ratio pipeline document by document (no batching)/parse time: {unbatched / parse:.2f}")
    print("stage time (document by document) / parse time: "
          + ", ".join(f"{k} {v / parse:.3f}" for k, v in per_stage.items()))
    if args.accuracy:
        print_accuracy(args.accuracy, args.baseline)


def forget_sentences(pipeline) -> None:
    """Empty the classifier's sentence cache: a timed run must not be answered from an earlier one."""
    if "classify" not in pipeline.stage_names:
        return
    from sitrep.classify import load_classifier

    cache = getattr(pipeline.classifier or load_classifier(), "_cache", None)
    if cache is not None:
        cache.clear()


def headlines(path: str) -> dict[str, float]:
    """``suite: figure`` -> value for every numeric headline figure of a ``sitrep eval all --report`` file."""
    report = json.loads(Path(path).read_text("utf-8"))
    out: dict[str, float] = {}
    for name, suite in report.get("suites", {}).items():
        for key, value in (suite.get("headline") or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out[f"{name}: {key}"] = float(value)
    return out


def print_accuracy(path: str, baseline: str | None) -> None:
    """The accuracy headline of ``path`` (and of ``baseline`` with the difference) below the speed."""
    now = headlines(path)
    base = headlines(baseline) if baseline else {}
    print(f"accuracy headline ({path}" + (f" vs {baseline})" if baseline else ")"))
    for key, value in now.items():
        line = f"  {key:<48} {value:8.4f}"
        if key in base:
            line += f"   base {base[key]:8.4f}   diff {value - base[key]:+.4f}"
        print(line)
    for key in sorted(set(base) - set(now)):
        print(f"  {key:<48} (missing; base {base[key]:.4f})")


if __name__ == "__main__":
    main()
