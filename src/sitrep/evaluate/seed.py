"""The ``seed`` suite: which of an analyst's expected facts Sitrep finds in the founding example.

The expected facts (``../shared/seed/idlib-2020-03-05.expected.json``) are matched on codes, countries,
dates, numbers and places, never on wording. Each fact lists constraints by key; a fact is found when one
extracted item satisfies every constraint. For a missed fact, :class:`Outcome` lists the constraints the
closest candidate failed, so a regression names the field that broke.

Event keys: ``plover`` (str or list; an event's type matches when its PLOVER type is listed *or* its CAMEO
code starts with one of ``cameo_prefix``), ``acled_sub_event``, ``actor1_country``, ``actor2_country``,
``actor2_sector``, ``actor2_code_prefix``, ``actor_countries`` (both, any order), ``location_contains``,
``location_not_contains``, ``location_country``, ``date_start``, ``date_start_any``, ``date_start_range``,
``date_precision`` and nested ``figures``. Figures: ``kind`` (str or list), ``value``, ``approximate``,
``group``, ``actor_country``, ``actor_sector``, ``location_*``, ``date_*``, ``includes``; a figure inside
an event takes the event's place and date when it has none. Relations: ``kind``, ``actor1_country``,
``actor2_country``, ``actor2_sector``, ``actor_countries``. Places: ``text``, ``country``, ``lat``/``lon``
within ``tolerance_km``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from ..geo.distance import distance_km
from ..model import Event, Figure, Place, Relation, Result

SECTIONS = ("events", "figures", "relations", "places")


@dataclass
class Outcome:
    section: str
    id: str
    level: str  # "must" or "should"
    what: str
    matched: bool
    problems: list[str] = field(default_factory=list)  # constraints the closest candidate failed


def _as_list(v) -> list:
    return v if isinstance(v, list) else [v]


def _group(g: Optional[str]) -> str:
    g = (g or "").strip().lower()
    irregular = {"children": "child", "people": "person", "men": "man", "women": "woman"}
    if g in irregular:
        return irregular[g]
    return g[:-1] if g.endswith("s") and not g.endswith("ss") else g


def _contains(place: Optional[Place], text: str) -> bool:
    if place is None:
        return False
    t = text.lower()
    return any(t in (s or "").lower() for s in (place.name, place.text, place.admin1))


def _country(a) -> Optional[str]:
    return getattr(a, "country", None) if a is not None else None


def _date_checks(exp: dict, date, problems: list[str]) -> None:
    start = date.start if date else None
    if "date_start" in exp and start != exp["date_start"]:
        problems.append(f"date_start {start} != {exp['date_start']}")
    if "date_start_any" in exp and start not in exp["date_start_any"]:
        problems.append(f"date_start {start} not in {exp['date_start_any']}")
    if "date_start_range" in exp:
        lo, hi = exp["date_start_range"]
        if start is None or not lo <= start <= hi:
            problems.append(f"date_start {start} not in [{lo}, {hi}]")
    if "date_end" in exp and (date.end if date else None) != exp["date_end"]:
        problems.append(f"date_end {date.end if date else None} != {exp['date_end']}")
    if "date_precision" in exp and (date.precision if date else None) != exp["date_precision"]:
        problems.append(f"date_precision {date.precision if date else None} != {exp['date_precision']}")


def _place_checks(exp: dict, place: Optional[Place], problems: list[str]) -> None:
    if "location_contains" in exp and not _contains(place, exp["location_contains"]):
        problems.append(f"location {place.name if place else None!r} lacks {exp['location_contains']!r}")
    if "location_not_contains" in exp and _contains(place, exp["location_not_contains"]):
        assert place is not None  # _contains is False without a place
        problems.append(f"location {place.name!r} should not be {exp['location_not_contains']!r}")
    if "location_country" in exp and _country(place) != exp["location_country"]:
        problems.append(f"location_country {_country(place)} != {exp['location_country']}")


def figure_problems(exp: dict, fig: Figure, event: Optional[Event] = None) -> list[str]:
    p: list[str] = []
    if "kind" in exp and fig.kind not in _as_list(exp["kind"]):
        p.append(f"kind {fig.kind} not in {_as_list(exp['kind'])}")
    if "value" in exp and fig.value != exp["value"]:
        p.append(f"value {fig.value} != {exp['value']}")
    if "approximate" in exp and bool(fig.approximate) != bool(exp["approximate"]):
        p.append(f"approximate {fig.approximate} != {exp['approximate']}")
    if "group" in exp and _group(fig.group) != _group(exp["group"]):
        p.append(f"group {fig.group!r} != {exp['group']!r}")
    if "actor_country" in exp and _country(fig.actor) != exp["actor_country"]:
        p.append(f"actor_country {_country(fig.actor)} != {exp['actor_country']}")
    if "actor_sector" in exp and (fig.actor.sector if fig.actor else None) != exp["actor_sector"]:
        p.append(f"actor_sector {fig.actor.sector if fig.actor else None} != {exp['actor_sector']}")
    place = fig.location or (event.location if event else None)
    date = fig.date or (event.date if event else None)
    _place_checks(exp, place, p)
    _date_checks(exp, date, p)
    for inc in exp.get("includes", []):
        if not any(_group(i.group) == _group(inc.get("group")) and ("value" not in inc or i.value == inc["value"])
                   for i in fig.includes):
            p.append(f"includes lacks {inc}")
    return p


def event_problems(exp: dict, e: Event) -> list[str]:
    p: list[str] = []
    if "plover" in exp or "cameo_prefix" in exp:
        plovers = _as_list(exp.get("plover", []))
        prefixes = _as_list(exp.get("cameo_prefix", []))
        ok = e.type.plover in plovers or any((e.type.cameo or "").startswith(x) for x in prefixes)
        if not ok:
            p.append(f"type {e.type.plover}/{e.type.cameo} not {plovers or ''}{prefixes or ''}")
    if "acled_sub_event" in exp and e.type.acled_sub_event_type != exp["acled_sub_event"]:
        p.append(f"acled_sub_event {e.type.acled_sub_event_type!r} != {exp['acled_sub_event']!r}")
    for key, actor, attr in (("actor1_country", e.actor1, "country"), ("actor2_country", e.actor2, "country"),
                             ("actor1_sector", e.actor1, "sector"), ("actor2_sector", e.actor2, "sector")):
        if key in exp and getattr(actor, attr, None) != exp[key]:
            p.append(f"{key} {getattr(actor, attr, None)} != {exp[key]}")
    if "actor2_code_prefix" in exp and not ((e.actor2.code if e.actor2 else None) or "").startswith(
        exp["actor2_code_prefix"]
    ):
        p.append(f"actor2 code {e.actor2.code if e.actor2 else None} lacks prefix {exp['actor2_code_prefix']}")
    if "actor_countries" in exp:
        have = {_country(e.actor1), _country(e.actor2)}
        if not set(exp["actor_countries"]) <= have:
            p.append(f"actor countries {sorted(str(x) for x in have)} lack {exp['actor_countries']}")
    _place_checks(exp, e.location, p)
    _date_checks(exp, e.date, p)
    for fexp in exp.get("figures", []):
        if not any(not figure_problems(fexp, f, e) for f in e.figures):
            best = _closest([figure_problems(fexp, f, e) for f in e.figures])
            p.append(
                f"figure {fexp.get('kind')} {fexp.get('value')}: " + ("; ".join(best) if best else "none attached")
            )
    return p


def relation_problems(exp: dict, r: Relation) -> list[str]:
    p: list[str] = []
    if "kind" in exp and r.kind != exp["kind"]:
        p.append(f"kind {r.kind} != {exp['kind']}")
    for key, actor, attr in (("actor1_country", r.actor1, "country"), ("actor2_country", r.actor2, "country"),
                             ("actor2_sector", r.actor2, "sector")):
        if key in exp and getattr(actor, attr, None) != exp[key]:
            p.append(f"{key} {getattr(actor, attr, None)} != {exp[key]}")
    if "actor_countries" in exp and not set(exp["actor_countries"]) <= {_country(r.actor1), _country(r.actor2)}:
        p.append(f"actor countries lack {exp['actor_countries']}")
    return p


def place_problems(exp: dict, pl: Place) -> list[str]:
    p: list[str] = []
    if "text" in exp and exp["text"].lower() not in f"{pl.text} {pl.name or ''}".lower():
        p.append(f"place {pl.name or pl.text!r} is not {exp['text']!r}")
    if "country" in exp and pl.country != exp["country"]:
        p.append(f"country {pl.country} != {exp['country']}")
    if "lat" in exp and "lon" in exp:
        if pl.lat is None or pl.lon is None:
            p.append("no coordinates")
        else:
            d = distance_km(pl.lat, pl.lon, exp["lat"], exp["lon"])
            if d > exp.get("tolerance_km", 25):
                p.append(f"{d:.0f} km from the expected point (tolerance {exp.get('tolerance_km', 25)} km)")
    return p


def _closest(problem_lists: list[list[str]]) -> list[str]:
    return min(problem_lists, key=len) if problem_lists else []


def _candidates(section: str, result: Result) -> tuple[Iterable[Any], Callable[[dict, Any], list[str]]]:
    if section == "events":
        return result.events, event_problems
    if section == "figures":
        inside = [(f, e) for e in result.events for f in e.figures]
        seen = {id(f) for f, _ in inside}
        pairs = inside + [(f, None) for f in result.figures if id(f) not in seen]
        return pairs, lambda exp, fe: figure_problems(exp, fe[0], fe[1])
    if section == "relations":
        return result.relations, relation_problems
    return result.places, place_problems


def fact_id(section: str, fact: dict, index: int) -> str:
    return str(fact.get("id") or fact.get("text") or index)


def score(result: Result, expected: dict) -> list[Outcome]:
    """One :class:`Outcome` per expected fact, in file order."""
    outcomes = []
    for section in SECTIONS:
        for i, fact in enumerate(expected.get(section, [])):
            cands, check = _candidates(section, result)
            problems = [check(fact, c) for c in cands]
            matched = any(not p for p in problems)
            outcomes.append(Outcome(
                section=section, id=fact_id(section, fact, i), level=fact.get("level", "must"),
                what=fact.get("what") or fact.get("text") or "", matched=matched,
                problems=[] if matched else (_closest(problems) or [f"no {section} extracted"]),
            ))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    """Found / total per level: ``{"must": {"found": 9, "total": 9, "share": 1.0}, "should": {...}}``."""
    out = {}
    for level in ("must", "should"):
        sel = [o for o in outcomes if o.level == level]
        found = sum(o.matched for o in sel)
        out[level] = {"found": found, "total": len(sel), "share": found / len(sel) if sel else 0.0}
    return out


# --- precision: what Sitrep extracts that the analyst did not code ------------------------------------

# the keys that say *which* event a fact is (its type and who acted on whom), as against its details
IDENTITY_KEYS = ("plover", "cameo_prefix", "actor1_country", "actor2_country", "actor1_sector", "actor2_sector",
                 "actor2_code_prefix", "actor_countries")
PRECISION_SECTIONS = ("events", "figures", "relations")


def _item_record(section: str, item) -> dict:
    """A short description of an extracted item for the report (its type and evidence sentence)."""
    if section == "figures":
        fig = item[0]
        return {"kind": fig.kind, "value": fig.value, "group": fig.group,
                "evidence": fig.evidence.text if fig.evidence else None}
    if section == "relations":
        return {"kind": item.kind, "actor1": item.actor1.code if item.actor1 else None,
                "actor2": item.actor2.code if item.actor2 else None,
                "evidence": item.evidence.text if item.evidence else None}
    return {"plover": item.type.plover, "cameo": item.type.cameo,
            "actor1": item.actor1.code if item.actor1 else None, "actor2": item.actor2.code if item.actor2 else None,
            "evidence": item.evidence.text if item.evidence else None}


def precision(result: Result, expected: dict) -> dict:
    """Extracted items that match no expected fact, per section (events, figures, relations).

    An extracted item is *matched* when it satisfies every constraint of at least one expected fact of its
    section (the test that decides whether a fact is found, so several items may match one fact: a strike
    reported twice is two matched events); the others are *unmatched*. For events, *type-matched* relaxes
    the test to the fact's identity (:data:`IDENTITY_KEYS`: type and actors, not place, date or figures),
    separating "an event the analyst did not code" from "the analyst's event with a wrong detail".
    ``extra_per_expected`` = unmatched / expected facts of the section (for figures, the figures nested in
    expected events count as expected figures); the unmatched items are listed.
    The expected facts are what an analyst codes, so an unmatched item is an over-generation unless the
    analyst missed it (read the list).
    """
    out = {}
    for section in PRECISION_SECTIONS:
        facts = list(expected.get(section, []))
        if section == "figures":  # the figures an expected event carries are expected figures too
            facts += [f for e in expected.get("events", []) for f in e.get("figures", [])]
        cands, check = _candidates(section, result)
        cands = list(cands)
        matched = [any(not check(f, c) for f in facts) for c in cands]
        unmatched = [c for c, m in zip(cands, matched) if not m]
        row = {"extracted": len(cands), "expected": len(facts), "matched": sum(matched),
               "unmatched": len(unmatched),
               "extra_per_expected": len(unmatched) / len(facts) if facts else 0.0,
               "unmatched_items": [_item_record(section, c) for c in unmatched]}
        if section == "events":
            ids = [{k: v for k, v in f.items() if k in IDENTITY_KEYS} for f in facts]
            row["type_matched"] = sum(any(not check(i, c) for i in ids) for c in cands)
        out[section] = row
    return out


def outcome_dicts(outcomes: list[Outcome]) -> list[dict]:
    return [dataclasses.asdict(o) for o in outcomes]
