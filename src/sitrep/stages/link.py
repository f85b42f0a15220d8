"""The ``link`` stage: ties figures to events and fills in what a clause left unsaid.

* A figure belongs to an event when the figure's counted phrase is an argument of the event's trigger
  ("sixteen civilians ... were killed in Russian bombings") and its kind fits the event's family
  (killed/injured with violence, arrested with arrests, displaced with expulsions or violence).
  Inside an event a figure takes the event's place and date when it has none of its own.
* An event or figure without a place in its sentence takes the last place named earlier in the same
  paragraph, else the document's focus (as an analyst reading the report would); without a date, the
  last date named earlier in the paragraph, else the *inferred* publication day (``precision="day"``,
  ``text=None`` says it was inferred, not read): a report that names no date tells of what happened that
  day ("an attack reported the same day"); fusion allows a day's slack for "last night".
* Civilians of no stated nationality take the country of the event's place ("Civilians (Syria)").
* Events that repeat one another inside a document ("held a crisis meeting" ... "today's meeting") are
  folded into the first, which keeps the highest confidence.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from typing import Optional

from ..analysis import Analysis
from ..grammar.datelines import Dateline, find_dateline
from ..model import Actor, DateSpan, Event, Figure, Place
from ..nlp.spans import sentence_of
from ..nlp.syntax import paragraph_start
from .byline import author_as_speaker, byline_author
from .capitals import capital_place
from .finer import finer_place
from .lookup import figure_token

# figure kind -> CAMEO roots (two-digit prefixes, or longer codes) of events it can belong to
FIGURE_EVENT_FAMILIES = {
    "killed": ("18", "19", "20", "145", "175"),
    "injured": ("18", "19", "20", "145", "175"),
    "missing": ("18", "19", "20"),
    "abducted": ("181",),
    "arrested": ("17",),
    "detained": ("17",),
    "displaced": ("18", "19", "20", "174", "201"),
    "evacuated": ("0863", "087"),
}


def _before_in_paragraph(analysis: Analysis, mentions, offset: int):
    """The last mention before ``offset`` in the same paragraph (not in the same sentence)."""
    text = analysis.document.text
    sent = sentence_of(analysis.doc, offset)
    limit = sent.start_char if sent is not None else offset
    start = paragraph_start(text, offset)
    earlier = [m for m in mentions if start <= m.start and m.end <= limit]
    return earlier[-1] if earlier else None


def inferred_window(published: Optional[_dt.date]) -> Optional[DateSpan]:
    """The date of an event that names none: the publication day, marked inferred (``text=None``);
    None without a publication date (nothing is guessed)."""
    if published is None:
        return None
    return DateSpan(start=published.isoformat(), end=published.isoformat(), precision="day", text=None)


def in_lead(analysis: Analysis, line: Optional[Dateline], offset: int) -> bool:
    """Is ``offset`` in the lead: the paragraph a dateline opens?"""
    text = analysis.document.text
    return line is not None and paragraph_start(text, offset) <= line.place_start < offset


def dateline_place(analysis: Analysis, line: Optional[Dateline], offset: int) -> Optional[Place]:
    """The dateline's place for a lead event that names none ("MOSCOW - Russia and Turkey agreed ...")."""
    if line is None or not in_lead(analysis, line, offset):
        return None
    for m in analysis.places:
        if m.start < line.place_end and m.end > line.place_start:
            return m.place
    return None


def dateline_date(analysis: Analysis, line: Optional[Dateline], offset: int) -> Optional[DateSpan]:
    """The dateline's day for a lead event that names no date ("KABUL, 31 May 2017 – A truck bomb
    exploded"): stated, so it carries the dateline's words."""
    if line is None or line.day is None or line.date_start is None or not in_lead(analysis, line, offset):
        return None
    day = line.day.isoformat()
    return DateSpan(day, day, "day", analysis.document.text[line.date_start:line.date_end])


