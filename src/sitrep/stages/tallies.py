"""The ``tallies`` stage: figures over a period are tallies, not incidents (issue 10).

"Violence in Syria has killed more than 162,400 people since March 2011", "From January to June 2018,
conflict killed 55 aid workers", "1,611 Civilian Deaths Resulting from the Conflict" are running totals:
each is kept as a figure with ``cumulative=True`` and its period as ``date``; it creates no event (the
event a killing verb would otherwise code is dropped) and the ``link`` stage never attaches it to an
incident, so fusion and exports never add it to an incident's toll. The store keeps tallies in the
figure series, one point per source and "as of" date.

Rules (each a function with its own test):

* :func:`tally_cue`: a cue phrase of ``data/tallies/cues.json`` ("since", "as of", "a total of", "so
  far", "documented", ...) in the figure's clause (:func:`own_clause`: a subordinate clause of its own,
  "..., making it the deadliest attack since the 1990s", is not the figure's clause);
* :func:`period_date`: a date in the clause spanning more than a week ("since March 2011", "from January
  to June 2018") makes a tally when its precision is ``range`` or the clause's verb is perfect ("has
  killed"): a year-precision date on a simple past ("in 2018 a strike killed 5") stays an incident;
* :func:`carrier_events`: the events whose trigger is the verb that counts a tally;
* :func:`restated_tally`: in a tally's sentence, an event with no figure of its own read from the tally's
  verb again ("conflict killed 55 aid workers, ... the highest number of aid workers killed during the
  first half of the year") restates the tally: no incident;
* :func:`tally_causes`: an event with no figure of its own read from the subject of the tally's verb, or of
  a verb coordinated with it ("**Hostilities** displace approximately 586,000 people in northwest Syria
  since December", "**Military operations continued** to kill civilians ..., and up to 184,000 people
  remained displaced as of August 1") is what caused the running total over its period, not an incident;
* :func:`breakdown_tallies`: each counted part of a tally's breakdown stays in the tally's ``includes``
  and is also a tally of its own: with the period it states ("586,000 displaced since December 1,
  including approximately 200,000 people displaced from January 26 to February 2 alone"), else the
  tally's ("162,400 killed since March 2011, including nearly 54,000 civilians": 54,000 civilians
  killed since March 2011). Tallies are never summed, so the part is not counted twice.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Optional

from ..analysis import Analysis
from ..model import DateSpan, Event, Figure
from ..nlp.spans import evidence
from ..resources import read_json
from .keyfigures import key_figures
from .lookup import figure_token


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[tuple[tuple[str, ...], ...], int]:
    data = read_json("tallies", "cues.json")
    phrases = tuple(tuple(p.split()) for p in data["phrases"])
    return phrases, int(data["min_period_days"])


# clauses of their own under the figure's verb: their dates and cue words are not the figure's ("the
# strikes resulted in the deaths of 34 soldiers, making it the deadliest attack since the 1990s")
SUBORDINATE_DEPS = ("advcl", "ccomp", "parataxis", "relcl")


def own_clause(verb, token) -> list:
    """The verb's subtree without its subordinate clauses that do not hold ``token``."""
    cut = [c for c in verb.children if c.dep_ in SUBORDINATE_DEPS and not (c.left_edge.i <= token.i <= c.right_edge.i)]
    skip = {t.i for c in cut for t in c.subtree}
    return [t for t in verb.subtree if t.i not in skip]


def clause_of(token):
    """The figure's clause: the nearest verb above it and its subtree (:func:`own_clause`), else its whole
    sentence (a headline line such as "2,899 Civilian Deaths Resulting from the Conflict" has no verb)."""
    t = token
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX"):
            return t, own_clause(t, token)
        if t.head.i == t.i:
            break
        t = t.head
    return None, list(token.sent)


def tally_cue(words: list[str]) -> Optional[str]:
    """The first cue phrase found in ``words`` (lower-cased tokens of the clause), or None."""
    phrases, _ = _cues()
    for i in range(len(words)):
        for p in phrases:
            if tuple(words[i:i + len(p)]) == p:
                return " ".join(p)
    return None


def _days(d: DateSpan) -> int:
    if d.start is None or d.end is None:
        return 0
    return (_dt.date.fromisoformat(d.end[:10]) - _dt.date.fromisoformat(d.start[:10])).days + 1


