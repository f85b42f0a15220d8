"""Resolution: every gazetteer candidate of a toponym scored by a prior and the document's context
(:func:`resolve_toponyms`), and the :class:`~sitrep.model.Place` records made from the winners."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence, cast

from ..model import Place
from .distance import distance_km
from .focus import Focus, focus_bonus, focus_without, mention_votes
from .gazetteer import (
    CITY_WORDS,
    Candidate,
    Entry,
    Gazetteer,
    default_gazetteer,
    fold,
    lookup_keys,
    normalize,
)
from .toponyms import DIRECTIONS, Toponym

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
    city_apart: float = 3.0  # "New York" in a text that also says "New York City": the state
    focus_country: float = 1.0  # a candidate in the country most other mentions lie in (see geo.focus)
    focus_admin1: float = 1.0  # ... and in the admin-1 region most of those mentions lie in
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
    match: Optional[str] = None  # how the name matched the chosen entry ("name", "alt", "part", ...)


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


def _priors(t: Toponym, cands: list, w: Weights) -> list[float]:
    """The prior of each candidate of ``t`` (the seats among them found once)."""
    seats = _seats(cands, w.seat_share)
    return [_prior(t, c, w, seats) for c in cands]


_STATE_WORDS = {"republic", "kingdom", "emirate", "state", "federation", "sultanate", "principality"}


def _seats(cands: list, share: float) -> set[int]:
    """Admin regions among ``cands`` that contain a same-named city candidate (Moscow, Damascus).

    A city matched by another of its names counts only when it holds a good part of the region's people:
    "New York" is New York City, but "Montana" is the state, though Montana City lies in it.
    """
    admins = [c.entry for c in cands if c.entry.feature in ("admin1", "admin2")]
    if not admins:
        return set()
    pops = {e.geonameid: e.population for e in admins}
    by_admin1, by_admin2, by_name = _seat_cities(cands)
    out = set()
    for e in admins:
        floor = share * pops.get(e.geonameid, 0)
        # the region around a same-named town, or a state named like the national capital
        hits = ((by_admin1 if e.feature == "admin1" else by_admin2).get(e.geonameid),
                by_name.get((e.country, normalize(e.name, strip_admin=True))))
        if any(h is not None and (h[0] or (h[1] is not None and not h[1] < floor)) for h in hits):
            out.add(e.geonameid)
    return out


_CityIndex = dict[object, tuple[bool, Optional[int]]]


def _seat_cities(cands: list) -> tuple[_CityIndex, _CityIndex, _CityIndex]:
    """The city candidates a region may be the seat of, indexed by their admin1 id, their admin2 id and
    (country, name key) for those outside any county or capitals: for each key, whether a city there
    matched by its own name, and the largest population of those matched otherwise (None: none)."""
    indexes: tuple[_CityIndex, _CityIndex, _CityIndex] = ({}, {}, {})
    for c in cands:
        x = c.entry
        if x.feature != "city":
            continue
        keys: list[object] = [x.admin1_id, x.admin2_id]
        if x.admin2_id is None or x.capital:
            keys.append((x.country, normalize(x.name)))
        for index, key in zip(indexes, keys):
            named, top = index.get(key, (False, None))
            if c.match == "name":
                named = True
            else:
                top = x.population if top is None else max(top, x.population)
            index[key] = (named, top)
    return indexes


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
    ids, inner = _hierarchy_index(toponyms, cands, group_of)
    for i, (t, cs, g) in enumerate(zip(toponyms, cands, group_of)):
        if t.kind == "demonym":
            continue
        for k, c in enumerate(cs):
            bonus = _hierarchy_bonus(c.entry, g, ids, inner, w)
            if bonus:
                yield i, k, bonus


def _hierarchy_index(toponyms, cands, group_of) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Per name group: the ids of its county candidates, and the counties its town candidates lie in."""
    ids: dict[str, set[int]] = defaultdict(set)
    inner: dict[str, set[int]] = defaultdict(set)
    for t, cs, g in zip(toponyms, cands, group_of):
        if t.kind == "demonym":
            continue
        for c in cs:
            e = c.entry
            if e.feature == "admin2":
                ids[g].add(e.geonameid)
            elif e.feature in ("city", "site") and e.admin2_id:
                inner[g].add(e.admin2_id)
    return ids, inner