def _fallback_place(analysis: Analysis, offset: int, line: Optional[Dateline] = None) -> Optional[Place]:
    m = _before_in_paragraph(analysis, analysis.places, offset)
    if m is not None:
        return m.place
    return dateline_place(analysis, line, offset) or analysis.focus


def _fallback_date(analysis: Analysis, offset: int, line: Optional[Dateline] = None) -> Optional[DateSpan]:
    m = _before_in_paragraph(analysis, analysis.dates, offset)
    if m is not None:
        return m.date
    stated = dateline_date(analysis, line, offset)
    if stated is not None:
        return stated
    return inferred_window(line.day if line is not None and line.day is not None else analysis.published)


def _event_tokens(analysis: Analysis, event: Event) -> set[int]:
    ev = event.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return set()
    span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def _fits(kind: str, code: Optional[str]) -> bool:
    if not code:
        return False
    return any(code.startswith(p) for p in FIGURE_EVENT_FAMILIES.get(kind, ()))


def _owner_event(analysis: Analysis, fig: Figure, events: list[Event]) -> Optional[Event]:
    tok = figure_token(analysis, fig)
    if tok is None or fig.cumulative:  # a tally is no incident's toll
        return None
    assert fig.evidence is not None  # figure_token found its token through it
    candidates = [e for e in events if _fits(fig.kind, e.type.cameo)
                  and e.evidence is not None and e.evidence.start == fig.evidence.start]
    if not candidates:
        return None
    # the event whose trigger governs the counted phrase (walk up the tree), else the only candidate
    t = tok
    for _ in range(6):
        for e in candidates:
            if t.i in _event_tokens(analysis, e):
                return e
        if t.head.i == t.i:
            break
        t = t.head
    return candidates[0] if len(candidates) == 1 else None


def _same_trigger(a: Event, b: Event) -> bool:
    ea, eb = a.evidence, b.evidence
    return (ea is not None and eb is not None and ea.match_start is not None
            and (ea.match_start, ea.match_end) == (eb.match_start, eb.match_end))


def _same_event(a: Event, b: Event) -> bool:
    def key(e: Event):
        return (
            (e.type.cameo or "")[:2],
            e.actor1.code if e.actor1 else None,
            e.actor2.code if e.actor2 else None,
            (e.date.start, e.date.end) if e.date else None,
        )

    ka, kb = key(a), key(b)
    # pairs coded from one trigger ("Arnor and Gondor welcomed ...": ARN->OSG, GON->OSG; a meeting's
    # two directions) are distinct codings of one sentence, as PETRARCH reports them: never folded
    if _same_trigger(a, b) and ka[1:3] != kb[1:3]:
        return False
    # a later mention with no date of its own ("The meeting began with ...") is the same happening
    inferred = b.date is None or b.date.text is None
    if ka[0] != kb[0] or (ka[3] != kb[3] and not inferred):
        return False
    if a.location and b.location and (a.location.geonameid, a.location.name) != (b.location.geonameid, b.location.name):
        return False
    # same actors, or the same pair in the other order (meetings are symmetric)
    return ka[1:3] == kb[1:3] or (ka[1:3] == (kb[2], kb[1]) and ka[0] in ("03", "04", "05", "06", "08"))


def _local_civilians(actor: Optional[Actor], event: Event) -> Optional[Actor]:
    """Civilians of no stated nationality are those of the country the event happened in (as ACLED
    codes "Civilians (Syria)"). Only ``country`` is filled; ``code`` stays what the text said."""
    if actor is None or actor.sector != "CVL" or actor.country or event.location is None:
        return actor
    return replace(actor, country=event.location.country) if event.location.country else actor


def fold_repeated(events: list[Event]) -> list[Event]:
    """Repeated mentions of one event ("held a crisis meeting" ... "today's meeting") folded into the
    first, which keeps the highest confidence and the first place given."""
    kept: list[Event] = []
    for e in events:
        twin = next((k for k in kept if _same_event(k, e)), None)
        if twin is None:
            kept.append(e)
        else:
            twin.confidence = max(twin.confidence, e.confidence)
            if twin.location is None:
                twin.location = e.location
    return kept


