"""Fusion: many reports -> one record per real-world event, and time series of standalone figures.

Events are grouped by type family (``data/fuse/families.tsv``) and swept in date order; an event joins
an existing group only when it is compatible with *every* event already in it (complete linkage, see
:func:`sitrep.fuse.rules.compare`), choosing the best-scoring group. This is conservative: two distinct
strikes in one town on one day stay apart unless their actors agree too.

Figures: within one fused event, each document contributes one number per figure kind (its largest,
when it gives several); ``low``/``high`` are the smallest/largest reported (using a report's own
range where it gives one) and ``best`` is the median report (the lower median for an even count).
Standalone figures (not tied to an event) form a series per kind and place, one point per "as of"
date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..model import PLACE_PRECISIONS, Actor, DateSpan, Document, Event, Figure, Place, Result, known_date
from .model import (
    FigureReport,
    FusedEvent,
    FusedFigure,
    Fusion,
    FusionRule,
    SeriesPoint,
    SourceReport,
    series_key,
)
from .rules import (
    DAY_SLACK,
    REPUBLISHED_SLACK,
    SHORT_SPAN_DAYS,
    compare,
    compare_actor_pairs,
    compare_places,
    family_of,
    near_identical_texts,
    relative_to_publication,
    span_bounds,
    span_days,
)


@dataclass
class Report:
    """One stored document and what was extracted from it. ``key`` identifies it in the store."""

    key: str
    result: Result


@dataclass
class _Member:
    report: Report
    event: Event
    family: str
    date: Optional[DateSpan]  # the event's date, else the day before publication .. publication
    figures: list[Figure]

    @property
    def doc(self) -> Document:
        return self.report.result.document

    @property
    def key(self) -> str:
        return f"{self.report.key}#{self.event.id}"

    def label(self) -> str:
        d = self.doc
        return f"{d.source or d.id} ({d.published or 'undated'})"


@dataclass
class _Cluster:
    members: list[_Member] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    end: dt.date = dt.date.min
    rules: list[FusionRule] = field(default_factory=list)


def fuse(reports: Iterable[Report]) -> Fusion:
    """Fuse the events and figures of ``reports`` (deterministic for the same set of reports)."""
    members: list[_Member] = []
    standalone: list[tuple[Figure, Report]] = []
    for report in sorted(reports, key=lambda r: r.key):
        res = report.result
        ids = {e.id for e in res.events}
        attached: dict[str, list[Figure]] = defaultdict(list)
        for f in res.figures:
            if f.event and f.event in ids and not f.cumulative:  # a tally is never an incident's toll
                attached[f.event].append(f)
            else:
                standalone.append((f, report))
        for e in res.events:
            family = family_of(e.type)
            figures = _dedupe_figures([f for f in [*e.figures, *attached.get(e.id, [])] if not f.cumulative])
            members.append(_Member(report, e, family or "", _event_date(e, res.document), figures))
    clusters = _cluster(members)
    events = [_fused_event(c) for c in clusters]
    events.sort(key=lambda f: ((f.date.start if f.date else "9999"), f.id))
    return Fusion(events=events, series=_series(standalone))


# --- clustering --------------------------------------------------------------------------------------

def _event_date(e: Event, doc: Document) -> Optional[DateSpan]:
    """The span an event is compared on: its date; an inferred date (no words: the publication day)
    or no date at all is the day before publication to the day of publication."""
    date = known_date(e.date)
    if date is not None and (date.text is not None or not doc.published):
        return date
    if doc.published:
        pub = doc.published
        return DateSpan((pub - dt.timedelta(days=1)).isoformat(), pub.isoformat(), "range", None)
    return None


def _date_of(m: _Member) -> DateSpan:
    """The date of a member :func:`_cluster` sent to :func:`_sweep` (only dated ones are)."""
    assert m.date is not None
    return m.date


_Why = tuple[float, "_Member", list[str], dict[str, str]]  # score, the member that tied it, reasons, rules


def _join(c: _Cluster, m: _Member, mdate: DateSpan) -> Optional[tuple[float, _Why]]:
    """Can ``m`` join ``c``, with what score and on which member's evidence? Nothing in the group may
    contradict it (dates, place, actors, tolls: complete linkage on contradictions) and at least one
    member must tie it positively (a shared actor, toll, wording, or town, day and type): a late report
    naming only the country joins the group its wire copy is in, with the reports that named the town."""
    if any(other.report.key == m.report.key for other in c.members):
        return None  # events one report tells apart are not one event (extraction folds its repeats)
    scores: list[float] = []
    why: Optional[_Why] = None
    twin = republished_twin(c, m, mdate)
    for other in c.members:
        date = mdate if twin is None or other is twin else _date_of(twin)
        comp = compare(other.event, _date_of(other), m.event, date, other.figures, m.figures)
        if not comp.ok:
            if comp.unproven:
                continue
            return None
        scores.append(comp.score)
        if why is None or comp.score > why[0]:
            why = (comp.score, other, comp.reasons, comp.rules)
    if why is None:
        return None
    return sum(scores) / len(c.members), why


def republished_twin(c: _Cluster, m: _Member, mdate: DateSpan) -> Optional[_Member]:
    """Rule: a near-identical copy of a group member (a wire story republished a day or two later) is
    compared with the rest of the group on its twin's date when its own date was counted from its
    publication day ("today", or inferred); otherwise a copy could join its twin but be refused by the
    other sources of the same incident, whose dates are its twin's. The twin, or None."""
    if not relative_to_publication(mdate):
        return None
    for other in c.members:
        if near_identical_texts(other.event, m.event).positive:
            near = compare(other.event, _date_of(other), m.event, mdate, other.figures, m.figures)
            if near.ok and "text" in near.rules:
                return other
    return None


