"""Recognition: the place names of a parsed document (:func:`find_toponyms`), and capitals that stand
for their government (:func:`is_metonymic`). See :mod:`sitrep.geo` for the whole geoparser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..nlp.spans import span_tokens
from .bodies import trim_body_level_word
from .cues import cue_spans
from .embedded import demonym_words, embedded_place_spans
from .gazetteer import (
    ADMIN2_WORDS,
    ADMIN_WORDS,
    CITY_WORDS,
    Gazetteer,
    default_gazetteer,
    level_hint,
    normalize,
)
from .lists import list_level
from .longer import extend_to_longer_names
from .slips import big_place_slips

# --- recognition -----------------------------------------------------------------------------------

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions that put what follows at a location ("killed in Idlib", "a meeting in Moscow").
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
                  "into", "nearby", "along", "on", "from", "to", "toward", "towards", "between", "through"}
# Of these, the ones that place an event where the noun is (not where it came from or went).
EVENT_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within", "on",
               "along", "nearby", "between", "over"}
DIRECTIONS = {
    "north": (1, 0), "northern": (1, 0), "south": (-1, 0), "southern": (-1, 0),
    "east": (0, 1), "eastern": (0, 1), "west": (0, -1), "western": (0, -1),
    "northwest": (1, -1), "northwestern": (1, -1), "north-west": (1, -1), "north-western": (1, -1),
    "northeast": (1, 1), "northeastern": (1, 1), "north-east": (1, 1), "north-eastern": (1, 1),
    "southwest": (-1, -1), "southwestern": (-1, -1), "south-west": (-1, -1), "south-western": (-1, -1),
    "southeast": (-1, 1), "southeastern": (-1, 1), "south-east": (-1, 1), "south-eastern": (-1, 1),
    "central": (0, 0),
}
_LEVEL_WORDS = ADMIN_WORDS | CITY_WORDS
# Last words of organisations named after their place ("Fargo Police Department").
ORG_WORDS = set(
    """police department council office sheriff court hospital school university college board
    commission authority district agency government administration assembly legislature
    club""".split()
)
# Verbs whose direct object is usually a place ("fled Saraqib", "shelled Ariha", "captured Kobani").
# People and bodies named after where they live or serve ("an Alexandria woman", "an Idlib resident").
RESIDENT_NOUNS = set(
    """woman women man men boy boys girl girls teen teens teenager teenagers youth resident residents native
    natives family families couple parents mother father child children student students police officer
    officers official officials authorities mayor farmer farmers villager villagers""".split()
)
PLACE_VERBS = set(
    """flee leave enter reach visit shell bomb strike hit attack capture seize recapture retake besiege
    storm raid overrun encircle surround evacuate liberate control occupy invade bombard target""".split()
)


def doc_text(doc) -> str:
    """The document's text, built once per Doc (spaCy rebuilds ``Doc.text`` on every access)."""
    text = doc.user_data.get("sitrep.text")
    if text is None:
        text = doc.user_data["sitrep.text"] = doc.text
    return text


def sentence_bounds(doc) -> tuple[list[int], list[int]]:
    """Each token's sentence start and end (token indices), found once per Doc: ``Token.sent`` and
    ``Span.sent`` walk the sentence on every access. ``starts[span.start]`` and ``ends[span.end - 1]``
    are ``span.sent.start`` and ``span.sent.end``."""
    bounds = doc.user_data.get("sitrep.sentence_bounds")
    if bounds is None:
        starts, ends = [0] * len(doc), [0] * len(doc)
        for sent in doc.sents:
            starts[sent.start:sent.end] = [sent.start] * len(sent)
            ends[sent.start:sent.end] = [sent.end] * len(sent)
        bounds = doc.user_data["sitrep.sentence_bounds"] = (starts, ends)
    return bounds


@dataclass
class Toponym:
    """A place name found in the text (character offsets into the document)."""

    start: int
    end: int
    text: str
    hint: Optional[str] = None  # "admin1" ("Idlib province"), "admin2" ("Rapides Parish"), "city" ("city of X")
    kind: str = "name"  # "name", "demonym" (context only), or "direction" ("northwestern Syria")
    direction: Optional[str] = None  # the direction word of a direction phrase
    within: Optional[int] = None  # index of the toponym containing this one ("Alexandria, La.")
    phrase_start: Optional[int] = None  # where a direction phrase begins ("northwestern Syria")


