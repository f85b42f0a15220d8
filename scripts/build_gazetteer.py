"""Regenerate the curated country table ``src/sitrep/data/gazetteer/countries.tsv`` (developer tool).

Usage: python scripts/build_gazetteer.py PATH/TO/countryinfo/data  (the data folder of the MIT-licensed
``countryinfo`` 1.0.1 wheel: ``pip download --no-deps countryinfo==1.0.1`` and unzip it).

Takes each country's representative point (``latlng``), demonym and alternative spellings. Where
GeoNames' own country point lies more than 161 km from that point, GeoNames' point is used instead
(listed in ``GEONAMES_POINTS``) so that Sitrep's coordinates agree with the GeoNames ids it outputs.
The runtime index itself is built by ``sitrep.resolve.gazetteer.build()`` (or ``sitrep geocode --build``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "gazetteer" / "countries.tsv"

# GeoNames country points (www.geonames.org, CC BY 4.0) that differ from countryinfo's by > 161 km.
GEONAMES_POINTS = {
    "US": (39.76, -98.5), "CA": (60.10867, -113.64258), "AU": (-25.0, 135.0), "IN": (22.0, 79.0),
    "JP": (35.68536, 139.75309), "KW": (29.5, 47.75),
}
# Plural forms that adding "s" gets wrong or misses.
EXTRA_DEMONYMS = {
    "TR": ["Turk", "Turks"], "GB": ["Brit", "Brits", "Briton", "Britons"], "SA": ["Saudi", "Saudis"],
    "PS": ["Palestinian", "Palestinians"], "AE": ["Emirati", "Emiratis"], "NL": ["Dutchman", "Dutchmen"],
    "LK": ["Sinhalese"], "CN": ["Chinese"], "KR": ["South Korean", "South Koreans"],
    "KP": ["North Korean", "North Koreans"], "CD": ["Congolese"], "PH": ["Filipino", "Filipinos", "Philippine"],
    "NZ": ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"], "SV": ["Salvadoran", "Salvadorans"],
    "AF": ["Afghan", "Afghans"], "US": ["American", "Americans"],
}
NO_PLURAL_ENDINGS = ("ish", "ese", "ch", "ss", "i", "s")


def main(data_dir: str) -> None:
    rows = []
    for f in sorted(Path(data_dir).glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso or not d.get("latlng"):
            continue
        lat, lon = GEONAMES_POINTS.get(iso, tuple(d["latlng"][:2]))
        demonyms = []
        for dem in filter(None, [(d.get("demonym") or "").strip()]):
            demonyms.append(dem)
            if not dem.endswith(NO_PLURAL_ENDINGS):
                demonyms.append(dem + "s")
        demonyms += [x for x in EXTRA_DEMONYMS.get(iso, []) if x not in demonyms]
        aliases = [a for a in d.get("altSpellings") or [] if a and a != iso and len(a) > 1]
        rows.append("\t".join([iso, f"{lat:g}", f"{lon:g}", "|".join(demonyms), "|".join(aliases)]))
    header = ("# Country points, demonyms and aliases. From countryinfo 1.0.1 (MIT, data from REST Countries);"
              " points of " + ", ".join(sorted(GEONAMES_POINTS)) + " from GeoNames (CC BY 4.0).\n"
              "# Regenerate with scripts/build_gazetteer.py.\n"
              "cc2\tlat\tlon\tdemonyms\taliases\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
