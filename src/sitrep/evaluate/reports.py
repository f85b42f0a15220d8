"""The ``reports`` suite: Sitrep on a dev set of real, openly licensed reports (issue 10).

The dev set lives in ``benchmarks/data/reports/`` (or ``$SITREP_REPORTS``): ``manifest.json`` lists each
report with its source, URL, licence, publication date and split (``dev`` or ``heldout``; the held-out
part is never used for tuning), and ``<id>.expected.json`` holds what an analyst codes from it, in the
founding example's format (:mod:`sitrep.evaluate.seed`) plus two sections:

- ``tallies``: figures over a period ("since March 2011", "from January to June 2018", "as of"); a tally
  is found when a figure that is *not* attached to an event, flagged ``cumulative``, has its kind and
  value (and the stated date bounds);
- ``incidents``: the distinct real-world incidents the report tells of, each with the ids of the expected
  events that code it. An incident id shared by several reports marks one incident told by several
  sources: the fusion measures are computed on those.

Measures, per split and overall:

- must / should recall, as for the seed;
- tallies found (as tallies), and tallies wrongly carried as an event's figure;
- events per annotated incident: events extracted ÷ expected incident events (a statement about an
  attack is two: the attack and the speaker's disapproval);
- fusion pairwise recall: pairs of reports of one shared incident whose events for that incident land in
  one fused event; wrong merges: fused events joining events of two different annotated incidents.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import InputError
from ..model import Document, Event, Figure, Result, iso_day
from ..resources import read_json
from .seed import event_problems, figure_problems, outcome_dicts, score, summary

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "benchmarks" / "data" / "reports"
SPLITS = ("dev", "heldout")
# the keys of an expected event that say which extracted events code its incident
INCIDENT_KEYS = ("plover", "cameo_prefix", "location_country", "date_start", "date_start_any", "date_start_range")


@dataclass
class Item:
    """One report of the dev set: its document, what an analyst expects, and what Sitrep extracted."""

    id: str
    split: str
    document: Document
    expected: dict
    result: Optional[Result] = None
    outcomes: list = field(default_factory=list)


def extracted(item: Item) -> Result:
    """The item's result: :func:`extract_items` sets it before anything is scored."""
    assert item.result is not None
    return item.result


def reports_dir(path: Optional[Path] = None) -> Path:
    return Path(path or os.environ.get("SITREP_REPORTS") or DEFAULT_DIR)


def load_items(folder: Optional[Path] = None) -> list[Item]:
    """The dev set's reports with their annotations, in manifest order."""
    root = reports_dir(folder)
    manifest = root / "manifest.json"
    if not manifest.is_file():
        raise InputError(str(manifest), "dev-set manifest not found (set $SITREP_REPORTS)")
    items = []
    for d in read_json(path=manifest)["documents"]:
        text = (root / d["file"]).read_text(encoding="utf-8")
        doc = Document(id=d["id"], text=text, published=d.get("published"), source=d.get("source"), url=d.get("url"))
        expected = read_json(path=root / f"{d['id']}.expected.json")
        items.append(Item(d["id"], d.get("split", "dev"), doc, expected))
    return items


# --- tallies ---------------------------------------------------------------------------------------

def is_tally(f: Figure) -> bool:
    return bool(getattr(f, "cumulative", False))


def tally_problems(exp: dict, f: Figure) -> list[str]:
    """What keeps figure ``f`` from being the expected tally ``exp`` (kind, value, cumulative, dates)."""
    p = figure_problems({k: v for k, v in exp.items() if k in ("kind", "value", "group")}, f)
    if not is_tally(f):
        p.append("not flagged cumulative")
    start = iso_day(f.date.start) if f.date else None
    end = iso_day(f.date.end) if f.date else None
    if "date_start" in exp and start != exp["date_start"]:
        p.append(f"period start {start} != {exp['date_start']}")
    if "date_start_range" in exp:
        lo, hi = exp["date_start_range"]
        if start is None or not lo <= start <= hi:
            p.append(f"period start {start} not in [{lo}, {hi}]")
    if "date_end" in exp and end != exp["date_end"]:
        p.append(f"period end {end} != {exp['date_end']}")
    return p


