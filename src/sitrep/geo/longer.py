"""A place name read short: the words around it make a longer name of the gazetteer.

The tagger and the rules sometimes keep only part of a name: "Grand" of "Grand Prairie", "Belle" of
"Belle Plaine", "Trinidad" of "Trinidad and Tobago", "Miami" of "Miami-Dade", "California" of "Baja
California". :func:`longer_name` finds the longer name (its own name in the gazetteer, not an alternate
one), and :func:`extend_to_longer_names` widens the toponyms and drops the ones the longer name swallows.
"""

from __future__ import annotations

from typing import Optional

from ..nlp.spans import span_tokens
from .bodies import Toponym
from .gazetteer import Gazetteer, level_hint, normalize

MAX_EXTRA = 3  # words added on either side
_JOINERS = {"-", "and", "&"}
_DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                    "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater"}


def _name_word(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_stop


def _own_name(text: str, gaz: Gazetteer) -> bool:
    """Is ``text`` a place's own name as written (a level word of the entry's name may be left out:
    "Miami-Dade" for Miami-Dade County), not a name with words the lookup ignores ("Ohio Department")?"""
    key = normalize(text)
    return any(c.match == "name" and key in (normalize(c.entry.name), normalize(c.entry.name, strip_admin=True))
               for c in gaz.candidates(text, loose=False))


def _right_ends(doc, end: int) -> list[int]:
    """Token ends of the runs after ``end``: capitalised words, joined by a hyphen or "and"."""
    out, i = [], end
    while i < len(doc) and i - end < MAX_EXTRA + 1:
        tok = doc[i]
        if tok.lower_ in _JOINERS and i + 1 < len(doc) and _name_word(doc[i + 1]):
            i += 2
        elif _name_word(tok) and tok.sent.start == doc[end - 1].sent.start:
            i += 1
        else:
            break
        out.append(i)
    return out


def longer_name(doc, t: Toponym, gaz: Gazetteer) -> Optional[tuple[int, int]]:
    """Token bounds of the longest gazetteer name (own name) holding ``t`` and up to three capitalised
    words after it ("Grand" -> "Grand Prairie", "Trinidad" -> "Trinidad and Tobago") or before it
    ("California" -> "Baja California", not a direction word); None when there is none."""
    span = span_tokens(doc, t.start, t.end)
    if t.kind != "name" or span is None:
        return None
    for end in reversed(_right_ends(doc, span.end)):
        if _own_name(doc[span.start:end].text, gaz):
            return span.start, end
    for start in reversed(_left_starts(doc, span)):  # the longest name first
        if _own_name(doc[start:span.end].text, gaz):
            return start, span.end
    return None


def _left_starts(doc, span) -> list[int]:
    """Token starts of the runs before ``span``: capitalised words (not a direction word), which may hold
    "of" and "the" ("Democratic Republic of the Congo"); up to two more words than MAX_EXTRA for those."""
    out, start = [], span.start
    while start > span.sent.start and span.start - start < MAX_EXTRA + 2:
        tok = doc[start - 1]
        if tok.lower_ in ("of", "the") and start - 1 > span.sent.start:
            start -= 1
            continue
        if not _name_word(tok) or tok.lower_ in _DIRECTION_WORDS:
            break
        start -= 1
        out.append(start)
    return out


def extend_to_longer_names(doc, toponyms: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """Widen each toponym to its :func:`longer_name` (in place) and drop toponyms lying inside a widened one."""
    widened = []
    for t in toponyms:
        bounds = longer_name(doc, t, gaz)
        if bounds is not None:
            span = doc[bounds[0]:bounds[1]]
            t.start, t.end, t.text, t.hint = span.start_char, span.end_char, span.text, level_hint(span.text)
            widened.append(t)
    if not widened:
        return toponyms
    out: list[Toponym] = []
    for u in toponyms:
        inside = any(w is not u and w.start <= u.start and u.end <= w.end for w in widened)
        if not inside or (u in widened and not any((o.start, o.end) == (u.start, u.end) for o in out)):
            out.append(u)
    return out
