"""``sitrep eval case2021``: ACLED sub-event types on the CASE 2021 Task 2 dev snippets, cross-validated.

The gold (``../shared/gold/case2021/case2021_task2_dev.tsv``: id, snippet, label) is a stratified 30% of
the shared task's test set: 304 news snippets, each labelled with an ACLED sub-event type (25 classes) or
one of five non-ACLED types. Labels are compared as Sitrep names them (``case2021_labels``: GRENADE ->
"Grenade", NATURAL_DISASTER -> "Natural disaster").

**Protocol.** The shipped ACLED head is trained on these snippets' embeddings, so scoring it here would
score a model on its training items. Instead every figure is 5-fold cross-validated: stratified folds,
near-duplicate snippets (embedding cosine > 0.9) kept in one fold, each fold's head trained on
everything else the shipped head sees (written sentences, descriptions, PLOVER records, ConfliBERT
"(none)" sentences, the other folds' snippets) and used to type its fold.

* ``pipeline``: the default pipeline (dictionary coder + ``classify`` stage) with the fold's head; the
  snippet's prediction is the type of ``Result.primary_event`` ("(none)" when no event is typed).
* ``classifier``: the head on the whole snippet, after the precedence rules (:mod:`sitrep.classify.rules`),
  the best label other than "(none)" (every snippet has a type).
* ``rules``: per precedence rule, how often it fired in the classifier's predictions and how often the
  label it set is the gold label.
* calibration: expected calibration error (10 equal-width bins) of the pipeline's primary-event
  ``type_score`` and of the classifier's score.

The five non-ACLED types are Sitrep types of their own (``EventType.non_acled_type``); the ACLED fields of
such an event are None.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from ..errors import SitrepError
from ..model import Document
from .metrics import classification_report
from .readers import Snippet, read_case2021  # noqa: F401  (re-exported)

DEV_FILE = Path("gold/case2021/case2021_task2_dev.tsv")
NONE = "(none)"
BINS = 10


def expected_calibration_error(scores: Sequence[float], correct: Sequence[bool], bins: int = BINS) -> dict:
    """ECE: the support-weighted mean |accuracy - mean score| over ``bins`` equal-width score bins, with
    the bins themselves."""
    s = np.asarray(scores, dtype=float)
    c = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(s, edges[1:-1]), 0, bins - 1)
    ece, table = 0.0, []
    for b in range(bins):
        m = which == b
        if not m.any():
            continue
        gap = abs(c[m].mean() - s[m].mean())
        ece += m.sum() / len(s) * gap
        table.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(m.sum()),
                      "accuracy": round(float(c[m].mean()), 3), "mean_score": round(float(s[m].mean()), 3)})
    return {"ece": round(float(ece), 4), "n": len(s), "bins": table}


def confusion_matrix(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """{"labels": [...], "rows": [[count of gold i predicted j]]} over the gold and predicted labels."""
    labels = sorted(set(gold) | set(pred))
    index = {lab: i for i, lab in enumerate(labels)}
    m = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        m[index[g]][index[p]] += 1
    return {"labels": labels, "rows": m}


def _fold_setup(shared: Path):
    """The ACLED examples, their embeddings, and the cross-validation heads with the snippets they hold out."""
    from ..classify.embed import load_encoder
    from .train import HEAD_HYPER, HEAD_LEXICAL, LEXICAL, acled_examples, fold_heads

    ex = acled_examples(shared)
    E = load_encoder().encode(ex.texts)
    heads = fold_heads(E, ex, hyper=HEAD_HYPER.get("acled"), lexical=HEAD_LEXICAL.get("acled", LEXICAL))
    return ex, E, heads


def _classifier_cv(snippets, ex, E, heads, temperature: float) -> tuple[list, list, list]:
    """Out-of-fold classifier labels (after the rules, best non-"(none)") for the snippets: (labels,
    scores, rules fired)."""
    from ..classify import acled_prediction

    pos = {t: i for i, t in enumerate(ex.texts) if ex.private[i]}
    labels: list[Optional[str]] = [None] * len(snippets)
    rules: list[Optional[str]] = [None] * len(snippets)
    scores = [0.0] * len(snippets)
    for h, held in heads:
        rows = [(k, pos[s.text]) for k, s in enumerate(snippets) if pos[s.text] in held]
        if not rows:
            continue
        texts = [snippets[k].text for k, _ in rows]
        idx = [i for _, i in rows]
        probs = h.scores(h.features(E[idx], texts))
        for (k, _), (lab, sc, rule, runner) in zip(rows, acled_prediction(h, probs, texts, temperature)):
            labels[k] = runner if lab == NONE else lab
            scores[k], rules[k] = sc, rule
    return labels, scores, rules


def _pipeline_cv(snippets, ex, heads, temperature: float) -> tuple[list, list]:
    """Out-of-fold pipeline predictions: each fold's snippets run through the default pipeline with that
    fold's ACLED head; the label of ``Result.primary_event`` (and its ``type_score``)."""
    from ..classify import Classifier, load_classifier
    from ..pipeline import Pipeline
    from ..stages import DEFAULT_STAGES

    shipped = load_classifier()
    pos = {t: i for i, t in enumerate(ex.texts) if ex.private[i]}
    labels: list = [NONE] * len(snippets)
    scores: list = [0.0] * len(snippets)
    for h, held in heads:
        ks = [k for k, s in enumerate(snippets) if pos[s.text] in held]
        clf = Classifier.from_heads(shipped.plover, h, shipped.encoder, {"acled_temperature": temperature})
        pipe = Pipeline(stages=DEFAULT_STAGES, classifier=clf)
        docs = [Document(id=snippets[k].id, text=snippets[k].text) for k in ks]
        for k, res in zip(ks, pipe.pipe(docs)):
            e = res.primary_event
            if e is not None:
                labels[k] = e.type.acled_sub_event_type or e.type.non_acled_type
                scores[k] = e.type_score if e.type_score is not None else 0.5 * e.confidence
    return labels, scores


