"""An obligation stated in a statement is the speaker's demand (issue 10, item 3), used by ``statements``.

"The Assad Regime, Russia, Iran and Hizballah must cease their ongoing attacks in Idlib" codes no attack
(:func:`sitrep.stages.events.stated_code` drops an act under "must"); said by a speaker, it is a demand of
those actors: a CAMEO 10 (PLOVER REQUEST) event by the speaker, targeting the actors the obligation binds.

* :func:`obligation_verbs`: verbs of ``demand_verbs`` (cease, stop, end, withdraw, ...) with a "must";
* :func:`bound_actors`: the actors in the verb's subject ("The ongoing assaults **by the Assad regime and
  Russia** must stop": the subject's whole phrase);
* :func:`speaker_of`: who says it: the source of the nearest statement (CAMEO roots ``speaker_roots``)
  told in the sentence or before it in the document ("The United States condemns this attack. The Assad
  Regime ... must cease"); no speaker, no demand.
"""

from __future__ import annotations

from typing import Optional

from ..analysis import Analysis
from ..model import Actor, Event
from ..nlp.spans import evidence
from ..nlp.syntax import SUBJECT_DEPS
from .stances import stances, trigger_span


def obligation_verbs(sent) -> list:
    """The verbs of the sentence that carry a "must" and name an end to something ("must cease")."""
    verbs = stances()["demand_verbs"]
    return [t for t in sent if t.pos_ == "VERB" and t.lemma_.casefold() in verbs
            and any(c.dep_ == "aux" and c.lower_ == "must" for c in t.children)]


def bound_actors(analysis: Analysis, verb) -> list[Actor]:
    """The distinct actors named in the verb's subject phrase, in order."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    out: list[Actor] = []
    for s in subjects:
        sub = list(s.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        for m in sorted(analysis.actors, key=lambda m: m.start):
            if lo <= m.start and m.end <= hi and m.actor.code and all(a.code != m.actor.code for a in out):
                out.append(m.actor)
    return out


def speaker_of(analysis: Analysis, offset: int, events: list[Event]) -> Optional[Actor]:
    """The source of the last statement told at or before ``offset`` (its sentence start)."""
    roots = stances()["speaker_roots"]
    said = [e for e in events if e.actor1 is not None and e.evidence is not None and e.evidence.start <= offset
            and (e.type.cameo or "")[:2] in roots]
    return max(said, key=lambda e: e.evidence.start).actor1 if said else None  # type: ignore[union-attr]


MAX_BYLINE_LINES = 4
MAX_BYLINE_WORDS = 16


def byline_speaker(analysis: Analysis) -> Optional[Actor]:
    """The first actor of the document's byline (see the module doc), or None."""
    cues = stances()["byline_cues"]
    text, pos = analysis.document.text, 0
    for line in text.split("\n")[:MAX_BYLINE_LINES]:
        start, pos = pos, pos + len(line) + 1
        bare = line.strip()
        if not bare:
            continue
        if bare[-1] in ".!?" or len(bare.split()) > MAX_BYLINE_WORDS:
            return None  # the text has begun
        if any(c in bare.casefold() for c in cues):
            found = sorted((m for m in analysis.actors if start <= m.start and m.end <= start + len(line)
                            and m.actor.code), key=lambda m: m.start)
            return found[0].actor if found else None
    return None


def obliged_to_end(analysis: Analysis, e: Event) -> bool:
    """Whether the event's trigger lies in the subject of an obligation verb ("the assaults ... must
    stop")."""
    span = trigger_span(analysis, e)
    if span is None:
        return False
    for verb in obligation_verbs(span.root.sent):
        subject = {t.i for c in verb.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
        if span.root.i in subject:
            return True
    return False


def demands(analysis: Analysis, events: list[Event]) -> list[Event]:
    """One demand event per obligation a speaker states, with the bound actors as its targets."""
    from .lookup import date_for_token, place_for_token

    code = stances()["demand_code"]
    out = []
    for sent in analysis.doc.sents:
        for verb in obligation_verbs(sent):
            targets = bound_actors(analysis, verb)
            speaker = speaker_of(analysis, sent.start_char, events) or byline_speaker(analysis)
            if speaker is None or not targets or any(a.code == speaker.code for a in targets):
                continue
            out.append(Event(
                id=f"{analysis.document.id}#d{verb.i}", type=analysis.lexicons.vocab.event_type(code, None, None),
                actor1=speaker, actor2=targets[0], assoc_actor2=targets[1:],
                location=place_for_token(analysis, verb), date=date_for_token(analysis, verb),
                evidence=evidence(analysis.doc, verb.idx, verb.idx + len(verb)), trigger=verb.text,
                coder="statement", confidence=0.5,
            ))
    return out
