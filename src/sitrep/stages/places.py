"""The ``places`` stage: the document's place mentions and its focus place (:mod:`sitrep.geo`)."""

from __future__ import annotations

from ..analysis import Analysis
from ..geo.geoparse import geoparse


def places_stage(analysis: Analysis) -> None:
    """Resolve the document's place names into ``analysis.places`` and set ``analysis.focus``."""
    skip = [(m.start, m.end) for m in analysis.actors if getattr(m, "metonym", False)]
    mentions, focus = geoparse(analysis.doc, skip=skip)
    analysis.places.extend(mentions)
    if analysis.focus is None:
        analysis.focus = focus


