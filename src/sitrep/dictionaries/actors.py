"""Actor coding: who a noun phrase names, as a CAMEO code, an ISO country and a sector.

Three layers, each usable on its own:

* :class:`ActorDictionary` and :class:`AgentDictionary` read PETRARCH-2 / TABARI dictionaries
  (the Phoenix actor files and the Phoenix/PLOVER agents files shipped in ``sitrep/data/actors``, or
  any file in the same format via ``from_files``) and find the longest dictionary phrase at a word.
  Actor codes may be date-bounded (``[RUSGOV >080508]``): :meth:`ActorEntry.code_on` resolves them at
  the document's publication date.
* :func:`code_phrase` codes one noun phrase: "Turkish soldiers" -> TURMIL, "the EU" -> IGOEUREEC.
* the ``actors`` pipeline stage finds actor mentions in a parsed document (named entities, noun
  chunks headed by agent nouns, nationality adjectives on military-action nouns, capitals standing
  for their government) and appends :class:`~sitrep.mentions.ActorMention` objects.

``docs/actors.md`` explains the coding rules for analysts.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from ..errors import InputError
from ..model import Actor
from ..resources import data_path, read_json, read_table

DEFAULT_ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "sitrep.people.actors.txt",  # office holders since 2015, whom the Phoenix files (to 2015) lack
)
# Later files win where they define the same phrase (PLOVER's agents refine Phoenix's role codes).
DEFAULT_AGENT_FILES = ("Phoenix.agents.txt", "PLOVER_agents.txt", "sitrep.agents.txt")

# A TABARI phrase whose last word has no trailing "_" is a stem: it also matches longer words
# ("RUSSIAN" matches "Russians"). Stems shorter than this only match whole words.
MIN_STEM = 4

_DATE_RE = re.compile(r"^([<>]?)(\d{6,8})(?:-(\d{6,8}))?$")
_CODE_RE = re.compile(r"\[([^\]]*)\]")


# --- words ---------------------------------------------------------------------------------------

def norm_word(word: str) -> str:
    """A word as dictionaries spell it: upper case, accents removed, typographic apostrophes plain."""
    if word.isascii():
        return word.upper()
    word = word.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def phrase_words(phrase: str) -> list[str]:
    """The words of a dictionary phrase: split on ``_``, blanks and hyphens; ``X'S`` -> ``X``, ``'S``.

    Hyphens are separators because spaCy splits "al-Assad" into "al", "-", "Assad".
    """
    words: list[str] = []
    for w in re.split(r"[\s_\-\u2010-\u2014]+", norm_word(phrase)):
        if not w:
            continue
        if w.endswith("'S") and len(w) > 2:
            words.extend([w[:-2], "'S"])
        else:
            words.append(w)
    return words


def readable_name(phrase: str) -> str:
    """A dictionary phrase as a name: ``BASHAR_AL-ASSAD`` -> "Bashar al-Assad", ``THE_EU_`` -> "EU"."""
    particles = {"AL", "EL", "BIN", "BEN", "DE", "DI", "DA", "DU", "LA", "LE", "VAN", "VON", "DER",
                 "OF", "THE", "AND", "FOR", "ON", "IN", "DEL", "DOS", "ABU", "IBN"}
    raw = phrase.strip().strip("_").replace("_", " ")
    words = raw.split()
    if len(words) > 1 and words[0].upper() == "THE":
        words = words[1:]

    def fix(part: str, first: bool) -> str:
        up = part.upper()
        if len(up) <= 3 and up.isalpha() and up not in particles and len(words) == 1:
            return up  # acronyms such as EU, UN
        if "." in part or (len(up) <= 4 and up.isalpha() and up not in particles and not first and
                           sum(ch in "AEIOU" for ch in up) == 0):
            return up  # U.N., initials
        if up in particles and not first:
            return part.lower()
        return part[:1].upper() + part[1:].lower()

    out = []
    for i, w in enumerate(words):
        pieces = w.split("-")
        out.append("-".join(fix(p, i == 0 and j == 0) for j, p in enumerate(pieces)))
    return " ".join(out)


# --- dated codes -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
def parse_dict_date(text: str) -> _dt.date:
    """A dictionary date: ``YYMMDD`` (YY <= 30 -> 20YY, else 19YY, as in KEDS/TABARI) or ``YYYYMMDD``."""
    if len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    elif len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    return _dt.date(year, month, day)


@dataclass(frozen=True)
class DatedCode:
    """One ``[CODE ...]`` of an actor: valid from ``start`` (inclusive) to ``end`` (exclusive).

    ``[CODE]`` has neither bound (the default); ``[CODE >D]`` starts at D; ``[CODE <D]`` ends at D;
    ``[CODE D1-D2]`` is valid from D1 up to the day before D2 (PETRARCH-2's ``check_date``).
    """

    code: str
    start: Optional[_dt.date] = None
    end: Optional[_dt.date] = None

    def valid_on(self, date: Optional[_dt.date]) -> bool:
        if date is None:
            date = _dt.date.max
        if self.start is not None and date < self.start:
            return False
        if self.end is not None and date >= self.end:
            return False
        return True

    @classmethod
    def parse(cls, inside: str) -> "DatedCode":
        return _parse_dated_code(" ".join(inside.split()))

    @classmethod
    def _parse(cls, inside: str) -> "DatedCode":
        """Parse the text inside brackets: ``RUSGOV >080508``. Raises ValueError when malformed."""
        parts = inside.split()
        if not parts:
            raise ValueError("empty code")
        code = parts[0].strip().upper()
        if len(parts) == 1:
            return cls(code)
        m = _DATE_RE.match("".join(parts[1:]))
        if not m:
            raise ValueError(f"date restriction {' '.join(parts[1:])!r} not understood")
        sign, d1, d2 = m.groups()
        if d2:
            if sign:
                raise ValueError(f"date range with {sign!r}")
            return cls(code, parse_dict_date(d1), parse_dict_date(d2))
        if sign == "<":
            return cls(code, None, parse_dict_date(d1))
        if sign == ">":
            return cls(code, parse_dict_date(d1), None)
        raise ValueError(f"single date {d1!r} without '<' or '>'")


@functools.lru_cache(maxsize=65536)
def _parse_dated_code(inside: str) -> DatedCode:
    return DatedCode._parse(inside)


@dataclass(frozen=True)
class ActorEntry:
    """An actor of the dictionary: its root phrase (the block's first line) and its dated codes."""

    root: str
    codes: tuple[DatedCode, ...]

    @property
    def name(self) -> str:
        return readable_name(self.root)

    def code_on(self, date: Optional[_dt.date]) -> Optional[str]:
        """The code valid on ``date``: the first listed code whose bounds contain it.

        ``date=None`` (publication date unknown) resolves at the latest date: the current code.
        A code of ``---`` means "no code" and gives None.
        """
        for dc in self.codes:
            if dc.valid_on(date):
                return None if dc.code.strip("-") == "" else dc.code
        return None


@dataclass(frozen=True)
class DictMatch:
    """A dictionary phrase found in a word sequence: words ``[start, end)``."""

    start: int
    end: int
    value: object  # ActorEntry (actors) or str code such as "~MIL" (agents)
    exact: bool = True
    via_stem: bool = False  # matched a stem entry (``WARPLANE*``), not a whole-word one


# --- trie ------------------------------------------------------------------------------------------

class _Trie:
    """Phrases keyed word by word. A node is a dict: word -> child, ``""`` -> value (phrase ends here),
    ``"*"`` -> {stem: value} (phrases whose last word is a stem)."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.size = 0

    def add(self, words: Sequence[str], value: object, stem: bool = False) -> None:
        if not words:
            return
        node = self.root
        for w in words[:-1]:
            node = node.setdefault(w, {})
        last = words[-1]
        # The same words defined again replace the earlier value, stem or whole word (PETRARCH-2
        # ignores the distinction when it stores a phrase, so the later definition wins).
        if stem and len(last) >= MIN_STEM:
            child = node.get(last)
            if child is not None and child.pop("", None) is not None:
                self.size -= 1
            stems = node.setdefault("*", {})
            if last not in stems:
                self.size += 1
            stems[last] = value
        else:
            stems = node.get("*")
            if stems is not None and stems.pop(last, None) is not None:
                self.size -= 1
            child = node.setdefault(last, {})
            if "" not in child:
                self.size += 1
            child[""] = value

    def longest(self, forms: Sequence[Sequence[str]], i: int) -> Optional[DictMatch]:
        """The longest phrase starting at position ``i``; ``forms[j]`` are the spellings of word j
        (its text and its lemma). Whole-word matches beat stem matches of the same length."""
        best: Optional[tuple[tuple, DictMatch]] = None
        stack = [(self.root, i)]
        while stack:
            node, j = stack.pop()
            found = [DictMatch(i, j, node[""], True)] if j > i and "" in node else []
            if j < len(forms):
                for w in dict.fromkeys(forms[j]):
                    found += _stem_match(node.get("*"), w, i, j)
                    child = node.get(w)
                    if child is not None:
                        stack.append((child, j + 1))
            for m in found:
                r = _match_rank(m)
                if best is None or r > best[0]:
                    best = (r, m)
        return best[1] if best is not None else None


def _match_rank(m: DictMatch) -> tuple:
    """Longer first; then a whole-word entry over a stem entry; then a full word over a prefix."""
    return (m.end, not m.via_stem, m.exact)


def _stem_match(stems: Optional[dict], word: str, i: int, j: int) -> list[DictMatch]:
    """The longest stem entry (at least ``MIN_STEM`` letters) that ``word`` starts with, if any."""
    if not stems:
        return []
    for k in range(len(word), MIN_STEM - 1, -1):
        v = stems.get(word[:k])
        if v is not None:
            return [DictMatch(i, j + 1, v, k == len(word), via_stem=True)]
    return []


def _strip_comment(line: str) -> str:
    """Drop ``#`` comments (anywhere, as PETRARCH's reader does) and one-line ``<!-- -->`` comments."""
    if "<!--" in line:
        line = re.sub(r"<!--.*?-->", "", line)
    if "#" in line:
        line = line[: line.index("#")]
    return line.rstrip("\n")


def _read_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise InputError(str(path), "no such dictionary file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read dictionary: {exc.strerror or exc}") from None
    in_comment = False
    for n, line in enumerate(text.splitlines(), 1):
        if not in_comment and line[:1] == "#":
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = line[line.index("-->") + 3:]
            else:
                continue
        if line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            continue
        if line.lstrip().startswith("<!"):  # PETRARCH skips any line starting "<!"
            continue
        line = _strip_comment(line)
        if line.strip():
            yield n, line


# --- actor dictionary ------------------------------------------------------------------------------

class _PhraseDictionary:
    """A PETRARCH-format dictionary held in a word trie: files are read in order, later phrases win,
    malformed lines are skipped and listed in :attr:`problems` as ``"file:line: what"``."""

    def __init__(self) -> None:
        self._trie = _Trie()
        self.problems: list[str] = []
        self.sources: list[str] = []

    def __len__(self) -> int:
        return self._trie.size

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]):
        """Dictionaries read from ``paths`` in order (later definitions of a phrase win)."""
        d = cls()
        for p in paths:
            d.add_file(Path(p))
        return d

    def add_file(self, path: Path) -> None:
        raise NotImplementedError


