"""Place names the tagger misses but the writing gives away, each a named rule:

* :func:`dateline_span` — a dateline in capitals opening a story or paragraph ("TORRINGTON — City
  Council ...", "MANSFIELD -- ...");
* :func:`residence_span` — where a named person is from ("Steven Sachs of Alexandria", "Warden, 44, of
  2517 Memphis St., Alexandria");
* :func:`level_of_span` — the name after "the city of", "the province of" ("the besieged city of
  Mariupol", which the small tagger labels an organisation or a product);
* :func:`party_district_span` — a legislator's party and home ("Tom Bakk, DFL-Cook", "R-Elbow Lake");
* :func:`~sitrep.geo.lists.listed_place_span` — a name in a list closed by a plural level word ("Swift
  and Wilkin counties");
* :func:`repeated_name_span` — a name the text has already read as a place, used again on its own
  ("... in Alexandria." then "Alexandria detectives said"), unless the text also uses it in a person's
  name ("Hillary Clinton");
* :func:`repeated_name_opening_body` — such a name opening the name of a local body or business
  ("Alexandria Police", "Grovetown police", "Athens Parks and Recreation", "Torrington businesses").
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span

from ..resources import content_lines, data_path
from .embedded import STREET_WORDS
from .gazetteer import ADMIN_WORDS, CITY_WORDS, Gazetteer, normalize
from .lists import listed_place_span

DASHES = {"—", "–", "-", "--", "---"}
MAX_CUE_TOKENS = 3
# Party letters before a legislator's home ("R-Marshall", "DFL-Cook"), from the data file.
PARTY_CODES = frozenset(content_lines(data_path("gazetteer", "party_codes.txt")))
# Titles before a person's name ("Mr. Sharon", "Sen. Clinton"): the name after one is no place.
PERSON_TITLES = frozenset(w.lower() for w in content_lines(data_path("gazetteer", "person_titles.txt")))


def _named(gaz: Gazetteer, text: str) -> bool:
    return any(c.match in ("name", "alt") for c in gaz.candidates(text, loose=False))


def dateline_span(doc, i: int, gaz: Gazetteer):
    """A dateline at token ``i``: words in capitals opening a sentence or line, followed by a dash or by
    a comma and a region, naming a gazetteer place ("TORRINGTON —", "EAST HAMPTON —", "KABUL,
    Afghanistan"); else None."""
    tok = doc[i]
    if not (tok.is_sent_start or i == 0 or "\n" in doc[i - 1].text_with_ws or doc[i - 1].text in ".!?"):
        return None
    for j in range(min(len(doc) - 1, i + MAX_CUE_TOKENS), i, -1):
        span = doc[i:j]
        if not (_dateline_end(doc, j) and all(t.is_upper and t.is_alpha for t in span)):
            continue
        if _named(gaz, span.text):
            return span
    return None


def _dateline_end(doc, j: int) -> bool:
    """Does a dateline's place end before token ``j``: a dash ("TORRINGTON —"), an agency in brackets
    ("GENEVA (Reuters) -"), or a comma and a capitalised word or a day ("KABUL, Afghanistan (AP) —",
    "CHARLESTON, W.Va.", "KABUL, 31 May 2017 –")?"""
    if doc[j].text in DASHES:
        return True
    if doc[j].text == "(":
        return _agency_then_dash(doc, j)
    return doc[j].text == "," and j + 1 < len(doc) and (doc[j + 1].text[:1].isupper() or doc[j + 1].text.isdigit())


def _agency_then_dash(doc, j: int) -> bool:
    """Is token ``j`` the opening bracket of an agency's name followed by a dash ("(Reuters) -")?"""
    for k in range(j + 1, min(len(doc) - 1, j + 5)):
        if doc[k].text == ")":
            return doc[k + 1].text in DASHES
    return False


def residence_span(doc, i: int, gaz: Gazetteer):
    """The place after "of" that says where a named person lives: "Steven Sachs of Alexandria",
    "Williams, 41, of Alexandria", "of 420 Augusta St., Alexandria" (the town after a street address)."""
    tok = doc[i]
    if i < 2 or not tok.text[:1].isupper() or tok.ent_type_ in ("ORG", "NORP", "DATE"):
        return None
    before = doc[i - 1]
    by_person = before.lower_ == "of" and (doc[i - 2].ent_type_ == "PERSON" or _after_age(doc, i - 1))
    by_address = before.text == "," and doc[i - 2].lower_ in ("st.", "ave.", "rd.", "dr.", "blvd.", "ln.")
    if not (by_person or by_address):
        return None
    return _name_run(doc, i, gaz)


def _after_age(doc, k: int) -> bool:
    """Is the word at ``k`` preceded by ", <age>," ("Williams, 41, of")?"""
    return k >= 3 and doc[k - 1].text == "," and doc[k - 2].like_num and doc[k - 3].text == ","


def _name_run(doc, i: int, gaz: Gazetteer):
    """The longest run of capitalised words from ``i`` (up to three) that names a gazetteer place."""
    for j in range(min(len(doc), i + MAX_CUE_TOKENS), i, -1):
        span = doc[i:j]
        if all(t.text[:1].isupper() and t.is_alpha for t in span) and _named(gaz, span.text):
            return span
    return None


def level_of_span(doc, i: int, gaz: Gazetteer):
    """The place named after a level word and "of" ("the city of Kramatorsk", "the province of Idlib")."""
    if i < 2 or doc[i - 1].lower_ != "of" or doc[i - 2].lower_ not in ADMIN_WORDS | CITY_WORDS:
        return None
    if not doc[i].text[:1].isupper():
        return None
    return _name_run(doc, i, gaz)


def party_district_span(doc, i: int, gaz: Gazetteer):
    """A legislator's home after the party letters and a hyphen ("DFL-Cook", "R-Elbow Lake", "D-S.C.")."""
    if i < 2 or doc[i - 1].text != "-" or doc[i - 2].text not in PARTY_CODES or not doc[i].text[:1].isupper():
        return None
    if i >= 3 and doc[i - 3].text not in (",", "("):
        return None
    return _name_run(doc, i, gaz) or (doc[i:i + 1] if _named(gaz, doc[i].text) else None)


def person_names(doc) -> set[str]:
    """The normalised words of the text's multi-word person names ("Hillary Clinton" gives "clinton"); a
    PERSON entity with a lower-case word is the tagger's slip ("Alexandria police"), not a name."""
    return {normalize(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
            for t in e}


def repeated_name_span(doc, i: int, known: set[str], persons: set[str]):
    """A standalone capitalised word (not after a title, not glued to other capitalised words) that the
    text already reads as a place elsewhere (``known``) and never as part of a person's name."""
    tok = doc[i]
    if not tok.text[:1].isupper() or not tok.is_alpha or tok.ent_type_ in ("ORG", "NORP", "GPE", "LOC"):
        return None
    key = normalize(tok.text)
    if key not in known or key in persons:
        return None
    if i > 0 and (doc[i - 1].lower_.rstrip(".") in PERSON_TITLES or _glued(doc[i - 1])):
        return None
    if i + 1 < len(doc) and _glued(doc[i + 1]):
        return None
    return doc[i:i + 1]


MAX_REPEAT_TOKENS = 3


def repeated_name_opening_body(doc, i: int, known: set[str], persons: set[str]):
    """The first words of an organisation or facility entity (or of a name followed by a lower-case
    noun) that the text already reads as a place elsewhere (``known``), never in a person's name, and not
    after a title or another capitalised word: "Alexandria Police Spokeswoman", "an Alexandria grand
    jury", "Glen Carbon Elementary" once "Alexandria" and "Glen Carbon" have been read as places."""
    tok = doc[i]
    if not tok.is_alpha or tok.is_stop or tok.ent_type_ in ("GPE", "LOC", "NORP"):
        return None
    if (tok.ent_type_ in ("ORG", "FAC") and tok.ent_iob_ != "B") or (
            i > 0 and (doc[i - 1].lower_.rstrip(".") in PERSON_TITLES or _glued(doc[i - 1]))):
        return None
    for j in range(min(len(doc) - 1, i + MAX_REPEAT_TOKENS), i, -1):
        if not _opens_body(doc, j):
            continue
        key = normalize(doc[i:j].text)
        if key in known and not (persons & set(key.split())):
            return doc[i:j] if tok.ent_type_ != "PERSON" or _lower_case_person(doc, i) else None
    return None


def _lower_case_person(doc, i: int) -> bool:
    """Is token ``i`` in a PERSON entity holding a lower-case word ("Alexandria police"): the tagger's slip,
    not a person's name?"""
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return any(t.is_alpha and t.text[:1].islower() for t in doc[start:end])


def _opens_body(doc, j: int) -> bool:
    """Does a body's name or a common noun go on at token ``j`` (a capitalised word inside the same
    organisation or facility entity, or a lower-case noun)?"""
    nxt = doc[j]
    if nxt.lower_ in STREET_WORDS:
        return False
    if nxt.text[:1].isupper():
        return nxt.ent_type_ in ("ORG", "FAC") and nxt.ent_iob_ == "I"
    return nxt.is_alpha and nxt.pos_ in ("NOUN", "PROPN")


def _glued(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start


def cue_spans(doc, gaz: Gazetteer, known: set[str], taken: set[int], read: frozenset[str] = frozenset()) -> list:
    """Spans found by the rules above, left to right, over tokens not yet taken. ``known``: the names the
    tagger labels places; ``read``: the names other rules have read as places (only a name opening a
    body's name is looked up there too)."""
    persons = person_names(doc)
    known_or_read = known | read
    out: list = []
    after = 0  # the first token a new span may start at
    for tok in doc:  # every rule wants a capitalised first word: the cheap test comes first
        if tok.i < after or tok.i in taken or not tok.text[:1].isupper():
            continue
        span = (_first_cue(doc, tok.i, gaz, known, persons)
                or repeated_name_opening_body(doc, tok.i, known_or_read, persons))
        if span is None or any(k in taken for k in range(span.start, span.end)):
            continue
        out.append(span)
        taken.update(range(span.start, span.end))
        after = span.end
    return out


def _first_cue(doc, i: int, gaz: Gazetteer, known: set[str], persons: set[str]) -> Optional[Span]:
    return (dateline_span(doc, i, gaz) or residence_span(doc, i, gaz) or level_of_span(doc, i, gaz)
            or party_district_span(doc, i, gaz) or listed_place_span(doc, i, gaz)
            or repeated_name_span(doc, i, known, persons))