def _hierarchy_bonus(e: Entry, g: str, ids, inner, w: Weights) -> float:
    """``w.contained`` for a county holding another name's town or a town in another name's county,
    ``w.sibling`` for a town in the same county as another name's town, else 0."""
    if e.feature == "admin2":
        return w.contained if any(e.geonameid in v for h, v in inner.items() if h != g) else 0.0
    if e.feature in ("city", "site") and e.admin2_id:
        if any(e.admin2_id in v for h, v in ids.items() if h != g):
            return w.contained
        if any(e.admin2_id in v for h, v in inner.items() if h != g):
            return w.sibling
    return 0.0


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
    add_focus_lookalikes(toponyms, cands, gaz)
    base = [_priors(t, cs, w) for t, cs in zip(toponyms, cands)]
    _apply_containers(toponyms, cands, base, w)
    # names: repeats of one name share a belief
    group_of = [name_group(t) for t in toponyms]
    if w.contained or w.sibling:
        for i, k, bonus in _hierarchy_links(toponyms, cands, group_of, w):
            base[i][k] += bonus
    if w.claimed:
        for i, k in _claimed_by_others(cands, group_of):
            base[i][k] += w.claimed
    if w.city_apart:
        for i, k in regions_named_apart_from_city(toponyms, cands, group_of):
            base[i][k] += w.city_apart
    ctx = _Context(toponyms, cands, group_of, w)
    scores = [list(b) for b in base]
    for _ in range(max(0, w.rounds)):
        scores = ctx.round(base, scores)
    out = [_pick(cands[i], s) for i, s in enumerate(scores)]
    if w.focus_country or w.focus_admin1:
        out = _prefer_focus(toponyms, cands, scores, out, group_of, w)
    return _drop_unsupported_lookalikes(out, cands, group_of, w)


def _prefer_focus(toponyms: Sequence[Toponym], cands, scores, out: list[Resolution], group_of: list[str],
                  w: Weights) -> list[Resolution]:
    """Each name picked again with a bonus for its candidates in the focus country and admin-1 region of
    the document's other mentions (:mod:`sitrep.geo.focus`): "Dublin" among Ohio towns is Dublin, Ohio."""
    votes = mention_votes([r.entry for r in out], [r.match for r in out], group_of, [t.kind for t in toponyms])
    focus_of: dict[str, Focus] = {}
    for i, g in enumerate(group_of):
        if toponyms[i].kind != "name" or len(cands[i]) < 2:
            continue
        if g not in focus_of:
            focus_of[g] = focus_without(votes, g)
        focus = focus_of[g]
        row = [s + focus_bonus(c.entry, focus, w.focus_country, w.focus_admin1)
               for c, s in zip(cands[i], scores[i])]
        out[i] = _pick(cands[i], row)
    return out


def name_group(t: Toponym) -> str:
    """The belief group of a toponym: repeats of a name, with or without a town word ("Dublin", "Dublin
    City", "Dublin Village"), are one name and do not vote for each other's places."""
    words = fold(t.text).split()
    if len(words) > 1 and words[-1] in CITY_WORDS:
        words = words[:-1]
    return f"{t.kind}:{' '.join(words)}"


def regions_named_apart_from_city(toponyms: Sequence[Toponym], cands, group_of: list[str]) -> Iterator[tuple[int, int]]:
    """The region candidates of a bare name whose town the text names apart with a town word: "New York
    City ... New York", "Quebec City ... Quebec": the bare name is then the state or province."""
    words = [fold(t.text).split() for t in toponyms]
    with_word = {g for ws, g in zip(words, group_of) if len(ws) > 1 and ws[-1] in CITY_WORDS}
    for i, (ws, g) in enumerate(zip(words, group_of)):
        if g not in with_word or not ws or ws[-1] in CITY_WORDS:
            continue
        for k, c in enumerate(cands[i]):
            if c.entry.feature == "admin1":
                yield i, k


