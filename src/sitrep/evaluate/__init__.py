"""Measuring Sitrep on public gold sets (``sitrep eval``).

``run(names, shared, limit)`` runs suites from :data:`sitrep.evaluate.suites.SUITES` and returns one
report dict; ``format_table(report)`` prints the one-table summary. Readers for the gold files are in
:mod:`sitrep.evaluate.readers`, scores in :mod:`sitrep.evaluate.metrics`.
"""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path
from typing import Iterable, Optional

from ..errors import SitrepError

ALL = ("petrarch", "petrarch-gsr", "plover", "cameo5", "seed", "geo", "reports", "case2021")


def run(names: Iterable[str], shared: Path, limit: Optional[int] = None, log=None) -> dict:
    """Run the named suites ("all" expands to every suite) against the gold data under ``shared``."""
    from .suites import SUITES

    names = list(names)
    if "all" in names:
        names = list(ALL)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise SitrepError(f"unknown suite {unknown[0]!r}; known: all, {', '.join(SUITES)}")
    report: dict = {"created": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "shared": str(shared), "limit": limit, "suites": {}}
    for n in names:
        if log:
            log(f"running {n} ...")
        t = time.perf_counter()
        out = SUITES[n](Path(shared), limit)
        out["seconds"] = round(time.perf_counter() - t, 1)
        report["suites"][n] = out
    return report


def _fmt(v, key: str = "") -> str:
    """Shares as percentages; counts per item (``..._per_...`` measures) as plain ratios."""
    if isinstance(v, float):
        return f"{v:.2f}" if "_per_" in key else f"{v:.1%}"
    return str(v)


def format_table(report: dict) -> str:
    """One line per suite figure: suite, measure, value, items."""
    rows = [("suite", "measure", "value", "items")]
    for name, s in report["suites"].items():
        counts = s.get("headline_n", {})
        for k, v in s.get("headline", {}).items():
            rows.append((name, k, _fmt(v, k), str(counts.get(k, s.get("records", "")))))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [" ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(r)) for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def format_details(report: dict) -> str:
    """Per-suite detail: PETRARCH categories, per-label scores and top confusions."""
    out: list[str] = []
    for name, s in report["suites"].items():
        if "categories" in s:
            out += _category_lines(name, s)
        for key in ("dictionary", "classifier_cv", "combined_dictionary_then_classifier", "pipeline", "classifier"):
            rep = s.get(key)
            if isinstance(rep, dict) and "macro" in rep:
                out += _report_lines(name, key, rep)
        if "corpora" in s:
            out += _geo_lines(name, s)
        if name == "reports":
            from .reports import format_details as reports_details

            out.append("\n" + reports_details(s))
        elif "summary" in s:
            out += _seed_lines(name, s)
    return "\n".join(out)


def _category_lines(name: str, s: dict) -> list[str]:
    out = [f"\n{name}: by category (correct = found/expected, extra = extra/records)",
           f"  {'category':<10} {'records':>7} {'correct':>8} {'extra':>7} {'dyad+root':>9} {'code':>6}"]
    for cat, c in list(s["categories"].items()) + [("Total", s["total"])]:
        out.append(f"  {cat:<10} {c['records']:>7} {c['correct_share']:>8.1%} {c['extra_share']:>7.1%} "
                   f"{c['dyad_root_share']:>9.1%} {c['event_code_share']:>6.1%}")
    return out


def _report_lines(name: str, key: str, rep: dict) -> list[str]:
    out = [f"\n{name} / {key}: n={rep['n']} accuracy {rep['accuracy']:.1%}  "
           f"micro-F1 {rep['micro']['f1']:.3f}  macro-F1 {rep['macro']['f1']:.3f}  "
           f"weighted-F1 {rep['weighted']['f1']:.3f}",
           "  " + "  ".join(f"{x['label']}:{x['f1']:.2f}({x['support']})" for x in rep["labels"])]
    if rep["confusions"]:
        out.append("  confusions (gold->predicted): " + ", ".join(
            f"{c['gold']}->{c['predicted']} {c['count']}" for c in rep["confusions"][:6]))
    return out


def _geo_lines(name: str, s: dict) -> list[str]:
    from .geo import format_end_to_end
    from .geo import format_table as geo_table

    out = [f"\n{name}: recognition (strict P/R/F1, overlap F1) and resolution on gold spans; "
           "ceil. = share with any candidate within 161 km", geo_table(s["corpora"])]
    for corpus, m in s["corpora"].items():
        causes = ", ".join(f"{k} {v}" for k, v in m.get("misses_by_cause", {}).items())
        out.append(f"  {corpus} misses: {causes} (each listed in the --report file)")
    if name == "geo-e2e":
        out.append("\ngeo end to end: a gold span is right when found with the same words and resolved "
                   "within 161 km (held_out: every 5th document, never tuned on)")
        out.append(format_end_to_end(s["corpora"]))
    return out


def _seed_lines(name: str, s: dict) -> list[str]:
    missed = [f"{f['section']}:{f['id']} ({'; '.join(f['problems'])})"
              for f in s.get("facts", []) if not f["matched"]]
    out = [f"\n{name}: missed facts: " + ("; ".join(missed) if missed else "none")]
    for section, p in s.get("precision", {}).items():
        out.append(f"{name}: {section}: {p['extracted']} extracted, {p['matched']} match an expected fact, "
                   f"{p['unmatched']} match none ({p['extra_per_expected']:.2f} per expected {section[:-1]})")
    return out
