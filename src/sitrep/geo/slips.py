"""One-word names of big places the small tagger labels a person or an organisation.

"Gainesville goodbye", "Tbilisi says", "an Oxford taxi driver", "Murmansk governor": the tagger reads the
one capitalised word as a PERSON or ORG entity, and no other rule takes it because nothing in the
sentence marks a place. A word that is, as written, the own name of a country, a first-level region or
a town of 100,000 people or more is read as that place, unless the text uses it as a person's name
("Lincoln" after "Mrs. Abraham Lincoln") or writes it in capitals (an acronym: "NICE", "SWAT").
"""

from __future__ import annotations

from typing import Iterator

from .gazetteer import Gazetteer, normalize

BIG_PLACE = 100_000  # people
_SLIP_LABELS = ("PERSON", "ORG")
_SKIP = {"the", "'s", "’s"}


def person_words(doc) -> frozenset[str]:
    """The words of the people's names of two words or more the tagger found in the document."""
    return frozenset(w.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in e)


def big_place_name(text: str, gaz: Gazetteer) -> bool:
    """Is ``text``, as written, the own name of a country, a first-level region or a town of BIG_PLACE?"""
    key = normalize(text)
    return any(c.match == "name" and normalize(c.entry.name) == key
               and (c.entry.population >= BIG_PLACE or c.entry.feature in ("country", "admin1"))
               for c in gaz.candidates(text, loose=False))


def one_word_slips(doc, gaz: Gazetteer, taken: set[int]) -> Iterator:
    """Spans of one token: PERSON or ORG entities of a single capitalised word (a leading "the" and a
    possessive aside) that is a big place's own name (:func:`big_place_name`), not written in capitals,
    not a word of a person's name in the text and not already taken."""
    people = None
    for ent in doc.ents:
        if ent.label_ not in _SLIP_LABELS:
            continue
        words = [t for t in ent if not t.is_punct and t.lower_ not in _SKIP]
        if len(words) != 1:
            continue
        tok = words[0]
        if tok.i in taken or not tok.is_alpha or not tok.text[:1].isupper() or tok.text.isupper():
            continue
        people = person_words(doc) if people is None else people
        if tok.text not in people and big_place_name(tok.text, gaz):
            yield doc[tok.i:tok.i + 1]
