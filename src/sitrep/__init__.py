"""Sitrep: structured, sourced models of armed-conflict and humanitarian reports.

``sitrep.extract(text, published="2020-03-05")`` codes one report; ``sitrep.Pipeline`` codes many.
"""

from .model import Result
from .pipeline import Pipeline, extract

__all__ = ["Pipeline", "Result", "extract", "__version__"]
__version__ = "0.1.0"