def add_focus_lookalikes(toponyms: Sequence[Toponym], cands: list[list[Candidate]], gaz: Gazetteer) -> None:
    """A name whose candidates all lie outside the countries the text names also gets the look-alikes
    (same skeleton key, similar spelling) inside them: "Sarman" in a report on Idlib, Syria is Sarmin
    (Syria), not Sarmanovo (Tatarstan, alternate name "Sarman"). The resolver then weighs them all."""
    named = {c.entry.country for t, cs in zip(toponyms, cands) for c in cs
             if (t.kind == "demonym" or (c.entry.feature == "country" and c.match in ("name", "alt", "abbr")))
             and c.entry.country}
    if not named:
        return
    lookalikes: dict[str, list[Candidate]] = {}  # per name, looked up once in the document
    for t, cs in zip(toponyms, cands):
        if t.kind != "name" or not cs or any(c.entry.country in named for c in cs):
            continue
        have = {c.entry.geonameid for c in cs}
        if t.text not in lookalikes:
            lookalikes[t.text] = gaz._lookalikes(lookup_keys(t.text))
        cs.extend(c for c in lookalikes[t.text]
                  if c.entry.country in named and c.entry.geonameid not in have and c.entry.feature != "country")


def _pick(cands: list[Candidate], scores: list[float]) -> Resolution:
    """The best-scoring candidate, with its margin over the runner-up."""
    if not scores:
        return Resolution(None)
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    best = order[0]
    margin = scores[best] - scores[order[1]] if len(order) > 1 else 10.0
    return Resolution(cands[best].entry, scores[best], margin, cands[best].match)


def _apply_containers(toponyms: Sequence[Toponym], cands, base, w: Weights) -> None:
    """"Alexandria, La.": once "La." is resolved on its prior, candidates inside it gain, others lose."""
    first = [_pick(cands[i], p) for i, p in enumerate(base)]
    for i, t in enumerate(toponyms):
        j = t.within
        container = first[j].entry if j is not None and j < len(first) else None
        if container is not None:
            for k, c in enumerate(cands[i]):
                base[i][k] += w.within if _inside(c.entry, container) else w.within_miss