def score_tallies(result: Result, expected: dict) -> list[dict]:
    """One outcome per expected tally: found as a tally, or carried inside an event (wrong), or missed."""
    attached = {id(f) for e in result.events for f in e.figures}
    standalone = [f for f in result.figures if id(f) not in attached and not f.event]
    in_events = [f for e in result.events for f in e.figures]
    out = []
    for t in expected.get("tallies", []):
        problems = [tally_problems(t, f) for f in standalone]
        found = any(not p for p in problems)
        kinds = t["kind"] if isinstance(t["kind"], list) else [t["kind"]]
        as_event = any(f.kind in kinds and f.value == t["value"] for f in in_events)
        out.append(
            {
                "id": t["id"],
                "level": t.get("level", "must"),
                "what": t.get("what", ""),
                "found": found,
                "in_event": as_event,
                "problems": [] if found else (min(problems, key=len) if problems else ["no standalone figure"]),
            }
        )
    return out


# --- incidents and fusion -----------------------------------------------------------------------------

def _event_facts(expected: dict) -> dict[str, dict]:
    return {e["id"]: e for e in expected.get("events", [])}


def incident_events(item: Item) -> dict[str, list[Event]]:
    """Incident id -> the extracted events that code it: those matching one of its expected events on
    type, country of the place and date (fusion is about which events merge, not about how well each was
    coded: actors, the exact place and the figures are scored by the recall measures)."""
    facts = _event_facts(item.expected)
    out: dict[str, list[Event]] = {}
    for inc in item.expected.get("incidents", []):
        exps = [{k: v for k, v in facts[i].items() if k in INCIDENT_KEYS} for i in inc["events"] if i in facts]
        out[inc["id"]] = [e for e in extracted(item).events if any(not event_problems(x, e) for x in exps)]
    return out


def expected_incident_events(item: Item) -> int:
    return sum(max(1, len(inc.get("events", []))) for inc in item.expected.get("incidents", []))


def fusion_scores(items: list[Item], fusion) -> dict:
    """Pairwise recall over reports of shared incidents, and fused events that join two incidents."""
    where: dict[str, str] = {}  # "doc#event" -> fused event id
    for fe in fusion.events:
        for s in fe.sources:
            where[f"{s.document}#{s.event}"] = fe.id
    by_incident: dict[str, dict[str, set[str]]] = defaultdict(dict)  # incident -> doc -> fused ids
    incidents_of: dict[str, set[str]] = defaultdict(set)  # "doc#event" -> incidents it codes
    for it in items:
        for inc, events in incident_events(it).items():
            keys = [f"{it.id}#{e.id}" for e in events]
            by_incident[inc][it.id] = {where[k] for k in keys if k in where}
            for k in keys:
                incidents_of[k].add(inc)
    members: dict[str, list[set[str]]] = defaultdict(list)  # fused id -> incident sets of its members
    for key, incs in incidents_of.items():
        if key in where:
            members[where[key]].append(incs)
    pairs, recalled, missed = 0, 0, []
    for inc, docs in sorted(by_incident.items()):
        for a, b in itertools.combinations(sorted(docs), 2):
            pairs += 1
            if docs[a] & docs[b]:
                recalled += 1
            else:
                missed.append(f"{inc}: {a} / {b}")
    # a wrong merge joins two extracted events that code different incidents (an event that matches
    # two incidents' descriptions in its own report is an ambiguity of the annotation, not a merge)
    wrong = sorted(f"{fid}: {', '.join(sorted(set().union(*sets)))}" for fid, sets in members.items()
                   if any(not (a & b) for a, b in itertools.combinations(sets, 2)))
    return {"pairs": pairs, "recalled": recalled, "pairwise_recall": recalled / pairs if pairs else 0.0,
            "wrong_merges": len(wrong), "wrong_merge_list": wrong, "missed_pairs": missed,
            "fused_events": len(fusion.events)}