def perfect_verb(verb) -> bool:
    """'has killed', 'have displaced', 'had reached': an auxiliary *have* on the verb."""
    return verb is not None and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _dates_within(analysis: Analysis, tokens) -> list:
    """The date mentions whose words all lie among ``tokens`` (a clause may have holes: :func:`own_clause`)."""
    ends = {t.idx: t.idx + len(t.text) for t in tokens}
    inside = []
    for m in analysis.dates:
        words = [(a, b) for a, b in ends.items() if m.start <= a < m.end]
        if m.start in ends and words and max(b for _, b in words) >= m.end:
            inside.append(m)
    return inside


def period_date(analysis: Analysis, tokens, verb) -> Optional[DateSpan]:
    """The longest date in the clause that spans a period (more than a week, as a range or with a
    perfect verb), or None."""
    _, min_days = _cues()
    spans = [m.date for m in _dates_within(analysis, tokens) if _days(m.date) >= min_days]
    spans = [d for d in spans if d.precision == "range" or perfect_verb(verb)]
    return max(spans, key=_days) if spans else None


def as_of_date(analysis: Analysis, tokens) -> Optional[DateSpan]:
    """The date right after "as of" in the clause ("as of May 19"), or None."""
    words = [t.lower_ for t in tokens]
    for i in range(len(words) - 1):
        if words[i:i + 2] == ["as", "of"]:
            after = tokens[i + 2].idx if i + 2 < len(tokens) else None
            for m in analysis.dates:
                if after is not None and m.start == after:
                    return m.date
    return None


def read_tally(analysis: Analysis, fig: Figure) -> Optional[tuple[str, Optional[DateSpan]]]:
    """Whether ``fig`` is a tally: (the rule that says so, its period) or None."""
    tok = figure_token(analysis, fig)
    if tok is None:
        return None
    verb, tokens = clause_of(tok)
    period = period_date(analysis, tokens, verb)
    cue = tally_cue([t.lower_ for t in tokens])
    if cue is None and period is None:
        return None
    return (f"cue '{cue}'" if cue else "period"), (period or as_of_date(analysis, tokens))


def carrier_events(analysis: Analysis, fig: Figure, events: list[Event]) -> list[Event]:
    """Events coded from the verb (or noun) that counts the tally: "has killed" in "violence has killed
    162,400 people since March 2011" is no incident."""
    tok = figure_token(analysis, fig)
    if tok is None:
        return []
    assert fig.evidence is not None  # figure_token found its token through it
    verb, _ = clause_of(tok)
    heads = {tok.i, tok.head.i} | ({verb.i} if verb is not None else set())
    out = []
    for e in events:
        ev = e.evidence
        if ev is None or ev.match_start is None or ev.match_end is None or ev.start != fig.evidence.start:
            continue
        span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
        if span is not None and {t.i for t in span} & heads:
            out.append(e)
    return out


def restated_tally(analysis: Analysis, fig: Figure, events: list[Event]) -> list[Event]:
    """Events of the tally's sentence whose trigger verb has the tally verb's lemma and counts no figure of
    its own ("..., and on Monday an airstrike killed 12 more" is an incident)."""
    tok = figure_token(analysis, fig)
    verb = clause_of(tok)[0] if tok is not None else None
    if verb is None:
        return []
    counting = {v.i for f in analysis.figures if f is not fig and (t := figure_token(analysis, f)) is not None
                and (v := clause_of(t)[0]) is not None}  # verbs that count a figure of their own
    out = []
    for e in events:
        ev = e.evidence
        if e.figures or ev is None or ev.match_start is None or ev.start != tok.sent.start_char:
            continue
        span = analysis.doc.char_span(ev.match_start, ev.match_end or ev.match_start + 1, alignment_mode="expand")
        if span is None or not len(span) or span.root.i in counting or span.root.i == verb.i:
            continue
        if span.root.lemma_ == verb.lemma_ and span.root.pos_ == "VERB":
            out.append(e)
    return out


