"""Event vocabularies: CAMEO code names, CAMEO -> PLOVER, and CAMEO -> ACLED, all read from data files.

* ``data/vocab/CAMEO.eventcodes.clean.tsv`` — CAMEO 1.1b3 code names (GDELT lookup).
* ``data/vocab/CAMEO2PLOVER-2021.txt`` — the PLOVER project's conversion table (event, mode, context),
  plus ``sitrep_plover_supplement.tsv`` for roots it leaves out.
* ``data/vocab/cameo_to_acled.tsv`` — our mapping to ACLED event and sub-event types, written from the
  public ACLED codebook; every pair it names must exist in the ACLED taxonomy file beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import Actor, EventType
from ..resources import data_path, read_table


@dataclass(frozen=True)
class PloverCode:
    event: str
    mode: Optional[str]
    context: Optional[str]


@dataclass(frozen=True)
class AcledRule:
    cameo_prefix: str
    actor1_sector: str  # "*" = any
    actor2_sector: str
    event_type: str
    sub_event_type: str


def _rows(path) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments, blank lines or its header."""
    return read_table(path=path, header=True)


class Codebook:
    def __init__(
        self,
        cameo_names: dict[str, str],
        plover: dict[str, PloverCode],
        acled_rules: list[AcledRule],
        acled_taxonomy: set[tuple[str, str]],
    ):
        self.cameo_names = cameo_names
        self.plover = plover
        self.acled_rules = acled_rules
        self.acled_taxonomy = acled_taxonomy

    @classmethod
    def load_default(cls) -> "Codebook":
        names = {code: name for code, name in _rows(data_path("vocab", "CAMEO.eventcodes.clean.tsv"))}
        plover: dict[str, PloverCode] = {}
        for line in data_path("vocab", "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if ":" not in line or line.startswith("~"):
                continue
            code, rest = line.split(":", 1)
            parts = [p.strip() or None for p in rest.split(",")]
            if not code.strip().isdigit() or not parts[0]:
                continue
            parts += [None] * (3 - len(parts))
            plover.setdefault(code.strip(), PloverCode(parts[0], parts[1], parts[2]))
        for row in _rows(data_path("vocab", "sitrep_plover_supplement.tsv")):
            code, event, mode, context = (row + [""] * 4)[:4]
            plover.setdefault(code, PloverCode(event, mode or None, context or None))
        rules = [
            AcledRule(r[0], r[1], r[2], r[3], r[4]) for r in _rows(data_path("vocab", "cameo_to_acled.tsv"))
        ]
        taxonomy = {
            (r[1], r[2]) for r in _rows(data_path("vocab", "acled_taxonomy_with_case2021_labels.tsv"))
        }
        return cls(names, plover, rules, taxonomy)

    def cameo_name(self, code: str) -> Optional[str]:
        return self.cameo_names.get(code)

    def plover_for(self, cameo: str) -> Optional[PloverCode]:
        """PLOVER event/mode/context of a CAMEO code: its own entry, else the nearest ancestor's."""
        for n in range(len(cameo), 1, -1):
            hit = self.plover.get(cameo[:n])
            if hit is not None:
                return hit
        return None

    def acled_for(
        self, cameo: str, actor1: Optional[Actor] = None, actor2: Optional[Actor] = None
    ) -> Optional[AcledRule]:
        """The ACLED type of a CAMEO code given its actors (longest prefix, then matching condition)."""
        s1 = actor1.sector if actor1 else None
        s2 = actor2.sector if actor2 else None
        best: Optional[tuple[int, int, AcledRule]] = None
        for rule in self.acled_rules:
            if not cameo.startswith(rule.cameo_prefix):
                continue
            if rule.actor1_sector not in ("*", s1) or rule.actor2_sector not in ("*", s2):
                continue
            specificity = (rule.actor1_sector != "*") + (rule.actor2_sector != "*")
            key = (len(rule.cameo_prefix), specificity, rule)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else None

    def event_type(
        self, cameo: str, actor1: Optional[Actor] = None, actor2: Optional[Actor] = None
    ) -> EventType:
        """The full typing of a CAMEO code: its name, PLOVER event and mode, ACLED type."""
        p = self.plover_for(cameo)
        a = self.acled_for(cameo, actor1, actor2)
        return EventType(
            cameo=cameo,
            plover=p.event if p else None,
            plover_mode=p.mode if p else None,
            acled_event_type=a.event_type if a else None,
            acled_sub_event_type=a.sub_event_type if a else None,
            cameo_name=self.cameo_name(cameo),
        )
