"""When two reported events can be the same real-world event, and why.

Each test returns a :class:`Check`: whether the two are compatible, whether that is *positive*
evidence of sameness (the same actor, the same toll, the same words) rather than mere absence of
contradiction, and a reason in words. A missing actor, place or date is *unknown*, never a wildcard.
Fusion merges two events (see :func:`compare`) only when

* their type families agree (checked by the caller),
* their dates overlap within their precision (:func:`compare_dates`),
* their places are known and agree at the most specific level both give, within a distance that
  depends on precision (:func:`compare_places`),
* their actors do not contradict one another (:func:`compare_actor_pairs`),
* and at least one of: a shared actor, figures within 20% of each other (:func:`compare_figures`),
  near-identical evidence text (:func:`compare_texts`), or one town, one stated day (+-1) and one ACLED
  event type with tolls that do not contradict (:func:`compare_place_day_type`).

Near-identical reports of one incident always fuse (same family, overlapping dates, no contradiction),
even when neither names a place. Every comparison records the rules that fired and their values
(:attr:`Comparison.rules`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..geo.distance import distance_km
from ..grammar.dates import default_grammar
from ..model import Actor, DateSpan, Event, EventType, Figure, Place
from ..resources import read_table

# How far apart two places may be and still be where one event happened, by the coarser precision.
RADIUS_KM = {"point": 25.0, "town": 25.0, "admin2": 60.0, "admin1": 150.0, "region": 300.0}
# A report published a day later says "yesterday"; resolvers may be a day off: day spans get this slack.
DAY_SLACK = dt.timedelta(days=1)
# Spans longer than this ("in February") are aggregates: they fuse only with spans as coarse.
SHORT_SPAN_DAYS = 7
# PLOVER types whose actors may be named in either order ("Putin met Erdogan" / "Erdogan met Putin").
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "RETREAT"}
# Two tolls of one kind "agree" when within this share of the larger ("at least 90" / "over 80").
FIGURE_TOLERANCE = 0.20
# Two tolls of one kind are compatible (no contradiction) when the smaller is at least this share of the
# larger: early and late counts of one bombing differ ("at least 50" in the morning, "90" by evening).
TOLL_COMPATIBLE = 0.25
# Place precisions precise enough for a place, a day and a type to tie two reports without a shared actor.
PRECISE = ("point", "town")
# Word-set overlap (over the shorter sentence, numbers and stop words aside) from which two evidence
# sentences are near-identical: the same wire copy, lightly edited; sentences shorter than MIN_WORDS
# content words are never near-identical.
NEAR_IDENTICAL = 0.7
MIN_WORDS = 8
# Shorter sentences (a headline, "This incident took place at a checkpoint.") are near-identical only
# with at least this many content words and the same town or point in both reports.
MIN_SHORT_WORDS = 4
# A copy republished days later counts "today" and "yesterday" from its own publication date: dates
# read relative to publication may be this much further apart between near-identical reports.
REPUBLISHED_SLACK = dt.timedelta(days=2)


@dataclass(frozen=True)
class Check:
    ok: bool
    positive: bool
    reason: str


@functools.lru_cache(maxsize=1)
def families() -> dict[str, str]:
    """PLOVER type -> fusion family, from ``data/fuse/families.tsv``."""
    table: dict[str, str] = {}
    for row in read_table("fuse", "families.tsv"):
        plover, family = row[:2]
        table[plover.strip().upper()] = family.strip()
    return table


def family_of(etype: EventType) -> Optional[str]:
    """The fusion family of an event type: from PLOVER, else the CAMEO root, else ACLED's type."""
    if etype.plover:
        return families().get(etype.plover.upper(), etype.plover.lower())
    if etype.cameo:
        return "cameo:" + etype.cameo[:2]
    if etype.acled_event_type:
        return "acled:" + etype.acled_event_type
    return None


# --- dates -------------------------------------------------------------------------------------------

def span_bounds(d: DateSpan) -> tuple[dt.date, dt.date]:
    if d.start is None or d.end is None:  # fusion compares known dates only (see fuse._event_date)
        raise ValueError(f"a date of unknown precision has no days: {d.text!r}")
    return _parse_span(d.start[:10], d.end[:10])


@functools.lru_cache(maxsize=65536)
def _parse_span(start: str, end: str) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def span_days(d: DateSpan) -> int:
    start, end = span_bounds(d)
    return (end - start).days + 1


@functools.lru_cache(maxsize=1)
def _relative_words() -> "re.Pattern[str]":
    """Words that count a date from the day a report was written: "today", "yesterday", "last night",
    "on Tuesday", "recently", "ago", "this week" (from the date grammar's vocabulary)."""
    v = default_grammar().v
    phrases = [p for table in (v.relative_days, v.recent, v.weekdays) for p in table if not p.startswith("_")]
    phrases += ["ago", "last", "this", "past"]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