def _trim(span):
    """Drop a leading "the" and trailing punctuation/possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "'s") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s") or doc[end - 1].is_punct):
        if doc[end - 1].text == "." and end - 2 >= start and "." in doc[end - 2].text:
            break  # the full stop of an abbreviation ("W.Va.", "U.S.")
        end -= 1
    # the full stop of an abbreviation left outside the entity ("W.Va" + ".")
    if end < len(doc) and doc[end].text == "." and "." in doc[end - 1].text and end - 1 >= start:
        end += 1
    return doc[start:end] if end > start else None


def _drop_direction(span, gaz: Gazetteer):
    """"Northeast Georgia" -> "Georgia" (the direction word is read later), but "West Virginia" stays."""
    if (len(span) > 1 and span[0].lower_ in DIRECTIONS and span[1].text[:1].isupper()
            and not gaz.candidates(span.text, loose=False)):
        return span[1:]
    return span


def _split_commas(span) -> list:
    """"Alexandria, Va." -> [Alexandria, Va.]."""
    parts, start = [], span.start
    for tok in span:
        if tok.text == ",":
            if tok.i > start:
                parts.append(span.doc[start:tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start:span.end])
    return [p for p in (_trim(p) for p in parts) if p is not None]


@dataclass
class _Found:
    """The toponyms found so far, the tokens they cover and which toponym contains which."""

    toponyms: list = field(default_factory=list)
    taken: set = field(default_factory=set)
    containers: dict = field(default_factory=dict)  # id(toponym) -> the toponym containing it

    def add(self, t: Toponym, tokens) -> None:
        self.toponyms.append(t)
        self.taken.update(range(tokens.start, tokens.end))

    def free(self, span) -> bool:
        return not any(i in self.taken for i in range(span.start, span.end))


# Entity labels under which the tagger may have put a place name it misread.
_SLIP_LABELS = ("PERSON", "ORG", "NORP", "LANGUAGE", "PRODUCT")
# Entity types of untagged-looking proper nouns that are never taken as places without support.
_OTHER_TYPES = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE",
                "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL")


def find_toponyms(doc, gaz: Optional[Gazetteer] = None, demonyms: bool = False) -> list[Toponym]:
    """Place names in a parsed document, in text order.

    With ``demonyms=True`` the nationality words that name a country ("Syrian") are returned too, as
    ``kind="demonym"`` (the evaluation corpora annotate them; the pipeline uses them as context only).
    """
    gaz = gaz or default_gazetteer()
    found = _Found()
    for ent in doc.ents:
        _entity_toponyms(ent, gaz, found, demonyms)
    # "Alexandria, Va." written as two entities (or a place and an untagged abbreviation)
    for t in found.toponyms:
        if id(t) not in found.containers and t.kind == "name":
            nxt = _next_after_comma(doc, t, found.toponyms)
            if nxt is not None:
                found.containers[id(t)] = nxt
    # proper nouns in a place's position that spaCy tagged otherwise (or not at all)
    for tok in doc:
        if tok.i not in found.taken:
            span = untagged_place(tok, gaz, found)
            if span is not None:
                found.add(_toponym(_widen(span)), span)
    # names of the gazetteer the tagger and the syntax missed, taken on evidence
    countries = document_countries(found.toponyms, gaz)
    read = {normalize(t.text) for t in found.toponyms if t.kind == "name"}
    for span in embedded_place_spans(doc, gaz, read, found.taken):
        _add_embedded(found, span, gaz, demonyms)
    for span in cue_spans(doc, gaz, tagged_place_names(doc, gaz), found.taken, frozenset(read)):
        found.add(_toponym(_widen(span)), span)
    for span in gazetteer_spans(doc, gaz, found, countries):
        found.add(_toponym(_widen(span)), span)
    _adjust(doc, gaz, found)
    targets = {id(c) for c in found.containers.values()}
    found.toponyms = [t for t in found.toponyms
                      if not unsupported_abbreviation(doc, t, gaz, id(t) in targets)]
    return _finish(doc, found)


def _adjust(doc, gaz: Gazetteer, found: _Found) -> None:
    """Last readings: names of big places the tagger took for people or bodies, level words that
    open a body's name, and names read short."""
    for span in big_place_slips(doc, gaz, found.taken):  # "Gainesville goodbye" tagged PERSON
        found.add(_toponym(span), span)
    for t in found.toponyms:
        trim_body_level_word(doc, t, gaz)  # "Athens City Council" -> Athens
    found.toponyms = extend_to_longer_names(doc, found.toponyms, gaz)  # "Grand" -> "Grand Prairie"


