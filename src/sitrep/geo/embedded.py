"""Place names written inside the names of other things: "the Ohio Supreme Court", "Winnipeg Free Press",
"University of Manitoba", "Canadian Blood Services". The evaluation corpora (and a reader) take these
words as the place they name; the small tagger labels the whole phrase an organisation, a facility or a
work and the place inside is lost. Each acceptance test is a named rule (:func:`strong_inner_place`,
:func:`inner_position_ok`); the words that open names but are not places live in
``data/gazetteer/name_openers.txt``.
"""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Span

from ..resources import content_lines, data_path
from .gazetteer import Gazetteer, normalize

# Entity labels whose words may hold a place's name.
HOST_LABELS = ("ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW")
MAX_INNER_TOKENS = 4
# A city named inside another name needs this many inhabitants, unless the text names it as a place elsewhere.
INNER_CITY_POPULATION = 20_000
# Tokens that join the words of one place name ("Ras al-Ain", "Stratford-upon-Avon").
_JOINERS = {"-", "al", "el", "ad", "de", "del", "la", "le", "upon", "on"}


# Capitalised words that are gazetteer names somewhere but, inside another name, are not a place
# ("Holy Redeemer Church", "Notre Dame", "Central Mosque"): lower-cased, from the data file.
NAME_OPENERS = frozenset(w.strip().lower() for w in content_lines(data_path("gazetteer", "name_openers.txt")))
# Words that make a place's name part of a street's name ("Wichita Street"), from the data file.
STREET_WORDS = frozenset(w.strip().lower() for w in content_lines(data_path("gazetteer", "street_words.txt")))


def _word(tok) -> bool:
    return tok.text[:1].isupper() and any(c.isalpha() for c in tok.text)


def strong_inner_place(gaz: Gazetteer, text: str, known: set[str]) -> bool:
    """Is ``text`` a place worth reading inside another name? A country, first-level division, region or
    continent under its own name (abbreviations only for countries and divisions: "U.S.", "B.C."), or a
    city of at least :data:`INNER_CITY_POPULATION` people, or a name the text already reads as a place
    elsewhere (``known``: normalised names; "Alexandria Police" after "in Alexandria")."""
    if normalize(text) in known:
        return True
    for c in gaz.candidates(text, loose=False):
        e = c.entry
        if c.match == "abbr":
            if e.feature in ("country", "admin1") and "." in text or (e.feature == "country" and text.isupper()):
                return True
            continue
        if e.feature in ("country", "admin1", "region", "continent", "sea"):
            return True
        if e.feature == "city" and e.population >= INNER_CITY_POPULATION:
            return True
    return False


def inner_position_ok(span, host) -> bool:
    """Does the name stand where a place goes inside ``host``: at its start ("Ohio Supreme Court", "the
    Winnipeg Free Press") or right after "of"/"in" ("University of Manitoba", "Bank in Dubai")?
    Elsewhere ("Stevens & Wilkinson", "Holy Redeemer") it is part of another name."""
    doc = span.doc
    first = host.start
    while first < host.end and (doc[first].lower_ == "the" or doc[first].is_punct):
        first += 1
    if span.start == first:
        return True
    before = doc[span.start - 1]
    return before.lower_ in ("of", "in", "for", "at")


def names_a_street(span) -> bool:
    """Is the name the first part of a street's or route's name ("Wichita Street", "Dublin Road")?"""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in STREET_WORDS and doc[span.end].text[:1].isupper()


def hyphen_glued(span) -> bool:
    """Is the name half of a hyphenated word with another capitalised word ("El-Feki", "Wal-Mart",
    "Sub-Saharan")? "U.S.-led" and "Turkish-Russian" are not: the other half is lower case or a name too."""
    doc = span.doc
    sides = []
    if span.start >= 2 and doc[span.start - 1].text == "-" and not doc[span.start - 2].whitespace_:
        sides.append(doc[span.start - 2])
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and not span[-1].whitespace_:
        sides.append(doc[span.end + 1])
    return any(_word(t) and t.ent_type_ not in ("GPE", "NORP", "LOC") for t in sides)


def _not_opener(span) -> bool:
    return span[0].lower_ not in NAME_OPENERS and span[-1].lower_ not in NAME_OPENERS


def inner_places(host, gaz: Gazetteer, known: set[str], taken: set[int]) -> Iterator:
    """The place names inside one entity ``host`` (spans), longest first at each word, left to right."""
    doc = host.doc
    i = host.start
    while i < host.end:
        span = _longest_inner(doc, i, host, gaz, known, taken)
        if span is None:
            i += 1
            continue
        yield span
        i = span.end


def _longest_inner(doc, i: int, host, gaz: Gazetteer, known: set[str], taken: set[int]) -> Optional[Span]:
    if i in taken or not _word(doc[i]) or doc[i].is_stop:
        return None
    for j in range(min(host.end, i + MAX_INNER_TOKENS), i, -1):
        span = doc[i:j]
        if not _word(span[-1]) or any(k in taken for k in range(i, j)):
            continue
        if any(not _word(t) and t.lower_ not in _JOINERS for t in span):
            continue
        if not _not_opener(span) or hyphen_glued(span) or names_a_street(span):
            continue
        if division_at_end(gaz, span, host):
            return span
        if not inner_position_ok(span, host):
            continue
        if gaz.demonym(span.text) is not None or strong_inner_place(gaz, span.text, known):
            return span
    return None


def demonym_words(ent, gaz: Gazetteer) -> list:
    """The demonyms inside a nationality phrase that is none as a whole ("Turkish-Russian", "Syrian
    Kurdish"), each a one-word span; the corpora mark each."""
    if gaz.demonym(ent.text) is not None:
        return []
    return [ent[k:k + 1] for k in range(len(ent)) if _word(ent[k]) and gaz.demonym(ent[k].text) is not None]


def division_at_end(gaz: Gazetteer, span, host) -> bool:
    """A country or first-level division closing an organisation's name ("Environment Canada",
    "Education Minnesota", "CBC Toronto" is not: a city)."""
    if span.end != host.end:
        return False
    return any(c.match == "name" and c.entry.feature in ("country", "admin1") and c.entry.population >= 100_000
               for c in gaz.candidates(span.text, loose=False))


def embedded_place_spans(doc, gaz: Gazetteer, known: set[str], taken: set[int]) -> list:
    """Place names inside organisation, facility and work names not yet read as places (spans)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in HOST_LABELS or len(ent) < 2:
            continue
        for span in inner_places(ent, gaz, known, taken):
            out.append(span)
            taken.update(range(span.start, span.end))
    return out