def _sweep(family: str, members: list[_Member]) -> list[_Cluster]:
    """One family's dated events swept in date order into clusters (complete linkage)."""
    out: list[_Cluster] = []
    group = sorted(members, key=lambda m: (_date_of(m).start, _date_of(m).end, m.key))
    # Open clusters by (country of the place, short or long date span): events of known, different
    # countries, or of different date grain, can never be compatible, so they are not compared.
    active: dict[tuple[Optional[str], bool], list[_Cluster]] = defaultdict(list)
    for m in group:
        mdate = _date_of(m)
        start, end = span_bounds(mdate)
        country = m.event.location.country if m.event.location else None
        short = span_days(mdate) <= SHORT_SPAN_DAYS
        keys = [k for k in active if k[1] == short and (country is None or k[0] in (country, None))]
        best: Optional[tuple[float, _Cluster, list[str], list[FusionRule]]] = None
        for k in keys:
            active[k] = [c for c in active[k] if c.end + DAY_SLACK + REPUBLISHED_SLACK >= start]
            for c in active[k]:
                joined = _join(c, m, mdate)
                if joined is not None:
                    score, why = joined
                    if best is None or score > best[0]:
                        reason = f"{m.label()} joined {why[1].label()}: same family '{family}'; " + "; ".join(why[2])
                        rules = [FusionRule(m.key, why[1].key, "family", family)]
                        rules += [FusionRule(m.key, why[1].key, k, v) for k, v in why[3].items()]
                        best = (score, c, [reason], rules)
        if best is None:
            c = _Cluster([m], [], end)
            active[(country, short)].append(c)
            out.append(c)
        else:
            c = best[1]
            c.members.append(m)
            c.reasons.extend(best[2])
            c.rules.extend(best[3])
            c.end = max(c.end, end)
    return out


def _cluster(members: list[_Member]) -> list[_Cluster]:
    out: list[_Cluster] = []
    by_family: dict[str, list[_Member]] = defaultdict(list)
    undated: list[_Member] = []
    for m in members:
        if not m.family:
            out.append(_Cluster([m], ["single report (no event type to match on)"]))
        elif m.date is None:
            undated.append(m)
        else:
            by_family[m.family].append(m)
    out.extend(_undated_clusters(undated))
    for family in sorted(by_family):
        out.extend(_sweep(family, by_family[family]))
    return out