def tagged_place_names(doc, gaz: Gazetteer) -> set[str]:
    """The normalised names the tagger itself labels places (GPE, LOC) and the gazetteer knows: the
    names a text uses for places, which other rules may read again where the tagger did not."""
    out = set()
    for ent in doc.ents:
        span = _trim(ent) if ent.label_ in ("GPE", "LOC") else None
        if span is not None and gaz.candidates(span.text, loose=False):
            out.add(normalize(span.text))
    return out


def _add_embedded(found: _Found, span, gaz: Gazetteer, demonyms: bool) -> None:
    """A place name read inside another name: a toponym, or a demonym ("Canadian Blood Services")."""
    if gaz.demonym(span.text) is None:
        found.add(_toponym(_widen(span)), span)
    elif demonyms:
        found.toponyms.append(Toponym(span.start_char, span.end_char, span.text, kind="demonym"))


# --- names found through the gazetteer, and abbreviations --------------------------------------------

# Prepositions after which a capitalised gazetteer name is taken as a place.
SPOT_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within", "into",
              "from", "to", "toward", "towards", "through", "between", "nearby"}
# Nouns after a name that make it a place ("Sarman town", "Idlib countryside", "Zaatari camp").
PLACE_NOUNS = _LEVEL_WORDS | {"countryside", "area", "camp", "outskirts", "suburb", "suburbs", "neighbourhood",
                              "neighborhood", "region", "border", "crossing", "airport", "port", "valley"}
# Entity types whose words are never taken as gazetteer names.
_NOT_PLACE_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "NORP",
                    "LANGUAGE", "WORK_OF_ART", "LAW", "EVENT", "ORG", "PRODUCT"}
_CONNECTORS = {"al", "el", "ad", "an", "ar", "as", "ash", "ag", "-", "de", "del", "du", "la", "le"}
MAX_NAME_TOKENS = 4
FOCUS_EVIDENCE = True  # a proper noun naming a place in a country the text names counts as evidence


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper() and any(c.isalpha() for c in tok.text)


def document_countries(toponyms: list[Toponym], gaz: Gazetteer) -> set[str]:
    """The countries a text names: country names, demonyms, and names whose every candidate lies in one
    country (the focus for names with no other clue)."""
    out: set[str] = set()
    for t in toponyms:
        if t.kind == "demonym":
            e = gaz.demonym(t.text)
            if e is not None and e.country:
                out.add(e.country)
            continue
        found: set[str] = {c.entry.country for c in gaz.candidates(t.text, loose=False) if c.entry.country}
        countries: set[str] = {c.entry.country for c in gaz.candidates(t.text, loose=False)
                               if c.entry.country and c.entry.feature == "country"
                               and c.match in ("name", "alt", "abbr")}
        out |= countries or (found if len(found) == 1 else set())
    return out


def gazetteer_spans(doc, gaz: Gazetteer, found: _Found, countries: set[str]):
    """Capitalised runs of words (up to four) that name a gazetteer place, not yet taken, accepted on
    evidence (:func:`place_evidence`): the longest name starting at a word wins."""
    after = 0  # the first word a new name may start at
    for i in [tok.i for tok in doc if _may_open_name(tok)]:  # the cheap test first, on each word once
        span = _longest_name(doc, i, gaz, found, countries) if i >= after else None
        if span is None:
            continue
        yield span
        found.taken.update(range(span.start, span.end))
        after = span.end


# Capitalised words that are gazetteer names somewhere but, alone, name no place here ("Street", "Minister").
_GENERIC_WORDS = _LEVEL_WORDS | ORG_WORDS | PLACE_NOUNS | set(
    """street road avenue lane drive boulevard highway route bridge park house hall center centre tower airport
    station church temple mosque market square minister secretary president governor senator commissioner
    sgt sergeant officer chief judge mayor miss mr mrs ms dr saint st grand royal holy united national
    federal north south east west central upper lower new old great little""".split())


