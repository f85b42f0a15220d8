"""Scoring a result against an analyst's expected facts (the founding example's ``*.expected.json``).

Matching follows the file's note: lenient on wording; codes, countries, dates, numbers and places count.
An event's type matches when its PLOVER type or its CAMEO code prefix matches. A figure may stand alone
or inside an event; inside an event it takes the event's place and date when it has none of its own.
Each expected fact is matched against every candidate; the report names, for the closest candidate, the
fields that disagree — so a failing test says what is missing, not just that something is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model import Actor, DateSpan, Event, Figure, Place, Result


@dataclass
class FactOutcome:
    section: str  # events | figures | relations | places
    id: str
    level: str  # must | should
    what: str
    matched: bool
    problems: list[str] = field(default_factory=list)  # of the closest candidate


def _as_list(v) -> list:
    return v if isinstance(v, list) else [v]


def _place_has(place: Optional[Place], needle: str) -> bool:
    if place is None:
        return False
    hay = " ".join(str(x) for x in (place.name, place.text, place.admin1) if x)
    return needle.lower() in hay.lower()


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _check_location(exp: dict, place: Optional[Place], problems: list[str]) -> None:
    if "location_contains" in exp and not _place_has(place, exp["location_contains"]):
        problems.append(f"location {place.name if place else None!r} lacks {exp['location_contains']!r}")
    if "location_not_contains" in exp and _place_has(place, exp["location_not_contains"]):
        problems.append(f"location is {exp['location_not_contains']!r}, which it must not be")
    if "location_country" in exp and (place is None or place.country != exp["location_country"]):
        problems.append(f"location country {place.country if place else None} != {exp['location_country']}")


def _check_date(exp: dict, date: Optional[DateSpan], problems: list[str]) -> None:
    start = date.start if date else None
    if "date_start" in exp and start != exp["date_start"]:
        problems.append(f"date start {start} != {exp['date_start']}")
    if "date_end" in exp and (date.end if date else None) != exp["date_end"]:
        problems.append(f"date end {date.end if date else None} != {exp['date_end']}")
    if "date_start_any" in exp and start not in exp["date_start_any"]:
        problems.append(f"date start {start} not in {exp['date_start_any']}")
    if "date_start_range" in exp:
        lo, hi = exp["date_start_range"]
        if start is None or not (lo <= start <= hi):
            problems.append(f"date start {start} outside {lo}..{hi}")
    if "date_precision" in exp and (date.precision if date else None) != exp["date_precision"]:
        problems.append(f"date precision {date.precision if date else None} != {exp['date_precision']}")


def _countries(*actors: Optional[Actor]) -> set:
    return {a.country for a in actors if a is not None and a.country}


def _check_actors(exp: dict, a1: Optional[Actor], a2: Optional[Actor], problems: list[str]) -> None:
    def get(a, attr):
        return getattr(a, attr) if a is not None else None

    for key, actor, attr in (
        ("actor1_country", a1, "country"), ("actor2_country", a2, "country"),
        ("actor1_sector", a1, "sector"), ("actor2_sector", a2, "sector"),
    ):
        if key in exp and get(actor, attr) != exp[key]:
            problems.append(f"{key} {get(actor, attr)} != {exp[key]}")
    if "actor2_code_prefix" in exp and not (get(a2, "code") or "").startswith(exp["actor2_code_prefix"]):
        problems.append(f"actor2 code {get(a2, 'code')} lacks prefix {exp['actor2_code_prefix']}")
    if "actor_countries" in exp and _countries(a1, a2) != set(exp["actor_countries"]):
        problems.append(f"actor countries {sorted(_countries(a1, a2))} != {sorted(exp['actor_countries'])}")


def _figure_problems(exp: dict, fig: Figure) -> list[str]:
    problems = []
    if "kind" in exp and fig.kind not in _as_list(exp["kind"]):
        problems.append(f"kind {fig.kind} not in {_as_list(exp['kind'])}")
    if "value" in exp and fig.value != exp["value"]:
        problems.append(f"value {fig.value} != {exp['value']}")
    if "approximate" in exp and fig.approximate != exp["approximate"]:
        problems.append(f"approximate {fig.approximate} != {exp['approximate']}")
    if "group" in exp and fig.group != exp["group"]:
        problems.append(f"group {fig.group} != {exp['group']}")
    for part in exp.get("includes", []):
        if not any(p.group == part["group"] and p.value == part.get("value") for p in fig.includes):
            problems.append(f"includes lacks {part}")
    if "actor_country" in exp and (fig.actor.country if fig.actor else None) != exp["actor_country"]:
        problems.append(f"actor country {fig.actor.country if fig.actor else None} != {exp['actor_country']}")
    if "actor_sector" in exp and (fig.actor.sector if fig.actor else None) != exp["actor_sector"]:
        problems.append(f"actor sector {fig.actor.sector if fig.actor else None} != {exp['actor_sector']}")
    _check_location(exp, fig.location, problems)
    _check_date(exp, fig.date, problems)
    return problems


def _event_problems(exp: dict, ev: Event) -> list[str]:
    problems = []
    plover_ok = "plover" in exp and ev.type.plover in _as_list(exp["plover"])
    cameo_ok = "cameo_prefix" in exp and any((ev.type.cameo or "").startswith(p) for p in exp["cameo_prefix"])
    if ("plover" in exp or "cameo_prefix" in exp) and not (plover_ok or cameo_ok):
        problems.append(f"type {ev.type.plover}/{ev.type.cameo} != {exp.get('plover')}/{exp.get('cameo_prefix')}")
    if "acled_sub_event" in exp and ev.type.acled_sub_event_type != exp["acled_sub_event"]:
        problems.append(f"ACLED sub-event {ev.type.acled_sub_event_type} != {exp['acled_sub_event']}")
    _check_actors(exp, ev.actor1, ev.actor2, problems)
    _check_location(exp, ev.location, problems)
    _check_date(exp, ev.date, problems)
    for fexp in exp.get("figures", []):
        best = min((_figure_problems(fexp, f) for f in ev.figures), key=len, default=["no figures"])
        problems.extend(f"figure: {p}" for p in best)
    return problems


def _relation_problems(exp: dict, rel) -> list[str]:
    problems = []
    if rel.kind != exp.get("kind", rel.kind):
        problems.append(f"kind {rel.kind} != {exp['kind']}")
    _check_actors(exp, rel.actor1, rel.actor2, problems)
    return problems


def _place_problems(exp: dict, place: Place) -> list[str]:
    problems = []
    if exp["text"].lower() not in (place.text or "").lower() and exp["text"].lower() not in (place.name or "").lower():
        problems.append(f"text {place.text!r} is not {exp['text']!r}")
    if "country" in exp and place.country != exp["country"]:
        problems.append(f"country {place.country} != {exp['country']}")
    if "lat" in exp:
        if place.lat is None or place.lon is None:
            problems.append("no coordinates")
        else:
            d = _km(place.lat, place.lon, exp["lat"], exp["lon"])
            if d > exp.get("tolerance_km", 25):
                problems.append(f"{d:.0f} km from the expected point")
    return problems


def _figures_with_event_context(result: Result) -> list[Figure]:
    out = list(result.figures)
    for ev in result.events:
        for f in ev.figures:
            if f in out:
                continue
            out.append(f)
    # inside an event, a figure takes the event's place and date when it has none of its own
    by_id = {e.id: e for e in result.events}
    filled = []
    for f in out:
        ev = by_id.get(f.event) if f.event else None
        if ev is not None and (f.location is None or f.date is None):
            from dataclasses import replace

            f = replace(f, location=f.location or ev.location, date=f.date or ev.date)
        filled.append(f)
    return filled


def score(result: Result, expected: dict) -> list[FactOutcome]:
    """Every expected fact, matched or not, with the problems of the closest candidate."""
    sections = (
        ("events", result.events, _event_problems),
        ("figures", _figures_with_event_context(result), _figure_problems),
        ("relations", result.relations, _relation_problems),
        ("places", result.places, _place_problems),
    )
    outcomes = []
    for name, candidates, check in sections:
        for i, exp in enumerate(expected.get(name, [])):
            best = min((check(exp, c) for c in candidates), key=len, default=[f"no {name} at all"])
            outcomes.append(FactOutcome(
                section=name,
                id=exp.get("id") or exp.get("text") or f"{name}[{i}]",
                level=exp.get("level", "must"),
                what=exp.get("what", exp.get("text", "")),
                matched=not best,
                problems=best,
            ))
    return outcomes


def summary(outcomes: list[FactOutcome]) -> dict[str, Any]:
    out = {}
    for level in ("must", "should"):
        facts = [o for o in outcomes if o.level == level]
        found = sum(o.matched for o in facts)
        out[level] = {"found": found, "total": len(facts), "share": found / len(facts) if facts else None}
    return out
