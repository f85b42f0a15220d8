"""Training data, cross-validation and training of the event classifier heads (``sitrep train``).

Two heads share one sentence encoder (:mod:`sitrep.classify.embed`):

- ``plover``: PLOVER 2021 event type. Trained on the 322 PLOVER gold records (``PLOVER_GSR_CAMEO.json``,
  v0.5 names converted to 2021 names), the event and mode definitions of the PLOVER structured codebook,
  and Sitrep's own type descriptions (``data/codebook/plover_types.tsv``).
- ``acled``: ACLED sub-event type, or "(none)" for reports ACLED does not record. Trained on Sitrep's
  sub-event descriptions written from the ACLED codebook (``data/codebook/acled_sub_event_types.tsv``),
  the PLOVER gold records whose (event, mode) fixes an ACLED sub-event (``plover_to_acled.tsv``) and, as
  "(none)" examples, ConfliBERT CAMEO-class sentences of the non-material classes (statements, consults,
  verbal conflict). The event type follows from the sub-event through the ACLED taxonomy.

Scores are measured by stratified k-fold cross-validation over the gold records: each fold's head is
trained without that fold (descriptions are always in training, never in test).
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..classify import head as _head
from ..classify.features import Tfidf, combine
from ..classify.labels import NONE_LABEL, acled_from_plover, descriptions, plover_2021
from ..errors import InputError
from .metrics import classification_report
from .readers import read_cameo5, read_case2021, read_plover

PLOVER_GOLD = Path("gold/plover/PLOVER_GSR_CAMEO.json")
PLOVER_CODEBOOK = Path("lexicons/plover/PLOVER_structured_codebook_updated.csv")
CAMEO5 = Path("gold/conflibert/cameo_class_train.tsv")
CASE2021_DEV = Path("gold/case2021/case2021_task2_dev.tsv")
WRITTEN_SENTENCES = "acled_training_sentences.tsv"
# ConfliBERT 5-way classes whose sentences are never ACLED events (0 statements, 1 consults, 3 verbal conflict)
CAMEO5_NON_ACLED = (0, 1, 3)
DESCRIPTION_WEIGHT = 1.0
HYPER = {"l2": 1e-4, "steps": 400, "lr": 0.05, "balanced": True}
FOLDS = 5
SEED = 13
# per-head choices where the ACLED head (trained with the CASE 2021 dev embeddings) differs
HEAD_HYPER: dict[str, dict] = {}
# the ACLED head reads the embedding alone: its TF-IDF vocabulary may not hold the CASE snippets' words,
# and without them the words added nothing in cross-validation (weighted F1 0.712 embedding only,
# exp. 2026-11-30); the embedding alone is also the cheaper head to run
HEAD_LEXICAL: dict[str, bool] = {"acled": False}
LEXICAL = True  # append TF-IDF features to the embedding (chosen by cross-validation, docs/accuracy.md)


@dataclass
class Examples:
    """Texts with labels; ``fixed`` marks examples that stay in training in every fold (descriptions)."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    fixed: list[bool] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    # texts whose words must not enter a shipped file (the CASE 2021 dev snippets): the TF-IDF vocabulary
    # is fitted without them; only their embeddings train the head
    private: list[bool] = field(default_factory=list)

    def add(self, text: str, label: str, fixed: bool, source: str, private: bool = False) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.fixed.append(fixed)
        self.private.append(private)
        self.sources[source] = self.sources.get(source, 0) + 1

    def vocabulary_texts(self, idx: Sequence[int]) -> list[str]:
        """The texts of ``idx`` a TF-IDF vocabulary may be fitted on (not the private ones)."""
        return [self.texts[i] for i in idx if not (self.private and self.private[i])]


def _need(shared: Path, rel: Path) -> Path:
    p = shared / rel
    if not p.exists():
        raise InputError(str(p), "training data not found (pass the shared data folder with --shared)")
    return p


