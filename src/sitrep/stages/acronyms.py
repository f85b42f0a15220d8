"""Acronyms a report defines for its actors: "Syrian Arab Republic Government (SARG)", "Government of
the Russian Federation (GoRF)", "armed opposition group (AOG)". Situation reports define them once and
then write only the acronym ("SARG and GoRF airstrikes"), before and after the definition (headlines
and highlights come first): every use of a defined acronym is a mention of the actor it was defined for.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..mentions import ActorMention

# "(SARG)", "(GoRF)", "(AOG)": two to eight letters, at least two capitals, right after the actor's words
_DEFINED = re.compile(r"\s*\(([A-Za-z]{2,8})\)")
_CAPITALS = re.compile(r"[A-Z].*[A-Z]")


def defined_acronyms(text: str, mentions: list[ActorMention]) -> dict[str, ActorMention]:
    """Rule: an acronym in brackets right after an actor mention, or right after the actor's name
    inside a longer mention ("Government of the Russian Federation (GoRF) airstrikes"), is that
    actor's short name in this document. Acronyms defined for two different actors are dropped."""
    found: dict[str, ActorMention] = {}
    clash: set[str] = set()
    for m in mentions:
        if m.actor.code is None:
            continue
        for k in range(m.start, m.end + 1):
            hit = _DEFINED.match(text, k) if k == m.end or text[k:k + 1] in (" ", "(") else None
            if hit is None or not _CAPITALS.search(hit.group(1)):
                continue
            acro = hit.group(1)
            if acro in found and found[acro].actor.code != m.actor.code:
                clash.add(acro)
            found.setdefault(acro, m)
            break
    return {a: m for a, m in found.items() if a not in clash}


def acronym_mentions(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Mentions of the document's defined acronyms (:func:`defined_acronyms`) wherever they stand as a
    word outside the mentions already found, each coded as the actor it was defined for."""
    acronyms = defined_acronyms(text, mentions)
    if not acronyms:
        return []
    taken = [(m.start, m.end) for m in mentions]
    out: list[ActorMention] = []
    for acro, m in acronyms.items():
        for hit in re.finditer(rf"(?<![\w(]){re.escape(acro)}(?![\w)])", text):
            s, e = hit.span()
            if any(a < e and s < b for a, b in taken):
                continue
            out.append(ActorMention(s, e, acro, replace(m.actor, text=acro)))
    return out
