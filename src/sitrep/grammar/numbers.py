"""Reading counts as news reports write them: "1,200", "3.6 million", "sixteen", "some 60", "dozens".

:func:`parse_quantity` reads the quantity at the start of a text and says how exact it is; the figures
stage (:mod:`sitrep.stages.figures`) decides which quantities count people. The words it knows --
number words, multipliers, vague plurals and approximators -- are data files in
``sitrep/data/figures/`` (``numbers.json``, ``approximators.tsv``).

Conventions (those of UCDP and ACLED, who keep low/best/high estimates and code the number as written):

- ``value`` is the number as written whenever one number is written: "nearly one million" -> value
  1,000,000; "more than 100" -> value 100 (not 101).
- Bounds: "nearly"/"almost"/"up to"/"fewer than" make the number a ceiling (``high`` = value);
  "at least"/"more than"/"over" make it a floor (``low`` = value). "At least 16" is *not* approximate
  (16 were counted, more may have been); "more than 100" and "over 100" are (a round floor).
  "Some"/"about"/"around"/"an estimated" only mark the number approximate.
- Ranges ("between 10 and 20", "10 to 20", "10-20", "two or three") have ``value`` None with
  ``low``/``high`` set and are approximate: the report states no single number, and a midpoint would be
  ours, not the source's. A scale on the second number applies to both ("10 to 20 million").
- Vague plurals ("dozens", "scores", "hundreds", "thousands", "tens of thousands", "several") have
  ``value`` None and ``low`` = the least the word can mean: twice its unit ("dozens" >= 24, "hundreds"
  >= 200, "tens of thousands" >= 20,000; "several" >= 3, "a few" >= 2). ``qualifier`` keeps the word.
  (ACLED's codebook substitutes fixed numbers for such words when it must sum fatalities; we keep
  the floor and leave the choice to the analyst.)
- "a"/"an" read as 1 ("a child"): the caller decides whether the noun that follows is counted.
- Percentages, money, measures and ordinals are not quantities: ``parse_quantity`` returns None for
  "5%", "$3 million", "10 km", "5th".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..resources import read_json, read_table


@dataclass(frozen=True)
class Quantity:
    """A count as a report states it (see the module docstring for the conventions)."""

    value: Optional[int]
    low: Optional[int] = None
    high: Optional[int] = None
    approximate: bool = False
    qualifier: Optional[str] = None  # the approximator or vague word as written, lower-cased


@dataclass(frozen=True)
class QuantityMatch:
    """A quantity read at the start of a text, and where its words end (character offset)."""

    quantity: Quantity
    end: int
    vague: bool = False  # a vague plural ("dozens", "hundreds of thousands")
    article: bool = False  # only "a"/"an" was read (as 1)


@dataclass(frozen=True)
class Approximator:
    words: tuple[str, ...]
    bound: str  # "upper", "lower", "none" or "range"
    approximate: bool


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, int]
    tens: dict[str, int]
    hundred: frozenset[str]
    scales: dict[str, int]
    suffixes: dict[str, int]
    groups: dict[str, int]
    fractions: dict[str, Decimal]
    articles: frozenset[str]
    vague: dict[tuple[str, ...], int]
    exclude_after: frozenset[tuple[str, ...]]
    currency: frozenset[tuple[str, ...]]
    approximators: dict[tuple[str, ...], Approximator]
    # the multi-word tables above by first word, longest phrase first: name -> first word -> phrases
    phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("vague", "exclude_after", "currency", "approximators"):
            self.phrases[name] = _by_first_word(getattr(self, name))

    def is_number_word(self, word: str) -> bool:
        w = word.lower()
        return (
            w in self.units or w in self.tens or w in self.hundred or w in self.scales or w in self.groups
            or w in self.fractions or w in self.phrases["vague"]
        )


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[A-Za-z]*|[A-Za-z]+|[-\u2013\u2014]|[^\sA-Za-z\d]")
_DIGITS = re.compile(r"(\d+(?:[.,]\d+)*)([A-Za-z]*)$")
_DASHES = {"-", "\u2013", "\u2014"}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) for each word or sign of ``text`` ("ca." is "ca", ".")."""
    return [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in _tokens(phrase))