@dataclass
class _ActorBlock:
    """An actor entry being read: its phrases (the first is the root) and its dated codes."""

    phrases: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)


class ActorDictionary(_PhraseDictionary):
    """TABARI/PETRARCH-2 actor dictionaries: phrases -> :class:`ActorEntry` with dated codes.

    Format (one block per actor)::

        VLADIMIR_PUTIN_            # root phrase; a trailing "_" ends the word, none makes it a stem
        +PRESIDENT_PUTIN_          # synonyms
            [RUSELI 700101-990809] # codes, first valid one wins; YYMMDD or YYYYMMDD
            [RUSGOV >080508]
            [RUSELI]               # undated: the default

    A code may also follow the phrase on its line (``TURKEY_ [TUR]``). Where two blocks define the
    same phrase, the later one wins (as in PETRARCH-2). Malformed lines are skipped and listed in
    :attr:`problems` as ``"file:line: what"``.
    """

    def __init__(self) -> None:
        super().__init__()
        # last word of a name of two words or more -> {that name: its entry}
        self._surnames: dict[str, dict[str, ActorEntry]] = {}

    @classmethod
    def load_default(cls) -> "ActorDictionary":
        """The Phoenix actor dictionaries plus Sitrep's demonym table (cached per process)."""
        return _default_actor_dictionary()

    def add_file(self, path: Path) -> None:
        self.sources.append(str(path))
        block = _ActorBlock()
        for n, raw in _read_lines(path):
            parsed = self._codes_and_phrase(path, n, raw.strip())
            if parsed is None:
                continue
            codes_here, phrase = parsed
            if not phrase:  # a code line of the current block
                block.codes.extend(codes_here)
            elif phrase.startswith("+"):
                if not block.phrases:
                    self.problems.append(f"{path.name}:{n}: synonym before any actor; skipped")
                    continue
                block.phrases.append(phrase[1:])
                block.codes.extend(codes_here)
            else:
                self._add_block(path, block)
                block = _ActorBlock([phrase], codes_here)
        self._add_block(path, block)

    def _codes_and_phrase(self, path: Path, n: int, line: str) -> Optional[tuple[list[DatedCode], str]]:
        """The dated codes of a dictionary line and the phrase left without them; None (and a problem
        noted) for a line with unbalanced brackets."""
        if "[" not in line and "]" not in line:
            return [], line
        codes: list[DatedCode] = []
        for m in _CODE_RE.finditer(line):
            try:
                codes.append(DatedCode.parse(m.group(1)))
            except ValueError as exc:
                self.problems.append(f"{path.name}:{n}: {exc}; code skipped")
        phrase = _CODE_RE.sub(" ", line).strip()
        if "[" in phrase or "]" in phrase:
            self.problems.append(f"{path.name}:{n}: unbalanced brackets; line skipped")
            return None
        return codes, phrase

    def _add_block(self, path: Path, block: "_ActorBlock") -> None:
        if block.phrases and block.codes:
            entry = ActorEntry(root=block.phrases[0], codes=tuple(block.codes))
            for ph in block.phrases:
                self.add_phrase(ph, entry)
            for ph in block.phrases:  # a person's names of two words or more, by their last word
                words = phrase_words(ph)
                if len(words) >= 2 and ph.rstrip().endswith("_"):  # a later block redefining it wins
                    self._surnames.setdefault(words[-1], {})[" ".join(words)] = entry
        elif block.phrases:
            self.problems.append(f"{path.name}: {block.phrases[0].strip()!r} has no code; skipped")

    def add_phrase(self, phrase: str, entry: ActorEntry) -> None:
        """Add one phrase (TABARI spelling) for ``entry``."""
        words = phrase_words(phrase)
        stem = not phrase.rstrip().endswith("_")
        self._trie.add(words, entry, stem=stem)
        if len(words) > 1 and words[0] == "THE":  # text scans drop a leading article
            self._trie.add(words[1:], entry, stem=stem)

    def has_phrase(self, phrase: str) -> bool:
        return self._trie.longest([[w] for w in phrase_words(phrase)], 0) is not None

    def by_surname(self, word: str, date: Optional[_dt.date] = None) -> Optional[ActorEntry]:
        """The one actor with a name of two words or more ("JOE_BIDEN_") ending in ``word`` and a code on
        ``date``; None when none does or when they do not all share one code."""
        entries = [e for e in self._surnames.get(norm_word(word), {}).values() if e.code_on(date)]
        return entries[0] if entries and len({e.code_on(date) for e in entries}) == 1 else None

    # lookup
    def lookup(self, words: Sequence[str | Sequence[str]], date: Optional[_dt.date] = None,
               start: int = 0) -> Optional["ActorMatch"]:
        """The longest actor phrase starting at ``words[start]``, with its code on ``date``.

        ``words`` are tokens (any case); an item may be a tuple of alternative spellings
        (e.g. the token and its lemma).
        """
        m = self._trie.longest(_forms(words), start)
        if m is None:
            return None
        entry: ActorEntry = m.value  # type: ignore[assignment]
        return ActorMatch(m.start, m.end, entry, entry.code_on(date), m.exact)

    def find_all(self, words: Sequence[str | Sequence[str]], date: Optional[_dt.date] = None
                 ) -> list["ActorMatch"]:
        """Non-overlapping longest matches, left to right (PETRARCH's scan of a noun phrase)."""
        forms = _forms(words)
        out, i = [], 0
        while i < len(forms):
            m = self._trie.longest(forms, i)
            if m is None:
                i += 1
                continue
            entry: ActorEntry = m.value  # type: ignore[assignment]
            out.append(ActorMatch(m.start, m.end, entry, entry.code_on(date), m.exact))
            i = m.end
        return out


