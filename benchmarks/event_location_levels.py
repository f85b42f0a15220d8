"""How finely the reports dev set's events are located (issue 12): events by the feature of their
location (country, admin1, city, ...) per split of ``benchmarks/data/reports`` (``dev``, ``heldout``),
and the share located only at country level.

    python benchmarks/event_location_levels.py
"""

from __future__ import annotations

from collections import Counter

from sitrep.evaluate.reports import SPLITS, extract_items, load_items
from sitrep.pipeline import default_pipeline


def main() -> None:
    items = load_items()
    extract_items(items, default_pipeline())
    for split in SPLITS:
        levels: Counter = Counter()
        for it in items:
            if it.split == split and it.result is not None:
                levels.update("none" if e.location is None else (e.location.feature or "?") for e in it.result.events)
        n = sum(levels.values())
        share = levels["country"] / n if n else 0.0
        print(f"{split:<8} events {n:>4}  country-level {levels['country']:>4} ({share:.1%})  "
              f"{dict(sorted(levels.items()))}")


if __name__ == "__main__":
    main()
