"""Fusion of near-copies: the dev set once, then with perturbed copies of every report (issue 10).

    python benchmarks/bench_fusion.py [--copies 3] [--reports DIR] [--json OUT]

Each copy of a report is perturbed the way wire copy is re-published: some words reworded (a fixed
table of synonyms), numbers written differently (digits as words and words as digits, thousands
separators dropped), and the publication date moved by one or two days (later). Copies carry their
original's annotations (benchmarks/data/reports/*.expected.json), so the run can tell a fusion across
two annotated distinct incidents from a fusion of copies.

Prints, for the single run and the run with copies: reports, extracted events, fused events, summed
best killed (over fused events), and the ratios; plus fusions across distinct incidents (wrong merges)
and the pairwise recall of copies of one incident. Goal (issue 10): fused events and summed best killed
within 5% of the single run, and zero fusions across distinct incidents.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sitrep.evaluate.reports import Item, extract_items, fusion_scores, load_items  # noqa: E402
from sitrep.fuse import Report, fuse  # noqa: E402

REWORD = [  # (pattern, replacement): meaning kept, words changed
    (r"\bat least\b", "no fewer than"), (r"\bmore than\b", "over"), (r"\bexplosion\b", "blast"),
    (r"\bsaid\b", "stated"), (r"\bofficials\b", "authorities"), (r"\bwounded\b", "injured"),
    (r"\bpeople\b", "persons"), (r"\bmassive\b", "huge"), (r"\bdeadly\b", "lethal"),
]
SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
MONTHS = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def renumber(text: str, k: int) -> str:
    """Numbers written differently: copy 1 spells small numbers and round tens, copy 2 writes
    spelled numbers as digits, every copy drops thousands separators."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    if k % 2 == 1:
        by_value = {v: w for w, v in TENS.items()} | {i: w for i, w in enumerate(SMALL)}

        def spell(m: re.Match) -> str:
            before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 12]
            if (
                re.search(MONTHS + r" $", before)
                or re.match(" " + MONTHS, after)
                or before.endswith(":")
                or after.startswith(":")
            ):
                return m.group(0)  # a date or a clock time stays as written
            return by_value.get(int(m.group(0)), m.group(0))
        return re.sub(r"(?<![\d,.])\b\d{1,2}\b(?![\d,.:])", spell, text)
    words = {w: i for i, w in enumerate(SMALL)} | TENS
    return re.sub(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b",
                  lambda m: str(words[m.group(1)]), text, flags=0)


def reword(text: str, k: int) -> str:
    for i, (pattern, repl) in enumerate(REWORD):
        if (i + k) % 2 == 0:  # each copy rewords a different half of the table
            text = re.sub(pattern, repl, text)
    return text


def copy_of(item: Item, k: int) -> Item:
    doc = item.document
    published = doc.published + dt.timedelta(days=1 + k % 2) if doc.published else None
    text = renumber(reword(doc.text, k), k)
    new = dataclasses.replace(doc, id=f"{doc.id}~{k}", text=text, published=published,
                              source=f"{doc.source} (copy {k})", url=None)
    return Item(f"{item.id}~{k}", item.split, new, item.expected)


def measure(items: list[Item]) -> dict:
    fusion = fuse(Report(it.id, it.result) for it in items)
    killed = sum(f.best or 0 for e in fusion.events for f in e.figures if f.kind == "killed")
    scores = fusion_scores(items, fusion)
    return {"reports": len(items), "events": sum(len(it.result.events) for it in items),
            "fused_events": len(fusion.events), "summed_best_killed": killed,
            "wrong_merges": scores["wrong_merges"], "wrong_merge_list": scores["wrong_merge_list"],
            "pairwise_recall": round(scores["pairwise_recall"], 3), "pairs": scores["pairs"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--reports", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from sitrep.evaluate.suites import _pipeline

    pipeline = _pipeline()
    items = load_items(args.reports)
    copies = [copy_of(it, k) for it in items for k in range(1, args.copies + 1)]
    t = time.perf_counter()
    extract_items(items + copies, pipeline)
    seconds = time.perf_counter() - t
    single, many = measure(items), measure(items + copies)
    out = {"copies_per_report": args.copies, "single": single, "with_copies": many,
           "fused_events_ratio": round(many["fused_events"] / single["fused_events"], 3),
           "summed_best_killed_ratio": round(many["summed_best_killed"] / max(1, single["summed_best_killed"]), 3),
           "extraction_seconds": round(seconds, 1)}
    for name in ("single", "with_copies"):
        m = out[name]
        print(f"{name:12} reports {m['reports']:4}  events {m['events']:4}  fused {m['fused_events']:4}  "
              f"summed best killed {m['summed_best_killed']:7}  wrong merges {m['wrong_merges']}  "
              f"pairwise recall {m['pairwise_recall']:.3f} ({m['pairs']} pairs)")
    print(f"ratios (with copies / single): fused events {out['fused_events_ratio']}, "
          f"summed best killed {out['summed_best_killed_ratio']}  (goal: within 5%, i.e. 0.95-1.05)")
    for w in many["wrong_merge_list"]:
        print("  wrong merge:", w)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
