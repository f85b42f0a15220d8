"""Regenerate the curated tables ``countries.tsv`` and ``regions.tsv`` of ``src/sitrep/data/gazetteer/``.

Usage (developer tool):
  python scripts/build_gazetteer.py PATH/TO/countryinfo/data  (the data folder of the MIT-licensed
  ``countryinfo`` 1.0.1 wheel: ``pip download --no-deps countryinfo==1.0.1`` and unzip it);
  python scripts/build_gazetteer.py --regions PATH/TO/iso3166-2.json  (the data file of the MIT-licensed
  ``iso3166-2`` 1.8.4 wheel: ``pip download --no-deps iso3166-2==1.8.4`` and unzip it).

Regions: each subdivision's representative point (``latLng``) by ISO 3166-2 code. The
gazetteer uses it for admin1 regions instead of the middle of the region's towns, which sits where the
towns are (southern Ontario), not where the region's label point is.

Takes each country's representative point (``latlng``), demonym and alternative spellings. Where
GeoNames' own country point lies more than 161 km from that point, GeoNames' point is used instead
(listed in ``GEONAMES_POINTS``) so that Sitrep's coordinates agree with the GeoNames ids it outputs.
The runtime index itself is built by ``sitrep.geo.gazetteer.build()`` (or ``sitrep geocode --build``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "gazetteer"
OUT = DATA / "countries.tsv"
REGIONS = DATA / "regions.tsv"

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


def regions(json_path: str) -> None:
    data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    rows = []
    for cc in sorted(data):
        for code, sub in sorted(data[cc].items()):
            point = sub.get("latLng") or []
            if len(point) != 2:
                continue
            rows.append(f"{code}\t{point[0]:g}\t{point[1]:g}\t{sub.get('name') or ''}")
    header = ("# Representative points of subdivisions by ISO 3166-2 code. From iso3166-2 1.8.4\n"
              "# (MIT, https://github.com/amckenna41/iso3166-2). Regenerate with scripts/build_gazetteer.py.\n"
              "iso\tlat\tlon\tname\n")
    REGIONS.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} regions to {REGIONS}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--regions":
        regions(sys.argv[2])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit(__doc__)
