"""Datelines: the line opening a news story or release that says where and when it was written.

    KABUL, 31 May 2017 – A truck bomb ...
    ANKARA, Feb 28 (Reuters) - Turkey said ...
    GENEVA (Reuters) - The United Nations ...
    GENEVA (AP) — ...
    MOSCOW - Russia and Turkey agreed ...

:func:`find_dateline` reads one at the start of a line within the first lines of a report: a place in
capitals (optionally followed by a region, "KABUL, Afghanistan"), an optional date, an optional
agency in brackets, then a dash. The date is resolved with the date grammar against the publication
date (a dateline without a year takes the latest such day not after publication). A dateline's date is
the day the report was written: the stages count "today" and "yesterday" from it, and the lead's
events that name no date happened on it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Optional

from .dates import CalendarSpan, default_grammar, normalise

# A dateline opens one of the report's first lines: headline, byline and a blank line may come first.
MAX_LINE = 6
_PLACE = r"(?P<place>[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3})"
_REGION = r"(?:,\s(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2}))?"
_DAY = r"(?P<date>(?:\d{1,2}\s[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s\d{1,2})(?:,?\s\d{4})?)"
_DATE = r"(?:(?:,?\s|\s\()" + _DAY + r"\)?)?"  # ", 31 May 2017", " (31 May 2017)" (UN releases)
_AGENCY = r"(?:\s\((?P<agency>[A-Za-z][\w.&' ]{0,30})\))?"
_DASH = r"\s?(?:—|–|--|-)\s"
DATELINE = re.compile(r"[ \t\"']*" + _PLACE + _REGION + _DATE + _AGENCY + _DASH)
# A place in ordinary capitals is a dateline only with a comma and a date: "Geneva, 31 May 2017 –".
_TITLE_PLACE = r"(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})"
DATELINE_TITLE = re.compile(r"[ \t\"']*" + _TITLE_PLACE + r",\s" + _DAY + _AGENCY + _DASH)


@dataclass(frozen=True)
class Dateline:
    """Where a dateline's place and date words are in the text, and the day it gives (or None)."""

    place_start: int
    place_end: int
    date_start: Optional[int]
    date_end: Optional[int]
    day: Optional[_dt.date]
    end: int  # just after the dash: the lead starts here

    @property
    def date_text_span(self) -> Optional[tuple[int, int]]:
        if self.date_start is None or self.date_end is None:
            return None
        return self.date_start, self.date_end


def _day_of(words: str, published: Optional[_dt.date]) -> Optional[_dt.date]:
    """The day a dateline's date words name, not after publication when they give no year."""
    span: Optional[CalendarSpan] = default_grammar().resolve(normalise(words), published)
    if span is None or span.precision != "day":
        return None
    day = span.start
    if published is not None and day > published and not re.search(r"\d{4}", words):
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return None
    return day


def find_dateline(text: str, published: Optional[_dt.date] = None) -> Optional[Dateline]:
    """The report's dateline, or None: a line among the first :data:`MAX_LINE` that opens with a place
    in capitals, an optional date and agency, and a dash. A line in capitals throughout (a heading)
    is no dateline."""
    pos = 0
    for _ in range(MAX_LINE):
        m = DATELINE.match(text, pos) or _title_dateline(text, pos)
        if m is not None and not _all_capitals(text, pos):
            date_words = m.group("date")
            day = _day_of(date_words, published) if date_words else None
            if date_words and day is None and (published is not None or re.search(r"\d{4}", date_words)):
                return None  # words that are no day: not a dateline
            return Dateline(m.start("place"), m.end("place"), m.start("date") if date_words else None,
                            m.end("date") if date_words else None, day, m.end())
        nl = text.find("\n", pos)
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _title_dateline(text: str, pos: int) -> Optional[re.Match]:
    """ "Geneva, 31 May 2017 –": a place in ordinary capitals, then a date (not a weekday or month)."""
    m = DATELINE_TITLE.match(text, pos)
    if m is None:
        return None
    v = default_grammar().v
    words = {w.lower() for w in m.group("place").split()}
    return None if words & (set(v.weekdays) | set(v.months) | set(v.month_abbreviations)) else m


def _all_capitals(text: str, pos: int) -> bool:
    nl = text.find("\n", pos)
    line = text[pos:nl if nl >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 30 and all(c.isupper() for c in letters)
