"""A level word that belongs to a body's name, not to the place's.

"Athens City Council", "Kentucky State Police", "Ohio State University", "Edwardsville District 7": the
place is Athens, Kentucky, Ohio, Edwardsville; "City", "State" and "District" open the name of the council,
the police or the school district. "Kansas City Council" keeps "Kansas City", a town's own name, and
"West Darfur State" stays the state.
"""

from __future__ import annotations

from typing import Optional, Protocol

from ..nlp.spans import span_tokens
from .gazetteer import ADMIN_WORDS, CITY_WORDS, Gazetteer, level_hint, normalize


class Toponym(Protocol):
    """What this module reads and sets of a :class:`sitrep.geo.toponyms.Toponym` (imported from there it
    would close an import circle)."""

    start: int
    end: int
    text: str
    kind: str
    hint: Optional[str]

# The level words a body's name may take over ("Athens City Council", "Kentucky State Police").
BODY_LEVEL_WORDS = frozenset({"city", "town", "village", "district", "state"})


def _town_own_name(text: str, gaz: Gazetteer) -> bool:
    """Is ``text`` ("Kansas City", "Grove City") the own name of a town of the gazetteer?"""
    key = normalize(text)
    return any(c.entry.feature == "city" and c.match == "name" and normalize(c.entry.name) == key
               for c in gaz.candidates(text, loose=False))


def _us_state(text: str, gaz: Gazetteer) -> bool:
    """Is ``text`` the name of a US state (written "Ohio State" only for a university, team or police)?"""
    return any(c.entry.feature == "admin1" and c.entry.country == "USA" and c.match == "name"
               for c in gaz.candidates(text, loose=False))


def body_level_word(doc, t: Toponym, gaz: Gazetteer) -> Optional[tuple[int, str]]:
    """The end and text of ``t`` without its last word when that level word opens a body's name: a
    capitalised word or a number follows ("Athens City Council", "Edwardsville District 7"), or "State"
    follows a US state ("Mississippi State's"); None when the name stands as written."""
    span = span_tokens(doc, t.start, t.end)
    if t.kind != "name" or span is None or len(span) < 2 or span[-1].lower_ not in BODY_LEVEL_WORDS:
        return None
    word, head = span[-1], span[:-1]
    nxt = doc[span.end] if span.end < len(doc) else None
    body = nxt is not None and ((nxt.is_alpha and nxt.text[:1].isupper()
                                 and nxt.lower_ not in ADMIN_WORDS | CITY_WORDS) or nxt.like_num)
    if word.lower_ == "state" and not body:
        body = _us_state(head.text, gaz)
    if not body or (word.lower_ in CITY_WORDS and _town_own_name(span.text, gaz)):
        return None
    return head.end_char, head.text


def trim_body_level_word(doc, t: Toponym, gaz: Gazetteer) -> None:
    """Apply :func:`body_level_word` to ``t`` in place (its level hint goes with the word)."""
    cut = body_level_word(doc, t, gaz)
    if cut is not None:
        t.end, t.text = cut
        t.hint = level_hint(t.text)
