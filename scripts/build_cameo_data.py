#!/usr/bin/env python
"""Compile the CAMEO data shipped in ``src/sitrep/data/cameo/`` from ``../shared/lexicons``.

* ``verbs.json`` -- the Phoenix/PETRARCH-2 verb dictionary ``phoenix/CAMEO.2.0.txt`` (MIT, Open Event Data
  Alliance), parsed by :class:`sitrep.extract.cameo.VerbDictionary` and stored compiled so it loads fast;
* ``cameo_eventcodes.tsv`` -- CAMEO codes and labels (``cameo/CAMEO.eventcodes.clean.tsv``, GDELT lookup);
* ``nominal_triggers.tsv`` -- curated here by hand; this script checks every code exists in CAMEO and
  rewrites its ``name`` column from the CAMEO labels.

Usage: ``.venv/bin/python scripts/build_cameo_data.py [--shared ../shared]``
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "sitrep" / "data" / "cameo"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    from sitrep.dictionaries.cameo import VerbDictionary

    OUT.mkdir(parents=True, exist_ok=True)
    codes_src = args.shared / "lexicons" / "cameo" / "CAMEO.eventcodes.clean.tsv"
    shutil.copyfile(codes_src, OUT / "cameo_eventcodes.tsv")
    names = {}
    with codes_src.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 2 and row[0].isdigit():
                names[row[0]] = row[1].strip()

    # the Phoenix dictionary plus Sitrep's own additions (same format; blocks of one name merge)
    merged = OUT / ".verbs-merged.txt"
    merged.write_text(
        (args.shared / "lexicons" / "phoenix" / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
        + "\n" + (OUT / "sitrep_verbs.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    try:
        verbs = VerbDictionary.from_file(merged)
    finally:
        merged.unlink()
    (OUT / "verbs.json").write_text(json.dumps(verbs.to_json(), separators=(",", ":")), encoding="utf-8")
    n_forms = sum(len(v) for v in verbs.verbs.values())
    print(f"verbs.json: {len(verbs.blocks)} blocks, {n_forms} verb forms, {verbs.n_patterns} patterns, "
          f"{len(verbs.synsets)} synonym sets, {len(verbs.warnings)} warnings")
    for w in verbs.warnings:
        print("  warning:", w)

    # check and name the nominal triggers
    path = OUT / "nominal_triggers.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    rows = list(csv.DictReader([ln for ln in lines if not ln.startswith("#")], delimiter="\t"))
    bad = [r["term"] for r in rows if r["code"] not in names]
    if bad:
        print("nominal_triggers.tsv: codes not in CAMEO for", ", ".join(bad), file=sys.stderr)
        return 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(header) + ("\n" if header else ""))
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["term", "code", "name"])
        for r in rows:
            w.writerow([r["term"], r["code"], names[r["code"]]])
    print(f"nominal_triggers.tsv: {len(rows)} terms checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
