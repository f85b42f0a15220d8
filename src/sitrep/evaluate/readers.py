"""Readers for the public gold sets ``sitrep eval`` scores against.

The PETRARCH validation files are *not* well-formed XML: they open with ``#`` banner blocks outside any
comment, some ``<Sentence .../>`` tags are self-closing yet followed by their children, and comments hold
stray markup. :func:`read_petrarch` therefore reads them the way UD-PETRARCH's own ``validation.py`` does:
a record starts at a line beginning ``<Sentence `` and runs to the next one; inside it, ``<EventCoding>``
lines, ``<Text>`` and ``<Parse>`` blocks are picked out with regular expressions. All tolerant reading of
these files lives here, so the suites only see clean dataclasses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import InputError

NULL_CODE = "---"

_ATTR = re.compile(r'([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"')
_RECORD_START = re.compile(r"^<Sentence\s", re.MULTILINE)
_RECORDS_END = re.compile(r"^</Sentences>", re.MULTILINE)
_CODING = re.compile(r"^<EventCoding\b([^>]*?)/?>", re.MULTILINE)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.DOTALL)
_ENV = re.compile(r"<Environment>(.*?)</Environment>", re.DOTALL)
_ENV_FIELD = re.compile(r"<(\w+)>([^<]*)</\1>")


@dataclass(frozen=True)
class Coding:
    """One expected PETRARCH coding: source actor, target actor, CAMEO event code ("---" when null)."""

    source: str
    target: str
    event: str

    @property
    def root(self) -> str:
        """The CAMEO root (cue) category: the first two digits of the event code."""
        return self.event[:2]


@dataclass
class PetrarchRecord:
    id: str
    category: str
    date: str  # YYYYMMDD as in the file
    text: str  # the sentence, line breaks folded to spaces
    codings: list[Coding] = field(default_factory=list)  # empty when ``noevents``
    noevents: bool = False
    evaluate: bool = True
    parse: Optional[str] = None  # the CoNLL-U parse shipped with the record (unused by Sitrep)

    @property
    def published(self) -> Optional[str]:
        """The record's date as an ISO date, or None when it has none."""
        d = self.date
        if len(d) == 8 and d.isdigit():
            return f"{d[:4]}-{d[4:6]}-{d[6:]}"
        return None


@dataclass
class PetrarchSuite:
    path: Path
    records: list[PetrarchRecord]
    environment: dict[str, str]  # Verbfile, Actorfile, Agentfile, Discardfile, Include, ...

    @property
    def include(self) -> Optional[list[str]]:
        """Categories the file asks to evaluate (its ``<Include>``), or None to evaluate all."""
        inc = self.environment.get("Include")
        if not inc:
            return None
        return [c for c in inc.split() if c != "valid"]

    def evaluable(self) -> list[PetrarchRecord]:
        """Records the validator scores: ``evaluate="true"``, an included category, and some coding."""
        include = self.include
        return [
            r
            for r in self.records
            if r.evaluate and (include is None or r.category in include) and (r.codings or r.noevents)
        ]


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None


def _attrs(s: str) -> dict[str, str]:
    return {k: v for k, v in _ATTR.findall(s)}


def _code(value: Optional[str]) -> str:
    """Normalise an actor code as the UD-PETRARCH validator does: missing/empty -> '---', '~' -> '---'."""
    if not value:
        return NULL_CODE
    return value.strip().replace("~", NULL_CODE) or NULL_CODE


def parse_petrarch(text: str, source: str = "<string>") -> tuple[list[PetrarchRecord], dict[str, str]]:
    """Records and ``<Environment>`` settings of a PETRARCH validation file given as text."""
    env: dict[str, str] = {}
    m = _ENV.search(text)
    if m:
        env = {k: v.strip() for k, v in _ENV_FIELD.findall(m.group(1))}
    end = _RECORDS_END.search(text)
    body = text[: end.start()] if end else text
    starts = [m.start() for m in _RECORD_START.finditer(body)]
    if not starts:
        raise InputError(source, "no <Sentence> records found (is this a PETRARCH validation file?)")
    records = []
    for i, s in enumerate(starts):
        chunk = body[s : starts[i + 1] if i + 1 < len(starts) else len(body)]
        head = chunk[: chunk.index(">") + 1]
        a = _attrs(head)
        codings: list[Coding] = []
        noevents = False
        for cm in _CODING.finditer(chunk):
            ca = _attrs(cm.group(1))
            if ca.get("noevents", "").lower() == "true":
                noevents = True
                continue
            codings.append(Coding(_code(ca.get("sourcecode")), _code(ca.get("targetcode")),
                                  ca.get("eventcode", NULL_CODE)))
        tm = _TEXT.search(chunk)
        pm = _PARSE.search(chunk)
        rid = a.get("id")
        if not rid or tm is None:
            raise InputError(source, f"record at offset {s} has no id or no <Text>")
        records.append(
            PetrarchRecord(
                id=rid,
                category=a.get("category", ""),
                date=a.get("date", ""),
                text=" ".join(tm.group(1).split()),
                codings=codings,
                noevents=noevents and not codings,
                evaluate=a.get("evaluate", "true").lower() != "false",
                parse=pm.group(1).strip("\n") if pm else None,
            )
        )
    return records, env


