"""The geoparser: find place names in a document, resolve each to one GeoNames entry, locate events.

Three steps, all offline:

1. **Recognition** (:func:`find_toponyms`): spaCy's GPE/LOC/FAC entities, split at commas
   ("Alexandria, Va." is two places, the second containing the first), widened to a following level word
   ("Idlib province"), plus proper nouns in a place's position that the gazetteer knows ("shelling in
   Saraqib" where the tagger said PERSON, "an Alexandria woman") and bare country names the tagger missed.
   Direction phrases ("northwestern Syria") become region mentions. Demonyms ("Syrian") are not places
   but count as country context.
2. **Resolution** (:func:`resolve_toponyms`): every gazetteer candidate is scored by a prior (population,
   feature type, how the name matched, capital) plus the document's context: the level word
   ("Idlib province" is the governorate, "the city of Idlib" the city), a containing place after a comma,
   the admin hierarchy between names (a town and its county confirm each other), one place per name
   ("Mexico City ... Mexico"), and the countries, admin regions and nearby towns the other places and
   demonyms of the document believe in, re-weighed over a few rounds. A name the gazetteer lacks is
   tried by the place named inside it ("Colorado State University"), then by a look-alike spelling kept
   only with support from the text.
3. **Event location** (:func:`place_for_token`): the place the event's clause ties to the trigger by a
   locative preposition, else the nearest place in the clause, else None (the link stage then uses the
   document's focus, :attr:`Analysis.focus`).

Capitals standing for governments ("talks with Moscow", "declared war on Damascus") are actors, not
locations (:func:`is_metonymic`); they are left out of ``analysis.places``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

from ..model import Place
from ..pipeline import Analysis, PlaceMention, stage
from .attach import clause_head, ranked_mentions, span_tokens, tree_distance
from .gazetteer import (
    ADMIN2_WORDS,
    ADMIN_WORDS,
    CITY_WORDS,
    Candidate,
    Entry,
    Gazetteer,
    default_gazetteer,
    distance_km,
    fold,
    level_hint,
    normalize,
)

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


def find_toponyms(doc, gaz: Optional[Gazetteer] = None, demonyms: bool = False) -> list[Toponym]:
    """Place names in a parsed document, in text order.

    With ``demonyms=True`` the nationality words that name a country ("Syrian") are returned too, as
    ``kind="demonym"`` (the evaluation corpora annotate them; the pipeline uses them as context only).
    """
    gaz = gaz or default_gazetteer()
    found: list[Toponym] = []
    taken: set[int] = set()
    containers: dict[int, Toponym] = {}  # id(toponym) -> the toponym containing it

    def add(t: Toponym, tokens) -> None:
        found.append(t)
        taken.update(range(tokens.start, tokens.end))

    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            span = _trim(ent)
            if span is None:
                continue
            parts = _split_commas(span)
            previous: Optional[Toponym] = None
            for part in parts:
                part = _widen(_drop_direction(part, gaz))
                if ent.label_ == "FAC" and not gaz.candidates(part.text):
                    continue
                if not any(c.isalpha() for c in part.text):
                    continue
                t = _toponym(part)
                if previous is not None:
                    containers[id(previous)] = t  # "Alexandria, Va.": the first part sits in the next
                add(t, part)
                previous = t
        elif ent.label_ == "NORP" and gaz.demonym(ent.text) is not None:
            span = _trim(ent)
            if span is not None and demonyms:
                add(Toponym(span.start_char, span.end_char, span.text, kind="demonym"), span)
        elif ent.label_ == "ORG" and len(ent) > 1 and ent[-1].lower_ in ORG_WORDS:
            # "Alexandria Police Department", "Fargo City Council": the place that names the body
            for k in range(len(ent) - 1, 0, -1):
                head = ent[:k]
                if all(t.pos_ == "PROPN" for t in head) and _strong_place(gaz, head.text, 10_000):
                    add(_toponym(head), head)
                    break
        elif ent.label_ in ("PERSON", "ORG", "NORP", "LANGUAGE", "PRODUCT"):
            # a tagger slip ("Maarat al-Numan" as PERSON, "Aleppo" as NORP) in a place's position
            span = _trim(ent)
            if span is not None and _locative(span.root) and _strong_place(gaz, span.text):
                add(_toponym(_widen(span)), span)

    # "Alexandria, Va." written as two entities (or a place and an untagged abbreviation)
    for t in found:
        if id(t) not in containers and t.kind == "name":
            nxt = _next_after_comma(doc, t, found)
            if nxt is not None:
                containers[id(t)] = nxt

    # proper nouns in a place's position that spaCy tagged otherwise (or not at all)
    for tok in doc:
        if tok.i in taken:
            continue
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        named_level = tok.dep_ == "compound" and tok.head.lower_ in _LEVEL_WORDS  # "Idlib province"
        if not (named_level or _locative(tok) or _names_a_country(gaz, tok)):
            continue
        span = _proper_noun_span(tok)
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        if tok.ent_type_ in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE",
                             "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"):
            if tok.ent_type_ not in ("PERSON", "ORG") or not _strong_place(gaz, span.text):
                continue
        elif not gaz.candidates(span.text, loose=False):
            continue
        add(_toponym(_widen(span)), span)

    found.sort(key=lambda t: t.start)
    index = {id(t): i for i, t in enumerate(found)}
    for t in found:
        if id(t) in containers:
            t.within = index.get(id(containers[id(t)]))
    for t in found:
        _mark_direction(doc, t)
    return found


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
    left = tok.i
    while left > tok.sent.start and (tok.doc[left - 1].pos_ == "PROPN" or tok.doc[left - 1].text == "-" or
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
        return doc[span.start:span.end + 1]
    return span


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
    return Toponym(span.start_char, span.end_char, span.text, hint=hint)


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


# --- resolution -------------------------------------------------------------------------------------

@dataclass
class Weights:
    """How much each clue counts when ranking candidates (tuned on the development corpora only)."""

    population: float = 0.9  # per log10 of population
    city_floor: int = 1000  # cities500 places with unknown population count as this many people
    feature: dict = field(default_factory=lambda: {
        "country": 5.0, "continent": 5.0, "admin1": 2.0, "region": 8.0, "site": 5.0, "admin2": -1.0,
        "city": 0.0, "airport": 2.0, "sea": 8.0,
    })
    match: dict = field(default_factory=lambda: {"name": 0.0, "alt": -0.7, "abbr": 0.0, "loose": -3.0, "part": 0.0})
    capital: float = 3.0
    city_alt: float = 0.0  # extra doubt when a town matched only by an alternate name
    seat: float = -4.0  # an admin region named like a city inside it: the bare name means the city
    seat_share: float = 0.1  # ... a city found by another of its names must hold this share of its people
    hint_match: float = 5.0  # "Idlib province" -> an admin region; "city of Idlib" -> the city
    hint_mismatch: float = -3.0
    hint_other_level: float = 2.0  # "X County" that is an admin1 somewhere
    within: float = 8.0  # "Alexandria, La.": a candidate inside the named container
    within_miss: float = -3.0
    temperature: float = 0.7  # softness of each name's belief over its candidates
    country_mass: float = 2.0  # x the other names' belief in the candidate's country (capped at 1)
    country_share: float = 1.0  # x the share of the other names' belief in that country
    admin1_mass: float = 3.0  # x the other names' belief in the candidate's admin1 (capped at 1)
    admin1_share: float = 2.0
    nearby: float = 1.0  # x the other names' belief in a town or county within NEARBY_KM of the candidate
    demonym_weight: float = 0.5  # a demonym's belief counts this much
    contained: float = 1.5  # another name has a candidate that contains this one, or that it contains
    sibling: float = 0.5  # another name has a town candidate in the same county (admin2)
    loose_support: int = 1  # other names needed in the country of a name found only by its skeleton key
    claimed: float = -2.0  # matched by an alternate name only, while another name of the text is its own name
    rounds: int = 3


WEIGHTS = Weights()
NEARBY_KM = 60.0
NEARBY_TOP = 8  # candidates per name that vote for nearness
LOCAL = ("city", "admin2", "site", "airport")


@dataclass
class Resolution:
    """The chosen entry for a toponym, with its score margin over the runner-up."""

    entry: Optional[Entry]
    score: float = 0.0
    margin: float = 0.0


def _prior(t: Toponym, c, w: Weights, seats: set[int]) -> float:
    e = c.entry
    pop = e.population if e.feature != "city" else max(e.population, w.city_floor)
    s = w.population * math.log10(pop + 1) + w.feature.get(e.feature, 0.0) + w.match.get(c.match, 0.0)
    if c.match == "alt" and e.feature == "city":
        s += w.city_alt
    if e.capital:
        s += w.capital
    if t.hint in ("admin1", "admin2"):
        if e.feature == t.hint:
            s += w.hint_match
        elif e.feature in ("admin1", "admin2"):
            s += w.hint_other_level
        elif e.feature != "country" or not _STATE_WORDS.intersection(fold(t.text).split()):
            s += w.hint_mismatch  # ... but "Republic of Armenia" is the country
    elif t.hint == "city":
        s += w.hint_match if e.feature in ("city", "site") else w.hint_mismatch
    elif e.geonameid in seats:
        s += w.seat
    return s


_STATE_WORDS = {"republic", "kingdom", "emirate", "state", "federation", "sultanate", "principality"}


def _seats(cands: list, share: float) -> set[int]:
    """Admin regions among ``cands`` that contain a same-named city candidate (Moscow, Damascus).

    A city matched by another of its names counts only when it holds a good part of the region's people:
    "New York" is New York City, but "Montana" is the state, though Montana City lies in it.
    """
    pops = {c.entry.geonameid: c.entry.population for c in cands if c.entry.feature in ("admin1", "admin2")}
    cities = [c for c in cands if c.entry.feature == "city"]
    out = set()
    for c in cands:
        e = c.entry
        if e.feature not in ("admin1", "admin2"):
            continue
        key = normalize(e.name, strip_admin=True)
        for cx in cities:
            x = cx.entry
            if cx.match != "name" and x.population < share * pops.get(e.geonameid, 0):
                continue
            inside = x.admin1_id == e.geonameid if e.feature == "admin1" else x.admin2_id == e.geonameid
            same_name = x.country == e.country and normalize(x.name) == key
            # the region around a same-named town, or a state named like the national capital
            if inside or (same_name and (x.admin2_id is None or x.capital)):
                out.add(e.geonameid)
                break
    return out


def _inside(e: Entry, container: Entry) -> bool:
    if container.feature == "country":
        return e.country == container.country and e.geonameid != container.geonameid
    if container.feature == "admin1":
        return e.admin1_id == container.geonameid and e.geonameid != container.geonameid
    if container.feature == "admin2":
        return e.admin2_id == container.geonameid and e.geonameid != container.geonameid
    if container.feature == "continent":
        return e.feature == "country"
    return False


def candidates_of(t: Toponym, gaz: Gazetteer) -> list[Candidate]:
    """The gazetteer entries a toponym may name, as the resolver sees them."""
    if t.kind == "demonym":
        e = gaz.demonym(t.text)
        return [Candidate(e, "name")] if e else []
    return (list(gaz.candidates(t.text, loose=False)) or embedded_candidates(t.text, gaz)
            or list(gaz.candidates(t.text)))


# Words that never make a place name on their own inside a longer name ("Colorado State University").
_GENERIC = frozenset("""
    the of and de del la le for in at on university college school academy institute church cathedral mosque
    hospital clinic centre center park stadium museum gallery hotel embassy consulate office council
    ministry department bank federal national state international world cup trade general memorial
    square street road avenue station port harbour harbor estate area metropolitan greater upper lower
    north south east west northern southern eastern western central new old saint st mount mt lake
    house hall tower bridge market airport base camp prison court police sheriff fire club company
    holy spirit sacred blessed lady our redeemer trinity christ heart presbyterian baptist methodist catholic
    orthodox coptic episcopal lutheran evangelical first second third united royal grand
    """.split())
# Water bodies and landforms lie outside the place they are named after ("Indian Ocean", "Niger Delta").
_LANDFORMS = frozenset("ocean sea gulf bay delta river strait channel desert mountains mountain range "
                       "island islands peninsula canal sound".split())


def embedded_candidates(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Candidates of the place named inside a longer name the gazetteer does not know.

    "Colorado State University" -> Colorado, "Vancouver Art Gallery" -> Vancouver, "Greater Toronto Area"
    -> Toronto, "Korean Peninsula" is not tried (landform). The longest inner run of words that names a
    place (or a demonym's country) wins; the candidates are marked ``match="part"``.
    """
    words = text.replace("/", " ").split()
    folded = [fold(w) for w in words]
    if len(words) < 2 or any(f in _LANDFORMS for f in folded):
        return []
    for n in range(len(words) - 1, 0, -1):
        for i in range(0, len(words) - n + 1):
            run = folded[i:i + n]
            if all(f in _GENERIC or not f for f in run) or run[0] in _GENERIC or run[-1] in _GENERIC:
                continue
            if not words[i][:1].isupper():
                continue
            sub = " ".join(words[i:i + n])
            found = [Candidate(c.entry, "part") for c in gaz.candidates(sub, loose=False)]
            if not found:
                e = gaz.demonym(sub)
                found = [Candidate(e, "part")] if e is not None else []
            if found:
                return found
    return []