# --- the suite ----------------------------------------------------------------------------------------

def extract_items(items: list[Item], pipeline) -> None:
    for it, res in zip(items, pipeline.pipe([it.document for it in items])):
        it.result = res
        it.outcomes = score(res, it.expected)


def split_scores(items: list[Item]) -> dict:
    """Recall, tallies and granularity over ``items``."""
    outcomes = [o for it in items for o in it.outcomes]
    s = summary(outcomes)
    tallies = [t for it in items for t in score_tallies(extracted(it), it.expected)]
    events = sum(len(extracted(it).events) for it in items)
    expected_events = sum(expected_incident_events(it) for it in items)
    return {
        "reports": len(items), "must": s["must"], "should": s["should"],
        "tallies": {"found": sum(t["found"] for t in tallies), "total": len(tallies),
                    "carried_by_events": sum(t["in_event"] for t in tallies)},
        "events": events, "incident_events": expected_events,
        "events_per_incident": events / expected_events if expected_events else 0.0,
    }


def run_reports(shared: Path, limit: Optional[int] = None, folder: Optional[Path] = None, pipeline=None) -> dict:
    from ..fuse import Report, fuse
    from .common import _pipeline, subset

    items = subset(load_items(folder), limit)
    extract_items(items, pipeline or _pipeline())
    fusion = fuse(Report(it.id, it.result) for it in items)
    out = {
        "suite": "reports",
        "records": len(items),
        "splits": {
            sp: split_scores([i for i in items if i.split == sp]) for sp in SPLITS if any(i.split == sp for i in items)
        },
        "all": split_scores(items),
        "fusion": fusion_scores(items, fusion),
    }
    out["headline"], out["headline_n"] = _headline(out)
    out["facts"] = [dict(document=it.id, split=it.split, **o) for it in items for o in outcome_dicts(it.outcomes)]
    out["tallies"] = [dict(document=it.id, **t) for it in items for t in score_tallies(it.result, it.expected)]
    return out


def _headline(out: dict) -> tuple[dict, dict]:
    h, n = {}, {}
    for sp, s in [*out["splits"].items(), ("all", out["all"])]:
        h[f"{sp}_must"], n[f"{sp}_must"] = s["must"]["share"], s["must"]["total"]
        h[f"{sp}_should"], n[f"{sp}_should"] = s["should"]["share"], s["should"]["total"]
        h[f"{sp}_tallies"] = s["tallies"]["found"] / s["tallies"]["total"] if s["tallies"]["total"] else 0.0
        n[f"{sp}_tallies"] = s["tallies"]["total"]
        h[f"{sp}_events_per_incident"] = round(s["events_per_incident"], 2)
        n[f"{sp}_events_per_incident"] = s["incident_events"]
    f = out["fusion"]
    h["fusion_pairwise_recall"], n["fusion_pairwise_recall"] = f["pairwise_recall"], f["pairs"]
    h["fusion_wrong_merges"], n["fusion_wrong_merges"] = f["wrong_merges"], f["fused_events"]
    return h, n


def format_details(out: dict) -> str:
    lines = []
    missed = [f"{f['document']}:{f['id']} ({'; '.join(f['problems'])})" for f in out["facts"] if not f["matched"]]
    lines.append("reports: missed facts: " + ("; ".join(missed) if missed else "none"))
    tl = [f"{t['document']}:{t['id']} ({'; '.join(t['problems'])}{'; carried by an event' if t['in_event'] else ''})"
          for t in out["tallies"] if not t["found"]]
    lines.append("reports: tallies not found as tallies: " + ("; ".join(tl) if tl else "none"))
    fu = out["fusion"]
    lines.append("reports: fusion pairs missed: " + ("; ".join(fu["missed_pairs"]) or "none"))
    lines.append("reports: wrong merges: " + ("; ".join(fu["wrong_merge_list"]) or "none"))
    return "\n".join(lines)