@dataclass(frozen=True)
class ActorMatch:
    start: int
    end: int
    entry: ActorEntry
    code: Optional[str]  # resolved at the date asked for; None when no code is valid then
    exact: bool = True


def _forms(words: Sequence[str | Sequence[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for w in words:
        if isinstance(w, str):
            out.append((norm_word(w),))
        else:
            out.append(tuple(norm_word(x) for x in w if x))
    return out


# --- agent dictionary ------------------------------------------------------------------------------

class AgentDictionary(_PhraseDictionary):
    """PETRARCH agents: generic nouns that add a role to an actor ("soldiers" -> ``~MIL``).

    Format: ``PHRASE {PLURAL} [~CODE]``. ``~CODE`` is appended to the actor's code, ``CODE~``
    prepended. Regular plurals are generated (``Y`` -> ``IES``, ``S`` -> ``SES``, else ``S``) unless
    ``{...}`` gives the plural (``{}``: none). ``!PERSON! = MAN, MEN, ...`` defines a substitution set
    used as ``CONGRESS!PERSON!``. Words match whole (PETRARCH-2 semantics; spaCy lemmas cover
    other inflections). Later files win.
    """

    @classmethod
    def load_default(cls) -> "AgentDictionary":
        """Phoenix agents, refined by PLOVER's agents and Sitrep's supplement (cached per process)."""
        return _default_agent_dictionary()

    def add_file(self, path: Path) -> None:
        self.sources.append(str(path))
        subst: dict[str, list[str]] = {}
        for n, raw in _read_lines(path):
            line = raw.strip()
            if "!" in line and "=" in line and "[" not in line:
                self._read_substitution(path, n, line, subst)
                continue
            parsed = self._agent_line(path, n, line)
            if parsed is None:
                continue
            phrase, plural, code = parsed
            if "!" in phrase:
                self._add_substituted(path, n, phrase, code, subst)
                continue
            self._add(phrase, code)
            if plural is None:
                plural = _regular_plural(phrase)
            if plural:
                self._add(plural, code)

    def _read_substitution(self, path: Path, n: int, line: str, subst: dict[str, list[str]]) -> None:
        """``!minister! = MINISTER, SECRETARY``: a set of words a marker in later phrases stands for."""
        m = re.match(r"!([^!]+)!\s*=\s*(.*)$", line)
        if not m:
            self.problems.append(f"{path.name}:{n}: bad substitution set; skipped")
            return
        subst[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]

    def _agent_line(self, path: Path, n: int, line: str) -> Optional[tuple[str, Optional[str], str]]:
        """(phrase, plural given in braces or None, code) of an agent line; None (a problem noted) when
        the line is not understood."""
        m = _CODE_RE.search(line)
        if not m:
            self.problems.append(f"{path.name}:{n}: agent without [code]; skipped")
            return None
        code = m.group(1).strip()
        phrase = line[: m.start()].strip()
        if not phrase or "~" not in code:
            self.problems.append(f"{path.name}:{n}: agent line not understood; skipped")
            return None
        plural: Optional[str] = None
        if "{" in phrase:
            if "}" not in phrase:
                self.problems.append(f"{path.name}:{n}: missing '}}'; skipped")
                return None
            plural = phrase[phrase.index("{") + 1: phrase.index("}")].strip()
            phrase = phrase[: phrase.index("{")].strip()
        return phrase, plural, code

    def _add_substituted(self, path: Path, n: int, phrase: str, code: str, subst: dict[str, list[str]]) -> None:
        """``!minister!_OF_DEFENSE``: one phrase per word of the marker's set."""
        mm = re.match(r"^(.*)!([^!]+)!(.*)$", phrase)
        if not mm or mm.group(2) not in subst:
            self.problems.append(f"{path.name}:{n}: unknown substitution marker; skipped")
            return
        for s in subst[mm.group(2)]:
            self._add(mm.group(1) + s + mm.group(3), code)

    def _add(self, phrase: str, code: str) -> None:
        self._trie.add(phrase_words(phrase), code, stem=False)

    def lookup(self, words: Sequence[str | Sequence[str]], start: int = 0) -> Optional[DictMatch]:
        """The longest agent phrase at ``words[start]``; ``value`` is its code (``"~MIL"``)."""
        return self._trie.longest(_forms(words), start)


def _regular_plural(phrase: str) -> str:
    p = phrase.rstrip("_ ")
    if not p:
        return ""
    if p[-1] in "Yy" and len(p) > 1 and p[-2].upper() not in "AEIOU":
        return p[:-1] + "IES"
    if p[-1] in "Ss":
        return p + "ES"
    return p + "S"


# --- tables ---------------------------------------------------------------------------------------

def _tsv(name: str) -> list[list[str]]:
    return read_table("actors", name)


@dataclass(frozen=True)
class CountryTables:
    """Country facts used to read codes and place names (all from ``sitrep/data/actors``)."""

    names: dict[str, str]  # iso3 -> English short name
    cameo_to_iso: dict[str, str]  # CAMEO country code -> ISO alpha-3 (identity for ISO codes)
    demonyms: dict[str, str]  # normalised demonym -> iso3
    capitals: dict[str, str]  # normalised capital/seat of government -> iso3
    country_names: dict[str, str]  # normalised country name -> iso3
    sectors: frozenset[str]
    org_sectors: frozenset[str]
    event_nouns: dict[str, Optional[str]]  # lemma -> sector ("MIL") or None
    roles: dict[str, frozenset[str]]  # roles.json: word lists of the actor-role test

    def country_of(self, code: Optional[str]) -> Optional[str]:
        if not code or len(code) < 3:
            return None
        return self.cameo_to_iso.get(code[:3])

    def sector_of(self, code: Optional[str]) -> Optional[str]:
        """The primary role of a code: its first role after the country (RUSMIL -> MIL), or its
        organisation type (IGOEUREEC -> IGO); None for a bare state (RUS), following PLOVER."""
        if not code:
            return None
        chunks = [code[i: i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
        if not chunks:
            return None
        if chunks[0] in self.org_sectors:
            return chunks[0]
        rest = chunks[1:] if chunks[0] in self.cameo_to_iso or chunks[0] not in self.sectors else chunks
        for c in rest:
            if c in self.sectors:
                return c
        return None


@functools.lru_cache(maxsize=1)
def tables() -> CountryTables:
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    country_names: dict[str, str] = {}
    for row in _tsv("countries.tsv"):
        iso3, _iso2, name, capital = (row + ["", "", "", ""])[:4]
        names[iso3] = name
        country_names[norm_word(name)] = iso3
        if capital:
            capitals[norm_word(capital)] = iso3
    for row in _tsv("capitals_extra.tsv"):
        capitals[norm_word(row[0])] = row[1]
    cameo = {iso3: iso3 for iso3 in names}
    for row in _tsv("cameo_countries.tsv"):
        cameo[row[0]] = row[1]
    demonyms = {norm_word(row[0]): row[1] for row in _tsv("demonyms.tsv")}
    sectors = frozenset(row[0] for row in _tsv("sectors.tsv"))
    org = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "UIS"})
    events = {row[0].strip().lower(): (row[1].strip() or None) if len(row) > 1 else None
              for row in _tsv("event_nouns.tsv")}
    roles = read_json("actors", "roles.json")
    roles = {k: frozenset(v) for k, v in roles.items() if not k.startswith("_")}
    # Common short forms GeoNames does not give as the country's name.
    for alias, iso3 in (("US", "USA"), ("U.S.", "USA"), ("USA", "USA"), ("UK", "GBR"), ("U.K.", "GBR"),
                        ("BRITAIN", "GBR"), ("GREAT BRITAIN", "GBR"), ("AMERICA", "USA"),
                        ("UNITED STATES OF AMERICA", "USA"), ("TURKIYE", "TUR"), ("CZECHIA", "CZE"),
                        ("RUSSIAN FEDERATION", "RUS"), ("PALESTINE", "PSE"), ("BURMA", "MMR"),
                        ("DR CONGO", "COD"), ("DRC", "COD"), ("IVORY COAST", "CIV"),
                        ("COTE D'IVOIRE", "CIV"), ("SOUTH KOREA", "KOR"), ("NORTH KOREA", "PRK")):
        country_names.setdefault(alias, iso3)
    return CountryTables(names, cameo, demonyms, capitals, country_names, sectors, org, events, roles)


@functools.lru_cache(maxsize=1)
def _default_actor_dictionary() -> ActorDictionary:
    d = ActorDictionary.from_files(data_path("actors", f) for f in DEFAULT_ACTOR_FILES)
    t = tables()
    # Nationality adjectives the Phoenix files lack ("Burkinabe", "Ivorian") code as the bare state.
    for demonym, iso3 in t.demonyms.items():
        if not d.has_phrase(demonym):
            d.add_phrase(demonym + "_", ActorEntry(root=t.names.get(iso3, iso3), codes=(DatedCode(iso3),)))
    return d


@functools.lru_cache(maxsize=1)
def _default_agent_dictionary() -> AgentDictionary:
    return AgentDictionary.from_files(data_path("actors", f) for f in DEFAULT_AGENT_FILES)


@dataclass
class ActorLexicons:
    actors: ActorDictionary
    agents: AgentDictionary


def actor_lexicons(lexicons) -> ActorLexicons:
    if lexicons is not None:
        return ActorLexicons(lexicons.actors, lexicons.agents)
    return ActorLexicons(ActorDictionary.load_default(), AgentDictionary.load_default())


# --- composing an actor from dictionary matches -----------------------------------------------------

_GENERIC_AGENT_ROLES = ("UNK", "PPL")


def _agent_roles(code: str) -> tuple[str, bool]:
    """``~GOVMIL`` -> ("GOVMIL", False); ``NGO~`` -> ("NGO", True) (True: goes before the actor)."""
    if code.startswith("~"):
        return code[1:], False
    return code.rstrip("~"), True


def code_chunks(code: str) -> list[str]:
    return [code[i: i + 3] for i in range(0, len(code), 3)]


def compose(text: str, actor_matches: Sequence[ActorMatch], agent_codes: Sequence[str],
            extra_sector: Optional[str] = None) -> Optional[Actor]:
    """One :class:`Actor` from the actor and agent matches of a phrase.

    * Among actor matches, a code that another one extends is dropped (TUR + TURGOV -> TURGOV); of
      the rest, the first in the phrase is the actor (English names the actor before what it owns).
    * Agent roles are appended in order when not already in the code (TUR + ~MIL -> TURMIL), as
      PETRARCH-2's ``mix_codes`` does; the generic ~UNK/~PPL only when nothing else is known.
    * ``extra_sector`` (e.g. MIL for "Russian bombings") is added like an agent role.
    """
    t = tables()
    main = _main_actor(actor_matches)
    roles, prefix_roles = _agent_role_lists(agent_codes, extra_sector)
    if main is None and not roles and not prefix_roles:
        return None
    code = _mix_codes(main.code or "" if main is not None else "", roles, prefix_roles)
    if not code:
        return None
    country = t.country_of(code)
    name = _actor_name(main, text, country, t) if main is not None else None
    return Actor(text=text, name=name, country=country, sector=t.sector_of(code), code=code)


def _main_actor(actor_matches: Sequence[ActorMatch]) -> Optional[ActorMatch]:
    """The first coded match whose code no other match extends (TUR + TURGOV -> TURGOV)."""
    coded = [(m, m.code) for m in actor_matches if m.code]
    for m, code in coded:
        if not any(o is not m and other != code and other.startswith(code) for o, other in coded):
            return m
    return None


def _agent_role_lists(agent_codes: Sequence[str], extra_sector: Optional[str]) -> tuple[list[str], list[str]]:
    """(roles that follow the actor code, roles that go before it); ~NON words dropped, the generic
    ~UNK/~PPL kept only when nothing more specific is known."""
    roles: list[str] = []
    prefix_roles: list[str] = []
    for code in agent_codes:
        r, before = _agent_roles(code)
        (prefix_roles if before else roles).append(r)
    if extra_sector:
        roles.append(extra_sector)
    # ~NON marks words that are not actors at all ("Tuesday", "the border" in PLOVER's agents)
    roles = ["".join(c for c in code_chunks(r) if c != "NON") for r in roles]
    roles = [r for r in roles if r]
    specific = [r for r in roles if r not in _GENERIC_AGENT_ROLES]
    return (specific or roles), prefix_roles


def _mix_codes(code: str, roles: list[str], prefix_roles: list[str]) -> str:
    """PETRARCH-2's ``mix_codes``: roles appended chunk by chunk when not already in the code."""
    have = set(code_chunks(code))
    for r in roles:
        for c in code_chunks(r):
            if c not in have:
                code += c
                have.add(c)
    for r in prefix_roles:
        if r and r not in have:
            code = r + code
    return code


def _actor_name(main: ActorMatch, text: str, country: Optional[str], t: "CountryTables") -> Optional[str]:
    """A state's common English name; other actors' dictionary names with acronyms as the text writes
    them (NATO, UNHCR, UN Security Council)."""
    name = main.entry.name
    if len(main.code or "") == 3 and country:
        return t.names.get(country, name)
    upper = {w for w in re.findall(r"[A-Za-z.]+", text) if len(w) > 1 and w.isupper()}
    return " ".join(w.upper() if w.upper() in upper else w for w in name.split())


def scan_phrases(forms: Sequence[Sequence[str]], lex: ActorLexicons, date: Optional[_dt.date]
          ) -> list[tuple[int, int, str, object]]:
    """PETRARCH's left-to-right scan: at each word the longest actor phrase, else the longest agent
    phrase. Items: (start, end, "actor"|"agent", ActorMatch|code)."""
    out: list[tuple[int, int, str, object]] = []
    i = 0
    while i < len(forms):
        am = lex.actors.lookup(forms, date, start=i)
        gm = lex.agents.lookup(forms, start=i)
        if am is not None and (gm is None or am.end >= gm.end):
            out.append((am.start, am.end, "actor", am))
            i = am.end
        elif gm is not None:
            out.append((gm.start, gm.end, "agent", gm.value))
            i = gm.end
        else:
            i += 1
    return out


# --- code_phrase -----------------------------------------------------------------------------------

def token_forms(tok) -> tuple[str, ...]:
    if tok.lemma_ and tok.lemma_.lower() != tok.text.lower():
        return (tok.text, tok.lemma_)
    return (tok.text,)


SKIP_TOKENS = {"-", "\u2013", "\u2014", "\u2010", '"', "\u201c", "\u201d", "(", ")"}


def content_tokens(tokens) -> list:
    """Tokens to scan: no hyphens/quotes/brackets, no leading articles or quantifiers."""
    toks = [tk for tk in tokens if tk.text not in SKIP_TOKENS]
    while toks and (toks[0].pos_ in ("DET", "NUM", "PUNCT") or toks[0].lower_ in _LEADING_SKIP):
        toks = toks[1:]
    return toks


_LEADING_SKIP = {"some", "nearly", "about", "around", "several", "many", "more", "than", "least", "at"}


def code_phrase(text: str, date: Optional[_dt.date] = None, lexicons=None, nlp=None) -> Optional[Actor]:
    """Code a noun phrase that names an actor; None when nothing in it is a known actor or agent.

    ``code_phrase("Turkish soldiers", date(2020, 3, 5))`` ->
    ``Actor("Turkish soldiers", name="Turkey", country="TUR", sector="MIL", code="TURMIL")``.
    A capital alone stands for its government ("Damascus" -> SYRGOV): call this only on phrases in
    an actor role. ``date`` resolves date-bounded codes (None: the current code).
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(repr(text), "not a noun phrase: code_phrase needs some words")
    lex = actor_lexicons(lexicons)
    t = tables()
    phrase = text.strip()
    bare = re.sub(r"^(the)\s+", "", phrase, flags=re.I)
    cap = t.capitals.get(norm_word(bare))
    if cap and norm_word(bare) not in t.country_names:
        return Actor(text=phrase, name=t.names.get(cap), country=cap, sector="GOV", code=cap + "GOV")
    if nlp is None:
        from ..nlp.load import load_nlp

        nlp = load_nlp()
    doc = nlp(phrase)
    toks = content_tokens(doc)
    forms = [token_forms(tk) for tk in toks]
    items = scan_phrases(forms, lex, date)
    actors = [v for (_s, _e, kind, v) in items if kind == "actor"]
    agents = [v for (_s, _e, kind, v) in items if kind == "agent"]
    extra = None
    if toks and actors and not agents:
        head = toks[-1].lemma_.lower()
        if items[-1][1] < len(toks) and head in t.event_nouns:
            extra = t.event_nouns[head]
    actor = compose(phrase, actors, agents, extra)  # type: ignore[arg-type]
    if actor is not None:
        matched = {toks[k].i for (s, e, kind, _v) in items if kind == "actor" for k in range(s, e)}
        for ent in doc.ents:  # an unknown person under a known title: "French President Emmanuel Macron"
            if ent.label_ == "PERSON" and not any(tk.i in matched for tk in ent):
                actor.name = ent.text
    return actor


