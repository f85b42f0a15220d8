"""What the evaluation suites share: the pipeline they score and an evenly spaced subset of items."""

from __future__ import annotations

from typing import Optional

from ..pipeline import Pipeline
from ..stages import DEFAULT_STAGES, DICTIONARY_STAGES


def subset(items: list, limit: Optional[int]) -> list:
    """An evenly spaced subset of ``limit`` items (every k-th), so a fast run keeps the suite's mix of
    categories and labels (the gold files are sorted by category or type)."""
    if not limit or limit >= len(items):
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _pipeline(lexicons=None, classify: bool = True, classifier=None):
    """The pipeline users get (``DEFAULT_STAGES``), or without the ``classify`` stage: the dictionary
    coder alone (same CAMEO codes and actors; suites scoring only those skip the classifier's cost)."""
    return Pipeline(stages=DEFAULT_STAGES if classify else DICTIONARY_STAGES, lexicons=lexicons,
                    classifier=classifier)
