"""The ``dates`` stage: every resolvable temporal expression of a parsed document
(:func:`find_dates`), resolved with the grammar of :mod:`sitrep.grammar.dates`."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Optional

from ..analysis import Analysis
from ..grammar.datelines import find_dateline
from ..grammar.dates import CalendarSpan, default_grammar, normalise
from ..mentions import DateMention
from ..model import DateSpan

# --- finding expressions in a document -------------------------------------------------------------

# How far a candidate expression may reach from its anchor word, in tokens.
_LEFT, _RIGHT = 5, 7


# Words the grammar's patterns use besides the vocabulary tables; a candidate window containing any
# other word cannot resolve, so the scanner does not try it.
_GRAMMAR_WORDS = frozenset(
    "since between and from to until till through thru earlier later early mid late end beginning start "
    "middle of the this last next past ago at on in as over within throughout around about during "
    "local time gmt utc year 's ' - , a.m. p.m. am pm a.m p.m hours hrs h before after".split()
)


@functools.lru_cache(maxsize=1)
def _vocabulary_words() -> tuple[frozenset[str], frozenset[str]]:
    """(anchor words, all words a date expression may contain)."""
    v = default_grammar().v
    words: set[str] = set()
    for table in (v.months, v.month_abbreviations, v.weekdays, v.units, v.numbers, v.ordinals,
                  v.relative_days, v.recent, v.part_phrases):
        for phrase in table:
            words.update(phrase.split())
    words.update(v.dayparts)
    for zone in v.clock_zones:
        words.update(zone.split())
    anchors = set(v.months) | set(v.month_abbreviations) | set(v.weekdays) | set(v.units) | set(v.dayparts)
    for phrase in list(v.relative_days) + list(v.recent):
        anchors.update(phrase.split())
    anchors -= {"the", "this", "last", "at", "before", "after", "a", "an"}
    anchors.update({"weekend", "ago"})
    return frozenset(anchors), frozenset(words | _GRAMMAR_WORDS | {"weekend"})


_NUMERIC = re.compile(
    r"\d{1,4}(?:st|nd|rd|th|s|'s)?|\d{4}-\d{2}(?:-\d{2})?|\d{1,2}[:.]\d{2}|\d{1,2}(?:a\.?m\.?|p\.?m\.?)"
)

_YEAR_TOKEN = re.compile(r"(?:1[89]|20)\d\d(?:-\d\d(?:-\d\d)?)?|(?:1[89]|20)\d0s")


def _is_anchor(token, in_entity: bool) -> bool:
    if in_entity:
        return True
    low = token.lower_
    return low in _vocabulary_words()[0] or bool(_YEAR_TOKEN.fullmatch(low))


def _can_be_in_date(token) -> bool:
    low = token.lower_
    return low in _vocabulary_words()[1] or bool(_NUMERIC.fullmatch(low))


def _plausible(doc, start: int, end: int, text: str, entity_chars: set[int]) -> bool:
    """Guards against words that only look like dates: "may" the verb, "march" the verb, "2018" a count."""
    norm = normalise(text)
    grammar = default_grammar()
    bare = re.sub(r"^(?:in|on|at|during|since|of|by|from|throughout)\s+", "", norm)
    in_entity = any(i in entity_chars for i in range(start, end))
    for word in re.findall(r"[^\W\d_]+", text):
        # month names are capitalised in running text: "march" and "may" are verbs ("10 may die")
        low = word.lower()
        if (low in grammar.v.months or low in grammar.v.month_abbreviations) and not word[0].isupper():
            return False
    if bare == "may" and not in_entity:
        return False
    if re.fullmatch(r"\d{4}", bare) and bare == norm:
        # A bare four-digit number is a year only when spaCy says so or a preposition introduces it,
        # and not when it counts a plural noun ("2018 people"; but "the 2018 elections" is a year).
        if not in_entity:
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        tok = span[0] if span is not None and len(span) == 1 else None
        nxt = doc[tok.i + 1] if tok is not None and tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.tag_ in ("NNS", "NNPS"):
            assert tok is not None  # nxt is only set with tok
            if tok.i == 0 or doc[tok.i - 1].tag_ not in ("DT", "PRP$", "POS"):
                return False
    return True


def _entity_tokens(doc) -> tuple[set[int], set[int]]:
    """Token indices and character offsets spaCy tagged DATE or TIME."""
    tokens: set[int] = set()
    chars: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            tokens.update(range(ent.start, ent.end))
            chars.update(range(ent.start_char, ent.end_char))
    return tokens, chars


def _window(doc, sent, tok) -> tuple[int, int]:
    """The run of words around an anchor that a date expression could be made of."""
    lo = tok.i
    while lo > max(sent.start, tok.i - _LEFT) and _can_be_in_date(doc[lo - 1]):
        lo -= 1
    hi = tok.i + 1
    while hi < min(sent.end, tok.i + _RIGHT + 1) and _can_be_in_date(doc[hi]):
        hi += 1
    return lo, hi


def _ends_badly(last) -> bool:
    if last.is_punct and last.text not in ("a.m.", "p.m."):
        return True
    return last.is_space or last.lower_ in ("'s", "\u2019s")


def _longest_at(doc, text: str, tok, lo: int, hi: int, resolve, cache: dict):
    """The longest words around ``tok`` within ``lo..hi`` that resolve to a date, or None."""
    best = None
    for left in range(lo, tok.i + 1):
        if doc[left].is_punct or doc[left].is_space:
            continue
        for right in range(tok.i + 1, hi + 1):
            last = doc[right - 1]
            if _ends_badly(last):
                continue
            s, e = doc[left].idx, last.idx + len(last.text)
            if (left, right) not in cache:
                cache[(left, right)] = resolve(normalise(text[s:e]))
            span = cache[(left, right)]
            if span is not None and (best is None or e - s > best[1] - best[0]):
                best = (s, e, text[s:e], span)
    return best


def _without_overlaps(candidates: list) -> list:
    """The longest of overlapping candidates, in text order."""
    chosen: list = []
    for cand in sorted(set(candidates), key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


def find_dates(doc, published: Optional[_dt.date]) -> list[DateMention]:
    """Every resolvable temporal expression of a parsed document, in text order, without overlaps.

    Candidates are windows of tokens around anchor words (month and weekday names, "today", "week",
    "ago", years, anything spaCy tagged DATE or TIME); the longest window that resolves wins, so the
    trigger words that change the meaning ("since", "as late as", "last", "early") are kept.
    """
    grammar = default_grammar()
    text = doc.text  # built anew on every access: read it once
    entity_tokens, entity_chars = _entity_tokens(doc)
    candidates: list[tuple[int, int, str, CalendarSpan]] = []
    cache: dict[tuple[int, int], Optional[CalendarSpan]] = {}

    def resolve(words: str):
        return grammar.resolve(words, published) or unanchored(words, published)

    for sent in doc.sents:
        for tok in sent:
            if tok.is_punct or tok.is_space or not _is_anchor(tok, tok.i in entity_tokens):
                continue
            lo, hi = _window(doc, sent, tok)
            best = _longest_at(doc, text, tok, lo, hi, resolve, cache)
            if best is not None and _plausible(doc, best[0], best[1], best[2], entity_chars):
                candidates.append(best)
    return [DateMention(start=s, end=e, text=words, date=_date_span(sp, words))
            for s, e, words, sp in _without_overlaps(candidates)]


# A day to try a relative expression against when the document gives none: only whether it resolves
# is used, never the day it resolves to.
_PROBE_DAY = _dt.date(2000, 6, 15)
UNKNOWN_SPAN = CalendarSpan(_PROBE_DAY, _PROBE_DAY, "unknown")


def unanchored(words: str, reference: Optional[_dt.date]) -> Optional[CalendarSpan]:
    """Rule: with no day to count from (no publication date, no dated dateline), words that name a time
    relative to one ("yesterday", "on Tuesday", "in February", "last week") are a date of precision
    ``unknown``: kept, not guessed. None when there is a reference day or the words name no time."""
    grammar = default_grammar()
    if reference is not None or grammar.resolve(words, _PROBE_DAY) is None or grammar.resolve(words, None):
        return None
    return UNKNOWN_SPAN


def _date_span(span: CalendarSpan, words: str) -> DateSpan:
    if span.precision == "unknown":
        return DateSpan(None, None, "unknown", words)
    return DateSpan(span.start.isoformat(), span.end.isoformat(), span.precision, words)


# --- the day a report was written, and years the text gives ------------------------------------------

def reference_day(text: str, published: Optional[_dt.date]) -> Optional[_dt.date]:
    """The day relative expressions count from: the dateline's day ("KABUL, 31 May 2017 –": "today"
    is 31 May even in a copy published later), else the publication date."""
    line = find_dateline(text, published)
    return line.day if line is not None and line.day is not None else published


_EXPLICIT_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH_WORD = re.compile(r"[A-Za-z]+")
# Words after which a month without a year is not a past calendar month of the text's story.
_NOT_STORY = frozenset("this last next".split())


def _story_year(mention: DateMention) -> Optional[int]:
    """The year a mention states for the story (a day or a month with an explicit year: "On 27
    February 2020", "in February 2020"), or None (bare years, "since March 2011", ranges)."""
    if mention.date.precision not in ("day", "month") or normalise(mention.text).startswith("since"):
        return None
    found = _EXPLICIT_YEAR.findall(mention.text)
    return int(found[-1]) if found else None


def _yearless_month(mention: DateMention) -> bool:
    """Does the mention name a month without a year ("on 11 January", "in February", "June 17")?"""
    if _EXPLICIT_YEAR.search(mention.text):
        return False
    words = {w.lower() for w in _MONTH_WORD.findall(mention.text)}
    v = default_grammar().v
    return bool(words & (set(v.months) | set(v.month_abbreviations))) and not words & _NOT_STORY


def year_from_text(mentions: list[DateMention], reference: Optional[_dt.date]) -> list[DateMention]:
    """A date without a year takes the year of the nearest earlier date that states one (a page of
    2023 about "27 February 2020" then "On 28 February" means 2020), when that day is not after the
    reference day; else it keeps the grammar's reading (the latest such date, see the grammar)."""
    out: list[DateMention] = []
    year: Optional[int] = None
    grammar = default_grammar()
    for m in mentions:
        if year is not None and _yearless_month(m):
            span = grammar.resolve(f"{normalise(m.text)} {year}", reference)
            if span is not None and m.date.precision in (span.precision, "unknown") and (
                    reference is None or span.start <= reference):
                m = DateMention(start=m.start, end=m.end, text=m.text, date=DateSpan(
                    span.start.isoformat(), span.end.isoformat(), span.precision, m.text))
        year = _story_year(m) or year
        out.append(m)
    return out


def dates_stage(analysis: Analysis) -> None:
    """Pipeline stage: append every resolvable temporal expression to ``analysis.dates``, relative ones
    counted from the dateline's day (else publication), years taken from the text where it gives them."""
    reference = reference_day(analysis.document.text, analysis.published)
    analysis.dates.extend(year_from_text(find_dates(analysis.doc, reference), reference))