def _hierarchy_links(toponyms, cands, group_of, w: Weights) -> Iterator[tuple[int, int, float]]:
    """Candidates that another name of the document confirms by the admin hierarchy, with their bonus.

    "Paris and Henry County": of the many Parises and Henry Counties, only Paris, Tennessee lies in
    Henry County, Tennessee; "Cornwall ... Sharon ... Salisbury": the towns of one county. Whatever their
    population, such pairs confirm each other (``w.contained``: one contains the other; ``w.sibling``: two
    towns of one county).
    """
    ids: dict[str, set[int]] = defaultdict(set)  # group -> its admin candidates' ids
    inner: dict[str, set[int]] = defaultdict(set)  # group -> the counties its town candidates lie in
    for t, cs, g in zip(toponyms, cands, group_of):
        if t.kind == "demonym":
            continue
        for c in cs:
            e = c.entry
            if e.feature == "admin2":
                ids[g].add(e.geonameid)
            elif e.feature in ("city", "site") and e.admin2_id:
                inner[g].add(e.admin2_id)
    for i, (t, cs, g) in enumerate(zip(toponyms, cands, group_of)):
        if t.kind == "demonym":
            continue
        for k, c in enumerate(cs):
            e = c.entry
            bonus = 0.0
            if e.feature == "admin2":
                if any(e.geonameid in v for h, v in inner.items() if h != g):
                    bonus = w.contained
            elif e.feature in ("city", "site") and e.admin2_id:
                if any(e.admin2_id in v for h, v in ids.items() if h != g):
                    bonus = w.contained
                elif any(e.admin2_id in v for h, v in inner.items() if h != g):
                    bonus = w.sibling
            if bonus:
                yield i, k, bonus


