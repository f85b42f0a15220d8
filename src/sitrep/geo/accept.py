"""Which resolved toponyms the geoparser reports as place mentions.

Recognition proposes more names than are places. Once each name is resolved, the way it matched its
answer tells more: a name the gazetteer cannot place at all, a name placed only through a place inside a
longer name ("Henderson County Jail", "United Way"), or one word placed only by an alternate name while it
opens a longer capitalised name ("Sun News", "Delta Air Lines", "Food Bank") is no place mention, nor is a
generic word standing alone ("University", "House").
Each rule is a named function; :func:`reported` applies them all.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ..nlp.spans import span_tokens
from .gazetteer import Gazetteer, fold
from .resolver import _GENERIC, _LANDFORMS, Resolution
from .slips import person_words
from .toponyms import _GENERIC_WORDS, PLACE_NOUNS, SPOT_PREPS, Toponym

# Words that name a place somewhere but, standing alone, are a word of a longer name ("the University of
# Rochester", "the House", "Holy Family", "Centre"): the words no rule takes as a place inside a name.
GENERIC_ALONE = frozenset(_GENERIC | _GENERIC_WORDS)


def no_answer(r: Resolution) -> bool:
    """The gazetteer holds no place of this name (a person's name the tagger took for a place, a street)."""
    return r.entry is None or r.entry.lat is None


def placed_only_inside(r: Resolution) -> bool:
    """The whole phrase names no place; only a name inside it does ("Henderson County Jail", "Glacier
    Ridge", "United Way"): the phrase is not a mention of that place."""
    return r.match == "part"


def glued_alternate(doc, t: Toponym, r: Resolution) -> bool:
    """One word placed only by an alternate name of the place ("Sun" -> Hailey, "Delta" -> Downs) while a
    capitalised word that is no place noun follows it: the first word of a longer name ("The Sun News",
    "Delta Air Lines", "the Food Bank"), not a place."""
    if r.match != "alt" or t.kind != "name":
        return False
    span = span_tokens(doc, t.start, t.end)
    if span is None or len(span) != 1 or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.is_alpha and nxt.text[:1].isupper() and nxt.lower_ not in PLACE_NOUNS


def generic_word_alone(t: Toponym) -> bool:
    """A single generic word ("University", "House", "Centre", "State", "Holy", "Sgt.") is no place mention."""
    words = t.text.split()
    return t.kind == "name" and len(words) == 1 and fold(words[0]).strip(".") in GENERIC_ALONE


def person_name_again(doc, t: Toponym, r: Resolution, people: frozenset[str]) -> bool:
    """One word, a town or county name, that is also a word of a person's name in the text ("Nadia
    Moayyad ... Nadia", "Lt. Wes Altom ... Altom", "Taylor"), and no locative preposition before it: the
    person, not the place. Countries and states stand ("US", "Wisconsin")."""
    if t.kind != "name" or t.text not in people or r.entry is None or r.entry.feature not in ("city", "admin2"):
        return False
    span = span_tokens(doc, t.start, t.end)
    if span is None or len(span) != 1:
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in SPOT_PREPS and before != "of"


_WORD = re.compile(r"[^\s/]+")
# Names of water bodies, landforms and parks lie outside the place they are named after ("Lake Ontario").
_NOT_NARROWED = _LANDFORMS | {"lake", "park", "port", "valley"}


def inner_place(t: Toponym, r: Resolution, gaz: Gazetteer) -> Optional[Toponym]:
    """The words inside a longer name that name its answer ("Henderson County" in "Henderson County Jail",
    "Illinois" in "the State of Illinois' Web site", "Canadian" in "Canadian Lottery"), as a toponym of
    its own, when the answer was found only through them; None otherwise (or for a landform's name)."""
    if r.match != "part" or r.entry is None:
        return None
    words = [(m.start(), m.group().rstrip(".,;:'’").removesuffix("’s").removesuffix("'s"))
             for m in _WORD.finditer(t.text)]
    if any(fold(w) in _NOT_NARROWED for _, w in words):
        return None
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if not run[0][1][:1].isupper() or (n == 1 and fold(run[0][1]) in GENERIC_ALONE):
                continue
            start = run[0][0]
            text = t.text[start:run[-1][0] + len(run[-1][1])]
            found = _names(text, r, gaz)
            if found is not None:
                return Toponym(t.start + start, t.start + start + len(text), text, kind=found)
    return None


def _names(text: str, r: Resolution, gaz: Gazetteer) -> Optional[str]:
    """"name" when ``text`` is an own name of ``r``'s answer, "demonym" when its demonym, else None."""
    assert r.entry is not None
    if any(c.entry.geonameid == r.entry.geonameid and c.match == "name" for c in gaz.candidates(text, loose=False)):
        return "name"
    d = gaz.demonym(text)
    return "demonym" if d is not None and d.geonameid == r.entry.geonameid else None


def narrow_to_inner_places(toponyms: list[Toponym], resolved: list[Resolution], gaz: Gazetteer) -> None:
    """Replace each toponym answered only through a name inside it by that inner name (see
    :func:`inner_place`); the answer stands, now matched by the place's own name."""
    for i, (t, r) in enumerate(zip(toponyms, resolved)):
        inner = inner_place(t, r, gaz)
        if inner is not None:
            toponyms[i] = inner
            resolved[i] = Resolution(r.entry, r.score, r.margin, "name")


def reported(doc, toponyms: Sequence[Toponym], resolved: Sequence[Resolution]) -> list[int]:
    """Indices of the toponyms that stand as place mentions once resolved (demonyms included)."""
    people = person_words(doc)
    return [i for i, (t, r) in enumerate(zip(toponyms, resolved))
            if not (no_answer(r) or placed_only_inside(r) or glued_alternate(doc, t, r) or generic_word_alone(t)
                    or person_name_again(doc, t, r, people))]