def _coordinated_verbs(verb) -> list:
    """The verb and the verbs coordinated with it, up and down its chain of conjuncts."""
    top = verb
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    out, todo = [], [top]
    while todo:
        v = todo.pop()
        out.append(v)
        todo.extend(c for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def _counting_verbs(analysis: Analysis, fig: Figure) -> set[int]:
    """The verbs that count a figure other than ``fig``."""
    return {v.i for f in analysis.figures if f is not fig and (t := figure_token(analysis, f)) is not None
            and (v := clause_of(t)[0]) is not None}


def _cause_zone(analysis: Analysis, fig: Figure, verb) -> set[int]:
    """Tokens that tell what caused the tally: the subjects of its verb and of the verbs coordinated with
    it, and those coordinated verbs with their complements, except verbs that count a figure of their own."""
    counting = _counting_verbs(analysis, fig)
    verbs = [v for v in _coordinated_verbs(verb) if v.i == verb.i or v.i not in counting]
    zone = {t.i for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") for t in c.subtree}
    for v in verbs:
        if v.i != verb.i:
            zone |= {v.i} | {c.i for c in v.children if c.dep_ == "xcomp" and c.i not in counting}
    return zone


def tally_causes(analysis: Analysis, fig: Figure, events: list[Event]) -> list[Event]:
    """Events not stated to the day whose trigger lies in the tally's cause (:func:`_cause_zone`):
    "**Hostilities** displace 586,000 people since December" (see the module doc)."""
    tok = figure_token(analysis, fig)
    verb = clause_of(tok)[0] if tok is not None else None
    if verb is None or tok is None:
        return []
    zone = _cause_zone(analysis, fig, verb)
    out = []
    for e in events:
        ev = e.evidence
        if ev is None or ev.match_start is None or ev.start != tok.sent.start_char:
            continue
        if e.date is not None and e.date.text is not None and e.date.precision == "day":
            continue  # an incident on a day is told with its own date, not as the cause of a total
        span = analysis.doc.char_span(ev.match_start, ev.match_end or ev.match_start + 1, alignment_mode="expand")
        if span is not None and len(span) and span.root.i in zone:
            out.append(e)
    return out


def _breakdown_phrases(sent) -> list:
    """The "including ..." phrases of a sentence, in order, as token lists."""
    return [list(t.subtree) for t in sent if t.lower_ in ("including", "incl")]


def breakdown_tallies(analysis: Analysis, fig: Figure) -> list[Figure]:
    """The counted parts of a tally's breakdown, as tallies (see the module doc)."""
    tok = figure_token(analysis, fig)
    if tok is None or not fig.includes:
        return []
    _, min_days = _cues()
    phrases = [p for p in _breakdown_phrases(tok.sent) if p[0].i > tok.i]
    if len(phrases) != len(fig.includes):
        return []  # parts told otherwise ("among them ..."): which words hold which part is unclear
    out = []
    for part, phrase in zip(fig.includes, phrases):
        lo, hi = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        periods = [m.date for m in analysis.dates if lo <= m.start and m.end <= hi and _days(m.date) >= min_days]
        number = next((t for t in phrase if t.like_num and t.i != phrase[0].i), None)
        if number is None or part.value is None:
            continue
        out.append(Figure(kind=fig.kind, value=part.value, group=part.group,
                          date=max(periods, key=_days) if periods else fig.date, actor=None,
                          location=fig.location, evidence=evidence(analysis.doc, number.idx, number.idx + len(number)),
                          cumulative=True))
    return out


def tallies_stage(analysis: Analysis) -> None:
    """Pipeline stage: read the key-figure lines (:mod:`sitrep.stages.keyfigures`), flag tallies, give
    them their period, and drop the events they would create."""
    analysis.figures.extend(key_figures(analysis))
    drop: set[int] = set()
    parts: list[Figure] = []
    for fig in analysis.figures:
        found = read_tally(analysis, fig)
        if found is None:
            continue
        fig.cumulative = True
        if found[1] is not None:
            fig.date = found[1]
        drop.update(id(e) for e in carrier_events(analysis, fig, analysis.events))
        drop.update(id(e) for e in restated_tally(analysis, fig, analysis.events))
        drop.update(id(e) for e in tally_causes(analysis, fig, analysis.events))
        parts.extend(breakdown_tallies(analysis, fig))
    analysis.figures.extend(parts)
    if drop:
        analysis.events = [e for e in analysis.events if id(e) not in drop]