@functools.lru_cache(maxsize=1)
def number_words() -> NumberWords:
    """The number vocabulary shipped in ``data/figures`` (loaded once)."""
    raw = read_json("figures", "numbers.json")
    approximators: dict[tuple[str, ...], Approximator] = {}
    for phrase, bound, approx in read_table("figures", "approximators.tsv"):
        words = _words(phrase)
        approximators[words] = Approximator(words, bound, approx.strip().lower() == "true")
    return NumberWords(
        units=raw["units"],
        tens=raw["tens"],
        hundred=frozenset(raw["hundred"]),
        scales=raw["scales"],
        suffixes=raw["suffixes"],
        groups=raw["groups"],
        fractions={k: Decimal(str(v)) for k, v in raw["fractions"].items()},
        articles=frozenset(raw["articles"]),
        vague={tuple(k.split()): v for k, v in raw["vague"].items()},
        exclude_after=frozenset(_words(p) for p in raw["exclude_after"]),
        currency=frozenset(_words(s) for s in raw["currency_symbols"]),
        approximators=approximators,
    )


class _NotACount(Exception):
    """The number is a percentage, an amount of money, a measure or an ordinal."""


@dataclass
class _Cardinal:
    value: Decimal
    end: int  # index of the first token not read
    scale: int = 1  # the last multiplier applied ("million" in "3.6 million")
    article_only: bool = False


@dataclass
class _WordReading:
    """The state of a number being read in words."""

    total: Decimal = Decimal(0)
    current: Optional[Decimal] = None
    last: Optional[str] = None  # kind of the previous word
    scale: int = 1