def _admin1_of(e: Entry) -> Optional[int]:
    return e.geonameid if e.feature == "admin1" else e.admin1_id


def _softmax(scores: list[float], temperature: float) -> list[float]:
    top = max(scores)
    exps = [math.exp((x - top) / temperature) for x in scores]
    z = sum(exps)
    return [x / z for x in exps]


def resolve_toponyms(toponyms: Sequence[Toponym], gaz: Optional[Gazetteer] = None,
                     weights: Weights = WEIGHTS) -> list[Resolution]:
    """One :class:`Resolution` per toponym (entry None when the gazetteer knows no such name).

    Each distinct name holds a belief over its candidates (a softmax of their scores). A candidate
    gains from the belief the *other* names of the document put in its country and in its admin1
    region, so "Jackson", "Madison" and "Walton County" pull each other into the same state, and
    "Alexandria" in a report full of Louisiana places is Alexandria, Louisiana. The beliefs are
    recomputed ``weights.rounds`` times. Repeats of one name share one belief and never vote for
    themselves.
    """
    gaz = gaz or default_gazetteer()
    w = weights
    cands = [candidates_of(t, gaz) for t in toponyms]
    base = []
    for t, cs in zip(toponyms, cands):
        seats = _seats(cs, w.seat_share)
        base.append([_prior(t, c, w, seats) for c in cs])

    def pick(i: int, scores: list[float]) -> Resolution:
        if not scores:
            return Resolution(None)
        order = sorted(range(len(scores)), key=lambda k: -scores[k])
        best = order[0]
        margin = scores[best] - scores[order[1]] if len(order) > 1 else 10.0
        return Resolution(cands[i][best].entry, scores[best], margin)

    # containers first ("Alexandria, La." once "La." is known)
    first = [pick(i, p) for i, p in enumerate(base)]
    for i, t in enumerate(toponyms):
        j = t.within
        if j is not None and j < len(first) and first[j].entry is not None:
            for k, c in enumerate(cands[i]):
                base[i][k] += w.within if _inside(c.entry, first[j].entry) else w.within_miss

    # names: repeats of one name share a belief
    group_of: list[str] = []
    for t in toponyms:
        group_of.append(f"{t.kind}:{fold(t.text)}")
    groups = sorted(set(group_of))
    if w.contained or w.sibling:
        for i, k, bonus in _hierarchy_links(toponyms, cands, group_of, w):
            base[i][k] += bonus
    if w.claimed:
        for i, k in _claimed_by_others(cands, group_of):
            base[i][k] += w.claimed
    scores = [list(b) for b in base]
    for _ in range(max(0, w.rounds)):
        country_mass: dict[str, dict[str, float]] = {}
        admin1_mass: dict[str, dict[int, float]] = {}
        for g in groups:
            country_mass[g] = defaultdict(float)
            admin1_mass[g] = defaultdict(float)
        seen: set[str] = set()
        for i, t in enumerate(toponyms):
            g = group_of[i]
            if g in seen or not cands[i]:
                continue
            seen.add(g)
            weight = w.demonym_weight if t.kind == "demonym" else 1.0
            for c, p in zip(cands[i], _softmax(scores[i], w.temperature)):
                if c.entry.country:
                    country_mass[g][c.entry.country] += weight * p
                a1 = _admin1_of(c.entry)
                if a1:
                    admin1_mass[g][a1] += weight * p
        total_country: dict[str, float] = defaultdict(float)
        total_admin1: dict[int, float] = defaultdict(float)
        for g in groups:
            for k, v in country_mass[g].items():
                total_country[k] += v
            for k, v in admin1_mass[g].items():
                total_admin1[k] += v
        n_voters = len(seen)
        # the points each name most believes in (for nearness between towns and small regions)
        points: dict[str, list[tuple[float, float, float]]] = {}
        if w.nearby:
            done: set[str] = set()
            for i, t in enumerate(toponyms):
                g = group_of[i]
                if g in done or not cands[i] or t.kind == "demonym":
                    continue
                done.add(g)
                probs = _softmax(scores[i], w.temperature)
                top = sorted(range(len(probs)), key=lambda k: -probs[k])[:NEARBY_TOP]
                points[g] = [(cands[i][k].entry.lat, cands[i][k].entry.lon, probs[k]) for k in top
                             if cands[i][k].entry.lat is not None and cands[i][k].entry.feature in LOCAL]
        new_scores = []
        for i, t in enumerate(toponyms):
            g = group_of[i]
            others = max(1, n_voters - (1 if g in seen else 0))
            row = []
            for k, c in enumerate(cands[i]):
                e = c.entry
                s = base[i][k]
                if e.country:
                    m = total_country.get(e.country, 0.0) - country_mass[g].get(e.country, 0.0)
                    s += w.country_mass * min(1.0, m) + w.country_share * m / others
                a1 = _admin1_of(e)
                if a1:
                    m = total_admin1.get(a1, 0.0) - admin1_mass[g].get(a1, 0.0)
                    s += w.admin1_mass * min(1.0, m) + w.admin1_share * m / others
                if w.nearby and e.lat is not None and e.feature in LOCAL:
                    near = 0.0
                    for h, pts in points.items():
                        if h != g:
                            near += max((p for la, lo, p in pts
                                         if abs(la - e.lat) < 1.5 and distance_km(la, lo, e.lat, e.lon) < NEARBY_KM),
                                        default=0.0)
                    s += w.nearby * min(1.0, near)
                row.append(s)
            new_scores.append(row)
        scores = new_scores
    return _drop_unsupported_lookalikes([pick(i, s) for i, s in enumerate(scores)], cands, group_of, w)