def _copies(a: _Member, b: _Member) -> Optional[list[str]]:
    """Reasons two undated events are copies of one report (same family, near-identical words, places
    and actors not contradicting), or None."""
    if a.family != b.family:
        return None
    text = near_identical_texts(a.event, b.event)
    if not text.positive:
        return None
    place = compare_places(a.event.location, b.event.location)
    if a.event.location is not None and b.event.location is not None and not place.ok:
        return None
    ok, _, actor_reasons = compare_actor_pairs(a.event, b.event)
    return [text.reason, place.reason, *actor_reasons] if ok else None


def _undated_clusters(members: list[_Member]) -> list[_Cluster]:
    """Events with no date (a report without publication date that names none) fuse only as
    near-identical copies of one another: "near-identical reports of one incident always fuse"."""
    out: list[_Cluster] = []
    for m in sorted(members, key=lambda m: m.key):
        for c in out:
            if any(o.report.key == m.report.key for o in c.members):
                continue  # events one report tells apart are not one event
            why = [_copies(o, m) for o in c.members]
            if all(w is not None for w in why):
                assert why[0] is not None
                c.members.append(m)
                c.reasons.append(
                    f"{m.label()} joined {c.members[0].label()} (undated): same family '{m.family}'; "
                    + "; ".join(why[0])
                )
                c.rules.append(FusionRule(m.key, c.members[0].key, "text", why[0][0]))
                break
        else:
            out.append(_Cluster([m], ["single report (undated)"]))
    return out


# --- the fused record -------------------------------------------------------------------------------

def _precision_rank(p: Optional[Place]) -> int:
    if p is None:
        return len(PLACE_PRECISIONS) + 1
    return PLACE_PRECISIONS.index(p.precision) if p.precision in PLACE_PRECISIONS else len(PLACE_PRECISIONS)


def _most_common(values: list, key) -> Optional[Any]:
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(key(v) for v in present)
    # stable: the most frequent, first seen on ties
    return max(present, key=lambda v: (counts[key(v)], -present.index(v)))


def _fused_event(c: _Cluster) -> FusedEvent:
    ms = c.members
    first = ms[0]
    etype = _most_common(
        [m.event.type for m in sorted(ms, key=lambda m: -m.event.confidence)],
        key=lambda t: (t.plover, t.cameo),
    )
    actor1 = _most_common([m.event.actor1 for m in ms], key=lambda a: (a.code, a.country, a.sector))
    actor2 = _most_common([m.event.actor2 for m in ms], key=lambda a: (a.code, a.country, a.sector))
    places = [m.event.location for m in ms if m.event.location is not None]
    location = None
    if places:
        top = min(_precision_rank(p) for p in places)
        location = _most_common([p for p in places if _precision_rank(p) == top], key=lambda p: (p.geonameid, p.name))
    dates = [d for d in (known_date(m.event.date) for m in ms) if d is not None]
    date = min(dates, key=lambda d: (span_days(d), d.start or "")) if dates else known_date(first.date)
    n_docs = len({m.report.key for m in ms})
    confidence = min(0.99, max(m.event.confidence for m in ms) + 0.1 * (n_docs - 1))
    sources = [
        SourceReport(
            document=m.report.key,
            event=m.event.id,
            source=m.doc.source,
            url=m.doc.url,
            title=m.doc.title,
            published=m.doc.published.isoformat() if m.doc.published else None,
            evidence=m.event.evidence,
            type=m.event.type,
        )
        for m in sorted(
            ms, key=lambda m: (m.doc.published or dt.date.min, m.doc.source or "", m.report.key, m.event.id)
        )
    ]
    reasons = c.reasons or ["single report"]
    figures = _fuse_figures([(f, m.report) for m in ms for f in m.figures])
    fid = "fe-" + hashlib.sha1("|".join(sorted(m.key for m in ms)).encode()).hexdigest()[:12]
    return FusedEvent(
        id=fid, family=first.family or "", type=etype or first.event.type, actor1=actor1, actor2=actor2,
        location=location, date=date, figures=figures, sources=sources, reasons=reasons,
        confidence=round(confidence, 3), rules=list(c.rules),
        assoc_actor1=associated([m.event.assoc_actor1 for m in ms], actor1),
        assoc_actor2=associated([m.event.assoc_actor2 for m in ms], actor2),
    )


