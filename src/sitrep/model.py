"""The data model: what Sitrep reads and what it writes.

Every stage of the pipeline exchanges these plain dataclasses; ``to_dict`` turns any of them into the
JSON documented in ``docs/schema.md`` (and validated by ``sitrep/schema/result.schema.json``), and
``from_dict`` reads that JSON back (the store and the exporters use it).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Optional

# Vocabularies of the closed fields (also listed in the JSON Schema).
DATE_PRECISIONS = ("day", "week", "month", "year", "range", "unknown")
FIGURE_KINDS = (
    "killed", "injured", "displaced", "refugees", "missing", "arrested", "abducted",
    "affected", "population", "returned", "besieged", "detained", "evacuated",
    # killed and injured together, as reported when the two are not told apart ("7,000 child casualties")
    "casualties",
)
RELATION_KINDS = ("supports", "opposes", "allied")
PLACE_FEATURES = ("country", "admin1", "admin2", "city", "region", "site")
# Place precision follows ACLED's geo_precision idea, in words: the place named is exact ("point"),
# a town or its surroundings ("town"), a first- or second-level region ("admin1", "admin2"),
# a part of a country ("region"), or only the country ("country").
PLACE_PRECISIONS = ("point", "town", "admin2", "admin1", "region", "country")


@dataclass
class Document:
    """One report. ``text`` is the text every offset in the output points into."""

    id: str
    text: str
    # the publication date; an ISO date or datetime string is parsed here, once, when the document is made
    published: Optional[_dt.date] = None
    source: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    # where each page starts in ``text`` (character offsets, page 1 first) for paged inputs (PDF); the
    # page of an offset is the number of starts at or before it. None for unpaged inputs.
    pages: Optional[list[int]] = None

    def __post_init__(self) -> None:
        self.published = parse_published(self.published)
        check_url(self.url)


# URLs are a unique key of the store; PostgreSQL's btree index takes entries up to ~2,700 bytes, and
# browsers and servers stop near 2,000 characters.
MAX_URL_BYTES = 2048


def check_url(url: Optional[str]) -> None:
    """ValueError when ``url`` is too long to be a document's key."""
    if url is not None and len(url.encode("utf-8")) > MAX_URL_BYTES:
        raise ValueError(f"url is {len(url.encode('utf-8')):,} bytes long; at most {MAX_URL_BYTES:,} are accepted")


def parse_published(value: "str | _dt.date | None") -> Optional[_dt.date]:
    """A publication date from an ISO date or datetime string (or a date); ValueError names the value."""
    if value is None or isinstance(value, _dt.date):
        return value.date() if isinstance(value, _dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"published date {text!r} is not an ISO date (YYYY-MM-DD)") from None


@dataclass
class Evidence:
    """Where a fact was read: the sentence, and its character offsets in ``Document.text``.

    ``match_start``/``match_end`` narrow it to the words that triggered the fact, when known.
    """

    text: str
    start: int
    end: int
    match_start: Optional[int] = None
    match_end: Optional[int] = None


@dataclass
class DateSpan:
    """A resolved time: ``start``/``end`` are ISO dates (inclusive); ``precision`` says how well it is known.

    Precision ``"unknown"``: the words name a time relative to a day the document does not give ("yesterday"
    in a text with no publication date or dateline); ``start`` and ``end`` are then ``None`` and the time
    is not guessed (see :func:`known_date`)."""

    start: Optional[str]
    end: Optional[str]
    precision: str  # one of DATE_PRECISIONS
    text: Optional[str] = None  # the words it was read from ("last week"); None when inferred

    @property
    def known(self) -> bool:
        """True when the span is placed in calendar time (precision is not ``"unknown"``)."""
        return self.start is not None and self.end is not None


def iso_day(value: Optional[str]) -> Optional[str]:
    """The ``YYYY-MM-DD`` part of a span's ``start`` or ``end``; None when the span's time is unknown."""
    return value[:10] if value else None


def known_date(date: Optional[DateSpan]) -> Optional[DateSpan]:
    """``date`` when it is placed in calendar time, else ``None`` (no date, or a date of unknown precision):
    what sorting, fusion, exports and the store compare on."""
    return date if date is not None and date.known else None


@dataclass
class Actor:
    text: str  # the words in the document ("Turkish soldiers")
    name: Optional[str] = None  # canonical name ("Turkey", "Vladimir Putin")
    country: Optional[str] = None  # ISO 3166-1 alpha-3
    sector: Optional[str] = None  # CAMEO/PLOVER sector: GOV, MIL, REB, CVL, IGO, OPP, ...
    code: Optional[str] = None  # CAMEO-style code: RUSMIL, SYRGOV, IGOEU


