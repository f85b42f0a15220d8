"""The learned event classifier: PLOVER event type and ACLED event / sub-event type of a sentence.

Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX, see :mod:`sitrep.classify.embed`) and TF-IDF word
features (:mod:`sitrep.classify.features`) feed two small linear heads shipped in ``sitrep/data/classifier/``
(``plover.npz``, ``acled.npz``; provenance and
cross-validated scores in ``model.json``; retrain with ``sitrep train``)::

    from sitrep.classify import predict
    [p] = predict(["Russian air strikes killed sixteen civilians in Idlib."])
    p.plover, p.plover_score, p.acled_event_type, p.acled_sub_event_type, p.acled_score

``acled_event_type``/``acled_sub_event_type`` are None when the best ACLED label is "(none)" (a report
ACLED would not record: statements, meetings, appeals...) or one of the five non-ACLED types of CASE 2021
(``non_acled_type``: Organized crime, Natural disaster, Man-made disaster, Diplomatic event, Attribution
of responsibility), which Sitrep codes as their own kind, never as a conflict type. The ACLED head's label
then passes the codebook's precedence rules (:mod:`sitrep.classify.rules`; ``rule`` names the one that
retyped it). Scores are the heads' probabilities; the ACLED head's are temperature-scaled
(``model.json``: ``acled_temperature``, fitted on cross-validated CASE 2021 dev predictions).
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional, Sequence

from ..errors import SitrepError
from ..resources import data_path
from .labels import split_type
from .rules import apply_rules

__all__ = ["Prediction", "predict", "load_classifier", "Classifier"]


@dataclass
class Prediction:
    plover: str
    plover_score: float
    acled_event_type: Optional[str]
    acled_sub_event_type: Optional[str]
    acled_score: float  # probability of the ACLED label chosen (of "(none)" when the types are None)
    non_acled_type: Optional[str] = None  # a CASE 2021 non-ACLED type (the ACLED types are then None)
    rule: Optional[str] = None  # the precedence rule that retyped the head's label, if any
    runner_up: Optional[str] = None  # the head's best label other than "(none)" (what a "(none)" would be)


def acled_prediction(head, probs, texts: Sequence[str], temperature: float = 1.0
                     ) -> list[tuple[Optional[str], float, Optional[str], Optional[str]]]:
    """(label, probability, rule, runner-up) per row of ACLED head probabilities ``probs``: the best label,
    passed through the precedence rules (a rule's label gets the probability mass of the label it replaced
    plus its own), probabilities sharpened or softened by ``temperature``."""
    import numpy as np

    if temperature != 1.0:
        logp = np.log(np.clip(probs, 1e-12, None)) / temperature
        probs = np.exp(logp - logp.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
    index = {lab: j for j, lab in enumerate(head.labels)}
    out = []
    for text, p in zip(texts, probs):
        order = np.argsort(-p)
        best = head.labels[order[0]]
        runner = next((head.labels[j] for j in order if head.labels[j] != "(none)"), None)
        label, rule = apply_rules(text, best)
        score = float(p[order[0]])
        if rule is not None:
            score = min(1.0, score + float(p[index[label]]) if label in index else score)
        out.append((label, score, rule, runner))
    return out


class Classifier:
    """Encoder plus heads. Use :func:`load_classifier` (cached) rather than building one per call."""

    # sentences whose predictions are kept (a document's sentences recur across stages and re-runs)
    CACHE_SIZE = 4096

    def __init__(self, weights_dir=None):
        from .embed import ENCODER_ID, load_encoder
        from .head import LinearHead

        self._cache: "OrderedDict[str, Prediction]" = OrderedDict()

        d = data_path("classifier") if weights_dir is None else weights_dir
        try:
            self.meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
            self.plover = LinearHead.load(d / "plover.npz")
            self.acled = LinearHead.load(d / "acled.npz")
        except FileNotFoundError as exc:
            raise SitrepError(f"{exc.filename}: classifier weights missing; run `sitrep train`") from None
        if self.meta.get("encoder", {}).get("id") != ENCODER_ID:
            raise SitrepError(f"{d / 'model.json'}: weights were trained for another encoder; run `sitrep train`")
        self.encoder = load_encoder()

    @classmethod
    def from_heads(cls, plover, acled, encoder=None, meta: Optional[dict] = None) -> "Classifier":
        """A classifier from heads in memory (the evaluation's cross-validation folds), sharing ``encoder``
        (default: the cached shipped encoder)."""
        from .embed import load_encoder

        self = cls.__new__(cls)
        self._cache = OrderedDict()
        self.meta = meta or {}
        self.plover, self.acled = plover, acled
        self.encoder = encoder if encoder is not None else load_encoder()
        return self

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per sentence, in order. Sentences are encoded in one batch; those seen
        recently are answered from a per-classifier cache (the last :attr:`CACHE_SIZE` sentences)."""
        texts = list(sentences)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            E = self.encoder.encode(todo)
            plover = self.plover.predict(self.plover.features(E, todo))
            probs = self.acled.scores(self.acled.features(E, todo))
            acled = acled_prediction(self.acled, probs, todo, float(self.meta.get("acled_temperature", 1.0)))
            for t, (pl, ps), (al, as_, rule, runner) in zip(todo, plover, acled):
                et, sub, other = split_type(al)
                self._cache[t] = Prediction(pl, ps, et, sub, as_, other, rule, runner)
        out = []
        for t in texts:
            self._cache.move_to_end(t)
            out.append(self._cache[t])
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return out


@functools.lru_cache(maxsize=1)
def load_classifier() -> Classifier:
    """The shipped classifier, loaded once per process."""
    return Classifier()


def predict(sentences: list[str]) -> list[Prediction]:
    """PLOVER and ACLED types for each sentence (one :class:`Prediction` per input, in order)."""
    return load_classifier().predict(sentences)