def _claimed_by_others(cands, group_of) -> Iterator[tuple[int, int]]:
    """Candidates reached by an alternate name only, while another name of the text is their own name.

    "Mexico City ... Mexico": the city is called by its own name, so "Mexico" is more likely the country.
    """
    own: dict[int, set[str]] = defaultdict(set)
    for cs, g in zip(cands, group_of):
        for c in cs:
            if c.match == "name":
                own[c.entry.geonameid].add(g)
    for i, (cs, g) in enumerate(zip(cands, group_of)):
        for k, c in enumerate(cs):
            if c.match != "name" and own.get(c.entry.geonameid, set()) - {g}:
                yield i, k


def _drop_unsupported_lookalikes(out: list[Resolution], cands, group_of, w: Weights) -> list[Resolution]:
    """No answer for a name found only by its skeleton key (Saraqeb for Saraqib) unless other names of the
    text lie in its country: alone, such look-alikes are mostly wrong (Cauvery -> Cuvry, France)."""
    chosen: dict[str, str] = {}  # name group -> country of its answer
    for r, g in zip(out, group_of):
        if r.entry is not None and r.entry.country:
            chosen.setdefault(g, r.entry.country)
    support = Counter(chosen.values())
    for i, r in enumerate(out):
        if r.entry is None:
            continue
        match = next((c.match for c in cands[i] if c.entry.geonameid == r.entry.geonameid), None)
        if match != "loose":
            continue
        own = 1 if chosen.get(group_of[i]) == r.entry.country else 0
        if support[r.entry.country] - own < w.loose_support:
            out[i] = Resolution(None)
    return out


