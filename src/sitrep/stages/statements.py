"""The ``statements`` stage: statements, word senses, headings and captions (issue 10).

Rules, each a function with its own test; word lists in ``data/tallies/senses.json``:

* :func:`in_heading_or_caption`: a heading (a short first line with no closing punctuation, followed by
  a blank line) or a photo caption ("(Photo: ...)", "AP Photo") codes no events of its own: the events it
  names are told again in the text;
* :func:`trigger_in_date`: words read as a date ("since March 2011") are no trigger ("March" is not a
  protest march);
* :func:`verbal_without_speaker`: a verbal event (statement, appeal, demand, disapproval, rejection,
  threat) needs a speaker, and a target or a topic (another event told in its sentence: "condemns
  today's attack");
* :func:`cooperation_without_counterpart`: an intention, consultation or material cooperation needs a second
  actor: "troops arrived to assist" is no CONSULT or COOPERATE event;
* :func:`hosts_people`: "Turkey hosts 3.5 million refugees" is no visit: a *host* verb whose object is
  people codes no CONSULT;
* :func:`attack_of_statement`: a statement about an attack ("deeply shocked by ... the missile attack",
  "condemns today's attack in Kabul") yields the attack, with its own place and date, besides the
  speaker's one disapproval, when no violent event was coded from its sentence and the attack is not one
  already told that the statement refers back to (:func:`told_before`: "condemns this attack");
* :func:`stance_reason`: stances ("we stand by our ally"), intentions and appeals' contents ("reviewing
  options to assist", "urges all parties to refrain from targeting") and participles describing a noun
  ("the besieged city") are no acts (rules in :mod:`.stances`);
* :func:`sitrep.stages.demands.demands`: "X must cease their attacks", said by a speaker, is the speaker's
  demand of X (CAMEO 100, PLOVER REQUEST).
"""

from __future__ import annotations

import functools
from typing import Optional

from ..analysis import Analysis
from ..model import Event
from ..nlp.spans import evidence
from ..resources import read_json
from .demands import demands, obliged_to_end
from .stances import (
    characterizes_told_act,
    consult_sense,
    content_of_agreement,
    descriptor_participle,
    intended_not_done,
    intention_against,
    light_verb_attack,
    stance_conjunct,
    stance_expression,
    standing_relation,
    statement_content,
    targeted_for_aid,
    travel_to_a_place,
    trigger_span,
)


@functools.lru_cache(maxsize=1)
def senses() -> dict:
    return read_json("tallies", "senses.json")


def _root(e: Event) -> str:
    return (e.type.cameo or "")[:2]


def heading_end(text: str) -> int:
    """End offset of the document's heading line, or 0: a first line of at most 16 words that does
    not end a sentence and is followed by a blank line."""
    first, sep, _ = text.lstrip().partition("\n\n")
    if not sep or "\n" in first.strip():
        return 0
    line = first.strip()
    if not line or line[-1] in ".!?\"'”" or len(line.split()) > 16:
        return 0
    return text.index(line) + len(line)


def _caption_paragraphs(text: str) -> list[tuple[int, int]]:
    marks = senses()["caption_marks"]
    out, pos = [], 0
    for para in text.split("\n\n"):
        low = para.casefold()
        if any(m in low for m in marks):
            out.append((pos, pos + len(para)))
        pos += len(para) + 2
    return out


def in_heading_or_caption(analysis: Analysis, e: Event) -> bool:
    """Whether the event's trigger (or, for an event read from a whole sentence by the classifier, that
    sentence) lies wholly in the heading or in a photo caption."""
    ev = e.evidence
    if ev is None:
        return False
    start = ev.match_start if ev.match_start is not None else ev.start
    end = ev.match_end if ev.match_end is not None else ev.end
    if start is None or end is None:
        return False
    text = analysis.document.text
    head = heading_end(text)
    if head and (end <= head or not text[head:end].strip()):
        return True
    return any(a <= start and end <= b for a, b in _caption_paragraphs(text))


def trigger_in_date(analysis: Analysis, e: Event) -> bool:
    ev = e.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return False
    return any(m.start <= ev.match_start and ev.match_end <= m.end for m in analysis.dates)


def _has_topic(analysis: Analysis, e: Event) -> bool:
    """What the statement is about: an object of its verb ("condemns this attack", "calls for a
    ceasefire"), or another, non-verbal event told in the same sentence."""
    span = trigger_span(analysis, e)
    if span is not None and any(c.dep_ in ("dobj", "obj", "prep", "ccomp", "xcomp") for t in span for c in t.children):
        return True
    verbal = senses()["verbal_roots"]
    return any(o is not e and o.evidence is not None and e.evidence is not None
               and o.evidence.start == e.evidence.start and _root(o) not in verbal
               for o in analysis.events)


def verbal_without_speaker(analysis: Analysis, e: Event) -> bool:
    if _root(e) not in senses()["verbal_roots"]:
        return False
    if e.actor1 is None:
        return True
    return e.actor2 is None and not _has_topic(analysis, e)