class _Parser:
    def __init__(self, words: NumberWords, toks: list[tuple[str, int, int]]):
        self.w = words
        self.toks = toks
        self.words = [t[0] for t in self.toks]

    def at(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def match_phrase(self, i: int, name: str) -> Optional[tuple[str, ...]]:
        """The longest phrase of the table ``name`` (see ``NumberWords.phrases``) starting at word ``i``."""
        for phrase in self.w.phrases[name].get(self.at(i), ()):  # longest first
            if tuple(self.words[i:i + len(phrase)]) == phrase:
                return phrase
        return None

    def cardinal(self, i: int) -> Optional[_Cardinal]:
        w = self.w
        word = self.at(i)
        if not word:
            return None
        m = _DIGITS.match(word)
        if m:
            digits, suffix = m.groups()
            value = _digits_value(digits)
            if value is None:
                return None
            scale = 1
            if suffix:
                if suffix in w.suffixes:
                    scale = w.suffixes[suffix]
                else:
                    raise _NotACount(word)  # "5th", "10km", "3pm"
            j = i + 1
            if scale == 1 and self.at(j) in w.scales:
                scale = w.scales[self.at(j)]
                j += 1
            elif scale == 1 and self.at(j) in ("bn", "mn", "mln"):
                scale = w.suffixes[self.at(j)]
                j += 1
            elif scale == 1 and self.at(j) in w.groups:
                scale = w.groups[self.at(j)]
                j += 1
            return _Cardinal(value * scale, j, scale)
        return self.word_cardinal(i)

    def word_cardinal(self, i: int) -> Optional[_Cardinal]:
        """A number in words ("three hundred and twenty", "a dozen", "half a million"), read by the
        word rules below, each of which knows which kind of word may come before it."""
        r = _WordReading()
        j = i
        while j < len(self.words) and self._read_word(r, j):
            j += 1
        if r.last is None or r.last in ("and", "tens-", "fraction"):
            return None
        value = r.total + (r.current or 0)
        if value == 0 and r.last != "unit":
            return None
        return _Cardinal(value, j, r.scale, article_only=(r.last == "article" and j == i + 1))

    def _read_word(self, r: "_WordReading", j: int) -> bool:
        """Read word ``j`` into ``r``; False where the number ends before it."""
        word, nxt = self.words[j], self.at(j + 1)
        for rule in (self._unit_rule, self._tens_rule, self._dash_rule, self._hundred_rule, self._scale_rule,
                     self._group_rule, self._and_rule, self._article_rule, self._fraction_rule):
            verdict = rule(r, word, nxt, j)
            if verdict is not None:
                return verdict
        return False

    # Each word rule returns None when it does not apply, True when it read the word, False to stop.

    def _unit_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """"three", "twenty-*three*", "three hundred and *five*"; "twenty eleven" stops."""
        units = self.w.units
        if word not in units or r.last not in (None, "tens", "tens-", "hundred", "and", "scale"):
            return None
        if r.last == "tens" and units[word] >= 10:
            return False
        r.current, r.last = (r.current or Decimal(0)) + units[word], "unit"
        return True

    def _tens_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        if word not in self.w.tens or r.last not in (None, "hundred", "and", "scale"):
            return None
        r.current, r.last = (r.current or Decimal(0)) + self.w.tens[word], "tens"
        return True

    def _dash_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """The hyphen of "twenty-three"."""
        if word in _DASHES and r.last == "tens" and nxt in self.w.units and self.w.units[nxt] < 10:
            r.last = "tens-"
            return True
        return None

    def _hundred_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        if word not in self.w.hundred or r.last not in ("unit", "article"):
            return None
        r.current, r.last = (r.current or Decimal(1)) * 100, "hundred"
        return True

    def _scale_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """"thousand", "million": multiplies what came before and starts a new group."""
        if word not in self.w.scales or r.last not in ("unit", "tens", "hundred", "article", "fraction"):
            return None
        r.total += (r.current if r.current is not None else 1) * self.w.scales[word]
        r.current, r.scale, r.last = None, self.w.scales[word], "scale"
        return True

    def _group_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """"dozen", "score"."""
        if word not in self.w.groups or r.last not in ("unit", "tens", "article", "fraction"):
            return None
        r.current, r.last = (r.current if r.current is not None else Decimal(1)) * self.w.groups[word], "group"
        return True

    def _and_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        if word == "and" and r.last in ("hundred", "scale") and (nxt in self.w.units or nxt in self.w.tens):
            r.last = "and"
            return True
        return None

    def _article_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """"*a* hundred", "half *a* million"."""
        if word not in self.w.articles or r.last not in (None, "fraction"):
            return None
        if r.last is None:
            r.current = Decimal(1)
        r.last = "article" if r.last is None else "fraction"
        return True

    def _fraction_rule(self, r: "_WordReading", word: str, nxt: str, j: int) -> Optional[bool]:
        """"half a million", "quarter million": only before a scale or group word."""
        w = self.w
        if word in w.fractions and r.last is None and (
            nxt in w.scales or nxt in w.groups or (nxt in w.articles and self.at(j + 2) in w.scales)
        ):
            r.current, r.last = w.fractions[word], "fraction"
            return True
        return None

    def unit_word(self, j: int) -> int:
        """The unit a word names, singular or plural ("hundred(s)", "dozen(s)", "thousand(s)"), or 0."""
        word = self.at(j)
        for table in (self.w.groups, self.w.scales, {h: 100 for h in self.w.hundred}):
            for name, unit in table.items():
                if word in (name, name + "s"):
                    return unit
        return 0

    def excluded_after(self, j: int) -> bool:
        """Whether the words after a number make it a percentage, money, measure or age."""
        k = j + 1 if self.at(j) in _DASHES else j
        return self.match_phrase(k, "exclude_after") is not None

    def parse(self) -> Optional[QuantityMatch]:
        i = 0
        if self.match_phrase(0, "currency"):
            return None
        approx = None
        phrase = self.match_phrase(0, "approximators")
        if phrase is not None:
            approx = self.w.approximators[phrase]
            i = len(phrase)
        if approx is not None and self.match_phrase(i, "currency"):
            return None
        vague = self.match_phrase(i, "vague")
        if vague is not None and (approx is None or approx.bound != "range"):
            return self._vague_count(i, vague, approx, phrase)
        try:
            return self._count(i, approx, phrase)
        except _NotACount:
            return None

    def _vague_count(self, i: int, vague: tuple[str, ...], approx: Optional[Approximator],
                     phrase: Optional[tuple[str, ...]]) -> QuantityMatch:
        """"several", "dozens", "several hundred", "a few dozen": a lower bound, approximate."""
        end = i + len(vague)
        low = self.w.vague[vague]
        unit = self.unit_word(end)
        if unit:  # "several hundred", "a few dozen", "several dozens" (a vague count of units)
            low, vague = low * unit, vague + (self.at(end),)
            end += 1
        qualifier = _phrase_text(vague) if approx is None or phrase is None else \
            f"{_phrase_text(phrase)} {_phrase_text(vague)}"
        q = Quantity(value=None, low=low, approximate=True, qualifier=qualifier)
        return QuantityMatch(q, self.toks[end - 1][2], vague=True)

    def _count(self, i: int, approx: Optional[Approximator], phrase: Optional[tuple[str, ...]]
               ) -> Optional[QuantityMatch]:
        """A cardinal or a range of two at word ``i``, with the approximator read before it."""
        first = self.cardinal(i)
        if first is None:
            return None
        j = first.end
        ranged = self._range(first, approx, phrase)
        if ranged is not None:
            return ranged
        if approx is not None and approx.bound == "range":
            return None  # "between 10" without its other end
        if self.excluded_after(j):
            return None
        value = _int(first.value)
        end = self.toks[j - 1][2]
        if approx is None or phrase is None:
            return QuantityMatch(Quantity(value=value), end, article=first.article_only)
        q = Quantity(
            value=value,
            low=value if approx.bound == "lower" else None,
            high=value if approx.bound == "upper" else None,
            approximate=approx.approximate,
            qualifier=_phrase_text(phrase),
        )
        return QuantityMatch(q, end, article=first.article_only)

    def _range(self, first: _Cardinal, approx: Optional[Approximator], phrase: Optional[tuple[str, ...]]
               ) -> Optional[QuantityMatch]:
        """A range: "10 to 20", "10-20", "two or three", "between 10 and 20" ("10 to 20 million": the
        first end takes the second's scale)."""
        j = first.end
        connectors = ("and",) if approx is not None and approx.bound == "range" else ("to", "or", *_DASHES)
        if self.at(j) not in connectors:
            return None
        second = self.cardinal(j + 1)
        if second is None or second.article_only:
            return None
        low = first.value
        if first.scale == 1 and second.scale > 1 and low < second.value / second.scale:
            low = low * second.scale
        if low >= second.value or self.excluded_after(second.end):
            return None
        q = Quantity(
            value=None, low=_int(low), high=_int(second.value), approximate=True,
            qualifier=_phrase_text(phrase) if approx is not None and phrase is not None else None,
        )
        return QuantityMatch(q, self.toks[second.end - 1][2])


def _by_first_word(table) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases (word tuples) grouped by first word, longest first, for :meth:`_Parser.match_phrase`."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in table:
        grouped.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in grouped.items()}