# --- Place records ---------------------------------------------------------------------------------

# "northwestern Syria" is a part of a country or province; "eastern Aleppo" is still the city.
REGION_FEATURES = ("country", "admin1", "continent")
_PRECISION = {"country": "country", "admin1": "admin1", "admin2": "admin2", "city": "town", "site": "point",
              "region": "region", "continent": "region", "airport": "point", "sea": "region"}
_FEATURE = {"continent": "region", "airport": "site", "sea": "region"}


def to_place(t: Toponym, e: Entry, gaz: Optional[Gazetteer] = None) -> Place:
    """The output record of a resolved toponym."""
    if t.kind == "direction" and e.feature in REGION_FEATURES:
        return direction_place(t, e, gaz or default_gazetteer())
    return Place(
        text=t.text,
        name=e.name,
        geonameid=None if e.synthetic else e.geonameid,
        country=e.country,
        admin1=e.admin1 if e.feature not in ("country", "continent") else None,
        lat=e.lat,
        lon=e.lon,
        feature=_FEATURE.get(e.feature, e.feature),
        precision=_PRECISION.get(e.feature, "town"),
    )


def direction_place(t: Toponym, e: Entry, gaz: Gazetteer) -> Place:
    """"northwestern Syria": Syria at region precision, its point in that part of the country.

    The part is the matching third of the bounding box of the entry's places (for "northwestern":
    the top third of latitudes and the western third of longitudes); "central" is the middle third.
    """
    dy, dx = DIRECTIONS.get((t.direction or "").lower(), (0, 0))
    lat, lon = e.lat, e.lon
    box = gaz.bbox(e)
    if box is not None:
        s, n, w_, east = box
        lat = s + (n - s) * (0.5 + dy / 3)
        lon = w_ + (east - w_) * (0.5 + dx / 3)
    label = f"{t.direction} {e.name}" if t.direction else e.name
    return Place(
        text=t.text, name=label, geonameid=None, country=e.country,
        admin1=e.name if e.feature == "admin1" else None,
        lat=round(lat, 4) if lat is not None else None, lon=round(lon, 4) if lon is not None else None,
        feature="region", precision="region",
    )


