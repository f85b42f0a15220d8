"""Design figures of the ACLED typing (docs/accuracy.md, CASE 2021 section), re-runnable.

Every figure is 5-fold cross-validated on the CASE 2021 Task 2 dev split exactly as ``sitrep eval
case2021`` does it (same folds, seed 13, near-duplicates in one fold, each fold's head trained without
the fold). The snippets are parsed once and every variant re-runs the stages on the parsed documents, so
a sweep costs a fraction of one ``sitrep eval case2021`` run.

Variants:

* ``--training``: the classifier alone (before the rules) with the ACLED head trained on subsets of its
  training data (written sentences + descriptions only, plus the other folds' snippets, snippets
  up-weighted ×3) — the "typing model" paragraph of docs/accuracy.md.
* ``--override T ...``: the pipeline (label of ``Result.primary_event``) with the model overriding a
  dictionary-decided ACLED type when its calibrated probability is at least T
  (``sitrep.stages.classify.OVERRIDE_SCORE``; 1.01 = never, the behaviour before).
* ``--specific N ...``: the pipeline with ``SPECIFIC_PREFIX`` = N (0: the dictionary never decides).
* ``--plover-stages``: ``sitrep eval plover``'s dictionary PLOVER macro-F1 with the ``statements`` and
  ``incidents`` stages (issue 10) left out in turn.

    python benchmarks/typing_design.py --shared ../shared --override 1.01 0.9 0.7 0.5 0.3 0.0
    python benchmarks/typing_design.py --shared ../shared --training
    python benchmarks/typing_design.py --shared ../shared --plover-stages

Prints one line per variant: weighted F1, macro F1, accuracy, and the classes at or below 0.5.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from sitrep.evaluate.case2021 import DEV_FILE, NONE, _fold_setup, read_case2021
from sitrep.evaluate.metrics import classification_report
from sitrep.model import Document


def _line(name: str, gold, pred) -> str:
    rep = classification_report(gold, pred)
    weak = sorted((round(s.f1, 2), s.label) for s in rep.labels if s.f1 <= 0.5 and s.support)
    weak_s = ", ".join(f"{k} {f:.2f}" for f, k in weak)
    return (f"{name:<42} weighted F1 {rep.weighted['f1']:.3f}  macro F1 {rep.macro['f1']:.3f}  "
            f"acc {rep.accuracy:.3f}  | <=0.5: {weak_s or '-'}")


class PipelineRunner:
    """The snippets parsed once; :meth:`labels` runs the default stages with each fold's head."""

    def __init__(self, snippets, ex, heads, temperature: float):
        from sitrep.classify import Classifier, load_classifier
        from sitrep.nlp.load import load_nlp

        shipped = load_classifier()
        pos = {t: i for i, t in enumerate(ex.texts) if ex.private[i]}
        self.snippets = snippets
        self.docs = list(load_nlp().pipe(s.text for s in snippets))
        self.folds = []
        for h, held in heads:
            ks = [k for k, s in enumerate(snippets) if pos[s.text] in held]
            clf = Classifier.from_heads(shipped.plover, h, shipped.encoder, {"acled_temperature": temperature})
            self.folds.append((ks, clf))

    def labels(self) -> list[str]:
        from sitrep.pipeline import Pipeline
        from sitrep.stages import DEFAULT_STAGES

        out = [NONE] * len(self.snippets)
        for ks, clf in self.folds:
            pipe = Pipeline(stages=DEFAULT_STAGES, classifier=clf)
            for k in ks:
                s = self.snippets[k]
                e = pipe._finish(pipe.analyse(Document(id=s.id, text=s.text), self.docs[k])).primary_event
                if e is not None:
                    out[k] = e.type.acled_sub_event_type or e.type.non_acled_type or NONE
        return out


def run_pipeline_sweeps(runner: PipelineRunner, gold, overrides, specifics) -> None:
    from sitrep.stages import classify as stage

    saved = (stage.OVERRIDE_SCORE, stage.SPECIFIC_PREFIX)
    try:
        for t in overrides:
            stage.OVERRIDE_SCORE = t
            print(_line(f"pipeline, OVERRIDE_SCORE={t}", gold, runner.labels()), flush=True)
        stage.OVERRIDE_SCORE = saved[0]
        for n in specifics:
            stage.SPECIFIC_PREFIX = n
            print(_line(f"pipeline, SPECIFIC_PREFIX={n}", gold, runner.labels()), flush=True)
    finally:
        stage.OVERRIDE_SCORE, stage.SPECIFIC_PREFIX = saved


