"""Label vocabularies and mappings the classifier and the evaluation share, read from
``sitrep/data/codebook/`` (data files, not code):

- ``plover_versions.tsv``: PLOVER v0.5 type names (used by the PLOVER gold records) -> PLOVER 2021 names.
- ``plover_to_acled.tsv``: (PLOVER event, mode) -> ACLED event type / sub-event type, where unambiguous.
- ``vocab/acled_taxonomy_with_case2021_labels.tsv``: ACLED disorder type -> event type -> sub-event type.
- ``plover_types.tsv`` / ``acled_sub_event_types.tsv``: descriptions written from the public codebooks.
"""

from __future__ import annotations

import functools
from typing import Optional

from ..resources import read_table

# the ACLED taxonomy is one file shared with the codebook (data/vocab)
ACLED_TAXONOMY = "acled_taxonomy_with_case2021_labels.tsv"

NONE_LABEL = "(none)"


def _rows(name: str) -> list[list[str]]:
    folder = "vocab" if name == ACLED_TAXONOMY else "codebook"
    return read_table(folder, name)


@functools.lru_cache(maxsize=1)
def plover_renames() -> dict[str, str]:
    return {r[0].strip(): r[1].strip() for r in _rows("plover_versions.tsv")}


def plover_2021(event: str) -> str:
    """A PLOVER type in the 2021 vocabulary (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT)."""
    e = event.strip().upper()
    return plover_renames().get(e, e)


@functools.lru_cache(maxsize=1)
def acled_taxonomy() -> dict[str, str]:
    """ACLED sub-event type -> event type (ACLED types only)."""
    out = {}
    for r in _rows(ACLED_TAXONOMY):
        if r[0] == "disorder_type" or r[0].startswith("(not ACLED)"):
            continue
        out[r[2].strip()] = r[1].strip()
    return out


def acled_event_type(sub_event: Optional[str]) -> Optional[str]:
    """The ACLED event type of a sub-event type (None for "(none)" or unknown)."""
    if not sub_event or sub_event == NONE_LABEL:
        return None
    return acled_taxonomy().get(sub_event)


@functools.lru_cache(maxsize=1)
def _plover_acled_rows() -> list[tuple[str, str, str, str]]:
    return [(r[0].strip(), r[1].strip(), r[2].strip(), (r[3].strip() if len(r) > 3 else ""))
            for r in _rows("plover_to_acled.tsv")]


def acled_from_plover(event: str, mode: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """The ACLED (event type, sub-event type) a PLOVER (event, mode) coding implies, where unambiguous.

    ``event`` is matched as written first (so v0.5 FIGHT rows apply), then in its 2021 name. Returns
    ("(none)", None) for PLOVER types ACLED does not record, (event type, None) when only the event type
    is determined, and (None, None) when the pair is not mapped.
    """
    m = (mode or "").strip()
    for ev in dict.fromkeys([event.strip().upper(), plover_2021(event)]):
        for pe, pm, et, se in _plover_acled_rows():
            if pe != ev:
                continue
            if pm == "*" or (pm == "-" and not m) or pm == m:
                return et, (se or None)
    return None, None


@functools.lru_cache(maxsize=1)
def descriptions(name: str) -> tuple[tuple[str, str], ...]:
    """(label, description) pairs from a codebook description file."""
    return tuple((r[0].strip(), r[1].strip()) for r in _rows(name) if len(r) >= 2)


@functools.lru_cache(maxsize=1)
def non_acled_types() -> frozenset:
    """The CASE 2021 non-ACLED types Sitrep codes as their own kind (``EventType.non_acled_type``), by name:
    Organized crime, Natural disaster, Man-made disaster, Diplomatic event, Attribution of responsibility."""
    return frozenset(_type_name(r[2]) for r in _rows(ACLED_TAXONOMY) if r[0].startswith("(not ACLED)"))


def _type_name(cell: str) -> str:
    """A taxonomy cell without its parenthesised remark ("Attribution of responsibility (meaning ...)")."""
    return cell.split(" (")[0].strip()


@functools.lru_cache(maxsize=1)
def case2021_labels() -> dict[str, str]:
    """CASE 2021 Task 2 label (ARMED_CLASH, ..., ORG_CRIME) -> Sitrep's type name (ACLED sub-event type, or
    the non-ACLED type's name)."""
    return {r[3].strip(): _type_name(r[2]) for r in _rows(ACLED_TAXONOMY)
            if r[0] != "disorder_type" and len(r) > 3 and r[3].strip()}


def split_type(label: Optional[str]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """A typing label as (ACLED event type, ACLED sub-event type, non-ACLED type); all None for "(none)"."""
    if not label or label == NONE_LABEL:
        return None, None, None
    if label in non_acled_types():
        return None, None, label
    return acled_event_type(label), label, None