# --- the pipeline stage ---------------------------------------------------------------------------

def geoparse(doc, gaz: Optional[Gazetteer] = None, skip: Sequence[tuple[int, int]] = ()) -> tuple[
        list[PlaceMention], Optional[Place]]:
    """Place mentions of a parsed document and its focus place.

    ``skip`` lists character spans already known to be actors (metonyms) that must not become places.
    """
    gaz = gaz or default_gazetteer()
    toponyms = find_toponyms(doc, gaz, demonyms=True)
    resolved = resolve_toponyms(toponyms, gaz)
    mentions: list[PlaceMention] = []
    country_w: dict[str, float] = defaultdict(float)
    for t, r in zip(toponyms, resolved):
        if r.entry is None:
            continue
        if r.entry.country:
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
        if regional:
            place.text = doc_text(doc)[start:t.end]
        mentions.append(PlaceMention(start, t.end, doc_text(doc)[start:t.end], place))
    focus = None
    if country_w:
        cc = max(country_w, key=country_w.get)
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


@stage("places")
def places_stage(analysis: Analysis) -> None:
    """Resolve the document's place names into ``analysis.places`` and set ``analysis.focus``."""
    skip = [(m.start, m.end) for m in analysis.actors if getattr(m, "metonym", False)]
    mentions, focus = geoparse(analysis.doc, skip=skip)
    analysis.places.extend(mentions)
    if analysis.focus is None:
        analysis.focus = focus


