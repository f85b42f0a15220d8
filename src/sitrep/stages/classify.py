"""The ``classify`` stage: the learned sentence classifier combined with the dictionary coder's types.

The ``events`` stage codes each event from CAMEO verb patterns and types it through the vocabulary
(``Vocabulary.event_type``). This stage asks the classifier (:mod:`sitrep.classify`) about every event
sentence of the document — one batched call, cached per sentence — and decides each field by the rule
the cross-validated measurements support (``docs/accuracy.md``, "Which source should win"):

* **CAMEO code, actors, place, date**: always the dictionary coder's (the classifier knows none of them).
* **PLOVER type and mode**: the dictionary's, which beats the classifier wherever it codes an event
  (macro-F1 0.53 vs 0.48, cross-validated).
* **ACLED event / sub-event type** (:data:`ACLED_POLICY`, default ``"classifier-types"``): the
  classifier's when it names an ACLED type, the dictionary's otherwise. A "(none)" from the classifier
  does not erase a dictionary type. The dictionary's type always stands when the event's actors decided
  it (a vocabulary rule with a sector condition: conventional force against civilians → "Violence
  against civilians / Attack"; the classifier reads the sentence, not who did what to whom) or when the
  CAMEO code is specific enough to name the act or weapon (:data:`SPECIFIC_PREFIX` digits: "air
  strikes" → 195 → "Air/drone strike", "arrested" → 173 → "Arrests"). The classifier refines the root
  defaults ("19" → "Armed clash") and types events the vocabulary leaves without an ACLED type.
* **Sentences the dictionary leaves uncoded**: untouched by ``classify``. The optional stage
  ``classify-uncoded`` (not in ``DEFAULT_STAGES``) adds one event coded by the classifier alone (no
  CAMEO code, no actors) where it finds an ACLED event type (:data:`UNCODED_POLICY`).

``Event.coder`` records what decided the fields: "dictionary" (all of them), "dictionary+classifier"
(the classifier decided at least the ACLED type), or "classifier" (an event only the classifier found).
Leave the stage out (``sitrep.pipeline.DICTIONARY_STAGES``) for the dictionary coder alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..analysis import Analysis
from ..model import Event, EventType
from ..nlp.spans import evidence

# how the ACLED type is decided (see the module docstring; the alternatives are measured by
# ``sitrep eval plover`` via :func:`combine` and listed in docs/accuracy.md)
ACLED_POLICIES = ("dictionary", "dictionary-first", "classifier-types", "classifier")
ACLED_POLICY = "classifier-types"
# the ``classify-uncoded`` stage's events for sentences the dictionary codes nothing in: "acled" (the
# classifier names an ACLED type there), "all" (every such sentence, typed in PLOVER; noisy on whole
# reports, where most uncoded sentences are background), "none"
FILL_POLICIES = ("none", "acled", "all")
UNCODED_POLICY = "acled"
# a dictionary ACLED type read from a CAMEO prefix of at least this many digits stands (0: never).
# Measured on the PLOVER gold (docs/accuracy.md): 0 scores about the same there (ACLED event macro-F1
# 0.577 vs 0.571), but then the classifier retypes "Russian air strikes" as an IED and "police arrested
# 15 protesters" as an attack on civilians
SPECIFIC_PREFIX = 3
# a classifier-only event ranks below every dictionary event of its sentence (those start at 0.35)
CLASSIFIER_CONFIDENCE_SCALE = 0.3
MIN_WORDS = 4  # shorter sentences (headings, datelines) are not classified on their own

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


def classifier_type(prediction) -> EventType:
    """The type of an event only the classifier found: its PLOVER and ACLED labels, no CAMEO code."""
    return EventType(plover=prediction.plover, acled_event_type=prediction.acled_event_type,
                     acled_sub_event_type=prediction.acled_sub_event_type)


def fills(prediction, policy: str) -> bool:
    """Whether a sentence without dictionary events gets a classifier-only event under ``policy``."""
    if policy not in FILL_POLICIES:
        raise ValueError(f"fill policy {policy!r} unknown; known: {', '.join(FILL_POLICIES)}")
    if policy == "acled":
        return prediction.acled_event_type is not None
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


def classify_events(analysis: Analysis) -> None:
    """Re-type the dictionary's events: one classifier call for the document's event sentences, then
    :func:`combine` per event (module docstring). Mutates ``analysis.events`` in place."""
    vocab = analysis.lexicons.vocab
    todo = [e for e in analysis.events if e.evidence is not None and e.coder in (None, DICTIONARY)]
    preds = _predictions(analysis, [e.evidence.text for e in todo])
    for e in todo:
        decide = dictionary_decides_acled(vocab, e.type.cameo, e.actor1, e.actor2)
        e.type, e.coder = combine(e.type, preds[e.evidence.text], decide)


def classify_uncoded(analysis: Analysis, policy: str = UNCODED_POLICY) -> None:
    """Events only the classifier finds: for each sentence of at least :data:`MIN_WORDS` words with no
    event yet, one event typed by the classifier (no CAMEO code, no actors; place and date from the
    sentence's clause, ``link`` fills in the rest) when :func:`fills` says so under ``policy``.

    Not in ``DEFAULT_STAGES``: it classifies every uncoded sentence (about a third more classifier work
    on news reports) and found no event on the PLOVER gold or the benchmark reports (docs/accuracy.md).
    Add it after ``classify``: ``Pipeline(stages=[..., "events", "classify", "classify-uncoded", ...])``.
    """
    from .lookup import date_for_token, place_for_token

    doc = analysis.doc
    coded = {e.evidence.start for e in analysis.events if e.evidence is not None}
    uncoded = []
    for s in doc.sents:
        ev = evidence(doc, s.start_char, s.end_char)
        if ev.start not in coded and sum(t.is_alpha for t in s) >= MIN_WORDS:
            uncoded.append((s, ev))
    preds = _predictions(analysis, [ev.text for _, ev in uncoded])
    n = len(analysis.events)
    for s, ev in uncoded:
        p = preds[ev.text]
        if not fills(p, policy):
            continue
        n += 1
        score = p.acled_score if p.acled_event_type is not None else p.plover_score
        analysis.events.append(
            Event(
                id=f"{analysis.document.id}#e{n}",
                type=classifier_type(p),
                location=place_for_token(analysis, s.root),
                date=date_for_token(analysis, s.root),
                evidence=ev,
                confidence=round(max(0.01, CLASSIFIER_CONFIDENCE_SCALE * score), 2),
                coder=CLASSIFIER,
            )
        )