def _run_bounds_ok(span) -> bool:
    """The name is the whole capitalised run: no capitalised word glued before or after it ("Secretary
    Kerry", "Glacier Ridge Road" are not the places "Secretary" or "Glacier Ridge")."""
    doc = span.doc
    starts, ends = sentence_bounds(doc)
    before = doc[span.start - 1] if span.start > starts[span.start] else None
    after = doc[span.end] if span.end < ends[span.end - 1] else None
    if before is not None and _capitalised(before) and before.is_alpha:
        return False
    return after is None or not (_capitalised(after) and after.is_alpha and after.lower_ not in PLACE_NOUNS)


def _may_open_name(tok) -> bool:
    """Can a gazetteer name found by :func:`gazetteer_spans` start at ``tok``: capitalised, no stop word,
    not inside an entity of a type that is never a place?"""
    return _capitalised(tok) and tok.ent_type_ not in _NOT_PLACE_TYPES and not tok.is_stop


def _longest_name(doc, i: int, gaz: Gazetteer, found: _Found, countries: set[str]):
    tok = doc[i]
    if i in found.taken or not _may_open_name(tok):
        return None
    end = min(len(doc), i + MAX_NAME_TOKENS, sentence_bounds(doc)[1][i])
    for j in range(end, i, -1):
        span = doc[i:j]
        if not _capitalised(span[-1]) or not found.free(span):
            continue
        if any(not _capitalised(t) and t.lower_ not in _CONNECTORS for t in span):
            continue
        if any(t.ent_type_ in _NOT_PLACE_TYPES for t in span) or span[-1].lower_ in _GENERIC_WORDS:
            continue
        if not _run_bounds_ok(span) or gaz.demonym(span.text) is not None:
            continue
        cands = gaz.candidates(span.text, loose=False)
        if cands and place_evidence(span, cands, countries):
            return span
    return None


def place_evidence(span, cands, countries: set[str]) -> bool:
    """Is a capitalised gazetteer name a place here? After a locative preposition ("in Titao"), before a
    place noun ("Sarman town", "Idlib countryside") or after "town of", or a proper noun (not opening its
    sentence, not a person's name) naming a place in a country the text names."""
    doc = span.doc
    k = span.start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    before = doc[k].lower_ if k >= 0 else ""
    if before in SPOT_PREPS and not (span[0].ent_type_ == "PERSON" and before in ("to", "from")):
        return True
    if span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS:
        return True
    if before == "of" and k >= 1 and doc[k - 1].lower_ in PLACE_NOUNS:
        return True  # "the town of Sarman"
    if not FOCUS_EVIDENCE or span[0].ent_type_ == "PERSON" or span.start == sentence_bounds(doc)[0][span.start]:
        return False
    if span[-1].pos_ != "PROPN" or span.root.dep_ in ("nsubj", "nsubjpass", "poss", "appos"):
        return False
    return any(c.entry.country in countries and c.match in ("name", "alt") for c in cands)


def _acronym(text: str) -> bool:
    """"UN", "NATO", "M.D.", "Calif.": letters in capitals (up to four), or a dotted abbreviation."""
    letters = [c for c in text if c.isalpha()]
    if not letters or len(letters) > 6:
        return False
    if "." in text:
        return True
    return len(letters) <= 4 and all(c.isupper() for c in letters)


def unsupported_abbreviation(doc, t: Toponym, gaz: Gazetteer, is_container: bool) -> bool:
    """An acronym or abbreviation that is no place here: "the UN" (not Un, Gujarat), "John Smith, M.D."
    (not Maryland), "NATO and the EU condemned". Countries' codes stand (US, UK, DRC); other
    abbreviations need support: they contain another name ("Baltimore, Md.") or follow a locative
    preposition ("in the EU"); a name written in capitals needs the preposition right before it ("in GAZA")."""
    if t.kind != "name" or not _acronym(t.text):
        return False
    cands = gaz.candidates(t.text, loose=False)
    if any(c.entry.feature == "country" for c in cands):
        return False
    if is_container or dotted_region_before_noun(doc, t, cands):
        return False
    before = doc_text(doc)[max(0, t.start - 12):t.start].split()
    if not before:
        return True
    if any(c.match == "abbr" for c in cands):
        words = [w.lower() for w in before[-2:]]
        return not (words[-1] in SPOT_PREPS or (words[-1] == "the" and len(words) > 1 and words[0] in SPOT_PREPS))
    return before[-1].lower() not in SPOT_PREPS