def place_for_token(analysis: Analysis, token) -> Optional[Place]:
    """The location of the event whose trigger is ``token``.

    First a place tied to the trigger (or its clause's verb) by a locative preposition ("killed in
    Idlib", "a meeting in Moscow", "bombings in Idlib"); then the nearest place in the same clause;
    None when the clause names none (the caller falls back to ``analysis.focus``).
    """
    doc = analysis.doc
    if not analysis.places:
        return None
    sent = token.sent
    head = clause_head(token)
    attached = []
    for m in analysis.places:
        if not (sent.start_char <= m.start < sent.end_char):
            continue
        span = span_tokens(doc, m.start, m.end)
        if span is None or len(span) == 0:
            continue
        root = span.root
        prep = _governing_prep(root)
        if prep is None or prep.lower_ not in EVENT_PREPS:
            continue
        gov = prep.head
        if gov.i == token.i or gov.i == head.i or (gov.i in {t.i for t in token.subtree} and gov.pos_ != "VERB"):
            attached.append((tree_distance(token, root), m))
    if attached:
        attached.sort(key=lambda x: x[0])
        return attached[0][1].place
    ranked = ranked_mentions(doc, token, analysis.places)
    for m in ranked:
        span = span_tokens(doc, m.start, m.end)
        if span is not None and clause_head(span.root).i == head.i:
            return m.place
    return None


def _governing_prep(tok):
    """The preposition whose object (possibly via compound/appos/conj) is ``tok``."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj":
            return t.head
        if t.dep_ in ("compound", "appos", "conj", "amod", "nmod") and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


# --- geocoding text (for `sitrep geocode` and quick use) --------------------------------------------

def geocode(text: str, nlp=None, gaz: Optional[Gazetteer] = None) -> tuple[list[PlaceMention], Optional[Place]]:
    """Parse ``text`` and return its resolved place mentions and focus place."""
    from ..nlp import load_nlp

    doc = (nlp or load_nlp())(text)
    return geoparse(doc, gaz)