def _offset(item) -> int:
    ev = item.evidence
    return ev.match_start if ev is not None and ev.match_start is not None else 0


def sentence_sibling_place(e: Event, stated: list[tuple[int, Place]]) -> Optional[Place]:
    """Rule: an act whose own clause names no place happened where another act of the same sentence is
    stated to have happened ("The attack on a Ukrainian train station ... committed by Russia, striking
    civilians"): one sentence tells of one scene before the paragraph or the report's focus does.
    ``stated`` holds (sentence start, place) of the events whose clause named their place."""
    start = e.evidence.start if e.evidence is not None else None
    found = {id(p): p for s, p in stated if s == start}
    return next(iter(found.values())) if len(found) == 1 else None


def copula_agent(analysis: Analysis, e: Event) -> Optional[Actor]:
    """Rule: an act that is the subject of "is/was <noun> committed/carried out by X" was done by X ("The
    attack on a train station is yet another atrocity committed by Russia"): the doer the clause names
    through what it calls the act. None when the sentence says no such thing."""
    if e.actor1 is not None:
        return None
    tokens = _event_tokens(analysis, e)
    doc = analysis.doc
    for i in sorted(tokens):
        tok = doc[i]
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.lemma_ != "be":
            continue
        for attr in (c for c in tok.head.children if c.dep_ in ("attr", "acomp")):
            for acl in (c for c in attr.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"):
                for agent in (c for c in acl.children if c.dep_ == "agent"):
                    for obj in (c for c in agent.children if c.dep_ == "pobj"):
                        found = next((m.actor for m in analysis.actors if m.start <= obj.idx < m.end), None)
                        if found is not None:
                            return found
    return None


def fill_event(analysis: Analysis, e: Event, line: Optional[Dateline] = None,
               stated: Optional[list[tuple[int, Place]]] = None) -> None:
    """Place and date from the sentence's other acts, then the paragraph (else the dateline's for the
    lead, else focus / publication day); civilians of the place."""
    e.actor1 = e.actor1 or copula_agent(analysis, e)
    if e.location is None:
        e.location = sentence_sibling_place(e, stated or [])
    if e.location is None:
        e.location = _fallback_place(analysis, _offset(e), line)
    e.location = finer_place(analysis, capital_place(analysis, e.location, _offset(e)), _offset(e))
    if e.date is None:
        e.date = _fallback_date(analysis, _offset(e), line)
    e.actor1, e.actor2 = _local_civilians(e.actor1, e), _local_civilians(e.actor2, e)


def attach_figure(analysis: Analysis, fig: Figure, line: Optional[Dateline] = None) -> None:
    """Tie a figure to the event it counts (it takes the event's place and date when it has none),
    then fill what it still lacks from the paragraph."""
    owner = _owner_event(analysis, fig, analysis.events)
    if owner is not None:
        fig.event = owner.id
        if fig.location is None:
            fig.location = owner.location
        if fig.date is None:
            fig.date = owner.date
        owner.figures.append(fig)
    if fig.location is None:
        fig.location = _fallback_place(analysis, _offset(fig), line)
    fig.location = finer_place(analysis, capital_place(analysis, fig.location, _offset(fig)), _offset(fig))
    if fig.date is None:
        fig.date = _fallback_date(analysis, _offset(fig), line)


def link_stage(analysis: Analysis) -> None:
    analysis.events = fold_repeated(analysis.events)
    line = find_dateline(analysis.document.text, analysis.published)
    stated = [(e.evidence.start, e.location) for e in analysis.events
              if e.location is not None and e.evidence is not None]
    author = byline_author(analysis)
    for e in analysis.events:
        fill_event(analysis, e, line, stated)
        author_as_speaker(analysis, e, author)
    for fig in analysis.figures:
        attach_figure(analysis, fig, line)
