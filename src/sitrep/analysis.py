"""The working state of one document while the stages run (:class:`Analysis`).

Stages read what earlier stages left here and add their own findings; the engine that runs them is
:mod:`sitrep.pipeline`, the stages themselves are in :mod:`sitrep.stages`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Protocol, Sequence

from .mentions import ActorMention, DateMention, PlaceMention
from .model import Actor, Document, Event, Figure, Mention, Place, Relation, Result

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .dictionaries.bundle import Lexicons

__all__ = ["ActorMention", "Analysis", "Classifier", "DateMention", "PlaceMention"]


class Classifier(Protocol):
    """What the ``classify`` stage predicts with (``sitrep.classify.EventClassifier`` or a stand-in)."""

    def predict(self, sentences: Sequence[str]) -> list: ...


@dataclass
class Analysis:
    """The working state of one document while the stages run."""

    document: Document
    doc: "Doc"
    lexicons: "Lexicons"
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # the document's focus place (country or region the report is mostly about), set by ``places``
    focus: Optional[Place] = None
    # the sentence classifier the ``classify`` stage uses (None: the shipped one, loaded once)
    classifier: Optional[Classifier] = None

    @property
    def published(self) -> Optional[_dt.date]:
        """The document's publication date (parsed once, where the document was read)."""
        return self.document.published

    def result(self) -> Result:
        actors: dict[tuple, Actor] = {}
        for m in self.actors:
            a = m.actor
            actors.setdefault((a.code, a.name, a.country, a.sector), a)
        places: dict[tuple, Place] = {}  # one entry per place, listing every mention of it
        for pm in self.places:
            p = pm.place
            key = (p.geonameid, p.name, p.country)
            if key not in places:
                places[key] = dataclasses.replace(p, mention=None, mentions=[])
            places[key].mentions.append(Mention(pm.text, pm.start, pm.end))
        return Result(
            document=self.document,
            events=self.events,
            figures=self.figures,
            actors=list(actors.values()),
            places=list(places.values()),
            relations=self.relations,
        )