class _Context:
    """One round of document context: each name's belief over its candidates votes for the countries,
    admin-1 regions and points of the *other* names' candidates."""

    def __init__(self, toponyms: Sequence[Toponym], cands, group_of: list[str], w: Weights) -> None:
        self.toponyms, self.cands, self.group_of, self.w = toponyms, cands, group_of, w
        self.groups = sorted(set(group_of))

    def round(self, base, scores) -> list[list[float]]:
        country_mass, admin1_mass, seen = self._masses(scores)
        total_country: dict[str, float] = defaultdict(float)
        total_admin1: dict[int, float] = defaultdict(float)
        for g in self.groups:
            for k, v in country_mass[g].items():
                total_country[k] += v
            for k, v in admin1_mass[g].items():
                total_admin1[k] += v
        points = _Near(self._points(scores) if self.w.nearby else {})
        new_scores = []
        for i in range(len(self.toponyms)):
            g = self.group_of[i]
            others = max(1, len(seen) - (1 if g in seen else 0))
            row = []
            for k, c in enumerate(self.cands[i]):
                s = self._country_admin1(base[i][k], c.entry, g, others, (country_mass, total_country),
                                         (admin1_mass, total_admin1))
                row.append(s + self._nearby(c.entry, g, points))
            new_scores.append(row)
        return new_scores

    def _masses(self, scores) -> tuple[dict, dict, set[str]]:
        """Each name group's belief mass per country and per admin-1 region (demonyms at a lower weight)."""
        w = self.w
        country_mass: dict[str, dict[str, float]] = {g: defaultdict(float) for g in self.groups}
        admin1_mass: dict[str, dict[int, float]] = {g: defaultdict(float) for g in self.groups}
        seen: set[str] = set()
        for i, t in enumerate(self.toponyms):
            g = self.group_of[i]
            if g in seen or not self.cands[i]:
                continue
            seen.add(g)
            weight = w.demonym_weight if t.kind == "demonym" else 1.0
            for c, p in zip(self.cands[i], _softmax(scores[i], w.temperature)):
                if c.entry.country:
                    country_mass[g][c.entry.country] += weight * p
                a1 = _admin1_of(c.entry)
                if a1:
                    admin1_mass[g][a1] += weight * p
        return country_mass, admin1_mass, seen

    def _points(self, scores) -> dict[str, list[tuple[float, float, float]]]:
        """The points each name most believes in (for nearness between towns and small regions)."""
        points: dict[str, list[tuple[float, float, float]]] = {}
        for i, t in enumerate(self.toponyms):
            g = self.group_of[i]
            if g in points or not self.cands[i] or t.kind == "demonym":
                continue
            probs = _softmax(scores[i], self.w.temperature)
            top = sorted(range(len(probs)), key=lambda k: -probs[k])[:NEARBY_TOP]
            cs = self.cands[i]
            points[g] = [(cs[k].entry.lat, cs[k].entry.lon, probs[k]) for k in top
                         if cs[k].entry.lat is not None and cs[k].entry.feature in LOCAL]
        return points

    def _country_admin1(self, s: float, e: Entry, g: str, others: int, country, admin1) -> float:
        """``s`` plus what the other names' belief in ``e``'s country and admin-1 region adds to it."""
        w = self.w
        if e.country:
            m = country[1].get(e.country, 0.0) - country[0][g].get(e.country, 0.0)
            s += w.country_mass * min(1.0, m) + w.country_share * m / others
        a1 = _admin1_of(e)
        if a1:
            m = admin1[1].get(a1, 0.0) - admin1[0][g].get(a1, 0.0)
            s += w.admin1_mass * min(1.0, m) + w.admin1_share * m / others
        return s

    def _nearby(self, e: Entry, g: str, points: "_Near") -> float:
        """What the other names' belief in towns within NEARBY_KM of ``e`` adds to it."""
        if not self.w.nearby or e.lat is None or e.feature not in LOCAL:
            return 0.0
        return self.w.nearby * min(1.0, points.near(e.lat, cast(float, e.lon), g))


# A point within NEARBY_KM lies within this many degrees of latitude (the great-circle distance is at
# least the difference in latitude), with a margin: points farther north or south are never looked at.
_NEAR_LAT = math.degrees(NEARBY_KM / 6371.0) * 1.05


class _Near:
    """The points each name most believes in (:meth:`_Context._points`), sorted by latitude, so that a
    candidate looks only at those near its own latitude."""

    def __init__(self, points: dict[str, list[tuple[float, float, float]]]) -> None:
        rows = [(la, lo, p, rank, h) for rank, (h, pts) in enumerate(points.items()) for la, lo, p in pts]
        self.rows = sorted(rows, key=lambda r: r[0])
        self.lats = [r[0] for r in self.rows]
        self.memo: dict[tuple[float, float, str], float] = {}  # repeats of a name share their candidates

    def near(self, lat: float, lon: float, g: str) -> float:
        """The sum over the names other than ``g`` of the largest belief each puts in a point within
        NEARBY_KM of (lat, lon), added in the names' order."""
        if (lat, lon, g) not in self.memo:
            self.memo[(lat, lon, g)] = self._near(lat, lon, g)
        return self.memo[(lat, lon, g)]

    def _near(self, lat: float, lon: float, g: str) -> float:
        window = min(1.5, _NEAR_LAT)
        best: dict[int, float] = {}
        for la, lo, p, rank, h in self.rows[bisect_left(self.lats, lat - window):
                                            bisect_right(self.lats, lat + window)]:
            if h != g and abs(la - lat) < 1.5 and distance_km(la, lo, lat, lon) < NEARBY_KM:
                best[rank] = max(best[rank], p) if rank in best else p
        near = 0.0
        for rank in sorted(best):
            near += best[rank]
        return near


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
        if support[r.entry.country or ""] - own < w.loose_support:
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