def relative_to_publication(d: DateSpan) -> bool:
    """Is ``d`` read relative to the publication date (or inferred from it: no words)? Such a date
    moves with the publication date when a report is republished."""
    return d.text is None or bool(_relative_words().search(d.text.casefold()))


def compare_dates(a: DateSpan, b: DateSpan, extra: dt.timedelta = dt.timedelta(0)) -> Check:
    """Dates overlap within their precision: spans of a week or less with a day's slack (plus
    ``extra``), longer spans (aggregates) only with one another and without slack."""
    (sa, ea), (sb, eb) = span_bounds(a), span_bounds(b)
    short_a, short_b = span_days(a) <= SHORT_SPAN_DAYS, span_days(b) <= SHORT_SPAN_DAYS
    if short_a != short_b:
        return Check(False, False, f"dates of different grain ({a.start}..{a.end} vs {b.start}..{b.end})")
    slack = DAY_SLACK + extra if short_a else dt.timedelta(0)
    if sa <= eb + slack and sb <= ea + slack:
        if (sa, ea) == (sb, eb):
            return Check(True, True, f"same date {a.start}" + ("" if sa == ea else f"..{a.end}"))
        return Check(True, False, f"dates overlap ({a.start}..{a.end} / {b.start}..{b.end})")
    return Check(False, False, f"dates apart ({a.start}..{a.end} vs {b.start}..{b.end})")


# --- places ------------------------------------------------------------------------------------------

def _norm(name: Optional[str]) -> str:
    return (name or "").casefold().replace("governorate", "").replace("province", "").strip(" -")


def _label(p: Place) -> str:
    return p.name or p.text


def compare_places(a: Optional[Place], b: Optional[Place]) -> Check:
    """Places agree at the most specific level both give: a country with a town of that country
    agrees (as little evidence); two towns agree within a radius that depends on the coarser
    precision. An unknown place is not agreement."""
    if a is None or b is None:
        return Check(False, False, "place unknown in one report")
    if a.country and b.country and a.country != b.country:
        return Check(False, False, f"different countries ({a.country} / {b.country})")
    coarse = {a.precision, b.precision}
    if "country" in coarse or (a.lat is None and not a.admin1) or (b.lat is None and not b.admin1):
        # a country (or an unplaced name) says little: it may hold many events of one day
        if a.country and a.country == b.country:
            return Check(True, False, f"same country {a.country} (a place known only to country level)")
        return Check(True, False, "place too vague to compare")
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return Check(True, True, f"same place {_label(a)}")
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        radius = max(RADIUS_KM.get(a.precision or "town", 25.0), RADIUS_KM.get(b.precision or "town", 25.0))
        if km <= radius:
            return Check(True, True, f"places {km:.0f} km apart ({_label(a)} / {_label(b)}, within {radius:.0f} km)")
        if not (a.admin1 and _norm(a.admin1) == _norm(b.admin1)):
            return Check(False, False, f"places {km:.0f} km apart ({_label(a)} / {_label(b)})")
    if a.admin1 and b.admin1:
        if _norm(a.admin1) == _norm(b.admin1):
            return Check(True, True, f"same admin1 {a.admin1} ({_label(a)} / {_label(b)})")
        return Check(False, False, f"different admin1 ({a.admin1} / {b.admin1})")
    if _norm(_label(a)) == _norm(_label(b)):
        return Check(True, True, f"same place name {_label(a)}")
    return Check(False, False, f"places not comparable ({_label(a)} / {_label(b)})")


# --- actors ------------------------------------------------------------------------------------------

def _actor_label(a: Actor) -> str:
    return a.code or a.country or a.name or a.text


def compare_actors(a: Optional[Actor], b: Optional[Actor]) -> Check:
    if a is None or b is None:
        return Check(True, False, "actor unknown in one report")
    if a.code and b.code:
        if a.code == b.code or a.code.startswith(b.code) or b.code.startswith(a.code):
            return Check(True, True, f"same actor {a.code if len(a.code) >= len(b.code) else b.code}")
    if a.country and b.country:
        if a.country != b.country:
            return Check(False, False, f"different actors ({_actor_label(a)} / {_actor_label(b)})")
        if a.sector and b.sector and a.sector != b.sector and {a.sector, b.sector} & {"CVL", "REB", "IGO"}:
            return Check(False, False, f"different actors ({_actor_label(a)} / {_actor_label(b)})")
        return Check(True, True, f"same country actor {a.country}")
    if a.name and b.name and a.name.casefold() == b.name.casefold():
        return Check(True, True, f"same actor {a.name}")
    if a.sector and b.sector and a.sector != b.sector:
        return Check(False, False, f"different actors ({_actor_label(a)} / {_actor_label(b)})")
    return Check(True, False, f"actors compatible ({_actor_label(a)} / {_actor_label(b)})")


