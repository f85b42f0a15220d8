"""Fusion of many reports into one record per real-world event (see :mod:`sitrep.fuse.fuse`)."""

from .fuse import Report, fuse
from .model import (
    FigureReport,
    FusedEvent,
    FusedFigure,
    Fusion,
    FusionRule,
    SeriesPoint,
    SourceReport,
)

__all__ = [
    "Report",
    "fuse",
    "FigureReport",
    "FusedEvent",
    "FusedFigure",
    "FusionRule",
    "Fusion",
    "SeriesPoint",
    "SourceReport",
]
