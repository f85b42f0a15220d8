"""A country's capital named as such: "in the diplomatic section of Afghanistan's capital", "the capital
of Syria" (issue 10). An event placed only at the country level whose sentence says it happened in that
country's capital happened in the capital city: :func:`capital_place` gives the city (from the actor
tables' capitals, resolved in the gazetteer)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Optional

from ..analysis import Analysis
from ..dictionaries.actors import tables
from ..geo.gazetteer import default_gazetteer
from ..geo.resolver import to_place
from ..geo.toponyms import Toponym
from ..model import Place
from ..nlp.spans import sentence_of

_AFTER = re.compile(r"\s*['\u2019]s\s+capital\b", re.IGNORECASE)  # "Afghanistan's capital"
_BEFORE = re.compile(r"\bcapital\s+of\s+(?:the\s+)?$", re.IGNORECASE)  # "the capital of Syria"


@functools.lru_cache(maxsize=1)
def _capital_names() -> dict[str, list[str]]:
    """iso3 -> the normalised names of its capital (the actor tables' capitals, inverted)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, iso3 in tables().capitals.items():
        out[iso3].append(name)
    return dict(out)


def capital_city(iso3: str) -> Optional[Place]:
    """The gazetteer's capital city of a country, or None."""
    gaz = default_gazetteer()
    for name in _capital_names().get(iso3, []):
        for cand in gaz.candidates(name, loose=False):
            e = cand.entry
            if e.capital and e.country == iso3:
                return to_place(Toponym(0, 0, e.name), e, gaz)
    return None


def names_its_capital(text: str, start: int, end: int) -> bool:
    """Is the country named at ``start:end`` in a phrase naming its capital ("Afghanistan's capital",
    "the capital of Afghanistan")?"""
    return bool(_AFTER.match(text, end)) or bool(_BEFORE.search(text[max(0, start - 30):start]))


def capital_place(analysis: Analysis, place: Optional[Place], offset: int) -> Optional[Place]:
    """``place``, or its country's capital when ``place`` is a country that the sentence at ``offset``
    names as "<country>'s capital" or "the capital of <country>"."""
    if place is None or place.feature != "country" or not place.country:
        return place
    sent = sentence_of(analysis.doc, offset)
    if sent is None:
        return place
    text = analysis.document.text
    for m in analysis.places:
        if (sent.start_char <= m.start < sent.end_char and m.place.country == place.country
                and m.place.feature == "country" and names_its_capital(text, m.start, m.end)):
            city = capital_city(place.country)
            if city is not None:
                city.text = text[m.start:m.end]
                city.mention = m.place.mention
                return city
    return place