def _pair(a1, a2, b1, b2, label: str) -> tuple[Check, Check, str]:
    c1, c2 = compare_actors(a1, b1), compare_actors(a2, b2)
    return c1, c2, label


def compare_actor_pairs(a: Event, b: Event) -> tuple[bool, int, list[str]]:
    """Actors of two events: (compatible, number of positive matches, reasons)."""
    options = [_pair(a.actor1, a.actor2, b.actor1, b.actor2, "")]
    if (a.type.plover or "").upper() in SYMMETRIC:
        options.append(_pair(a.actor1, a.actor2, b.actor2, b.actor1, " (actors named in the other order)"))
    best = None
    for c1, c2, note in options:
        if not (c1.ok and c2.ok):
            continue
        score = int(c1.positive) + int(c2.positive)
        if best is None or score > best[1]:
            best = (True, score, [f"actor1: {c1.reason}{note}", f"actor2: {c2.reason}"])
    if best is None:
        c1, c2, _ = options[0]
        bad = c1 if not c1.ok else c2
        return False, 0, [bad.reason]
    return best


# --- figures and words ------------------------------------------------------------------------------

def _toll(figures: Sequence[Figure], kind: str) -> Optional[int]:
    values = [f.value if f.value is not None else (f.low or f.high) for f in figures
              if f.kind == kind and not f.cumulative]
    present = [v for v in values if v]
    return max(present) if present else None


def compare_figures(a: Sequence[Figure], b: Sequence[Figure]) -> Check:
    """Positive when a toll both give (killed, injured, ...) is within 20% of the larger; a toll far
    apart is no contradiction (early and late counts of one strike differ), just no evidence."""
    kinds = sorted({f.kind for f in a} & {f.kind for f in b})
    for kind in kinds:
        x, y = _toll(a, kind), _toll(b, kind)
        if x and y and abs(x - y) <= FIGURE_TOLERANCE * max(x, y):
            return Check(True, True, f"{kind} {x} / {y} within {FIGURE_TOLERANCE:.0%}")
    return Check(True, False, "no toll within 20%" if kinds else "no toll in both")


def tolls_compatible(a: Sequence[Figure], b: Sequence[Figure]) -> bool:
    """No toll of one kind in both reports is more than four times the other."""
    for kind in {f.kind for f in a} & {f.kind for f in b}:
        x, y = _toll(a, kind), _toll(b, kind)
        if x and y and min(x, y) < TOLL_COMPATIBLE * max(x, y):
            return False
    return True


def _same_spot(a: Optional[Place], b: Optional[Place]) -> Optional[str]:
    """The place two events share at town precision or finer: one resolved place, or two within the
    town radius; None otherwise."""
    if a is None or b is None or a.precision not in PRECISE or b.precision not in PRECISE:
        return None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return f"same place {_label(a)}"
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    km = distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    return f"places {km:.0f} km apart ({_label(a)} / {_label(b)})" if km <= RADIUS_KM["town"] else None


def compare_place_day_type(a: Event, a_date: DateSpan, b: Event, b_date: DateSpan,
                           a_figures: Sequence[Figure], b_figures: Sequence[Figure]) -> Check:
    """Positive when two events share a town (or a point within it), a stated day (one day apart at
    most), the same ACLED event type, and tolls that do not contradict: how an analyst matches two
    sources of one incident that name different actors (or none) and give different early tolls."""
    spot = _same_spot(a.location, b.location)
    acled = a.type.acled_event_type
    if spot is None or not acled or acled != b.type.acled_event_type:
        return Check(True, False, "no shared town, day and type")
    if a_date.precision != "day" or b_date.precision != "day":
        return Check(True, False, "no stated day in both")
    (sa, _), (sb, _) = span_bounds(a_date), span_bounds(b_date)
    if abs((sa - sb).days) > DAY_SLACK.days or not tolls_compatible(a_figures, b_figures):
        return Check(True, False, "no shared town, day and type")
    return Check(True, True, f"{spot}, day {sa.isoformat()} / {sb.isoformat()}, type {acled}")


_WORD = re.compile(r"[a-z]+")
_STOP = frozenset("the a an of in on at to and or by for with from was were is are has have had been be that "
                  "this it its as said says".split())


@functools.lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    """Numbers written as words ("six", "twenty"), from the date grammar's vocabulary: numbers aside."""
    return frozenset(w for phrase in default_grammar().v.numbers for w in _WORD.findall(phrase))


