"""Lists of names closed by a plural level word: "in Becker, Clay, Douglas, Grant, Mahnomen, Otter Tail,
Swift and Wilkin counties", "Barrow and Jackson counties", "Idlib and Hama provinces".

* :func:`list_level` — the level such a list gives each of its names ("admin2" for counties);
* :func:`listed_place_span` — a name of such a list that the tagger left out ("Grant", "Wilkin"), when
  the gazetteer knows it at that level.
"""

from __future__ import annotations

from typing import Optional

from ..resources import content_lines, data_path
from .gazetteer import Gazetteer

_LEVEL_ROWS = (line.split()[:2] for line in content_lines(data_path("gazetteer", "list_levels.txt")))
LIST_LEVELS: dict[str, str] = {word: level for word, level in _LEVEL_ROWS}
SEPARATORS = frozenset({",", "and", "&", "or"})
MAX_LIST_TOKENS = 30
MAX_ITEM_TOKENS = 3


def _name_word(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha


def list_level(doc, end: int) -> Optional[str]:
    """The level ("admin1", "admin2") of the plural level word that closes the list a name ending before
    token ``end`` belongs to: from there only list separators and capitalised words may come before the
    level word ("..., Grant, Mahnomen, Otter Tail, Swift and Wilkin counties"); else None."""
    level, items = _walk_list(doc, end)
    return level if level is not None and (items or _adjacent(doc, end)) else None


def _adjacent(doc, end: int) -> bool:
    return end < len(doc) and doc[end].text in LIST_LEVELS


def _walk_list(doc, end: int) -> tuple[Optional[str], int]:
    """The level word closing the list that goes on at token ``end`` and the separators passed on the way
    (None, 0 when something else comes first)."""
    items = 0
    for k in range(end, min(len(doc), end + MAX_LIST_TOKENS)):
        tok = doc[k]
        level = LIST_LEVELS.get(tok.text)  # lower case only: "States" is part of a name
        if level is not None:
            return level, items
        if tok.lower_ in SEPARATORS:
            items += 1
        elif not _name_word(tok):
            return None, 0
    return None, 0


def listed_place_span(doc, i: int, gaz: Gazetteer):
    """The name starting at token ``i`` when it stands in a list closed by a plural level word (after a
    list separator, or first with a separator to come) and the gazetteer knows a place of that level by
    it ("Becker", "Wilkin" -> Becker County, Wilkin County); else None."""
    if not _name_word(doc[i]) or (i > 0 and _name_word(doc[i - 1])):
        return None
    j = i + 1
    while j < len(doc) and j - i < MAX_ITEM_TOKENS and _name_word(doc[j]):
        j += 1
    level, items = _walk_list(doc, j)
    after_separator = i > 0 and doc[i - 1].lower_ in SEPARATORS
    if level is None or not (items or (after_separator and _adjacent(doc, j))):
        return None
    span = doc[i:j]
    if any(c.entry.feature == level for c in gaz.candidates(span.text, loose=False)):
        return span
    return None
