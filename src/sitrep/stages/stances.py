"""Stances, intentions and descriptions are not acts (issue 10, item 3), used by the ``statements`` stage.

A statement about an attack holds more than its acts: "We stand by our NATO Ally Turkey", "My
condolences to the families", "reviewing options to assist Turkey", "we seek to prevent further
brutality", "deliver weapons to help Ukraine defend its country", "urges all parties to refrain from
targeting civilian infrastructure", "the besieged city", "dueling political aims". The CAMEO dictionary
codes each of these as an event (SUPPORT, COOPERATE, REJECT, ASSAULT, ...); an analyst codes none of them.
Each rule is a function with its own test; word lists in ``data/statements/stances.json``:

* :func:`stance_expression`: a non-hostile verbal or cooperative event (CAMEO roots 01-08) whose trigger
  says where the speaker stands ("stand by", "condolences", "concern") is a stance, not an act;
* :func:`intended_not_done`: an event whose trigger verb is the infinitival complement of an intention or
  an appeal ("options **to assist**", "seek **to prevent**", "urges ... **to refrain** from targeting"),
  or a purpose clause ("deliver weapons **to help** Ukraine defend"), is aimed at, not done. The
  intention or appeal itself is coded by its own trigger ("calls on", "urges", "announces plans"): only
  what it governs is dropped;
* :func:`descriptor_participle`: a trigger that is a participle used as an adjective before a noun ("the
  **besieged** city of Mariupol", "**dueling** political aims") describes the noun; it tells no event.
"""

from __future__ import annotations

import functools

from ..analysis import Analysis
from ..model import Event
from ..resources import read_json

# dependency relations through which a verb's purpose or content reaches up to what governs it
_UP_DEPS = ("xcomp", "advcl", "acl", "conj", "pcomp", "prep", "ccomp", "relcl", "dobj", "pobj")
_MAX_STEPS = 8


@functools.lru_cache(maxsize=1)
def stances() -> dict:
    return read_json("statements", "stances.json")


def _root(e: Event) -> str:
    return (e.type.cameo or "")[:2]


def trigger_span(analysis: Analysis, e: Event):
    """The tokens of the event's trigger phrase, or None for an event read from a whole sentence."""
    ev = e.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return None
    span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _holds(words: list[str], phrase: list[str]) -> bool:
    return any(words[i:i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


def stance_expression(analysis: Analysis, e: Event) -> bool:
    """A non-hostile verbal or cooperative event whose trigger (or its verb's object: "express
    concern") names a stance."""
    data = stances()
    if _root(e) not in data["stance_roots"]:
        return False
    span = trigger_span(analysis, e)
    if span is None:
        return False
    objects = [c for c in span.root.children if c.dep_ in ("dobj", "obj")]
    words = [t.lemma_.casefold() for t in span] + [o.lemma_.casefold() for o in objects]
    return any(_holds(words, p.split()) for p in data["stance_phrases"])


def _infinitive(token) -> bool:
    """A verb with its own 'to' ("to assist"), as the complement or purpose of another word."""
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def aimed_at(token) -> bool:
    """Whether ``token`` lies under an infinitive that an intention or appeal governs, or under a purpose
    clause, walking up through complements, conjuncts and prepositions."""
    heads = stances()["intention_heads"]
    t = token
    for _ in range(_MAX_STEPS):
        if t.dep_ not in _UP_DEPS or t.head.i == t.i:
            return False
        if _infinitive(t) and (t.dep_ == "advcl" or t.head.lemma_.casefold() in heads):
            return True
        t = t.head
    return False


def intended_not_done(analysis: Analysis, e: Event) -> bool:
    """The event's trigger verb is aimed at (see :func:`aimed_at`), not done."""
    span = trigger_span(analysis, e)
    if span is None:
        return False
    root = span.root
    if root.lemma_.casefold() in stances()["intention_heads"]:
        return False  # the intention or appeal itself
    return aimed_at(root)


def descriptor_participle(analysis: Analysis, e: Event) -> bool:
    """The trigger is a one-word participle modifying a noun ("the besieged city")."""
    span = trigger_span(analysis, e)
    if span is None or len(span) != 1:
        return False
    t = span[0]
    return t.dep_ == "amod" and t.tag_ in stances()["descriptor_tags"]