def _words(text: Optional[str]) -> frozenset[str]:
    numbers = _number_words()
    return frozenset(w for w in _WORD.findall((text or "").casefold()) if w not in _STOP and w not in numbers)


def text_similarity(a: Optional[str], b: Optional[str], min_words: int = MIN_WORDS) -> float:
    """Overlap of the content words of two sentences, over the shorter one's (numbers aside, so "90"
    and "ninety" are the same; a headline run into the lead does not dilute it). Sentences of fewer
    than ``min_words`` content words score 0: short phrases are shared by many reports."""
    wa, wb = _words(a), _words(b)
    if min(len(wa), len(wb)) < min_words:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _evidence(e: Event) -> Optional[str]:
    return e.evidence.text if e.evidence else None


def compare_texts(a: Event, b: Event) -> Check:
    sim = text_similarity(_evidence(a), _evidence(b))
    return Check(True, sim >= NEAR_IDENTICAL, f"evidence words overlap {sim:.2f}")


def compare_short_texts(a: Event, b: Event) -> Check:
    """Short sentences (a headline, a one-line update) are near-identical when their content words
    agree as closely as long ones' and both reports place them in one town (or at one point)."""
    sim = text_similarity(_evidence(a), _evidence(b), MIN_SHORT_WORDS)
    spot = _same_spot(a.location, b.location)
    ok = sim >= NEAR_IDENTICAL and spot is not None
    return Check(True, ok, f"short evidence words overlap {sim:.2f}" + (f", {spot}" if spot else ", no shared town"))


def near_identical_texts(a: Event, b: Event) -> Check:
    """Near-identical evidence: long sentences on their words, short ones on their words and town."""
    t = compare_texts(a, b)
    return t if t.positive else compare_short_texts(a, b)


@dataclass
class Comparison:
    ok: bool
    score: int
    reasons: list[str]
    rules: dict[str, str] = field(default_factory=dict)  # rule -> its value, for every rule that fired
    # not ok only for want of positive evidence (nothing contradicts): a report may still join a group
    # that another of its reports ties it to (see sitrep.fuse.fuse)
    unproven: bool = False


def _near_identical(a: Event, a_date: DateSpan, b: Event, b_date: DateSpan) -> Optional[Comparison]:
    """Near-identical evidence with overlapping dates and no contradiction of place or actors: fuse.
    Dates read from the publication date ("today", inferred) get the slack of a republished copy."""
    t = near_identical_texts(a, b)
    extra = REPUBLISHED_SLACK if relative_to_publication(a_date) or relative_to_publication(b_date) else dt.timedelta(0)
    d = compare_dates(a_date, b_date, extra)
    if not (t.positive and d.ok):
        return None
    p = compare_places(a.location, b.location)
    if a.location is not None and b.location is not None and not p.ok:
        return None
    actors_ok, actor_score, actor_reasons = compare_actor_pairs(a, b)
    if not actors_ok:
        return None
    rules = {"text": t.reason, "dates": d.reason, "place": p.reason}
    return Comparison(True, 3 + actor_score + int(d.positive), [d.reason, t.reason, p.reason, *actor_reasons], rules)


def compare(a: Event, a_date: DateSpan, b: Event, b_date: DateSpan,
            a_figures: Sequence[Figure] = (), b_figures: Sequence[Figure] = ()) -> Comparison:
    """Can ``a`` and ``b`` be one event? Both must be of one family (checked by the caller)."""
    near = _near_identical(a, a_date, b, b_date)
    if near is not None:
        return near
    d = compare_dates(a_date, b_date)
    if not d.ok:
        return Comparison(False, 0, [d.reason])
    p = compare_places(a.location, b.location)
    if not p.ok:
        return Comparison(False, 0, [p.reason])
    actors_ok, actor_score, actor_reasons = compare_actor_pairs(a, b)
    if not actors_ok:
        return Comparison(False, 0, actor_reasons)
    fa, fb = list(a_figures) or a.figures, list(b_figures) or b.figures
    f = compare_figures(fa, fb)
    spot = compare_place_day_type(a, a_date, b, b_date, fa, fb)
    if actor_score == 0 and not f.positive and not spot.positive:
        return Comparison(False, 0, [p.reason, f.reason, "no shared actor, toll, wording or town, day and type to "
                                     "tie the reports"], unproven=tolls_compatible(fa, fb))
    rules = {"dates": d.reason, "place": p.reason, "figures": f.reason}
    if actor_score:
        rules["actors"] = "; ".join(actor_reasons)
    if spot.positive:
        rules["place_day_type"] = spot.reason
    score = 2 * int(p.positive) + actor_score + int(d.positive) + 2 * int(f.positive)
    return Comparison(True, score, [d.reason, p.reason, *actor_reasons, f.reason], rules)