def cooperation_without_counterpart(e: Event) -> bool:
    return _root(e) in senses()["counterpart_roots"] and (e.actor1 is None or e.actor2 is None)


def hosts_people(analysis: Analysis, e: Event) -> bool:
    if _root(e) != "04":
        return False
    span = trigger_span(analysis, e)
    if span is None:
        return False
    s = senses()
    verbs = [t for t in span if t.lower_ in s["host_verbs"]]
    objects = [c for v in verbs for c in v.children if c.dep_ in ("dobj", "obj")]
    return any(o.lemma_.casefold() in s["host_objects"] or o.lower_ in s["host_objects"] for o in objects)


def _violent_in_sentence(analysis: Analysis, e: Event) -> bool:
    return any((o.type.cameo or "")[:2] in ("18", "19", "20") and o.evidence is not None and e.evidence is not None
               and o.evidence.start == e.evidence.start for o in analysis.events)


REFERRING = ("this", "that", "the", "these", "those")


def told_before(analysis: Analysis, noun) -> bool:
    """Whether an attack noun refers back ("condemns this attack", "the attack") to a violent event
    already told earlier in the document: the statement then adds no second attack."""
    if not any(c.dep_ == "det" and c.lower_ in REFERRING for c in noun.children):
        return False
    return any(_root(o) in ("18", "19", "20") and o.evidence is not None and o.evidence.start < noun.sent.start_char
               for o in analysis.events)


def attack_of_statement(analysis: Analysis, e: Event) -> Optional[Event]:
    """The attack a disapproval is about, as an event of its own (or None)."""
    from .lookup import date_for_token, place_for_token

    if _root(e) != "11" or _violent_in_sentence(analysis, e):
        return None
    span = trigger_span(analysis, e)
    if span is None:
        return None
    nouns = senses()["attack_nouns"]
    sent = span.root.sent
    noun = next((t for t in sent if t.lower_ in nouns and t.pos_ in ("NOUN", "PROPN") and t.i > span.root.i), None)
    if noun is None or told_before(analysis, noun):
        return None
    code = nouns[noun.lower_]
    return Event(
        id=f"{e.id}a", type=analysis.lexicons.vocab.event_type(code, None, None),
        location=place_for_token(analysis, noun), date=date_for_token(analysis, noun),
        evidence=evidence(analysis.doc, noun.idx, noun.idx + len(noun)), confidence=e.confidence,
        trigger=noun.text, coder="statement",
    )


def drop_reason(analysis: Analysis, e: Event) -> str | None:
    """The rule that removes ``e``, or None to keep it."""
    if in_heading_or_caption(analysis, e):
        return "heading or caption"
    if trigger_in_date(analysis, e):
        return "trigger is a date"
    if verbal_without_speaker(analysis, e):
        return "verbal event without speaker, target or topic"
    if cooperation_without_counterpart(e):
        return "cooperation without counterpart"
    if hosts_people(analysis, e):
        return "hosts people, not a visit"
    return stance_reason(analysis, e)


def stance_reason(analysis: Analysis, e: Event) -> str | None:
    """The rule of :mod:`.stances` that removes ``e`` (a stance, an intention, a description), or None."""
    if stance_expression(analysis, e) or stance_conjunct(analysis, e):
        return "a stance, not an act"
    if characterizes_told_act(analysis, e, analysis.events):
        return "the act told, compared with others"
    if intention_against(analysis, e):
        return "an intention against its target, not to cooperate"
    if standing_relation(analysis, e):
        return "a standing relation, not an act"
    if intended_not_done(analysis, e):
        return "aimed at, not done"
    if descriptor_participle(analysis, e):
        return "a participle describing a noun"
    if content_of_agreement(analysis, e, analysis.events):
        return "what another event agreed to"
    if targeted_for_aid(analysis, e):
        return "targeted for aid, not attacked"
    if obliged_to_end(analysis, e):
        return "demanded to end, not told as done"
    if travel_to_a_place(analysis, e):
        return "a journey to a place, not a visit"
    return None


def recode_light_verb(analysis: Analysis, e: Event) -> None:
    """A light verb's event takes the code of the attack it carries (:func:`.stances.light_verb_attack`),
    a plain statement the code of what it says (:func:`.stances.statement_content`), "engaging with our
    allies" a consultation (:func:`.stances.consult_sense`)."""
    code = (light_verb_attack(analysis, e, senses()["attack_nouns"]) or statement_content(analysis, e)
            or consult_sense(analysis, e))
    if code is not None:
        e.type = analysis.lexicons.vocab.event_type(code, None, None)


def statements_stage(analysis: Analysis) -> None:
    """Pipeline stage: drop events that statements, senses, headings and captions do not support."""
    for e in analysis.events:
        recode_light_verb(analysis, e)
    kept = [e for e in analysis.events if drop_reason(analysis, e) is None]
    added = [a for e in kept if (a := attack_of_statement(analysis, e)) is not None]
    analysis.events = kept + added + demands(analysis, kept)