@dataclass
class Mention:
    """Words of ``Document.text`` that name something: ``text == Document.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass
class Place:
    text: str
    name: Optional[str] = None
    geonameid: Optional[int] = None
    country: Optional[str] = None  # ISO 3166-1 alpha-3
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature: Optional[str] = None  # one of PLACE_FEATURES
    precision: Optional[str] = None  # one of PLACE_PRECISIONS
    mention: Optional[Mention] = None  # on an event's or figure's location: the words it was read from
    mentions: list[Mention] = field(default_factory=list)  # in Result.places: every mention of the place


@dataclass
class FigurePart:
    """A subgroup counted inside a figure: "including a child" -> FigurePart("children", 1)."""

    group: str
    value: Optional[int] = None


@dataclass
class Figure:
    kind: str  # one of FIGURE_KINDS
    value: Optional[int]
    low: Optional[int] = None
    high: Optional[int] = None
    approximate: bool = False
    qualifier: Optional[str] = None  # the approximator as written: "nearly", "some", "more than"
    group: Optional[str] = None  # civilians, soldiers, children, people ...
    actor: Optional[Actor] = None  # who is counted ("Turkish soldiers" -> TUR, MIL)
    includes: list[FigurePart] = field(default_factory=list)
    date: Optional[DateSpan] = None
    location: Optional[Place] = None
    evidence: Optional[Evidence] = None
    event: Optional[str] = None  # id of the event this figure belongs to, if any
    # a tally: a running total over a period ("since March 2011", "as of 19 May", "from January to June"),
    # not one incident's toll; ``date`` is the period. Tallies create no event and are never summed
    # with incident figures (see docs/dates.md and docs/store.md).
    cumulative: bool = False


@dataclass
class EventType:
    cameo: Optional[str] = None  # CAMEO code, e.g. "195"
    plover: Optional[str] = None  # PLOVER event type, e.g. "ASSAULT"
    plover_mode: Optional[str] = None  # PLOVER mode, e.g. "aerial"
    acled_event_type: Optional[str] = None  # e.g. "Explosions/Remote violence"
    acled_sub_event_type: Optional[str] = None  # e.g. "Air/drone strike"
    cameo_name: Optional[str] = None  # human-readable CAMEO label
    # an event ACLED does not record as conflict, typed as its own kind (the CASE 2021 non-ACLED types:
    # "Organized crime", "Natural disaster", "Man-made disaster", "Diplomatic event", "Attribution of
    # responsibility"); the ACLED fields are then None ("not an ACLED conflict event")
    non_acled_type: Optional[str] = None


@dataclass
class Event:
    id: str
    type: EventType
    actor1: Optional[Actor] = None
    actor2: Optional[Actor] = None
    location: Optional[Place] = None
    date: Optional[DateSpan] = None
    figures: list[Figure] = field(default_factory=list)
    evidence: Optional[Evidence] = None
    confidence: float = 0.5
    trigger: Optional[str] = None  # the words that name the event ("bombings", "held a meeting")
    coder: Optional[str] = None  # what coded it: "dictionary", "classifier", ...
    # actors acting alongside actor1 / actor2 in the same incident ("Russian and Syrian warplanes"), as
    # ACLED's assoc_actor_1 / assoc_actor_2
    assoc_actor1: list[Actor] = field(default_factory=list)
    assoc_actor2: list[Actor] = field(default_factory=list)
    # the typing model's probability for the event's ACLED (or non-ACLED) type, read from its sentence
    # (calibrated on the CASE 2021 dev split, cross-validated); None when the model did not type it
    type_score: Optional[float] = None


@dataclass
class Relation:
    kind: str  # one of RELATION_KINDS
    actor1: Actor
    actor2: Actor
    evidence: Optional[Evidence] = None


@dataclass
class Result:
    """Everything Sitrep read in one document."""

    document: Document
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    @property
    def primary_event(self) -> Optional[Event]:
        """The document's primary event: among events with an ACLED or non-ACLED type, the one whose type
        the typing model is most sure of (``type_score``; events it did not type count by their
        ``confidence`` times 0.5), the first in the text on ties. None when no event is typed. This is the
        event whose sub-event type ``sitrep eval case2021`` scores against a snippet's label."""
        typed = [e for e in self.events if e.type.acled_sub_event_type or e.type.non_acled_type]
        if not typed:
            return None

        def key(ie: tuple[int, Event]) -> tuple[float, int]:
            i, e = ie
            return (e.type_score if e.type_score is not None else 0.5 * e.confidence, -i)

        return max(enumerate(typed), key=key)[1]


# --- serialisation -----------------------------------------------------------------------------

def to_dict(obj: Any) -> Any:
    """A dataclass (or list of them) as plain JSON-ready data, keys in field order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    return obj


def _resolve_type(tp: Any) -> Any:
    """For Optional[X] return X; leave other types alone."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


@functools.lru_cache(maxsize=None)
def _plan(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """How to rebuild each field of a dataclass, worked out once per class (``get_type_hints`` is slow):
    (name, kind, item class) with kind "plain", "one" (a dataclass) or "many" (a list of them)."""
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        tp = _resolve_type(hints[f.name])
        if typing.get_origin(tp) is list and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            plan.append((f.name, "many", typing.get_args(tp)[0]))
        elif dataclasses.is_dataclass(tp):
            plan.append((f.name, "one", tp))
        else:
            plan.append((f.name, "plain", None))
    return tuple(plan)


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a dataclass of type ``cls`` from ``to_dict`` output. Unknown keys are ignored."""
    if data is None:
        return None
    kwargs = {}
    for name, kind, item in _plan(cls):
        if name not in data:
            continue
        value = data[name]
        if kind == "many":
            value = [from_dict(item, v) for v in (value or [])]
        elif kind == "one" and value is not None:
            value = from_dict(item, value)
        kwargs[name] = value
    return cls(**kwargs)