def _digits_value(digits: str) -> Optional[Decimal]:
    """"1,200" -> 1200, "3.6" -> 3.6; None for malformed groupings ("1,2")."""
    if "," in digits:
        head, _, rest = digits.partition(",")
        groups = rest.split(",")
        last = groups[-1]
        if "." in last:
            last, _, frac = last.partition(".")
            groups[-1] = last
            if not frac.isdigit():
                return None
        if not (1 <= len(head) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups)):
            return None
        digits = digits.replace(",", "")
    if digits.count(".") > 1:
        return None
    return Decimal(digits)


def _phrase_text(words: tuple[str, ...]) -> str:
    """Words joined back as written: ("ca", ".") -> "ca.", ("at", "least") -> "at least"."""
    return " ".join(words).replace(" .", ".")


def _int(value: Decimal) -> int:
    return int(value.to_integral_value())


def match_quantity(text: str) -> Optional[QuantityMatch]:
    """The quantity at the start of ``text`` and where it ends, or None.

    Leading spaces are skipped; words after the quantity are ignored ("3.6 million Syrian refugees").
    """
    return _Parser(number_words(), _tokens(text[:160])).parse()


def parse_quantity(text: str) -> Optional[Quantity]:
    """The quantity a text starts with: ``parse_quantity("Some 60")`` -> Quantity(60, approximate=True,
    qualifier="some"). None when the text does not start with a count of things (or is a percentage,
    an amount of money, a measure or an ordinal)."""
    m = match_quantity(text)
    return m.quantity if m is not None else None
