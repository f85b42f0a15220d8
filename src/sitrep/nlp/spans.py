"""Tying mentions to the clause they belong to: shared by the stages that link facts together.

Every mention (date, actor, place) carries character offsets; these helpers find the spaCy tokens of a
mention, the sentence and clause a token sits in, and rank mentions by how closely the dependency tree
ties them to a token (same clause first, then nearest in the sentence).
"""

from __future__ import annotations

from typing import Iterable, Optional, Protocol, Sequence, TypeVar

from ..model import Evidence


class _Span(Protocol):
    start: int
    end: int


M = TypeVar("M", bound=_Span)

CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "parataxis", "csubj", "pcomp"}


def span_tokens(doc, start: int, end: int):
    """The tokens covering characters [start, end) (a spaCy Span, or None when nothing aligns)."""
    return doc.char_span(start, end, alignment_mode="expand")


def sentence_of(doc, offset: int):
    """The sentence containing character ``offset`` (None past the end of the text)."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0].sent


def evidence(doc, start: int, end: Optional[int] = None) -> Evidence:
    """Evidence for a fact read at [start, end): its whole sentence, plus the matched words."""
    end = start + 1 if end is None else end
    sent = sentence_of(doc, start)
    if sent is None:
        text = doc.text
        return Evidence(text=text[start:end], start=start, end=end, match_start=start, match_end=end)
    base, text = sent.start_char, sent.text
    s, e = 0, len(text)
    # trim the white space spaCy leaves at sentence edges (paragraph breaks)
    while base + s < start and text[s].isspace():
        s += 1
    while base + e > end and text[e - 1].isspace():
        e -= 1
    return Evidence(text=text[s:e], start=base + s, end=base + e, match_start=start, match_end=end)


def clause_head(token):
    """The verb (or root) heading the clause ``token`` belongs to."""
    t = token
    while t.head.i != t.i:
        if t.pos_ in ("VERB", "AUX") and t.dep_ in CLAUSE_DEPS:
            return t
        t = t.head
    return t


def tree_distance(a, b) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    ancestors_a = {a.i: 0}
    d = 0
    t = a
    while t.head.i != t.i:
        t = t.head
        d += 1
        ancestors_a[t.i] = d
    d = 0
    t = b
    while t.i not in ancestors_a:
        if t.head.i == t.i:
            return 10_000
        t = t.head
        d += 1
    return d + ancestors_a[t.i]


def mentions_in(start: int, end: int, mentions: Iterable[M]) -> list[M]:
    """Mentions lying inside characters [start, end)."""
    return [m for m in mentions if m.start >= start and m.end <= end]


def ranked_mentions(doc, token, mentions: Sequence[M]) -> list[M]:
    """Mentions of ``token``'s sentence, closest first: same clause, then by tree distance, then by words."""
    sent = token.sent
    head = clause_head(token)
    ranked = []
    for m in mentions_in(sent.start_char, sent.end_char, mentions):
        span = span_tokens(doc, m.start, m.end)
        if span is None or len(span) == 0:
            continue
        mtok = span.root
        same_clause = clause_head(mtok).i == head.i
        ranked.append(((0 if same_clause else 1), tree_distance(token, mtok), abs(mtok.i - token.i), m))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]