def dotted_region_before_noun(doc, t: Toponym, cands) -> bool:
    """A dotted abbreviation of a state or province that qualifies a common noun right after it ("the B.C.
    border", "B.C. lab", "the Calif. coast") names the region; "John Smith, M.D., said" does not."""
    if "." not in t.text or not any(c.match == "abbr" and c.entry.feature == "admin1" for c in cands):
        return False
    span = span_tokens(doc, t.start, t.end)
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.pos_ == "NOUN" and nxt.text.islower()


def _finish(doc, found: _Found) -> list[Toponym]:
    """Sort the toponyms, point each to its container by index and mark direction phrases."""
    out = sorted(found.toponyms, key=lambda t: t.start)
    index = {id(t): i for i, t in enumerate(out)}
    for t in out:
        if id(t) in found.containers:
            t.within = index.get(id(found.containers[id(t)]))
    for t in out:
        _mark_direction(doc, t)
    return out


def _entity_toponyms(ent, gaz: Gazetteer, found: _Found, demonyms: bool) -> None:
    """The toponyms one named entity gives, by its label."""
    if ent.label_ in PLACE_LABELS:
        _place_entity(ent, gaz, found)
    elif ent.label_ == "NORP" and gaz.demonym(ent.text) is not None:
        span = _trim(ent)
        if span is not None and demonyms:
            found.add(Toponym(span.start_char, span.end_char, span.text, kind="demonym"), span)
    elif ent.label_ == "ORG" and len(ent) > 1 and ent[-1].lower_ in ORG_WORDS:
        head = place_naming_org(ent, gaz)
        if head is not None:
            found.add(_toponym(head), head)
    elif ent.label_ in _SLIP_LABELS:
        span = tagger_slip(ent, gaz)
        if span is not None:
            found.add(_toponym(_widen(span)), span)
        elif ent.label_ == "NORP" and demonyms:
            for word in demonym_words(ent, gaz):
                found.add(Toponym(word.start_char, word.end_char, word.text, kind="demonym"), word)


def _place_entity(ent, gaz: Gazetteer, found: _Found) -> None:
    """A GPE/LOC/FAC entity, split at commas ("Alexandria, Va."): each part a toponym, the first
    contained in the next; FAC only when the gazetteer knows the name."""
    span = _trim(ent)
    if span is None:
        return
    if ent.label_ != "FAC":  # a direction word left out ("Western Europe") is no name of its own
        found.taken.update(range(span.start, span.end))
    previous: Optional[Toponym] = None
    for part in _split_commas(span):
        part = _widen(_drop_direction(part, gaz))
        if ent.label_ == "FAC" and not gaz.candidates(part.text):
            continue
        if not any(c.isalpha() for c in part.text):
            continue
        t = _toponym(part)
        if previous is not None:
            found.containers[id(previous)] = t  # "Alexandria, Va.": the first part sits in the next
        found.add(t, part)
        previous = t


def place_naming_org(ent, gaz: Gazetteer):
    """The place that names a body ("Alexandria Police Department", "Fargo City Council"), or None."""
    for k in range(len(ent) - 1, 0, -1):
        head = ent[:k]
        if all(t.pos_ == "PROPN" for t in head) and _strong_place(gaz, head.text, 10_000):
            return head
    return None


def tagger_slip(ent, gaz: Gazetteer):
    """A sizeable place the tagger labelled otherwise ("Maarat al-Numan" as PERSON, "Aleppo" as NORP),
    taken when it stands in a place's position; else None."""
    span = _trim(ent)
    if span is not None and (_locative(span.root) or names_a_level(span)) and _strong_place(gaz, span.text):
        return span
    return None