def _rule_table(gold, rules, labels) -> dict:
    out: dict = {}
    for g, r, lab in zip(gold, rules, labels):
        if r is None:
            continue
        d = out.setdefault(r, {"fired": 0, "right": 0})
        d["fired"] += 1
        d["right"] += int(g == lab)
    return out


def run_case2021(shared: Path, limit: Optional[int] = None) -> dict:
    """The suite (module docstring). ``limit`` is ignored beyond a note: the figures are cross-validated
    over the whole split, which the folds need."""
    from ..classify import load_classifier

    path = Path(shared) / DEV_FILE
    if not path.exists():
        raise SitrepError(f"{path}: gold file not found (is --shared the folder holding gold/?)")
    snippets = read_case2021(path)
    ex, E, heads = _fold_setup(Path(shared))
    temperature = float(load_classifier().meta.get("acled_temperature", 1.0))
    gold = [s.label for s in snippets]
    c_lab, c_score, c_rules = _classifier_cv(snippets, ex, E, heads, temperature)
    p_lab, p_score = _pipeline_cv(snippets, ex, heads, temperature)
    crep = classification_report(gold, c_lab)
    prep = classification_report(gold, p_lab)
    out: dict[str, Any] = {
        "suite": "case2021", "records": len(snippets), "protocol": "5-fold cross-validation (stratified, "
        "near-duplicates in one fold); each fold's ACLED head trained without the fold",
        "temperature": temperature,
        "pipeline": prep.to_dict(), "classifier": crep.to_dict(),
        "pipeline_confusion_matrix": confusion_matrix(gold, p_lab),
        "classifier_confusion_matrix": confusion_matrix(gold, c_lab),
        "pipeline_calibration": expected_calibration_error(p_score, [g == p for g, p in zip(gold, p_lab)]),
        "classifier_calibration": expected_calibration_error(c_score, [g == p for g, p in zip(gold, c_lab)]),
        "rules": _rule_table(gold, c_rules, c_lab),
        "errors": [{"id": s.id, "gold": g, "pipeline": p, "classifier": c}
                   for s, g, p, c in zip(snippets, gold, p_lab, c_lab) if g != p],
    }
    if limit:
        out["note"] = "--limit is ignored: the cross-validation folds need the whole split"
    out["headline"] = {
        "pipeline_weighted_f1": prep.weighted["f1"], "pipeline_macro_f1": prep.macro["f1"],
        "pipeline_accuracy": prep.accuracy, "pipeline_ece": out["pipeline_calibration"]["ece"],
        "classifier_weighted_f1": crep.weighted["f1"], "classifier_macro_f1": crep.macro["f1"],
        "classifier_ece": out["classifier_calibration"]["ece"],
    }
    return out
