"""Which date and which place govern a token (an event trigger, a counted noun): shared by the
stages that attach dates and places to what they find."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from ..analysis import Analysis
from ..geo.gazetteer import default_gazetteer
from ..geo.resolver import to_place
from ..geo.toponyms import EVENT_PREPS, Toponym
from ..mentions import PlaceMention
from ..model import DateSpan, Figure, Mention, Place
from ..nlp.spans import (
    clause_head,
    mentions_in,
    ranked_mentions,
    span_tokens,
    tree_distance,
)
from ..nlp.syntax import CLAUSE_SUBJECT_DEPS
from .finer import is_dateline

# --- which date governs a token --------------------------------------------------------------------

# Clauses that do not inherit the date of the clause they hang from: relative clauses and clausal
# modifiers of nouns ("the agreement reached in 2016") describe other times.
_OPAQUE = {"relcl", "acl"}


def _governing_heads(token) -> list[int]:
    """Indices of the clause heads whose dates apply to ``token``'s clause: its own, then those above.

    Dates flow down into complement and adverbial clauses and into coordinated verbs sharing a subject
    ("bombed Idlib on Tuesday and killed 16"), but not into relative clauses or coordinated clauses
    with a subject of their own ("60 soldiers were killed in February, and Erdogan declared war").
    """
    heads: list[int] = []
    h = clause_head(token)
    while h.i not in heads:
        heads.append(h.i)
        if h.head.i == h.i or h.dep_ in _OPAQUE:
            break
        if h.dep_ == "conj" and any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in h.children):
            break
        h = clause_head(h.head)
    return heads


def date_for_token(analysis: Analysis, token) -> Optional[DateSpan]:
    """The date governing the clause of ``token`` (an event trigger or a counted noun), or ``None``.

    Candidates are the date mentions of the token's sentence. A mention counts only when its clause is
    the token's own or one that governs it (see :func:`_governing_heads`); among those the nearest
    clause wins, then the shortest dependency path, then the nearest in words (the ranking of
    :func:`sitrep.nlp.spans.ranked_mentions`). Defaults for tokens without a date (the
    publication date, other dates of the sentence) are left to the caller.
    """
    doc = analysis.doc
    sent = token.sent
    heads = _governing_heads(token)
    ranked = []
    for mention in mentions_in(sent.start_char, sent.end_char, analysis.dates):
        span = span_tokens(doc, mention.start, mention.end)
        if span is None or len(span) == 0:
            continue
        root = span.root
        head = clause_head(root).i
        if head in heads:
            ranked.append((heads.index(head), tree_distance(token, root), abs(root.i - token.i), mention))
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[:3])
    return past_not_after_publication(ranked[0][3].date, token, analysis.published)


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def told_in_past(token) -> bool:
    """Is the clause of ``token`` told in the past tense ("was killed", "exploded"), not announced
    ("will begin", "is to start")?"""
    head = clause_head(token)
    if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo") for c in head.children):
        return False
    return head.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in head.children)


def past_not_after_publication(date: DateSpan, token, published: Optional[_dt.date]) -> DateSpan:
    """A past-tense event is never dated after publication: a day or month named without a year that
    lies after the publication date is last year's ("was killed on 20 February" published on 7
    February 2020 is 20 February 2019)."""
    if published is None or _YEAR.search(date.text or "") or date.precision not in ("day", "month"):
        return date
    if date.start is None or date.end is None:
        return date
    start, end = _dt.date.fromisoformat(date.start[:10]), _dt.date.fromisoformat(date.end[:10])
    if start <= published or not told_in_past(token):
        return date
    try:
        return DateSpan(start.replace(year=start.year - 1).isoformat(), end.replace(year=end.year - 1).isoformat(),
                        date.precision, date.text)
    except ValueError:  # 29 February
        return date


def place_for_token(analysis: Analysis, token) -> Optional[Place]:
    """The location of the event whose trigger is ``token``.

    First a place tied to the trigger (or its clause's verb) by a locative preposition ("killed in
    Idlib", "a meeting in Moscow", "bombings in Idlib"); then the nearest place in the same clause;
    None when the clause names none (the caller falls back to ``analysis.focus``).
    """
    doc = analysis.doc
    if not analysis.places:
        return None
    sent = token.sent
    head = clause_head(token)
    attached = []
    for m in analysis.places:
        if not (sent.start_char <= m.start < sent.end_char):
            continue
        span = span_tokens(doc, m.start, m.end)
        if span is None or len(span) == 0:
            continue
        root = span.root
        prep = _governing_prep(root)
        if prep is None or prep.lower_ not in EVENT_PREPS:
            continue
        gov = prep.head
        if gov.i == token.i or gov.i == head.i or (gov.i in {t.i for t in token.subtree} and gov.pos_ != "VERB"):
            attached.append((tree_distance(token, root), m))
    if attached:
        attached.sort(key=lambda x: x[0])
        return attached[0][1].place
    ranked = ranked_mentions(doc, token, analysis.places)
    for m in ranked:
        span = span_tokens(doc, m.start, m.end)
        if span is not None and clause_head(span.root).i == head.i:
            if is_dateline(analysis.document.text, m.start, m.end):
                continue  # where the reporter wrote, not where it happened
            if names_the_doer(analysis, m, span.root):
                continue  # who acted, not where
            return m.place
    return demonym_of_target(analysis, token)


# Dependencies of a country named as the doer of a clause: its subject, or the agent of a passive ("by").
_DOER_DEPS = {"nsubj", "nsubjpass", "csubj"}


def names_the_doer(analysis: Analysis, mention: PlaceMention, root) -> bool:
    """Rule: a country named as the doer of an act is not where the act happened: the subject of the
    clause ("Russia struck ..."), the agent of a passive ("committed by Russia"), or the country inside a
    longer actor's name ("Government of the Russian Federation (GoRF) airstrikes", "Turkish forces").
    Only countries: a town named as a subject ("Idlib came under fire") is still where it happened."""
    if mention.place.feature != "country":
        return False
    if root.dep_ in _DOER_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "by"):
        return True
    if _in_locative_phrase(root):
        return False  # "in the diplomatic section of Afghanistan's capital"
    return any(a.start <= mention.start and mention.end <= a.end and (a.end - a.start) > (mention.end - mention.start)
               for a in analysis.actors)


def _in_locative_phrase(tok) -> bool:
    """Does ``tok`` sit in a phrase a locative preposition opens ("in the section of X's capital")?"""
    for _ in range(6):
        if tok.dep_ == "pobj" and tok.head.lower_ in EVENT_PREPS:
            return True
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def demonym_of_target(analysis: Analysis, token) -> Optional[Place]:
    """Rule: an act whose clause names no place happened in the country of the thing it struck, when a
    demonym qualifies that thing ("the attack on a Ukrainian train station" -> Ukraine). Only a thing,
    not people or forces (an attack on Russian troops may be anywhere), and only objects of the act."""
    gaz = default_gazetteer()
    actor_chars = [(a.start, a.end) for a in analysis.actors]
    for tok in token.subtree:
        if tok.i == token.i or tok.dep_ not in ("pobj", "dobj") or tok.pos_ != "NOUN":
            continue
        if tok.head.i != token.i and tok.head.head.i != token.i:
            continue
        if any(s <= tok.idx < e for s, e in actor_chars):
            continue  # people or forces: not where
        for mod in tok.children:
            if mod.dep_ in ("amod", "compound") and mod.text[:1].isupper():
                place = _country_of_demonym(gaz, mod)
                if place is not None:
                    return place
    return None


def _country_of_demonym(gaz, mod) -> Optional[Place]:
    entry = gaz.demonym(mod.text)
    if entry is None or entry.feature != "country":
        return None
    place = to_place(Toponym(mod.idx, mod.idx + len(mod.text), mod.text, kind="demonym"), entry, gaz)
    place.mention = Mention(mod.text, mod.idx, mod.idx + len(mod.text))  # the demonym's words
    return place


def _governing_prep(tok):
    """The preposition whose object (possibly via compound/appos/conj) is ``tok``."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj":
            return t.head
        if t.dep_ in ("compound", "appos", "conj", "amod", "nmod") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def figure_token(analysis: Analysis, fig: Figure):
    """The token a figure's number stands on (from its evidence offsets), or None."""
    ev = fig.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return None
    span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
