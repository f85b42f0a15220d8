"""A finer place for an event or figure located only at country level (issue 12).

A report that says "an air strike in Syria killed 16" after a dateline or a sentence naming Maarat
al-Numan tells of Maarat al-Numan: an analyst codes the town, not the country. :func:`finer_place`
replaces a country-level location by a place inside that country that the text names where the event is
told, looking in this order: the event's own sentence (:func:`sentence_place`), the paragraph before it
(:func:`paragraph_place`), the report's dateline (:func:`dateline_place`). A place in another country
is never taken (nor a capital standing for its government: the places stage does not read those).
"""

from __future__ import annotations

import re
from typing import Optional

from ..analysis import Analysis
from ..mentions import PlaceMention
from ..model import Place
from ..nlp.spans import sentence_of
from ..nlp.syntax import paragraph_start

# Features finer than a country, in order of preference at equal distance.
FINER_FEATURES = ("city", "site", "admin2", "admin1")
# The dateline is the report's first place, named within this many characters of a line's start.
DATELINE_CHARS = 40


_DATELINE_TAIL = re.compile(r"[^\n]{0,40}?\s[—–-]{1,3}\s")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Is the mention at ``start:end`` a dateline: opening its line and followed on that line by a dash
    ("ISLAMABAD — A truck bomb exploded in Kabul", "KABUL, Afghanistan (AP) —")? A dateline says where
    the reporter wrote, which is not where the events told happened."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t\"'") != "":
        return False
    return _DATELINE_TAIL.match(text, end) is not None


def inside(candidate: Place, country: Place) -> bool:
    """Is ``candidate`` a place finer than a country and inside ``country``?"""
    return (candidate.feature in FINER_FEATURES and candidate.country is not None
            and candidate.country == country.country and candidate.geonameid != country.geonameid)


def sentence_place(analysis: Analysis, country: Place, offset: int) -> Optional[PlaceMention]:
    """The place inside ``country`` named in the sentence at ``offset`` nearest to it."""
    sent = sentence_of(analysis.doc, offset)
    if sent is None:
        return None
    found = [m for m in analysis.places
             if sent.start_char <= m.start < sent.end_char and inside(m.place, country)]
    return min(found, key=lambda m: abs(m.start - offset), default=None)


def paragraph_place(analysis: Analysis, country: Place, offset: int) -> Optional[PlaceMention]:
    """The last place inside ``country`` named earlier in the paragraph of ``offset``."""
    start = paragraph_start(analysis.document.text, offset)
    found = [m for m in analysis.places if start <= m.start < offset and inside(m.place, country)]
    return found[-1] if found else None


def dateline_place(analysis: Analysis, country: Place) -> Optional[PlaceMention]:
    """The report's dateline place ("IDLIB, Syria —", "Kabul (Reuters) -") when it lies in ``country``:
    the first place named, within :data:`DATELINE_CHARS` characters of the start of its line."""
    if not analysis.places:
        return None
    first = min(analysis.places, key=lambda m: m.start)
    text = analysis.document.text
    line_start = text.rfind("\n", 0, first.start) + 1
    if first.start - line_start > DATELINE_CHARS or text[line_start:first.start].strip(" \t\"'") != "":
        return None
    return first if inside(first.place, country) else None


def finer_place(analysis: Analysis, place: Optional[Place], offset: int) -> Optional[Place]:
    """``place``, or a finer place inside it when ``place`` is a country (see the module's note)."""
    if place is None or place.feature != "country":
        return place
    m = (sentence_place(analysis, place, offset) or paragraph_place(analysis, place, offset)
         or dateline_place(analysis, place))
    return m.place if m is not None else place
