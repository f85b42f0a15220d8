"""Syntax helpers every stage shares, one implementation each: dependency-label sets, negation,
modality and paragraphs.

All take spaCy tokens (of the English model's ClearNLP-style labels).
"""

from __future__ import annotations

import re
from typing import Any, Optional

# Subjects of a clause: active and passive, nominal and clausal.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# ... plus the expletive "there", which still gives a clause a subject of its own.
CLAUSE_SUBJECT_DEPS = SUBJECT_DEPS | {"expl"}
ACTIVE_SUBJECT_DEPS = frozenset({"nsubj"})
PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass", "csubjpass"})
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")

# conditional or hypothetical markers: an event under them did not (yet) happen
HYPOTHETICAL = frozenset({"if", "unless", "whether"})
MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "'ll"})
# an obligation ("Russia must cease its attacks") is a demand by whoever says it, not an act of the subject
# ("should have acted" is a regret PETRARCH's verb patterns code on their own: not listed)
OBLIGATIONS = frozenset({"must"})

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def negated(token: Any, *, climb: bool = True, never: bool = True, via_aux: bool = False) -> bool:
    """The token carries a negation ("did not attack").

    ``climb``: also the verbs it complements through ``xcomp`` ("no longer intends to follow"), up to
    four levels; ``never``: "never" counts as a negation; ``via_aux``: also a negation attached to an
    auxiliary or to an adverb ("no longer"), as the CAMEO verb matcher reads them.
    """
    t = token
    for _ in range(4 if climb else 1):
        for c in t.children:
            if c.dep_ == "neg" or (never and c.lower_ == "never"):
                return True
            if via_aux and c.dep_ in ("advmod", "aux", "auxpass") and any(g.dep_ == "neg" for g in c.children):
                return True
        if climb and t.dep_ == "xcomp" and t.head.i != t.i:
            t = t.head
            continue
        break
    return False


def is_passive(verb: Any) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def _modal_aux(token: Any) -> Optional[str]:
    """"future" or "obligation" for a modal auxiliary on the verb itself, else None."""
    for c in token.children:
        if c.dep_ == "aux" and c.lower_ in OBLIGATIONS:
            return "obligation"
        if c.dep_ == "aux" and c.lower_ in MODALS:
            return "future"
    return None


def modality(token: Any) -> Optional[str]:
    """"future" for "will/would/could/may/might attack" (an intention or threat, not an event that
    happened), "obligation" for "must cease" (a demand, not an act), "conditional" under
    "if/unless/whether", else None. A verb complementing ("will continue to ...") or coordinated with
    ("will continue ... and deliver") a modal verb, with no auxiliary or subject of its own, shares its
    modality."""
    t = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL for c in t.children):
            return "conditional"
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "ccomp"):
            break
        t = t.head
    own = _modal_aux(token)
    if own is not None:
        return own
    if token.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("aux", "auxpass", *SUBJECT_DEPS) for c in token.children):
        return _modal_aux(token.head)
    return None


def paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph holding ``offset`` starts: after the last blank line before it (0 if none)."""
    last = 0
    for m in _BLANK_LINE.finditer(text, 0, offset):
        last = m.end()
    return last
