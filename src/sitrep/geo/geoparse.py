"""Geoparsing a parsed document or a text: recognition, then resolution, then the focus place."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional, Sequence

from ..mentions import PlaceMention
from ..model import Mention, Place
from ..nlp.spans import span_tokens
from ..resources import content_lines, data_path
from .accept import narrow_to_inner_places, reported
from .gazetteer import Entry, Gazetteer, default_gazetteer
from .resolver import REGION_FEATURES, resolve_toponyms, to_place
from .toponyms import Toponym, doc_text, find_toponyms, is_metonymic

MISSION_NOUNS = frozenset(w.strip().lower() for w in content_lines(data_path("gazetteer", "mission_nouns.txt")))


def names_a_mission(doc, t: Toponym) -> bool:
    """Rule: a demonym before a noun of diplomatic presence ("near the German embassy", "the Turkish
    consulate") names the country that sent it, not where the report happens: it does not count
    towards the report's focus country."""
    span = span_tokens(doc, t.start, t.end)
    if span is None or len(span) == 0 or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.lower_ in MISSION_NOUNS or (span.root.head.lower_ in MISSION_NOUNS and span.root.head.i > span.root.i)


# --- the pipeline stage ---------------------------------------------------------------------------

def geoparse(doc, gaz: Optional[Gazetteer] = None, skip: Sequence[tuple[int, int]] = ()) -> tuple[
        list[PlaceMention], Optional[Place]]:
    """Place mentions of a parsed document and its focus place.

    ``skip`` lists character spans already known to be actors (metonyms) that must not become places.
    """
    gaz = gaz or default_gazetteer()
    toponyms = find_toponyms(doc, gaz, demonyms=True)
    resolved = resolve_toponyms(toponyms, gaz)
    narrow_to_inner_places(toponyms, resolved, gaz)
    keep = reported(doc, toponyms, resolved)
    toponyms, resolved = [toponyms[i] for i in keep], [resolved[i] for i in keep]
    mentions: list[PlaceMention] = []
    country_w: dict[str, float] = defaultdict(float)
    for t, r in zip(toponyms, resolved):
        if r.entry is None:
            continue
        if r.entry.country and not (t.kind == "demonym" and names_a_mission(doc, t)):
            country_w[r.entry.country] += 0.5 if t.kind == "demonym" else 1.0
        if t.kind == "demonym":
            continue
        if any(s <= t.start and t.end <= e for s, e in skip):
            continue
        if r.entry.feature in ("city", "country") and _metonym_span(doc, t, r.entry):
            continue
        regional = t.kind == "direction" and r.entry.feature in REGION_FEATURES
        start = t.phrase_start if regional and t.phrase_start is not None else t.start
        place = to_place(t, r.entry, gaz)
        words = doc_text(doc)[start:t.end]
        if regional:
            place.text = words
        place.mention = Mention(words, start, t.end)  # an event or figure located here points to its words
        mentions.append(PlaceMention(start, t.end, words, place))
    focus = None
    if country_w:
        cc = max(country_w, key=lambda c: country_w[c])
        entry = gaz.country(cc)
        if entry is not None:
            focus = to_place(Toponym(0, 0, entry.name), entry, gaz)
            focus.text = entry.name
    return mentions, focus


def _metonym_span(doc, t: Toponym, e: Entry) -> bool:
    """Capitals standing for governments are actors, not locations."""
    if not e.capital:
        return False
    span = span_tokens(doc, t.start, t.end)
    return span is not None and len(span) > 0 and is_metonymic(span.root)


# --- geocoding text (for `sitrep geocode` and quick use) --------------------------------------------

def geocode(text: str, nlp=None, gaz: Optional[Gazetteer] = None) -> tuple[list[PlaceMention], Optional[Place]]:
    """Parse ``text`` and return its resolved place mentions and focus place."""
    from ..nlp.load import load_nlp

    doc = (nlp or load_nlp())(text)
    return geoparse(doc, gaz)
