"""The ``classify`` stage: the learned sentence classifier combined with the dictionary coder's types.

The ``events`` stage codes each event from CAMEO verb patterns and types it through the vocabulary
(``Codebook.event_type``). This stage asks the classifier (:mod:`sitrep.classify`) about every event
sentence of the document — one batched call, cached per sentence — and decides each field by the rule
the cross-validated measurements support (``docs/accuracy.md``, "Which source should win"):

* **CAMEO code, actors, place, date**: always the dictionary coder's (the classifier knows none of them).
* **PLOVER type and mode**: the dictionary's, which beats the classifier alone (macro-F1 0.53 vs 0.48,
  cross-validated), unless the PLOVER head is sure of another type (:func:`plover_by_model`,
  probability ≥ :data:`PLOVER_OVERRIDE_SCORE`; the mode is then dropped, the CAMEO code stays).
* **ACLED event / sub-event type** (:data:`ACLED_POLICY`, default ``"classifier-types"``): the
  classifier's when it names an ACLED type, the dictionary's otherwise. A "(none)" from the classifier
  does not erase a dictionary type. The dictionary's type always stands when the event's actors decided
  it (a vocabulary rule with a sector condition: conventional force against civilians → "Violence
  against civilians / Attack"; the classifier reads the sentence, not who did what to whom) or when the
  CAMEO code is specific enough to name the act or weapon (:data:`SPECIFIC_PREFIX` digits: "air
  strikes" → 195 → "Air/drone strike", "arrested" → 173 → "Arrests") — unless the classifier is sure of
  another type (:func:`model_overrides`: calibrated probability ≥ :data:`OVERRIDE_SCORE`, measured on the
  CASE 2021 dev split). The classifier refines the root defaults ("19" → "Armed clash") and types events
  the vocabulary leaves without an ACLED type.
* **Non-ACLED types** (issue 11): when the classifier names one of the CASE 2021 non-ACLED types
  (Organized crime, Natural disaster, Man-made disaster, Diplomatic event, Attribution of responsibility)
  the event keeps its CAMEO code and PLOVER type, gets ``EventType.non_acled_type`` and no ACLED type:
  it is "not an ACLED conflict event" (:func:`typed_by_model`, :data:`NON_ACLED_OVERRIDES`).
* **Sentences the dictionary leaves uncoded** that can hold an event (a typing cue from
  ``data/codebook/typing_cues.tsv`` and at least :data:`MIN_WORDS` words, :func:`can_hold_event`) are
  classified in the same batch; where the classifier names an ACLED or non-ACLED type, an event coded by
  it alone is added (no CAMEO code, no actors; :data:`TYPE_UNCODED`). Other sentences are never encoded.
  The optional stage ``classify-uncoded`` (not in ``DEFAULT_STAGES``) does this for every uncoded
  sentence under :data:`UNCODED_POLICY`.
* ``Event.type_score``: the classifier's (temperature-calibrated) probability of the event's type when
  the event carries the classifier's label; ``Result.primary_event`` picks the event by it.

``Event.coder`` records what decided the fields: "dictionary" (all of them), "dictionary+classifier"
(the classifier decided at least the ACLED or the PLOVER type), or "classifier" (an event only the classifier found).
Leave the stage out (``sitrep.pipeline.DICTIONARY_STAGES``) for the dictionary coder alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Optional

from ..analysis import Analysis
from ..model import Event, EventType
from ..nlp.spans import evidence
from ..nlp.syntax import modality, negated
from ..resources import read_table

# how the ACLED type is decided (see the module docstring; the alternatives are measured by
# ``sitrep eval plover`` via :func:`combine` and listed in docs/accuracy.md)
ACLED_POLICIES = ("dictionary", "dictionary-first", "classifier-types", "classifier")
ACLED_POLICY = "classifier-types"
# the ``classify-uncoded`` stage's events for sentences the dictionary codes nothing in: "acled" (the
# classifier names an ACLED type there), "all" (every such sentence, typed in PLOVER; noisy on whole
# reports, where most uncoded sentences are background), "none"
FILL_POLICIES = ("none", "acled", "typed", "all")
UNCODED_POLICY = "acled"
# a dictionary ACLED type read from a CAMEO prefix of at least this many digits stands (0: never).
# Measured on the PLOVER gold (docs/accuracy.md): 0 scores about the same there (ACLED event macro-F1
# 0.577 vs 0.571), but then the classifier retypes "Russian air strikes" as an IED and "police arrested
# 15 protesters" as an attack on civilians
SPECIFIC_PREFIX = 3
# the model's type (ACLED or non-ACLED) replaces a type the dictionary decides (:func:`dictionary_decides_acled`)
# when its calibrated probability is at least this (above 1: never). Chosen by cross-validation on the
# CASE 2021 dev split (``benchmarks/typing_design.py --override``, docs/accuracy.md)
OVERRIDE_SCORE = 0.5
# the same for the PLOVER type: the model's replaces the dictionary's (and its mode is dropped) when the
# PLOVER head's probability is at least this. The threshold is the ACLED one, not tuned on the PLOVER
# gold; ``sitrep eval plover`` reports the whole curve (``override_curve_in_sample``)
PLOVER_OVERRIDE_SCORE = 0.5
# a classifier-only event ranks below every dictionary event of its sentence (those start at 0.35)
CLASSIFIER_CONFIDENCE_SCALE = 0.3
MIN_WORDS = 4  # shorter sentences (headings, datelines) are not classified on their own
# the ``classify`` stage also types sentences without a dictionary event that carry a typing cue
# (``can_hold_event``), adding a classifier-coded event where it names an ACLED or non-ACLED type
TYPE_UNCODED = True
# a non-ACLED type from the classifier (Natural disaster, Attribution of responsibility ...) clears a
# dictionary ACLED type of the same event ("not an ACLED conflict event"); measured on CASE 2021 dev
NON_ACLED_OVERRIDES = True

DICTIONARY, CLASSIFIER, BOTH = "dictionary", "classifier", "dictionary+classifier"


def dictionary_decides_acled(vocab, cameo: Optional[str], actor1, actor2,
                             specific: Optional[int] = None) -> bool:
    """True when the dictionary's ACLED type stands whatever the classifier says: the vocabulary rule that
    typed it has a sector condition (the actors decided it: "19 * CVL" → Violence against civilians), or
    its CAMEO prefix has at least ``specific`` digits (default :data:`SPECIFIC_PREFIX`), i.e. the code
    names the act or the weapon ("195" aerial weapons → Air/drone strike, "173" arrest → Arrests). The
    classifier refines only the root defaults ("19" → Armed clash, "14" → Peaceful protest) and events
    the vocabulary gives no ACLED type."""
    if not cameo:
        return False
    rule = vocab.acled_for(cameo, actor1, actor2)
    if rule is None:
        return False
    specific = SPECIFIC_PREFIX if specific is None else specific
    return (rule.actor1_sector != "*" or rule.actor2_sector != "*"
            or (specific > 0 and len(rule.cameo_prefix) >= specific))


def combine(
    dictionary: EventType,
    prediction,
    dictionary_decides: bool = False,
    policy: Optional[str] = None,
) -> tuple[EventType, str]:
    """The combined type of a dictionary-coded event and what decided it (``Event.coder``).

    ``dictionary`` is the vocabulary's typing of the event, ``prediction`` the classifier's
    :class:`~sitrep.classify.Prediction` for its sentence, ``dictionary_decides`` whether the dictionary's
    ACLED type stands regardless (:func:`dictionary_decides_acled`). PLOVER type and mode and the CAMEO
    code stay the dictionary's (filling an event's missing PLOVER type from the classifier measured
    no better: 0.527 vs 0.529 macro-F1); the ACLED pair comes from one source, chosen by ``policy``
    (default :data:`ACLED_POLICY`).
    """
    policy = ACLED_POLICY if policy is None else policy
    if policy not in ACLED_POLICIES:
        raise ValueError(f"ACLED policy {policy!r} unknown; known: {', '.join(ACLED_POLICIES)}")
    typed = dictionary
    has_dict = dictionary.acled_sub_event_type is not None or dictionary.acled_event_type is not None
    has_cls = prediction.acled_event_type is not None
    if policy == "dictionary" or (dictionary_decides and has_dict):
        use_cls = False
    elif policy == "dictionary-first":
        use_cls = not has_dict
    elif policy == "classifier-types":
        use_cls = has_cls
    else:  # "classifier": its "(none)" too
        use_cls = True
    if use_cls:
        typed = replace(typed, acled_event_type=prediction.acled_event_type,
                        acled_sub_event_type=prediction.acled_sub_event_type)
    return typed, (BOTH if use_cls else DICTIONARY)


def model_overrides(prediction, threshold: Optional[float] = None) -> bool:
    """Whether the typing model is sure enough of a type (ACLED or non-ACLED, not "(none)") to replace one
    the dictionary decides: its calibrated probability is at least ``threshold`` (default
    :data:`OVERRIDE_SCORE`)."""
    threshold = OVERRIDE_SCORE if threshold is None else threshold
    named = prediction.acled_event_type is not None or getattr(prediction, "non_acled_type", None) is not None
    return named and prediction.acled_score >= threshold


def plover_by_model(typed: EventType, prediction, threshold: Optional[float] = None) -> EventType:
    """``typed`` with the PLOVER type of the model (its mode cleared, the CAMEO code kept) where the PLOVER
    head's probability is at least ``threshold`` (default :data:`PLOVER_OVERRIDE_SCORE`) and it differs
    from the dictionary's."""
    threshold = PLOVER_OVERRIDE_SCORE if threshold is None else threshold
    if prediction.plover and prediction.plover != typed.plover and prediction.plover_score >= threshold:
        return replace(typed, plover=prediction.plover, plover_mode=None)
    return typed


