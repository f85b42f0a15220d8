"""Names of big places the small tagger labels a person or an organisation.

"Gainesville goodbye", "Tbilisi says", "an Oxford taxi driver", "Tamil Nadu moved the court": the tagger
reads the capitalised words as a PERSON or ORG entity, and no other rule takes it because nothing in the
sentence marks a place. Words (up to three) that are, as written, the own name of a country, a first-level region or
a town of 100,000 people or more is read as that place, unless the text uses it as a person's name
("Lincoln" after "Mrs. Abraham Lincoln") or writes it in capitals (an acronym: "NICE", "SWAT").
"""

from __future__ import annotations

from typing import Iterator

from ..resources import content_lines, data_path
from .gazetteer import Gazetteer, normalize

BIG_PLACE = 100_000  # people
MAX_WORDS = 3
_SLIP_LABELS = ("PERSON", "ORG")
_SKIP = {"the", "'s", "’s"}
PERSON_HEADS = frozenset(w.strip().lower() for w in content_lines(data_path("gazetteer", "person_heads.txt")))


def names_a_person_by_its_head(span) -> bool:
    """Rule: a one-word PERSON name right before a noun a person's name modifies is the person ("the
    Bush administration", "the Assad family"), not the town of that name."""
    doc = span.doc
    return (len(span) == 1 and span.root.ent_type_ == "PERSON" and span.end < len(doc)
            and doc[span.end].lower_ in PERSON_HEADS)


def person_words(doc) -> frozenset[str]:
    """The words of the people's names of two words or more the tagger found in the document."""
    return frozenset(w.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in e)


def big_place_name(text: str, gaz: Gazetteer) -> bool:
    """Is ``text``, as written, the own name of a country, a first-level region or a town of BIG_PLACE?"""
    key = normalize(text)
    return any(c.match == "name" and normalize(c.entry.name) == key
               and (c.entry.population >= BIG_PLACE or c.entry.feature in ("country", "admin1"))
               for c in gaz.candidates(text, loose=False))


def big_place_slips(doc, gaz: Gazetteer, taken: set[int]) -> Iterator:
    """PERSON or ORG entities of capitalised words (up to three; a leading "the" and a possessive aside)
    that are a big place's own name (:func:`big_place_name`), not written in capitals,
    not a word of a person's name in the text and not already taken."""
    people = None
    for ent in doc.ents:
        if ent.label_ not in _SLIP_LABELS:
            continue
        words = [t for t in ent if not (t.is_punct and t.text != "-") and t.lower_ not in _SKIP]
        if not 0 < len(words) <= MAX_WORDS or words[-1].i - words[0].i + 1 != len(words):
            continue
        span = doc[words[0].i:words[-1].i + 1]
        if any(t.i in taken for t in span) or not all(t.text[:1].isupper() or t.text == "-" for t in span):
            continue
        if any(t.text.isupper() for t in span):
            continue  # an acronym ("NICE", "SWAT")
        if names_a_person_by_its_head(span) or not big_place_name(span.text, gaz):
            continue
        people = person_words(doc) if people is None else people  # read once, and only when needed
        if len(span) > 1 or span.text not in people:
            yield span