def read_petrarch(path: str | Path) -> PetrarchSuite:
    """Read a PETRARCH validation file (``PETR_Validate_records_2_02.xml``, ``PETR2_GSR_validation.xml``)."""
    path = Path(path)
    records, env = parse_petrarch(_read_text(path), str(path))
    return PetrarchSuite(path=path, records=records, environment=env)


# --- PLOVER gold standard records -------------------------------------------------------------------

@dataclass
class PloverActor:
    text: str
    country: Optional[str]  # the record's ``code``: ISO-like alpha-3 country, or an IGO code
    sector: Optional[str]


@dataclass
class PloverRecord:
    id: str
    text: str
    event: str  # PLOVER event type
    mode: Optional[str]
    date: Optional[str]
    source: list[PloverActor]
    target: list[PloverActor]
    event_text: Optional[str] = None


def _plover_actors(items) -> list[PloverActor]:
    out = []
    for it in items or []:
        if isinstance(it, dict):
            out.append(PloverActor(it.get("actorText") or "", it.get("code") or None, it.get("sector") or None))
    return out


def read_plover(path: str | Path) -> list[PloverRecord]:
    """Read ``PLOVER_GSR_CAMEO.json``: the coded records (documentation records without text are skipped)."""
    data = _read_json_as(path, list, "a JSON list of PLOVER records")
    records = []
    for d in data:
        if not isinstance(d, dict) or not d.get("text") or not d.get("event") or d.get("event") == "DOCUMENT":
            continue
        records.append(
            PloverRecord(
                id=str(d.get("id")),
                text=" ".join(str(d["text"]).split()),
                event=str(d["event"]).strip().upper(),
                mode=(str(d.get("mode")).strip() or None) if d.get("mode") else None,
                date=d.get("date"),
                source=_plover_actors(d.get("source")),
                target=_plover_actors(d.get("target")),
                event_text=d.get("eventText"),
            )
        )
    return records


# --- ConfliBERT 5-way CAMEO class ---------------------------------------------------------------------

CAMEO5_LABELS = ("statement/appeal/intent", "consult/diplomatic", "material cooperation", "verbal conflict",
                 "material conflict")


@dataclass
class LabelledSentence:
    text: str
    label: int


def read_cameo5(path: str | Path) -> list[LabelledSentence]:
    """Read ``cameo_class_train.tsv``: ``sentence<TAB>class`` lines, class 0-4."""
    path = Path(path)
    out = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or not label.strip().isdigit() or not 0 <= int(label) < len(CAMEO5_LABELS):
            raise InputError(f"{path}:{n}", "expected 'sentence<TAB>class 0-4'")
        out.append(LabelledSentence(" ".join(text.split()), int(label)))
    return out


def _read_json_as(path: str | Path, kind: type, what: str):
    """The JSON value in ``path``, which must be a ``kind``; ``InputError`` naming the file otherwise."""
    path = Path(path)
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc}") from None
    if not isinstance(data, kind):
        raise InputError(str(path), f"expected {what}")
    return data


def read_json(path: str | Path) -> dict:
    """Read a JSON object (the seed's expected facts)."""
    return _read_json_as(path, dict, "a JSON object")


# --- CASE 2021 Task 2 ----------------------------------------------------------------------------

@dataclass
class Snippet:
    id: str
    text: str
    label: str  # Sitrep's type name


def read_case2021(path: Path) -> list[Snippet]:
    """Read the dev TSV (header ``id EventSnippet SubType``); labels mapped to Sitrep's type names."""
    from ..classify.labels import case2021_labels

    names = case2021_labels()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    out = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[2].strip() not in names:
            raise InputError(f"{path}:{n}", "expected 'id<TAB>snippet<TAB>CASE 2021 label'")
        out.append(Snippet(parts[0].strip(), " ".join(parts[1].split()), names[parts[2].strip()]))
    return out