def names_a_level(span) -> bool:
    """Rule: a name right before a level word it modifies ("Aleppo city", "Idlib province") names that
    place, whatever label the tagger gave it: no nationality or person is followed by "city"."""
    doc = span.doc
    return (span.end < len(doc) and doc[span.end].lower_ in _LEVEL_WORDS
            and span.root.dep_ in ("compound", "nmod", "amod") and span.root.head.i == span.end)


def untagged_place(tok, gaz: Gazetteer, found: _Found):
    """The proper-noun run ending at ``tok`` when it sits in a place's position ("Idlib province", object
    of a locative preposition, a whole country name) and names a place; else None."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return None
    named_level = tok.dep_ == "compound" and tok.head.lower_ in _LEVEL_WORDS  # "Idlib province"
    if not (named_level or _locative(tok) or _names_a_country(gaz, tok)):
        return None
    span = _proper_noun_span(tok)
    if span is None or not found.free(span):
        return None
    if tok.ent_type_ in _OTHER_TYPES:
        if tok.ent_type_ not in ("PERSON", "ORG") or not _strong_place(gaz, span.text):
            return None
    elif not gaz.candidates(span.text, loose=False):
        return None
    return span


def _next_after_comma(doc, t: Toponym, found: list[Toponym]) -> Optional[Toponym]:
    """The toponym written right after ``t`` and a comma ("Alexandria, La.")."""
    if not doc_text(doc)[t.end:t.end + 3].startswith(","):
        return None
    for u in found:
        if t.end < u.start <= t.end + 3 and u.kind == "name":
            return u
    return None


def _locative(tok) -> bool:
    """Is ``tok`` where a place name goes: object of a locative preposition, or coordinated with a place
    name ("Saraqib and Maarat al-Numan")?"""
    if any(c.dep_ == "amod" and c.lower_ in DIRECTIONS for c in tok.children):
        return True  # "eastern Aleppo"
    if tok.dep_ in ("compound", "nmod") and tok.head.lower_ in RESIDENT_NOUNS and tok.head.i > tok.i:
        return True  # "an Alexandria woman", "Idlib residents"
    for _ in range(3):
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
            return True
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in PLACE_VERBS:
            return True  # "fled Maarat al-Numan", "shelled Saraqib"
        if tok.dep_ == "conj":
            if tok.head.ent_type_ in PLACE_LABELS:
                return True
            tok = tok.head
            continue
        return False
    return False


def _names_a_country(gaz: Gazetteer, tok) -> bool:
    """Is ``tok`` the end of a proper-noun run that is, all of it, a country's name ("Azerbaijan puts
    pressure on Georgia", which the small tagger misses)? "Jordan Peterson" is not: the run is longer."""
    doc = tok.doc
    if tok.pos_ != "PROPN" or (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"):
        return False
    span = _proper_noun_span(tok)
    if span is None or (span.start > 0 and doc[span.start - 1].pos_ == "PROPN"):
        return False
    if normalize(span.text) not in gaz.country_keys:
        return False
    return any(c.entry.feature == "country" and c.match in ("name", "alt")
               for c in gaz.candidates(span.text, loose=False))


def _strong_place(gaz: Gazetteer, text: str, population: int = 1000) -> bool:
    """A tagger-labelled person/organisation name counts as a place when it names a sizeable place."""
    return any(c.match in ("name", "alt") and (c.entry.population >= population or c.entry.feature in
                                               ("country", "admin1", "site", "region"))
               for c in gaz.candidates(text, loose=False))


def _proper_noun_span(tok):
    """The compound proper-noun phrase headed by ``tok`` ("Maarat al-Numan", "Ras al-Ain")."""
    left, first = tok.i, sentence_bounds(tok.doc)[0][tok.i]
    while left > first and (tok.doc[left - 1].pos_ == "PROPN" or tok.doc[left - 1].text == "-" or
                                     tok.doc[left - 1].lower_ in ("al", "el", "an", "ar", "as", "ash", "ad")):
        left -= 1
    while left < tok.i and not tok.doc[left].text[:1].isupper():
        left += 1
    span = tok.doc[left:tok.i + 1]
    return span if len(span) <= 5 else None


def _widen(span):
    """Take in a level word right after the name ("Idlib province", "Rapides Parish")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _LEVEL_WORDS and span[-1].lower_ not in _LEVEL_WORDS:
        if not _names_a_body(doc, span.end):
            return doc[span.start:span.end + 1]
    return span


WIDEN_CAPITALISED_ONLY = True


def _names_a_body(doc, i: int) -> bool:
    """Is the level word at ``i`` part of a body's name ("Ohio Department of Health", "Kentucky State
    University") rather than a region's ("Ain department", "West Darfur State")?"""
    word = doc[i]
    after = doc[i + 1] if i + 1 < len(doc) else None
    if WIDEN_CAPITALISED_ONLY and not word.text[:1].isupper():
        return True
    if word.lower_.endswith("s") and word.lower_ not in ("parish", "canton"):
        return True  # "Georgia counties" are not "Georgia County"
    if word.text == "Department" and after is not None and after.lower_ in ("of", "for"):
        return True
    return (word.text == "State" and after is not None and after.text[:1].isupper() and after.pos_ == "PROPN"
            and after.is_alpha)


def _toponym(span) -> Toponym:
    doc = span.doc
    hint = level_hint(span.text)
    # "the city of Idlib", "the province of Idlib"
    if hint is None and span.start >= 2 and doc[span.start - 1].lower_ == "of":
        word = doc[span.start - 2].lower_
        if word in CITY_WORDS:
            hint = "city"
        elif word in ADMIN_WORDS:
            hint = "admin2" if word in ADMIN2_WORDS else "admin1"
    if hint is None and span.end < len(doc):
        hint = level_after(doc[span.end]) or list_level(doc, span.end)
    return Toponym(span.start_char, span.end_char, span.text, hint=hint)


def level_after(tok) -> Optional[str]:
    """The level a lower-case word after a name gives it without being part of it: "Idlib province" is
    the name "Idlib" read as a province (the corpora mark "Idlib"); "Idlib provinces" gives nothing."""
    word = tok.lower_
    if tok.text[:1].isupper() or word not in _LEVEL_WORDS or (word.endswith("s") and word != "parish"):
        return None
    if word in CITY_WORDS:
        return "city"
    return "admin2" if word in ADMIN2_WORDS else "admin1"


def _mark_direction(doc, t: Toponym) -> None:
    """"northwestern Syria": the direction word right before a name makes the mention a region."""
    before = doc_text(doc)[max(0, t.start - 20):t.start].rstrip().split()
    if not before:
        return
    word = before[-1].lower()
    if word in DIRECTIONS and t.kind == "name":
        t.kind = "direction"
        t.direction = word
        t.phrase_start = doc_text(doc).rindex(before[-1], 0, t.start)


# --- metonymy ---------------------------------------------------------------------------------------

# Verbs whose subject acts like a government ("Moscow said", "Ankara warned").
AGENT_VERBS = set(
    """say tell announce accuse warn demand declare deny agree reject urge condemn threaten claim insist
    respond retaliate vow pledge support back oppose sanction recognise recognize negotiate blame criticise
    criticize protest expel summon welcome want refuse seek offer propose request call ask insist believe
    hope fear plan decide order deploy send""".split()
)
# Nouns after which "with/on/against/from X" names a party, not a place.
PARTY_NOUNS = set(
    """talks talk negotiation negotiations relations ties dialogue deal agreement war attack attacks
    pressure tensions tension dispute conflict sanctions support ceasefire truce accord cooperation
    response demands""".split()
)
PARTY_PREPS = {"with", "on", "against", "from", "between", "by"}


def is_metonymic(token) -> bool:
    """True when a capital-city token stands for its government rather than a location.

    Looks at the syntax only; the caller decides that the token names a capital (or a country).
    "Moscow said", "talks with Moscow", "declared war on Damascus", "Moscow's support",
    "attacks from Damascus".
    """
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in AGENT_VERBS:
        return True
    if token.dep_ == "poss":
        return True
    if token.dep_ == "pobj" and head.lower_ in PARTY_PREPS:
        governor = head.head
        if governor.lower_ in PARTY_NOUNS or governor.lemma_.lower() in PARTY_NOUNS:
            return True
        if head.lower_ == "by" and head.dep_ == "agent":
            return True
    if token.dep_ == "conj":  # "talks with Ankara and Moscow"
        first = token.head
        while first.dep_ == "conj":
            first = first.head
        if first.i != token.i:
            return is_metonymic(first)
    return False


