"""Resolved spans of a document that the stages find and build on: dates, actors and places.

Each mention keeps its character offsets in ``Document.text`` and the resolved value.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Actor, DateSpan, Place


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
