"""The one path through Sitrep: NLP -> extract -> resolve -> link, one document at a time.

A pipeline is an ordered list of named *stages*. A stage is a function ``stage(analysis) -> None`` that
reads what earlier stages left on the :class:`Analysis` and adds its own findings. Stages are registered
by name with :func:`stage`, like spaCy's pipeline components, so a caller can run a subset
(``Pipeline(stages=["dates", "actors"])``) or add its own.

Default order (each name is registered by the module that implements it):

``dates`` -> ``actors`` -> ``places`` -> ``events`` -> ``classify`` -> ``figures`` -> ``relations`` -> ``link``

``classify`` (:mod:`sitrep.extract.typing_`) lets the learned sentence classifier refine the dictionary
coder's ACLED types (about 2-3x the parse time); leave it out (``DICTIONARY_STAGES``) for the dictionary
coder alone. ``classify-uncoded`` (optional, after ``classify``) adds classifier-only events.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .model import (
    Actor,
    DateSpan,
    Document,
    Event,
    Figure,
    Place,
    Relation,
    Result,
)

DEFAULT_STAGES = ("dates", "actors", "places", "events", "classify", "figures", "relations", "link")
# the dictionary coder alone: no learned classifier (CAMEO codes and actors are the same either way)
DICTIONARY_STAGES = tuple(s for s in DEFAULT_STAGES if s != "classify")


# --- mentions: resolved spans of the document that later stages build on ---------------------------

@dataclass
class DateMention:
    start: int  # character offsets in Document.text
    end: int
    text: str
    date: DateSpan


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    # True where a place name stands for its government ("declared war on Damascus"): the places
    # stage must not turn such a span into a location.
    metonym: bool = False


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


@dataclass
class Analysis:
    """The working state of one document while the stages run."""

    document: Document
    doc: "object"  # spacy.tokens.Doc
    published: Optional[_dt.date]
    lexicons: "object"  # sitrep.lexicons.Lexicons
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # the document's focus place (country or region the report is mostly about), set by ``places``
    focus: Optional[Place] = None
    # the sentence classifier the ``classify`` stage uses (None: the shipped one, loaded once)
    classifier: Optional[object] = None

    def result(self) -> Result:
        actors: dict[tuple, Actor] = {}
        for m in self.actors:
            a = m.actor
            actors.setdefault((a.code, a.name, a.country, a.sector), a)
        places: dict[tuple, Place] = {}
        for m in self.places:
            p = m.place
            places.setdefault((p.geonameid, p.name, p.country), p)
        return Result(
            document=self.document,
            events=self.events,
            figures=self.figures,
            actors=list(actors.values()),
            places=list(places.values()),
            relations=self.relations,
        )


# --- stage registry --------------------------------------------------------------------------------

StageFn = Callable[[Analysis], None]
_STAGES: dict[str, StageFn] = {}


def stage(name: str) -> Callable[[StageFn], StageFn]:
    """Register a pipeline stage under ``name`` (decorator)."""

    def register(fn: StageFn) -> StageFn:
        _STAGES[name] = fn
        return fn

    return register


def get_stage(name: str) -> StageFn:
    _load_builtin_stages()
    try:
        return _STAGES[name]
    except KeyError:
        raise KeyError(f"no pipeline stage named {name!r}; known: {', '.join(sorted(_STAGES))}") from None


def _load_builtin_stages() -> None:
    # Importing the modules registers their stages.
    from .extract import events, figures, relations, typing_  # noqa: F401
    from .resolve import actors, dates, link, places  # noqa: F401


def parse_published(value: Optional[str]) -> Optional[_dt.date]:
    """The publication date of a document from an ISO date or datetime string."""
    if not value:
        return None
    value = value.strip()
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"published date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def document_id(text: str) -> str:
    """A stable id for a document without one: a hash of its text."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class Pipeline:
    """Runs the stages on documents. Holds the (cached) spaCy model and lexicons, nothing else."""

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, lexicons=None, nlp=None, classifier=None):
        """``classifier``: what the ``classify`` stage predicts with (anything with
        ``predict(sentences) -> list[sitrep.classify.Prediction]``); default the shipped classifier."""
        from . import lexicons as _lex
        from .nlp import load_nlp

        self.classifier = classifier
        self.stage_names = list(stages)
        self.stages = [get_stage(n) for n in self.stage_names]
        self.lexicons = lexicons if lexicons is not None else _lex.default()
        self.nlp = nlp if nlp is not None else load_nlp()

    def analyse(self, document: Document, doc=None) -> Analysis:
        if doc is None:
            doc = self.nlp(document.text)
        analysis = Analysis(
            document=document,
            doc=doc,
            published=parse_published(document.published),
            lexicons=self.lexicons,
            classifier=self.classifier,
        )
        for fn in self.stages:
            fn(analysis)
        return analysis

    def __call__(self, document: Document) -> Result:
        return self.analyse(document).result()

    def pipe(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Result]:
        """Extract many documents, parsing them in batches (output in input order)."""
        batch: list[Document] = []
        for d in documents:
            batch.append(d)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> Iterator[Result]:
        for document, doc in zip(batch, self.nlp.pipe(d.text for d in batch)):
            yield self.analyse(document, doc).result()


_default_pipeline: Optional[Pipeline] = None


def default_pipeline() -> Pipeline:
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def extract(
    text: str,
    published: Optional[str | _dt.date] = None,
    *,
    source: Optional[str] = None,
    id: Optional[str] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
) -> Result:
    """Code one report: ``sitrep.extract(text, published="2020-03-05")``."""
    if isinstance(published, _dt.date):
        published = published.isoformat()
    document = Document(
        id=id or document_id(text), text=text, published=published, source=source, url=url, title=title
    )
    return default_pipeline()(document)