def _actor_key(a: Actor) -> tuple:
    return (a.code, a.country, a.sector) if a.code or a.country else (None, None, a.sector, a.name or a.text)


def associated(lists: list[list[Actor]], main: Optional[Actor]) -> list[Actor]:
    """Rule: a fused event's associated actors on one side are those of all its reports, each once (by
    code, else country and sector, else name), in the order first told, leaving out the side's main actor."""
    seen = {_actor_key(main)} if main is not None else set()
    out: list[Actor] = []
    for actors in lists:
        for a in actors:
            if _actor_key(a) not in seen:
                seen.add(_actor_key(a))
                out.append(a)
    return out


def _dedupe_figures(figures: list[Figure]) -> list[Figure]:
    seen, out = set(), []
    for f in figures:
        k = (f.kind, f.value, f.evidence.match_start if f.evidence else None, f.evidence.start if f.evidence else None)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def _point(f: Figure) -> Optional[int]:
    if f.value is not None:
        return f.value
    if f.low is not None and f.high is not None:
        return (f.low + f.high) // 2
    return f.low if f.low is not None else f.high


def _known_point(f: Figure) -> int:
    """The point of a figure :func:`_summarise` kept (it keeps only figures with one)."""
    v = _point(f)
    assert v is not None
    return v


def _summarise(
    figs: list[tuple[Figure, Report]],
) -> tuple[Optional[int], Optional[int], Optional[int], list[FigureReport]]:
    """low/best/high over documents: one number per document (its largest) and every report kept."""
    per_doc: dict[str, tuple[Figure, Report]] = {}
    for f, r in figs:
        v = _point(f)
        if v is None:
            continue
        cur = per_doc.get(r.key)
        if cur is None or v > _known_point(cur[0]):
            per_doc[r.key] = (f, r)
    reports = [
        FigureReport(
            document=r.key, value=f.value, low=f.low, high=f.high, approximate=f.approximate, group=f.group,
            source=r.result.document.source, evidence=f.evidence,
        )
        for f, r in sorted(per_doc.values(), key=lambda fr: fr[1].key)
    ]
    if not per_doc:
        return None, None, None, reports
    points = [_known_point(f) for f, _ in per_doc.values()]
    lows = [f.low if f.low is not None else _known_point(f) for f, _ in per_doc.values()]
    highs = [f.high if f.high is not None else _known_point(f) for f, _ in per_doc.values()]
    return min(lows), statistics.median_low(points), max(highs), reports


def _fuse_figures(figs: list[tuple[Figure, Report]]) -> list[FusedFigure]:
    by_kind: dict[str, list[tuple[Figure, Report]]] = defaultdict(list)
    for f, r in figs:
        by_kind[f.kind].append((f, r))
    out = []
    for kind in sorted(by_kind):
        low, best, high, reports = _summarise(by_kind[kind])
        out.append(FusedFigure(kind=kind, low=low, best=best, high=high, reports=reports))
    return out


def _series(standalone: list[tuple[Figure, Report]]) -> list[SeriesPoint]:
    groups: dict[tuple[str, str], list[tuple[Figure, Report]]] = defaultdict(list)
    for f, r in standalone:
        span = known_date(f.date)
        if span is None and r.result.document.published:
            pub = r.result.document.published.isoformat()
            span = DateSpan(pub, pub, "day", None)
        if span is None:
            continue
        groups[(series_key(f.kind, f.location), span_bounds(span)[1].isoformat())].append((f, r))
    points = []
    for (_key, as_of), figs in sorted(groups.items()):
        low, best, high, reports = _summarise(figs)
        spans = [d for d in (known_date(f.date) for f, _ in figs) if d is not None]
        date = min(spans, key=lambda d: (span_days(d), d.start)) if spans else DateSpan(as_of, as_of, "day", None)
        places = [f.location for f, _ in figs if f.location is not None]
        place = min(places, key=_precision_rank) if places else None
        points.append(
            SeriesPoint(kind=figs[0][0].kind, place=place, date=date, low=low, best=best, high=high, reports=reports)
        )
    return points
