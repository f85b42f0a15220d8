"""What fusion produces: one record per real-world event, and time series of standalone figures.

A :class:`FusedEvent` keeps every report that described the event (:class:`SourceReport`, with its
evidence) and says in :attr:`FusedEvent.reasons` why each report was merged. Figures that disagree
between reports are kept report by report and summarised as ``low``/``best``/``high`` (as UCDP does):
``low`` and ``high`` are the smallest and largest numbers reported, ``best`` the median report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Actor, DateSpan, EventType, Evidence, Place


@dataclass
class SourceReport:
    """One report of a fused event: which document said it, and where in it."""

    document: str  # the store's document key (content hash prefix)
    event: str  # the event id inside that document's Result
    source: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    evidence: Optional[Evidence] = None
    type: Optional[EventType] = None


@dataclass
class FigureReport:
    """One report of a figure: the number one source gave."""

    document: str
    value: Optional[int]
    low: Optional[int] = None
    high: Optional[int] = None
    approximate: bool = False
    group: Optional[str] = None
    source: Optional[str] = None
    evidence: Optional[Evidence] = None


@dataclass
class FusedFigure:
    """A figure across reports: ``low``/``best``/``high`` over every report of it."""

    kind: str
    low: Optional[int]
    best: Optional[int]
    high: Optional[int]
    reports: list[FigureReport] = field(default_factory=list)


@dataclass
class FusionRule:
    """One rule that fired when a report joined a fused event, with its value: ``rule`` is one of
    ``family``, ``dates``, ``place``, ``actors``, ``figures``, ``text``."""

    report: str  # "document#event" of the report that joined
    joined: str  # "document#event" of the member it was compared with
    rule: str
    value: str


@dataclass
class FusedEvent:
    id: str  # stable: derived from the members, so re-fusing the same reports gives the same id
    family: str
    type: EventType
    actor1: Optional[Actor] = None
    actor2: Optional[Actor] = None
    location: Optional[Place] = None
    date: Optional[DateSpan] = None
    figures: list[FusedFigure] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    confidence: float = 0.5
    rules: list[FusionRule] = field(default_factory=list)  # why each report joined, rule by rule
    # actors acting alongside actor1 / actor2, from every report of the event (ACLED assoc_actor_1/_2)
    assoc_actor1: list[Actor] = field(default_factory=list)
    assoc_actor2: list[Actor] = field(default_factory=list)

    def figure(self, kind: str) -> Optional[FusedFigure]:
        return next((f for f in self.figures if f.kind == kind), None)


@dataclass
class SeriesPoint:
    """A standalone figure (a displacement total, a refugee count) for one place, kind and date."""

    kind: str
    place: Optional[Place]
    date: DateSpan  # the span the reports give; the series is ordered by ``date.end`` ("as of")
    low: Optional[int]
    best: Optional[int]
    high: Optional[int]
    reports: list[FigureReport] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The series this point belongs to: ``kind@country/admin1/place``."""
        return series_key(self.kind, self.place)


def series_key(kind: str, place: Optional[Place]) -> str:
    if place is None:
        return f"{kind}@?"
    parts = [place.country or "?", place.admin1 or ""]
    if place.precision not in ("country", "admin1", "region") and place.name and place.name != place.admin1:
        parts.append(place.name)
    return f"{kind}@" + "/".join(parts).rstrip("/")


@dataclass
class Fusion:
    events: list[FusedEvent] = field(default_factory=list)
    series: list[SeriesPoint] = field(default_factory=list)
