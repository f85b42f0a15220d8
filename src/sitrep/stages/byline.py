"""Who signed a report: the byline of a statement ("Press Statement, Michael R. Pompeo, Secretary of
State", "President Biden (@POTUS), April 8, 2022"), and the speech acts that are the signer's.

A signed statement says "we condemn", "must stop", "I've sent" without naming its speaker: the speaker
is whoever signed it. :func:`byline_author` reads the signer from a byline among the first lines;
:func:`author_as_speaker` gives that actor to a verbal or cooperative act that names no doer.
"""

from __future__ import annotations

from typing import Optional

from ..analysis import Analysis
from ..model import Actor, Event

# A byline is among the first lines of a report and short.
BYLINE_LINES = 3
BYLINE_CHARS = 120
# CAMEO roots of acts a signer performs by saying them: statements, appeals, consultations, support,
# cooperation, aid, demands, disapproval, rejection, threats (not fights, not protests).
SPOKEN_ROOTS = ("01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13")


def _first_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the first :data:`BYLINE_LINES` non-empty lines."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text) and len(out) < BYLINE_LINES:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            out.append((pos, end))
        pos = end + 1
    return out


def byline_author(analysis: Analysis) -> Optional[Actor]:
    """Rule: the signer of a report is a named person of known country on a short line among its first
    lines that has no verb (a byline, not a sentence): "Press Statement, Michael R. Pompeo, Secretary of
    State"; "President Biden (@POTUS), April 8, 2022". None when no line is one."""
    text, doc = analysis.document.text, analysis.doc
    for start, end in _first_lines(text):
        if end - start > BYLINE_CHARS:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        for m in analysis.actors:
            if start <= m.start < end and m.actor.country and m.actor.name and m.actor.sector != "CVL":
                return m.actor
    return None


def author_as_speaker(analysis: Analysis, event: Event, author: Optional[Actor]) -> None:
    """Rule: in a signed report, an act whose clause has "I" or "we" for subject is the signer's ("we
    will support efforts", however an earlier sentence ends), and so is a verbal or cooperative act
    (:data:`SPOKEN_ROOTS`) that names no doer ("The ongoing assaults ... must stop")."""
    if author is None:
        return
    if first_person_subject(analysis, event):
        event.actor1 = author
        return
    cameo = event.type.cameo or ""
    addressed_to_author = event.actor2 is not None and event.actor2.code == author.code
    if event.actor1 is None and cameo[:2] in SPOKEN_ROOTS and not addressed_to_author:
        event.actor1 = author


FIRST_PERSON = frozenset({"i", "we"})


def first_person_subject(analysis: Analysis, event: Event) -> bool:
    """Has the clause of the event's trigger "I" or "we" for subject (directly, or the verb it is
    coordinated with or hangs from as an infinitive)?"""
    ev = event.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return False
    span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in tok.children):
            return True
        if tok.dep_ not in ("conj", "xcomp", "dobj", "aux") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False