def classifier_type(prediction) -> EventType:
    """The type of an event only the classifier found: its PLOVER and ACLED (or non-ACLED) labels, no
    CAMEO code."""
    return EventType(plover=prediction.plover, acled_event_type=prediction.acled_event_type,
                     acled_sub_event_type=prediction.acled_sub_event_type,
                     non_acled_type=getattr(prediction, "non_acled_type", None))


def fills(prediction, policy: str) -> bool:
    """Whether a sentence without dictionary events gets a classifier-only event under ``policy``."""
    if policy not in FILL_POLICIES:
        raise ValueError(f"fill policy {policy!r} unknown; known: {', '.join(FILL_POLICIES)}")
    if policy == "acled":
        return prediction.acled_event_type is not None
    if policy == "typed":
        return prediction.acled_event_type is not None or getattr(prediction, "non_acled_type", None) is not None
    return policy == "all"


def _classifier(analysis: Analysis):
    if analysis.classifier is not None:
        return analysis.classifier
    from ..classify import load_classifier

    return load_classifier()


def _predictions(analysis: Analysis, texts: list[str]) -> dict:
    """The classifier's prediction for each distinct sentence text, in one batched call."""
    distinct = list(dict.fromkeys(texts))
    return dict(zip(distinct, _classifier(analysis).predict(distinct))) if distinct else {}