def plover_codebook_texts(shared: Path) -> list[tuple[str, str]]:
    """(PLOVER type, definition text) from the structured codebook: each event definition once, each mode definition."""
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    with open(_need(shared, PLOVER_CODEBOOK), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ev = plover_2021(row.get("event") or "")
            for key in ("event_def", "mode_def"):
                t = " ".join((row.get(key) or "").split())
                if ev and t and (ev, t) not in seen:
                    seen.add((ev, t))
                    out.append((ev, t))
    return out


def plover_examples(shared: Path, with_descriptions: bool = True) -> Examples:
    ex = Examples()
    for r in read_plover(_need(shared, PLOVER_GOLD)):
        ex.add(r.text, plover_2021(r.event), False, "PLOVER_GSR_CAMEO.json")
    if with_descriptions:
        for lab, t in descriptions("plover_types.tsv"):
            ex.add(t, lab, True, "data/codebook/plover_types.tsv")
        for lab, t in plover_codebook_texts(shared):
            ex.add(t, lab, True, "PLOVER_structured_codebook_updated.csv")
    return ex


def acled_examples(shared: Path, with_descriptions: bool = True, with_cameo5: bool = True,
                   with_written: bool = True, with_case2021: bool = True) -> Examples:
    """The ACLED head's examples: CASE 2021 dev snippets (cross-validated, private), the written
    sentences and descriptions (fixed), the PLOVER records with a derived ACLED label (cross-validated),
    ConfliBERT's non-material sentences as "(none)" (fixed)."""
    ex = Examples()
    if with_case2021 and (shared / CASE2021_DEV).exists():
        _add_case2021(ex, shared / CASE2021_DEV)
    if with_written:
        for lab, t in descriptions(WRITTEN_SENTENCES):
            ex.add(t, lab, True, f"data/codebook/{WRITTEN_SENTENCES}")
    _add_plover_acled(ex, shared)
    if with_descriptions:
        for lab, t in descriptions("acled_sub_event_types.tsv"):
            ex.add(t, lab, True, "data/codebook/acled_sub_event_types.tsv")
    if with_cameo5:
        for s in read_cameo5(_need(shared, CAMEO5)):
            if s.label in CAMEO5_NON_ACLED:
                ex.add(s.text, NONE_LABEL, True, "cameo_class_train.tsv (classes 0,1,3 as (none))")
    return ex


def _add_case2021(ex: Examples, path: Path) -> None:
    """The CASE 2021 dev snippets with their labels as Sitrep names them; private (their words never
    enter the shipped vocabulary) and never fixed (always cross-validated)."""

    for r in read_case2021(path):
        ex.add(r.text, r.label, False, "case2021_task2_dev.tsv (embeddings only)", private=True)


def _add_plover_acled(ex: Examples, shared: Path) -> None:
    """PLOVER gold records whose (event, mode) fixes an ACLED sub-event type or "(none)"."""
    for r in read_plover(_need(shared, PLOVER_GOLD)):
        et, se = acled_from_plover(r.event, r.mode)
        if et == NONE_LABEL:
            ex.add(r.text, NONE_LABEL, False, "PLOVER_GSR_CAMEO.json")
        elif se:
            ex.add(r.text, se, False, "PLOVER_GSR_CAMEO.json")


def train_head(E: np.ndarray, texts: list[str], labels: list[str], hyper: Optional[dict] = None,
               lexical: bool = LEXICAL, vocabulary_texts: Optional[list[str]] = None,
               sample_weight: Optional[Sequence[float]] = None) -> _head.LinearHead:
    """Fit a head on embeddings ``E`` of ``texts`` (plus their TF-IDF when ``lexical``, its vocabulary
    fitted on ``vocabulary_texts``, default ``texts``; rows weighted by ``sample_weight``)."""
    tfidf = Tfidf.fit(texts if vocabulary_texts is None else vocabulary_texts) if lexical else None
    h = _head.fit(combine(E, tfidf, texts), labels, sample_weight=sample_weight, **(hyper or HYPER))
    h.tfidf = tfidf
    return h


def cross_validate(
    E: np.ndarray, ex: Examples, folds: int = FOLDS, seed: int = SEED, hyper: Optional[dict] = None,
    lexical: bool = LEXICAL,
) -> tuple[list[str], list[str], list[float]]:
    """Out-of-fold predictions for the non-fixed examples: (gold, predicted, score), in example order.

    Folds are stratified by label and keep near-duplicate sentences (embedding cosine > 0.9) together;
    each fold's head (and TF-IDF vocabulary) is fitted without the fold.
    """
    return out_of_fold(E, ex, fold_heads(E, ex, folds, seed, hyper, lexical))


def out_of_fold(
    E: np.ndarray, ex: Examples, heads: list[tuple[_head.LinearHead, set[int]]]
) -> tuple[list[str], list[str], list[float]]:
    """(gold, predicted, score) for the non-fixed examples, each predicted by the head of the fold
    (from :func:`fold_heads`) that held it out."""
    test_idx = [i for i, f in enumerate(ex.fixed) if not f]
    gold_test = [ex.labels[i] for i in test_idx]
    pred: dict[int, tuple[str, float]] = {}
    for h, held in heads:
        order = sorted(held)
        for i, p in zip(order, h.predict(h.features(E[order], [ex.texts[i] for i in order]))):
            pred[i] = p
    return gold_test, [pred[i][0] for i in test_idx], [pred[i][1] for i in test_idx]


def fold_heads(
    E: np.ndarray, ex: Examples, folds: int = FOLDS, seed: int = SEED, hyper: Optional[dict] = None,
    lexical: bool = LEXICAL, private_weight: float = 1.0,
) -> list[tuple[_head.LinearHead, set[int]]]:
    """The cross-validation folds: for each, the head trained without it and the indices (into ``ex``) it
    holds out. Folds are stratified by label over the non-fixed examples and keep near-duplicate
    sentences (embedding cosine > 0.9) together; fixed examples are always in training.
    ``private_weight`` weights the private (CASE 2021 dev) examples of the other folds in training (0:
    left out; a design measurement of ``benchmarks/typing_design.py``)."""
    test_idx = [i for i, f in enumerate(ex.fixed) if not f]
    fixed_idx = [i for i, f in enumerate(ex.fixed) if f]
    gold_test = [ex.labels[i] for i in test_idx]
    groups = _head.near_duplicate_groups(E[test_idx])
    out = []
    for fold in _head.stratified_folds(gold_test, folds, seed, groups=groups):
        held = {test_idx[j] for j in fold}
        train = [i for i in test_idx if i not in held and (private_weight > 0 or not ex.private[i])] + fixed_idx
        weight = None if private_weight == 1.0 else [private_weight if ex.private[i] else 1.0 for i in train]
        h = train_head(E[train], [ex.texts[i] for i in train], [ex.labels[i] for i in train], hyper, lexical,
                       ex.vocabulary_texts(train), weight)
        out.append((h, held))
    return out


def private_temperature(E: np.ndarray, ex: Examples, heads) -> float:
    """The ACLED head's temperature, fitted on the out-of-fold probabilities of the private (CASE 2021 dev)
    examples for their gold labels (labels a fold's head lacks are skipped)."""
    rows, gold = [], []
    for h, held in heads:
        order = [i for i in sorted(held) if ex.private[i] and ex.labels[i] in h.labels]
        if order:
            rows.append(h.scores(h.features(E[order], [ex.texts[i] for i in order])))
            gold += [h.labels.index(ex.labels[i]) for i in order]
    return _head.fit_temperature(np.vstack(rows), gold)


def train(shared: Path, out_dir: Path, folds: int = FOLDS, log=print) -> dict:
    """Train both heads on all data, measure them by cross-validation, write weights and ``model.json``."""
    from ..classify.embed import ENCODER_ID, MODEL_PACKAGE, MODEL_SHA256, load_encoder

    shared = Path(shared)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    enc = load_encoder()
    meta: dict = {
        "encoder": {"id": ENCODER_ID, "package": f"{MODEL_PACKAGE}==1.0.0", "sha256": MODEL_SHA256,
                    "tokenizer": "sentence-transformers/all-MiniLM-L6-v2 tokenizer.json (Apache-2.0)"},
        "trained": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "sitrep train --shared ../shared",
        "python": platform.python_version(),
        "hyperparameters": HYPER,
        "features": {task: ("embedding + TF-IDF (words and word pairs, min df 2)" if HEAD_LEXICAL.get(task, LEXICAL)
                            else "embedding") for task in ("plover", "acled")},
        "heads": {},
    }
    for task, build in (("plover", plover_examples), ("acled", acled_examples)):
        ex = build(shared)
        log(f"{task}: embedding {len(ex.texts)} examples")
        X = enc.encode(ex.texts)
        heads = fold_heads(X, ex, folds, SEED, HEAD_HYPER.get(task), HEAD_LEXICAL.get(task, LEXICAL))
        gold, pred, _ = out_of_fold(X, ex, heads)
        rep = classification_report(gold, pred)
        if task == "acled" and any(ex.private):
            meta["acled_temperature"] = private_temperature(X, ex, heads)
            log(f"acled: temperature {meta['acled_temperature']} "
                "(fitted on the cross-validated CASE 2021 dev predictions)")
        log(f"{task}: {folds}-fold cross-validated accuracy {rep.accuracy:.3f}, macro-F1 {rep.macro['f1']:.3f} "
            f"on {rep.n} gold records")
        h = train_head(X, ex.texts, ex.labels, HEAD_HYPER.get(task), HEAD_LEXICAL.get(task, LEXICAL),
                       ex.vocabulary_texts(range(len(ex.texts))))
        h.save(out_dir / f"{task}.npz")
        meta["heads"][task] = {
            "file": f"{task}.npz",
            "labels": h.labels,
            "training_examples": len(ex.texts),
            "sources": ex.sources,
            "cross_validation": {"folds": folds, "seed": SEED, "n": rep.n, "accuracy": round(rep.accuracy, 4),
                                 "macro_f1": round(rep.macro["f1"], 4), "weighted_f1": round(rep.weighted["f1"], 4),
                                 "protocol": "stratified k-fold over the gold records, near-duplicates kept in one "
                                             "fold; descriptions always in training"},
        }
    (out_dir / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta

