"""Time resolution: read temporal expressions and turn them into calendar spans.

Three parts:

* :func:`resolve_date_expression` reads one expression ("since December", "last week", "3 March 2020")
  against the publication date and returns a :class:`~sitrep.model.DateSpan` (ISO start/end, end
  inclusive, a precision of day/week/month/year/range), or ``None`` when the words do not name a point
  or stretch of calendar time (durations such as "several years", ordinal ages such as "its tenth
  year") or when a relative expression has no publication date to count from.
* the ``dates`` pipeline stage finds every expression in a parsed document (:func:`find_dates`) and
  appends :class:`~sitrep.mentions.DateMention` objects to ``analysis.dates``.
* :func:`date_for_token` gives the date governing the clause of a token (an event trigger, a counted
  noun).

The grammar is a small set of regular expressions over a normalised, lower-cased expression, built from
the vocabulary in ``sitrep/data/dates/vocabulary.json``; composite forms ("since X", "early X",
"between X and Y", "X at 6 a.m.") are read recursively. The rules and the precision each yields are
documented, for analysts, in ``docs/dates.md``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import json
import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..model import DateSpan
from ..resources import data_path

Date = _dt.date

# --- vocabulary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateVocabulary:
    """The word tables of ``vocabulary.json`` (see that file for what each holds)."""

    months: dict[str, int]  # full names
    month_abbreviations: dict[str, int]
    weekdays: dict[str, int]  # Monday = 0
    numbers: dict[str, int]
    ordinals: dict[str, int]
    relative_days: dict[str, int]
    dayparts: tuple[str, ...]
    units: dict[str, str]
    recent: dict[str, tuple[int, str]]
    part_phrases: dict[str, str]
    month_days: dict[str, tuple[int, int]]
    year_months: dict[str, tuple[int, int]]
    neutral_prefixes: tuple[str, ...]
    clock_zones: tuple[str, ...]
    future_day_window: int

    @classmethod
    def load(cls, path=None) -> "DateVocabulary":
        path = path or data_path("dates", "vocabulary.json")
        raw = json.loads(path.read_text(encoding="utf-8"))

        def table(name: str) -> dict:
            return {k: v for k, v in raw[name].items() if not k.startswith("_")}

        parts = raw["period_parts"]
        return cls(
            months=table("months"),
            month_abbreviations=table("month_abbreviations"),
            weekdays=table("weekdays"),
            numbers=table("numbers"),
            ordinals=table("ordinals"),
            relative_days=table("relative_days"),
            dayparts=tuple(raw["dayparts"]),
            units=table("units"),
            recent={k: (int(v[0]), str(v[1])) for k, v in table("recent").items()},
            part_phrases=dict(parts["phrases"]),
            month_days={k: (v[0], v[1]) for k, v in parts["month_days"].items()},
            year_months={k: (v[0], v[1]) for k, v in parts["year_months"].items()},
            neutral_prefixes=tuple(sorted(raw["neutral_prefixes"], key=len, reverse=True)),
            clock_zones=tuple(raw["clock_zones"]),
            future_day_window=int(raw["future_day_window"]),
        )

    def month(self, word: str) -> Optional[int]:
        word = word.rstrip(".")
        return self.months.get(word) or self.month_abbreviations.get(word)

    def number(self, word: Optional[str]) -> Optional[int]:
        if word is None:
            return None
        if word.isdigit():
            return int(word)
        return self.numbers.get(word)

    def day_number(self, word: str) -> Optional[int]:
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word)
        if m:
            return int(m.group(1))
        return self.ordinals.get(word)


def _alt(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- spans and calendar arithmetic ---------------------------------------------------------------


@dataclass(frozen=True)
class CalendarSpan:
    start: Date
    end: Date
    precision: str

    def contains(self, d: Date) -> bool:
        return self.start <= d <= self.end


def _day(d: Date) -> CalendarSpan:
    return CalendarSpan(d, d, "day")


def _week(d: Date) -> CalendarSpan:
    """The ISO week (Monday to Sunday) containing ``d``."""
    monday = d - _dt.timedelta(days=d.weekday())
    return CalendarSpan(monday, monday + _dt.timedelta(days=6), "week")


def _month(year: int, month: int) -> CalendarSpan:
    last = calendar.monthrange(year, month)[1]
    return CalendarSpan(Date(year, month, 1), Date(year, month, last), "month")


def _year(year: int) -> CalendarSpan:
    return CalendarSpan(Date(year, 1, 1), Date(year, 12, 31), "year")


def _range(start: Date, end: Date) -> Optional[CalendarSpan]:
    if start > end:
        return None
    return CalendarSpan(start, end, "day" if start == end else "range")


def _add_months(d: Date, n: int) -> Date:
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return Date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _shift(d: Date, n: int, unit: str) -> Date:
    """``d`` moved by ``n`` units (negative: back in time). Hours and minutes round to whole days."""
    if unit in ("minute", "hour"):
        per_day = 1440 if unit == "minute" else 24
        days = -(-abs(n) // per_day)  # ceil
        return d + _dt.timedelta(days=days if n > 0 else -days)
    if unit == "day":
        return d + _dt.timedelta(days=n)
    if unit == "week":
        return d + _dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_months(d, 12 * n)
    raise ValueError(f"unknown time unit {unit!r}")


def _period(d: Date, unit: str) -> CalendarSpan:
    """The calendar period of ``unit`` (day/week/month/year) containing ``d``."""
    if unit in ("minute", "hour", "day"):
        return _day(d)
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    return _year(d.year)


def _safe_date(year: int, month: int, day: int) -> Optional[Date]:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


# --- the grammar ---------------------------------------------------------------------------------

Handler = Callable[[re.Match, Optional[Date]], Optional[CalendarSpan]]
Composite = Callable[[re.Match, Optional[Date], int], Optional[CalendarSpan]]


class Grammar:
    """Regex rules over a normalised expression. ``resolve`` is the entry point (recursive)."""

    MAX_DEPTH = 5

    def __init__(self, vocab: DateVocabulary):
        self.v = vocab
        month_full = _alt(vocab.months)
        month_any = _alt(list(vocab.months) + list(vocab.month_abbreviations))
        weekday = _alt(vocab.weekdays)
        number = r"\d+|" + _alt(vocab.numbers)
        day = r"\d{1,2}(?:st|nd|rd|th)?|" + _alt(vocab.ordinals)
        year = r"1[89]\d\d|20\d\d"
        unit = _alt(vocab.units)
        daypart = _alt(vocab.dayparts)
        zone = _alt(vocab.clock_zones)
        clock = (
            r"\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}(?:\s*(?:hours|hrs|h))?"
            r"|\d{4}\s*(?:hours|hrs|h)"
        )
        parts = _alt(vocab.part_phrases)
        self.year_re = re.compile(rf"\b(?:{year})\b")
        self.neutral_re = re.compile(rf"^(?:{_alt(vocab.neutral_prefixes)})\s+(.+)$")

        c = re.compile
        # Atoms: complete expressions read in one step.
        self.atoms: list[tuple[re.Pattern, Handler]] = [
            (c(r"(\d{4})-(\d{2})-(\d{2})"), self._iso_day),
            (c(rf"({year})-(\d{{2}})"), self._iso_month),
            (c(rf"(?:the\s+)?({day})(?:\s+of)?\s+({month_any})\.?(?:,?\s+({year}))?"), self._day_month),
            (c(rf"({month_any})\.?\s+(?:the\s+)?({day})(?:,?\s+({year}))?"), self._month_day),
            (c(rf"({month_any})\.?,?\s+(?:of\s+)?({year})"), self._month_year),
            (c(rf"({month_full})(?:\s+(this|last|next)\s+year)?"), self._month_alone),
            (c(rf"(last|this|next)\s+({month_full})"), self._month_relative),
            (c(rf"(?:the\s+year\s+)?({year})"), self._year),
            (c(r"(?:the\s+)?(1[89]\d0|20\d0)'?s"), self._decade),
            (c(rf"(?:(last|this|next|past)\s+)?({weekday})"), self._weekday),
            (c(rf"(?:about\s+)?({number})\s+({unit})\s+ago"), self._ago),
            (c(r"(last|this|next)\s+(week|month|year)"), self._calendar_relative),
            (c(r"(?:(last|this|next|the)\s+)?weekend"), self._weekend),
            (c(rf"(?:the\s+|this\s+)?(?:past|last)\s+({number})\s+({unit})"), self._past),
            (c(r"(?:the\s+past|the\s+last|past|this\s+past)()\s+(hour|week|month|year)"), self._past),
        ]
        # Composite forms: the captured parts are resolved recursively.
        self.composites: list[tuple[re.Pattern, Composite]] = [
            (c(r"since\s+(.+)"), self._since),
            (c(r"(earlier|later)\s+(?:in\s+|on\s+)?(.+)"), self._earlier_later),
            (c(rf"({parts})(?:\s+|-)(.+)"), self._part_of),
            (c(rf"(?:the\s+)?(?:{daypart})\s+of\s+(.+)"), self._inner),
            (c(rf"(.+?)\s+(?:{daypart})"), self._day_only),
            # "at 6 a.m. on Tuesday", "Tuesday at 14:00 local time": the day
            (c(rf"(?:at\s+|around\s+|about\s+)?(?:{clock})(?:\s+(?:{zone}))?,?\s+(?:on\s+)?(.+)"),
             self._day_only),
            (c(rf"(.+?),?\s+(?:at|around|about)\s+(?:{clock}|midnight|noon|midday)(?:\s+(?:{zone}))?"),
             self._day_only),
            (c(r"(?:at\s+)?(?:midnight|noon|midday)\s+(?:on\s+)?(.+)"), self._day_only),
            (c(rf"(?:{weekday}),?\s+(.+)"), self._day_only),
            (c(r"between\s+(.+?)\s+and\s+(.+)"), self._between),
            (c(r"from\s+(.+?)\s*(?:-|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*(.+)"), self._between),
            (c(r"(.+?)\s*-\s*(.+)"), self._between),
            (c(r"(.+?)\s+(?:to|through|until|till)\s+(.+)"), self._between),
        ]

    # --- entry point ---

    def resolve(self, text: str, published: Optional[Date], depth: int = 0) -> Optional[CalendarSpan]:
        if depth > self.MAX_DEPTH:
            return None
        s = text.strip(" ,;:")
        if not s:
            return None
        if s in self.v.relative_days or s in self.v.recent:
            return self._relative(s, published)
        m = self.neutral_re.match(s)
        if m:
            return self.resolve(m.group(1), published, depth + 1)
        span = self._first_match(self.atoms, s, lambda handler, m: handler(m, published))
        if span is None:
            span = self._first_match(self.composites, s, lambda handler, m: handler(m, published, depth + 1))
        return span

    def _relative(self, s: str, published: Optional[Date]) -> Optional[CalendarSpan]:
        """"today", "yesterday", "in recent weeks": nothing without a publication date (not guessed)."""
        if published is None:
            return None
        if s in self.v.relative_days:
            return _day(published + _dt.timedelta(days=self.v.relative_days[s]))
        n, unit = self.v.recent[s]
        return _range(_shift(published, -n, unit), published)

    @staticmethod
    def _first_match(rules, s: str, call) -> Optional[CalendarSpan]:
        """The span of the first rule whose pattern matches all of ``s`` and whose handler resolves it."""
        for pattern, handler in rules:
            m = pattern.fullmatch(s)
            if m:
                span = call(handler, m)
                if span is not None:
                    return span
        return None

    # --- atoms ---

    def _iso_day(self, m, pub):
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _day(d) if d else None

    def _iso_month(self, m, pub):
        month = int(m.group(2))
        return _month(int(m.group(1)), month) if 1 <= month <= 12 else None

    def _date(self, day_word: str, month_word: str, year_word: Optional[str], pub) -> Optional[CalendarSpan]:
        day, month = self.v.day_number(day_word), self.v.month(month_word)
        if day is None or month is None:
            return None
        if year_word:
            d = _safe_date(int(year_word), month, day)
            return _day(d) if d else None
        if pub is None:
            return None
        # No year: the publication year, unless that lies more than `future_day_window` days after
        # publication (then the previous year): reports look back, but announce dates a few weeks ahead.
        d = _safe_date(pub.year, month, day)
        if d is None or d > pub + _dt.timedelta(days=self.v.future_day_window):
            d = _safe_date(pub.year - 1, month, day)
        return _day(d) if d else None

    def _day_month(self, m, pub):
        return self._date(m.group(1), m.group(2), m.group(3), pub)

    def _month_day(self, m, pub):
        return self._date(m.group(2), m.group(1), m.group(3), pub)

    def _month_year(self, m, pub):
        month = self.v.month(m.group(1))
        return _month(int(m.group(2)), month) if month else None

    def _month_alone(self, m, pub):
        if pub is None:
            return None
        month = self.v.months[m.group(1)]
        which = m.group(2)
        if which == "this":
            return _month(pub.year, month)
        if which == "last":
            return _month(pub.year - 1, month)
        if which == "next":
            return _month(pub.year + 1, month)
        # A bare month is the most recent one: later in the year than publication means last year.
        return _month(pub.year if month <= pub.month else pub.year - 1, month)

    def _month_relative(self, m, pub):
        if pub is None:
            return None
        month = self.v.months[m.group(2)]
        which = m.group(1)
        if which == "this":
            return _month(pub.year, month)
        if which == "last":  # the most recent such month strictly before the current one
            return _month(pub.year if month < pub.month else pub.year - 1, month)
        return _month(pub.year if month > pub.month else pub.year + 1, month)

    def _year(self, m, pub):
        return _year(int(m.group(1)))

    def _decade(self, m, pub):
        start = int(m.group(1))
        return CalendarSpan(Date(start, 1, 1), Date(start + 9, 12, 31), "range")

    def _weekday(self, m, pub):
        if pub is None:
            return None
        which, target = m.group(1), self.v.weekdays[m.group(2)]
        back = (pub.weekday() - target) % 7
        if which in (None, "past"):  # most recent such day, publication day included
            return _day(pub - _dt.timedelta(days=back))
        if which == "last":  # most recent such day strictly before publication
            return _day(pub - _dt.timedelta(days=back or 7))
        if which == "next":  # first such day strictly after publication
            ahead = (target - pub.weekday()) % 7
            return _day(pub + _dt.timedelta(days=ahead or 7))
        # "this Tuesday": the Tuesday of the publication's ISO week
        return _day(_week(pub).start + _dt.timedelta(days=target))

    def _ago(self, m, pub):
        n = self.v.number(m.group(1))
        if pub is None or n is None:
            return None
        unit = self.v.units[m.group(2)]
        if unit in ("minute", "hour"):  # "three hours ago": the day it falls on, counted in whole days
            return _day(pub - _dt.timedelta(days=n // (24 if unit == "hour" else 1440)))
        return _period(_shift(pub, -n, unit), unit)

    def _calendar_relative(self, m, pub):
        if pub is None:
            return None
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        unit = m.group(2)
        return _period(_shift(pub, step, unit), unit)

    def _weekend(self, m, pub):
        """Saturday and Sunday. "this weekend": the publication week's; "last weekend": the one before;
        "next weekend": the one after; "the weekend": the most recent one (this one if published on it)."""
        if pub is None:
            return None
        monday = _week(pub).start
        which = m.group(1)
        if which == "last" or (which in (None, "the") and pub.weekday() < 5):
            saturday = monday - _dt.timedelta(days=2)
        elif which == "next":
            saturday = monday + _dt.timedelta(days=12)
        else:
            saturday = monday + _dt.timedelta(days=5)
        return CalendarSpan(saturday, saturday + _dt.timedelta(days=1), "range")

    def _past(self, m, pub):
        """"the past 24 hours", "the last two weeks", "the past week": a range ending on publication."""
        if pub is None:
            return None
        n = self.v.number(m.group(1)) if m.group(1) else 1
        if n is None:
            return None
        return _range(_shift(pub, -n, self.v.units[m.group(2)]), pub)

    # --- composites ---

    def _since(self, m, pub, depth):
        inner = self.resolve(m.group(1), pub, depth)
        if inner is None or pub is None or inner.start > pub:
            return None
        return _range(inner.start, pub)

    def _earlier_later(self, m, pub, depth):
        inner = self.resolve(m.group(2), pub, depth)
        if inner is None or pub is None or not inner.contains(pub) or inner.precision == "day":
            return inner
        if m.group(1) == "earlier":
            return _range(inner.start, pub)
        return _range(pub, inner.end)

    def _part_of(self, m, pub, depth):
        part = self.v.part_phrases[m.group(1)]
        inner = self.resolve(m.group(2), pub, depth)
        if inner is None:
            return None
        if inner.precision == "month":
            lo, hi = self.v.month_days[part]
            last = calendar.monthrange(inner.start.year, inner.start.month)[1]
            return _range(inner.start.replace(day=lo), inner.start.replace(day=min(hi, last)))
        if inner.precision == "year":
            lo, hi = self.v.year_months[part]
            y = inner.start.year
            return _range(Date(y, lo, 1), _month(y, hi).end)
        if inner.precision == "day":
            return inner
        return None

    def _inner(self, m, pub, depth):
        return self.resolve(m.group(1), pub, depth)

    def _day_only(self, m, pub, depth):
        inner = self.resolve(m.group(1), pub, depth)
        return inner if inner is not None and inner.precision == "day" else None

    def _between(self, m, pub, depth):
        left, right = m.group(1).strip(" ,"), m.group(2).strip(" ,")
        y = self.resolve(right, pub, depth)
        x = None
        year = self.year_re.search(right)
        if year and not self.year_re.search(left):
            x = self.resolve(f"{left} {year.group(0)}", pub, depth)
        if x is None:
            x = self.resolve(left, pub, depth)
        if x is None and y is not None:
            # "between 1 and 3 March": complete the left side with the tail of the right one
            words = right.split()
            for k in range(1, len(words)):
                x = self.resolve(" ".join([left] + words[k:]), pub, depth)
                if x is not None:
                    break
        if y is None and x is not None:
            # "March 1 to 3": complete the right side with the head of the left one
            words = left.split()
            for k in range(len(words) - 1, 0, -1):
                y = self.resolve(" ".join(words[:k] + [right]), pub, depth)
                if y is not None:
                    break
        if x is None or y is None:
            return None
        return _range(x.start, y.end)


# --- public API ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    """The grammar built from the packaged vocabulary (loaded once)."""
    return Grammar(DateVocabulary.load())


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Lower case, straight quotes and hyphens, single spaces, no possessive or edge punctuation."""
    s = text.translate(_QUOTES).lower()
    s = re.sub(r"\s+", " ", s).strip(" \t\n,;:!?\"'()[]")
    s = re.sub(r"'s$", "", s)
    if s.endswith(".") and not re.search(r"(?:a\.m|p\.m)\.$", s):
        s = s.rstrip(".")
    return s


def resolve_date_expression(
    text: str, published: Optional[_dt.date] = None, *, grammar: Optional[Grammar] = None
) -> Optional[DateSpan]:
    """Resolve one temporal expression against the publication date.

    >>> resolve_date_expression("last week", _dt.date(2020, 3, 5))
    DateSpan(start='2020-02-24', end='2020-03-01', precision='week', text='last week')

    Returns ``None`` for durations, ages and anything that is not calendar time, and for relative
    expressions ("yesterday", "in February") when ``published`` is ``None``.
    """
    if not isinstance(text, str):
        raise TypeError(f"date expression must be a string, not {type(text).__name__}")
    if isinstance(published, _dt.datetime):
        published = published.date()
    span = (grammar or default_grammar()).resolve(normalise(text), published)
    if span is None:
        return None
    return DateSpan(
        start=span.start.isoformat(), end=span.end.isoformat(), precision=span.precision, text=text.strip()
    )