@functools.lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    """One pattern for the typing cue stems (``data/codebook/typing_cues.tsv``), each starting a word."""
    stems = [r[0].strip() for r in read_table("codebook", "typing_cues.tsv") if r and r[0] != "stem"]
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) + ")",
                      re.IGNORECASE)


def can_hold_event(text: str) -> bool:
    """Whether a sentence without a dictionary event is worth typing: it names an act, weapon, disaster,
    crime or diplomatic move (a typing cue) and has at least :data:`MIN_WORDS` words."""
    return len(text.split()) >= MIN_WORDS and _cue_pattern().search(text) is not None


def typed_by_model(typed: EventType, prediction) -> EventType:
    """``typed`` with the non-ACLED type the classifier names (Natural disaster, Diplomatic event ...):
    the ACLED fields cleared, as such an event is "not an ACLED conflict event", when
    :data:`NON_ACLED_OVERRIDES` says so, else the ACLED type kept beside it."""
    other = getattr(prediction, "non_acled_type", None)
    if other is None:
        return typed
    if NON_ACLED_OVERRIDES or (typed.acled_sub_event_type is None and typed.acled_event_type is None):
        return replace(typed, non_acled_type=other, acled_event_type=None, acled_sub_event_type=None)
    return replace(typed, non_acled_type=other)


def type_score(prediction, typed: EventType) -> Optional[float]:
    """The typing model's probability for the event's final type: the classifier's score when the event
    carries the classifier's label, None when another source (the dictionary) typed it."""
    label = typed.acled_sub_event_type or typed.non_acled_type
    mine = prediction.acled_sub_event_type or getattr(prediction, "non_acled_type", None)
    return round(prediction.acled_score, 4) if label is not None and label == mine else None


def classify_events(analysis: Analysis) -> None:
    """Re-type the dictionary's events and type the sentences that can hold one: one classifier call for
    the sentences of the document's events (those whose type the dictionary decides,
    :func:`dictionary_decides_acled`, only when :data:`OVERRIDE_SCORE` can let the model override them)
    and its uncoded cue sentences
    (:func:`can_hold_event`), then
    :func:`combine` per event (module docstring), and an event coded by the classifier alone for each
    cue sentence it gives an ACLED or non-ACLED type (:func:`add_model_events`). Mutates
    ``analysis.events`` in place."""
    plan = _planned(analysis)
    decided, todo, uncoded = plan.decided, plan.todo, plan.uncoded
    preds = _predictions(analysis, plan.texts)
    for e in todo:
        assert e.evidence is not None  # todo holds events with evidence only
        p = preds[e.evidence.text]
        plover = plover_by_model(e.type, p)
        if plover != e.type:
            e.type, e.coder = plover, BOTH
        if id(e) in decided and not model_overrides(p):
            continue  # the dictionary's ACLED type stands
        e.type, coder = combine(e.type, p)
        e.coder = BOTH if BOTH in (coder, e.coder) or getattr(p, "non_acled_type", None) else coder
        e.type = typed_by_model(e.type, p)
        e.type_score = type_score(p, e.type)
    add_model_events(analysis, uncoded, preds, "typed")


def _decided(analysis: Analysis) -> set[int]:
    """``id()`` of the events whose ACLED type the dictionary decides (:func:`dictionary_decides_acled`)."""
    vocab = analysis.lexicons.vocab
    return {id(e) for e in analysis.events if dictionary_decides_acled(vocab, e.type.cameo, e.actor1, e.actor2)}


def _work(analysis: Analysis, decided: set[int]) -> tuple[list, list]:
    """What :func:`classify_events` asks the classifier about: the dictionary's events (those in
    ``decided`` only when :data:`OVERRIDE_SCORE` can let the model override them), and the uncoded
    sentences that can hold an event ((sentence, evidence) pairs)."""
    todo = [e for e in analysis.events if e.evidence is not None and e.coder in (None, DICTIONARY)
            and (OVERRIDE_SCORE <= 1.0 or id(e) not in decided)]
    uncoded = _uncoded_sentences(analysis) if TYPE_UNCODED else []
    return todo, [(s, ev) for s, ev in uncoded if can_hold_event(ev.text)]


def _texts(todo: list, uncoded: list) -> list[str]:
    return [e.evidence.text for e in todo if e.evidence is not None] + [ev.text for _, ev in uncoded]


def sentences_to_classify(analysis: Analysis) -> list[str]:
    """The sentence texts the ``classify`` stage will ask the classifier about for this analysis (after
    the ``events`` stage): what :meth:`sitrep.pipeline.Pipeline.pipe` classifies for a whole batch of
    documents in one call before the stage runs on each."""
    return Plan.of(analysis).texts


@dataclass
class Plan:
    """What :func:`classify_events` does for one analysis: the events whose type the dictionary decides
    (``id()``), the events to re-type, the uncoded sentences to type, and the sentence texts it asks the
    classifier about. Made once per document: by :func:`answer_batch` for a batch, else by the stage."""

    decided: set[int]
    todo: list
    uncoded: list
    texts: list[str]
    events: tuple[int, ...]  # ``id()`` of the analysis's events when the plan was made

    @classmethod
    def of(cls, analysis: Analysis) -> "Plan":
        decided = _decided(analysis)
        todo, uncoded = _work(analysis, decided)
        return cls(decided, todo, uncoded, _texts(todo, uncoded), tuple(map(id, analysis.events)))


def _planned(analysis: Analysis) -> Plan:
    """The plan :func:`answer_batch` made for this analysis, when its events are still those it saw;
    else a new one."""
    plans = getattr(analysis.classifier, "plans", None)
    made = plans.pop(id(analysis), None) if isinstance(plans, dict) else None
    if made is not None and made[0] is analysis and made[1].events == tuple(map(id, analysis.events)):
        return made[1]
    return Plan.of(analysis)