def run_training_variants(shared: Path, snippets, gold) -> None:
    """The classifier alone (best label other than "(none)", before the rules) per training-data subset."""
    from sitrep.classify.embed import load_encoder
    from sitrep.evaluate.train import HEAD_HYPER, acled_examples, fold_heads

    variants = {
        "written + descriptions + PLOVER (no CASE)": dict(case_weight=0.0),
        "+ other folds' snippets (shipped)": dict(case_weight=1.0),
        "+ other folds' snippets x3": dict(case_weight=3.0),
    }
    ex = acled_examples(shared)
    E = load_encoder().encode(ex.texts)
    pos = {t: i for i, t in enumerate(ex.texts) if ex.private[i]}
    for name, v in variants.items():
        heads = fold_heads(E, ex, hyper=HEAD_HYPER.get("acled"), lexical=False,
                           private_weight=v["case_weight"])
        pred = [NONE] * len(snippets)
        for h, held in heads:
            ks = [k for k, s in enumerate(snippets) if pos[s.text] in held]
            probs = h.scores(h.features(E[[pos[snippets[k].text] for k in ks]], [snippets[k].text for k in ks]))
            for k, p in zip(ks, probs):
                order = np.argsort(-p)
                pred[k] = next(h.labels[j] for j in order if h.labels[j] != NONE)
        print(_line(f"classifier, {name}", gold, pred), flush=True)


def run_plover_stages(shared: Path) -> None:
    """PLOVER type macro-F1 of the scored event (``sitrep eval plover``'s ``main_event``) of the dictionary
    coder (no classifier: the shipped heads were trained on these records) with stages left out: where a
    change in PLOVER macro-F1 comes from."""
    from sitrep.classify.labels import plover_2021
    from sitrep.evaluate.readers import read_plover
    from sitrep.evaluate.suites import main_event
    from sitrep.model import parse_published
    from sitrep.nlp.load import load_nlp
    from sitrep.pipeline import Pipeline
    from sitrep.stages import DICTIONARY_STAGES

    records = read_plover(shared / "gold/plover/PLOVER_GSR_CAMEO.json")
    gold = [plover_2021(r.event) for r in records]
    docs = [Document(id=r.id, text=r.text, published=parse_published(r.date)) for r in records]
    parsed = list(load_nlp().pipe(d.text for d in docs))
    variants = {"dictionary stages": DICTIONARY_STAGES}
    for left_out in (("statements",), ("incidents",), ("statements", "incidents")):
        variants["without " + " and ".join(left_out)] = tuple(s for s in DICTIONARY_STAGES if s not in left_out)
    for name, stages in variants.items():
        pipe = Pipeline(stages=stages)
        mains = [main_event(pipe._finish(pipe.analyse(d, p))) for d, p in zip(docs, parsed)]
        pred = [e.type.plover if e else None for e in mains]
        print(_line(f"plover, {name}", gold, pred), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("SITREP_SHARED", "../shared"))
    ap.add_argument("--override", type=float, nargs="*", default=[])
    ap.add_argument("--specific", type=int, nargs="*", default=[])
    ap.add_argument("--training", action="store_true")
    ap.add_argument("--plover-stages", action="store_true")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    snippets = read_case2021(shared / DEV_FILE)
    gold = [s.label for s in snippets]
    t0 = time.time()
    if args.training:
        run_training_variants(shared, snippets, gold)
    if args.plover_stages:
        run_plover_stages(shared)
    if args.override or args.specific:
        from sitrep.classify import load_classifier

        ex, _E, heads = _fold_setup(shared)
        runner = PipelineRunner(snippets, ex, heads, float(load_classifier().meta.get("acled_temperature", 1.0)))
        run_pipeline_sweeps(runner, gold, args.override, args.specific)
    print(f"({time.time() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
