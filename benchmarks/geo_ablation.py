"""What each part of the geoparser's resolver is worth, on the development corpora (gold spans).

Run: ``python benchmarks/geo_ablation.py [--grid] [--regions] [--lookalikes]`` (needs ../shared/gold/geo).

Prints accuracy @161 km for LGL / TR-News / GeoWebNews with everything on, then with one part switched off
at a time, and the change in points. ``--grid`` also scores a 3x3x3 grid of the three main context weights
(population, admin-1 mass, country mass); ``--regions`` compares the two estimates of admin-1 points (and
their midpoint, which the index uses) with GeoNames' own points in the gold data; ``--lookalikes`` counts
how often a name found only by its skeleton key would be right.
These are accuracy figures, not timings: one run is enough.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--regions", action="store_true")
    ap.add_argument("--lookalikes", action="store_true")
    args = ap.parse_args()

    from sitrep.evaluate import geo
    from sitrep.geo import resolver as places
    from sitrep.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    corpora = {n: geo.load_corpus(SHARED / "gold" / "geo" / f"{n}.dev.jsonl") for n in geo.CORPORA}

    def score(weights=None) -> dict[str, float]:
        return {n: geo.eval_corpus(d, gaz=gaz, recognition=False, weights=weights)["resolution"]["acc_161km"]
                for n, d in corpora.items()}

    @contextlib.contextmanager
    def patched(module, name, value):
        old = getattr(module, name)
        setattr(module, name, value)
        try:
            yield
        finally:
            setattr(module, name, old)

    def without_feature(feature):
        inner = places.candidates_of
        return patched(places, "candidates_of",
                       lambda t, g: [c for c in inner(t, g) if c.entry.feature != feature])

    w = places.WEIGHTS
    variants = [
        ("admin hierarchy links between names", dict(contained=0.0, sibling=0.0), None),
        ("one name, one place", dict(claimed=0.0), None),
        ("seats need a share of the region's people", dict(seat_share=0.0), None),
        ("look-alikes need support from the text", dict(loose_support=0), None),
        ("names inside longer names", {}, lambda: patched(places, "embedded_candidates", lambda text, g: [])),
        ("look-alikes in the countries the text names", {},
         lambda: patched(places, "add_focus_lookalikes", lambda tops, cands, g: None)),
        ("airports", {}, lambda: without_feature("airport")),
        ("seas", {}, lambda: without_feature("sea")),
        ("GeoWebNews common nouns left out of the context", {}, lambda: patched(geo, "NOT_TOPONYMS", frozenset())),
    ]
    base = score()
    row = lambda label, r: print(f"{label:<50} " + "  ".join(  # noqa: E731
        f"{r[n]:6.1%} ({(r[n] - base[n]) * 100:+5.1f})" for n in corpora))
    print(f"{'acc@161 km (change in points)':<50} " + "  ".join(f"{n:>14}" for n in corpora))
    row("everything on", base)
    for label, changes, patch in variants:
        with (patch() if patch else contextlib.nullcontext()):
            row(f"without: {label}", score(dataclasses.replace(w, **changes) if changes else None))

    if args.grid:
        print("\ncontext weights grid (population, admin1_mass, country_mass) -> mean acc@161 km")
        for pop, a1, cm in itertools.product((0.7, 0.9, 1.1), (2.0, 3.0, 4.0), (1.0, 2.0, 3.0)):
            r = score(dataclasses.replace(w, population=pop, admin1_mass=a1, country_mass=cm))
            print(f"  {pop:.1f} {a1:.0f} {cm:.0f}  " + "  ".join(f"{r[n]:6.1%}" for n in corpora)
                  + f"  mean {sum(r.values()) / len(r):6.2%}")

    if args.regions:
        from sitrep.geo.distance import distance_km
        from sitrep.geo.gazetteer import _midpoint, region_points

        points = region_points()
        hits = {"towns": set(), "iso": set(), "halfway": set()}
        named = set()
        for docs in corpora.values():
            for d in docs:
                for t in d["toponyms"]:
                    p = points.get(t.get("geonameid"))
                    if p is None or p["towns"][0] is None:
                        continue
                    named.add(t["geonameid"])
                    estimates = {"towns": p["towns"], "iso": p["iso"],
                                 "halfway": _midpoint(p["towns"], p["iso"]) if p["iso"] else p["towns"]}
                    for k, e in estimates.items():
                        if e and distance_km(e[0], e[1], t["lat"], t["lon"]) <= geo.ACC_KM:
                            hits[k].add(t["geonameid"])
        print(f"\nadmin-1 regions named in the gold: {len(named)}; within 161 km of GeoNames' point: "
              + ", ".join(f"{k} {len(v)}" for k, v in hits.items()))

    if args.lookalikes:
        from sitrep.geo.distance import distance_km

        right = wrong = 0
        for docs in corpora.values():
            for d in docs:
                tops, spans = geo.gold_toponyms(d, gaz)
                for t, g in zip(tops, spans):
                    if not g.get("geonameid") or t.kind == "demonym":
                        continue
                    if gaz.candidates(t.text, loose=False) or places.embedded_candidates(t.text, gaz):
                        continue
                    cands = gaz.candidates(t.text)
                    if cands:
                        near = any(c.entry.lat is not None and
                                   distance_km(c.entry.lat, c.entry.lon, g["lat"], g["lon"]) <= geo.ACC_KM
                                   for c in cands)
                        right, wrong = right + near, wrong + (not near)
        print(f"\nnames found only by their skeleton key: {right} with a candidate within 161 km, {wrong} without")


if __name__ == "__main__":
    main()