class Answered:
    """A classifier that answers from predictions made beforehand (one call for a batch of documents)
    and asks ``classifier`` about any other sentence. ``plans`` holds the :class:`Plan` made for each
    analysis of the batch (by ``id()``), so that the stage does not make it again."""

    def __init__(self, predictions: dict, classifier):
        self.predictions = predictions
        self.classifier = classifier
        self.plans: dict[int, tuple[Analysis, Plan]] = {}

    def predict(self, sentences) -> list:
        texts = list(sentences)
        missing = list(dict.fromkeys(t for t in texts if t not in self.predictions))
        if missing:
            self.predictions.update(zip(missing, self.classifier.predict(missing)))
        return [self.predictions[t] for t in texts]


def answer_batch(analyses: list[Analysis]) -> None:
    """Classify the sentences the ``classify`` stage needs for every analysis of a batch in one call
    (the encoder then pads sentences of similar length together across documents) and give each
    analysis a classifier that answers from those predictions. The predictions are those of the
    analysis's own classifier: a sentence's prediction does not depend on the batch it is encoded in."""
    groups: dict[int, list[Analysis]] = {}
    for a in analyses:
        groups.setdefault(id(_classifier(a)), []).append(a)
    for group in groups.values():
        classifier = _classifier(group[0])
        plans = [(a, Plan.of(a)) for a in group]
        shared = Answered(_predictions(group[0], [t for _, plan in plans for t in plan.texts]), classifier)
        for a, plan in plans:
            shared.plans[id(a)] = (a, plan)
            a.classifier = shared


def _uncoded_sentences(analysis: Analysis) -> list:
    """(sentence, evidence) of the sentences with no event yet and at least :data:`MIN_WORDS` words."""
    doc = analysis.doc
    coded = {e.evidence.start for e in analysis.events if e.evidence is not None}
    out = []
    for s in doc.sents:
        ev = evidence(doc, s.start_char, s.end_char)
        if ev.start not in coded and sum(t.is_alpha for t in s) >= MIN_WORDS and asserts_an_event(s):
            out.append((s, ev))
    return out


def asserts_an_event(sentence) -> bool:
    """Whether a sentence's main verb states something that happened: not negated ("did not attack"),
    conditional ("if they attack") or future ("will attack"). The dictionary coder drops or recodes such
    events; the classifier, which reads no polarity, codes none from them."""
    root = sentence.root
    return not negated(root) and modality(root) is None


def add_model_events(analysis: Analysis, sentences: list, preds: dict, policy: str) -> None:
    """One classifier-coded event (no CAMEO code, no actors; place and date from the sentence's clause)
    for each sentence :func:`fills` accepts under ``policy``."""
    from .lookup import date_for_token, place_for_token

    n = len(analysis.events)
    for s, ev in sentences:
        p = preds[ev.text]
        if not fills(p, policy):
            continue
        n += 1
        typed = classifier_type(p)
        score = p.acled_score if (p.acled_event_type is not None or typed.non_acled_type) else p.plover_score
        analysis.events.append(
            Event(
                id=f"{analysis.document.id}#e{n}",
                type=typed,
                location=place_for_token(analysis, s.root),
                date=date_for_token(analysis, s.root),
                evidence=ev,
                confidence=round(max(0.01, CLASSIFIER_CONFIDENCE_SCALE * score), 2),
                coder=CLASSIFIER,
                type_score=type_score(p, typed),
            )
        )


def classify_uncoded(analysis: Analysis, policy: str = UNCODED_POLICY) -> None:
    """Events only the classifier finds: for each sentence of at least :data:`MIN_WORDS` words with no
    event yet, one event typed by the classifier (no CAMEO code, no actors; place and date from the
    sentence's clause, ``link`` fills in the rest) when :func:`fills` says so under ``policy``.

    Not in ``DEFAULT_STAGES``: it classifies every uncoded sentence (about a third more classifier work
    on news reports) and found no event on the PLOVER gold or the benchmark reports (docs/accuracy.md).
    Add it after ``classify``: ``Pipeline(stages=[..., "events", "classify", "classify-uncoded", ...])``.
    """
    uncoded = _uncoded_sentences(analysis)
    add_model_events(analysis, uncoded, _predictions(analysis, [ev.text for _, ev in uncoded]), policy)
