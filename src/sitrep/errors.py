"""Errors that explain themselves: each names the input and what is wrong with it."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class: a problem Sitrep reports in one line, without a traceback."""


class InputError(SitrepError):
    """An input that cannot be read: ``InputError(path, problem)`` -> "PATH: problem"."""

    def __init__(self, source: str, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")
