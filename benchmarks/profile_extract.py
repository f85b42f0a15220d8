"""Where extraction time goes: each stage's time as a ratio to the bare spaCy parse, measured in one run.

    python benchmarks/profile_extract.py --corpus /work/shared/gold/geo/tr_news.dev.jsonl [--docs 40]
        [--cprofile 25] [--stages dates,actors,...]

The corpus (JSON lines with ``text`` and optional ``published``) is read as it is: distinct texts, so no
per-sentence cache answers a repeat (the classifier's sentence cache is emptied before the timed runs).
Measures, on the same texts in the same process:

* the bare parse: ``nlp.pipe`` over the texts (the unit every other figure is divided by);
* the whole pipeline as ``Pipeline.pipe`` runs it (batched parse, batched classifier calls);
* each stage alone, run document by document on the same parses, as ``Pipeline.analyse`` would;
* the spaCy components (tok2vec, tagger, parser, ner, ...) one by one;
* with ``--cprofile N``: the N functions with the most cumulative time under the stages (the parse excluded).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import corpus, forget_sentences  # noqa: E402


def stage_times(pipeline, docs, parsed) -> dict[str, float]:
    """Seconds each stage takes over all documents, on parses made beforehand."""
    from sitrep.analysis import Analysis
    from sitrep.model import Document

    per_stage = dict.fromkeys(pipeline.stage_names, 0.0)
    for i, ((text, pub), doc) in enumerate(zip(docs, parsed)):
        analysis = Analysis(document=Document(id=str(i), text=text, published=pub), doc=doc,
                            lexicons=pipeline.lexicons, classifier=pipeline.classifier)
        for name, fn in zip(pipeline.stage_names, pipeline.stages):
            t0 = time.perf_counter()
            fn(analysis)
            per_stage[name] += time.perf_counter() - t0
    return per_stage


def component_times(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds each spaCy component takes over all texts (tokenizer included), in batches of 16 docs."""
    times = {"tokenizer": 0.0} | {name: 0.0 for name, _ in nlp.pipeline}
    for b in range(0, len(texts), 16):
        t0 = time.perf_counter()
        batch = [nlp.make_doc(t) for t in texts[b:b + 16]]
        times["tokenizer"] += time.perf_counter() - t0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            batch = list(proc.pipe(batch, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in batch]
            times[name] += time.perf_counter() - t0
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="JSON lines of distinct texts")
    ap.add_argument("--docs", type=int, default=0, help="first N documents (default: all)")
    ap.add_argument("--stages", help="comma-separated stage names (default: the default pipeline)")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the top N functions")
    args = ap.parse_args()

    from sitrep.model import Document
    from sitrep.pipeline import Pipeline

    docs = corpus(args.corpus, args.docs or 10**9, cycle=False)
    pipeline = Pipeline(stages=args.stages.split(",")) if args.stages else Pipeline()
    nlp = pipeline.nlp
    list(pipeline.pipe([Document(id="warm", text="Shelling killed 3 people in Idlib on Monday.",
                                 published="2020-03-05")]))  # loads the gazetteer, the classifier
    texts = [t for t, _ in docs]

    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts))
    parse = time.perf_counter() - t0

    forget_sentences(pipeline)
    t0 = time.perf_counter()
    events = sum(len(r.events) for r in pipeline.pipe(
        Document(id=str(i), text=t, published=p) for i, (t, p) in enumerate(docs)))
    full = time.perf_counter() - t0

    forget_sentences(pipeline)
    per_stage = stage_times(pipeline, docs, parsed)
    comps = component_times(nlp, texts)

    print(f"documents: {len(docs)}  words: {sum(len(t.split()) for t in texts)}  events: {events}")
    print(f"bare parse: {parse:.2f} s (= 1.00)")
    print(f"pipeline (Pipeline.pipe, parse included): {full:.2f} s = {full / parse:.2f} x parse")
    print(f"stages alone, document by document: {sum(per_stage.values()) / parse:.2f} x parse")
    for name, s in sorted(per_stage.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<18} {s / parse:6.3f}")
    print(f"spaCy components: {sum(comps.values()) / parse:.2f} x parse")
    for name, s in comps.items():
        print(f"  {name:<18} {s / parse:6.3f}")

    if args.cprofile:
        forget_sentences(pipeline)
        prof = cProfile.Profile()
        prof.enable()
        stage_times(pipeline, docs, parsed)
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.cprofile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
