"""Making a Document from what a reader found: the one place a publication date is parsed."""

from __future__ import annotations

from ..errors import InputError
from ..model import Document


def make_document(where: str, **fields) -> Document:
    """A Document, its publication date parsed here; a bad date is an ``InputError`` naming ``where``."""
    try:
        return Document(**fields)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
