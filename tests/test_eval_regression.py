"""Every accuracy figure the README reports has a floor here, checked on the full gold sets.

``sitrep eval all`` runs once per test session (the ``full_report`` fixture, ~3 minutes on 2 cores) and
each figure of :data:`FIGURES` is checked against its floor (or, for over-generation, its ceiling), set
within about 2 points of the figure the README reports (a one-item step where a set is that small). So
a regression of any reported figure fails CI, and the README, the floors and the measurements agree:
``test_every_floored_figure_is_in_the_readme`` checks that each figure is the one the README prints.

To floor a new suite (a real-report dev set, CASE 2021 ...): add it to :data:`SUITES` and its figures
to :data:`FIGURES`. Raise a floor when a figure improves and the README is updated.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep.evaluate import ALL, format_table, run

README = Path(__file__).resolve().parents[1] / "README.md"
ACCURACY_DOC = Path(__file__).resolve().parents[1] / "docs" / "accuracy.md"
SUITES = ALL  # the suites `sitrep eval all` runs; extend with new ones


@dataclass(frozen=True)
class Reported:
    """A headline figure of ``sitrep eval all``: the value the docs print and the bound CI enforces."""

    suite: str
    key: str  # the suite's headline key
    value: float  # the figure as measured and printed (a share, an F1, or a count per item for "per" keys)
    bound: float  # the floor (or, with ceiling=True, the ceiling) this test enforces
    ceiling: bool = False
    readme: str = "pct"  # how the README prints it: "pct" (60.4%), "f1" (0.858), "ratio" (2.33); "" = docs only

    @property
    def id(self) -> str:
        return f"{self.suite}:{self.key}"

    def text(self) -> str:
        if self.readme == "ratio":
            return f"{self.value:.2f}"
        if self.readme == "f1":
            return f"{self.value:.3f}"
        return f"{self.value:.1%}"


F1, RATIO, DOCS = "f1", "ratio", ""

# Measured by `sitrep eval all --report accuracy.json` on 2026-11-30 (the README's and docs' tables).
FIGURES = [
    # PETRARCH validation suite (development: coder rules were iterated on it)
    Reported("petrarch", "correct", 0.604, 0.584),
    Reported("petrarch", "extra_per_record", 0.32, 0.34, ceiling=True, readme=RATIO),
    Reported("petrarch", "dyad_root", 0.604, 0.584),
    Reported("petrarch", "event_code", 0.719, 0.699),
    # PETRARCH GSR: 78 real sentences, 92 expected codings (one coding = 1.1 points)
    Reported("petrarch-gsr", "correct", 0.228, 0.208),
    Reported("petrarch-gsr", "extra_per_record", 0.94, 0.961, ceiling=True, readme=RATIO),
    Reported("petrarch-gsr", "dyad_root", 0.261, 0.241),
    Reported("petrarch-gsr", "event_code", 0.543, 0.523),
    # PLOVER records: dictionary, classifier (cross-validated), the pipeline as shipped, ACLED types, actors
    Reported("plover", "dict_plover_macro_f1", 0.532, 0.512, readme=F1),
    Reported("plover", "dict_plover_accuracy", 0.522, 0.502),
    Reported("plover", "source_country_sector", 0.464, 0.444),
    Reported("plover", "target_country_sector", 0.24, 0.22),
    Reported("plover", "cls_plover_macro_f1", 0.484, 0.464, readme=DOCS),
    Reported("plover", "cls_plover_accuracy", 0.578, 0.558, readme=DOCS),
    Reported("plover", "combined_plover_macro_f1", 0.567, 0.547, readme=F1),
    Reported("plover", "dict_acled_event_acc", 0.806, 0.786),
    Reported("plover", "cls_acled_event_acc", 0.878, 0.858, readme=DOCS),
    Reported("plover", "combined_acled_event_acc", 0.781, 0.761, readme=DOCS),
    Reported("plover", "dict_acled_sub_acc", 0.825, 0.805, readme=DOCS),
    Reported("plover", "cls_acled_sub_acc", 0.864, 0.844, readme=DOCS),
    Reported("plover", "pipeline_plover_macro_f1", 0.562, 0.542, readme=F1),
    Reported("plover", "pipeline_plover_accuracy", 0.565, 0.545),
    Reported("plover", "pipeline_acled_event_acc", 0.814, 0.794),
    Reported("plover", "pipeline_acled_event_macro_f1", 0.606, 0.586, readme=F1),
    Reported("plover", "pipeline_acled_sub_acc", 0.816, 0.796),
    Reported("plover", "pipeline_acled_sub_macro_f1", 0.662, 0.642, readme=F1),
    # ConfliBERT 5-way CAMEO class
    Reported("cameo5", "cls_macro_f1", 0.858, 0.838, readme=F1),
    Reported("cameo5", "cls_accuracy", 0.855, 0.835, readme=DOCS),
    Reported("cameo5", "dict_macro_f1", 0.562, 0.542, readme=F1),
    Reported("cameo5", "dict_accuracy", 0.517, 0.497, readme=DOCS),
    # the founding example: 8 must and 10 should facts, so one fact is 12.5 or 10 points: no slack
    Reported("seed", "must", 1.0, 1.0),
    Reported("seed", "should", 1.0, 1.0),
    Reported("seed", "extra_events_per_expected_event", 1.0, 1.23, ceiling=True, readme=RATIO),
    # geoparsing dev parts: resolution on gold spans, recognition in raw text
    Reported("geo", "lgl_acc161", 0.865, 0.845),
    Reported("geo", "lgl_exact_id", 0.833, 0.813),
    Reported("geo", "lgl_recognition_f1", 0.825, 0.805),
    Reported("geo", "tr_news_acc161", 0.909, 0.889),
    Reported("geo", "tr_news_exact_id", 0.898, 0.878),
    Reported("geo", "tr_news_recognition_f1", 0.89, 0.87),
    Reported("geo", "gwn_acc161", 0.88, 0.86),
    Reported("geo", "gwn_exact_id", 0.816, 0.796),
    Reported("geo", "gwn_recognition_f1", 0.833, 0.813),
    # real-report dev set (issue 10): development part and a held-out part never tuned on
    Reported("reports", "dev_must", 0.933, 0.913),
    Reported("reports", "dev_should", 0.882, 0.862),
    Reported("reports", "dev_tallies", 0.778, 0.758),
    Reported("reports", "dev_events_per_incident", 1.36, 1.61, ceiling=True, readme=RATIO),
    Reported("reports", "heldout_must", 0.9, 0.88),
    Reported("reports", "heldout_should", 0.333, 0.313),
    Reported("reports", "heldout_tallies", 1.0, 0.98),
    Reported("reports", "heldout_events_per_incident", 4.09, 4.34, ceiling=True, readme=RATIO),
    Reported("reports", "all_must", 0.92, 0.9),
    Reported("reports", "all_should", 0.8, 0.78),
    Reported("reports", "all_tallies", 0.833, 0.813),
    Reported("reports", "all_events_per_incident", 2.19, 2.44, ceiling=True, readme=RATIO),
    Reported("reports", "fusion_pairwise_recall", 0.5, 0.48),
    Reported("reports", "fusion_wrong_merges", 0, 0.25, ceiling=True, readme=RATIO),
    # CASE 2021 Task 2 dev split, 5-fold cross-validated (issue 11)
    Reported("case2021", "pipeline_weighted_f1", 0.691, 0.671),
    Reported("case2021", "pipeline_macro_f1", 0.677, 0.657),
    Reported("case2021", "pipeline_accuracy", 0.678, 0.658),
    Reported("case2021", "pipeline_ece", 0.073, 0.093, ceiling=True),
    Reported("case2021", "classifier_weighted_f1", 0.697, 0.677),
    Reported("case2021", "classifier_macro_f1", 0.675, 0.655),
    Reported("case2021", "classifier_ece", 0.057, 0.077, ceiling=True),
]


@pytest.fixture(scope="session")
def full_report(shared_dir) -> dict:
    """One full `sitrep eval all` for the whole session; or, when ``$SITREP_EVAL_REPORT`` names the report
    of a `sitrep eval all --report FILE` just run on this code, that report (saves ~3 minutes locally)."""
    path = os.environ.get("SITREP_EVAL_REPORT")
    if path:
        report = json.loads(Path(path).read_text("utf-8"))
        assert set(report["suites"]) == set(SUITES) and not report.get("limit"), f"{path}: not a full eval all"
        return report
    return run(SUITES, shared_dir)


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.id)
def test_reported_figure_keeps_its_floor(full_report, fig):
    measured = full_report["suites"][fig.suite]["headline"][fig.key]
    if fig.ceiling:
        assert measured <= fig.bound, f"{fig.id} rose to {measured:.4f} (ceiling {fig.bound}, reported {fig.value})"
    else:
        assert measured >= fig.bound, f"{fig.id} fell to {measured:.4f} (floor {fig.bound}, reported {fig.value})"


def test_every_headline_figure_of_the_report_has_a_floor(full_report):
    floored = {f.id for f in FIGURES}
    unguarded = [f"{name}:{key}" for name, s in full_report["suites"].items() for key in s["headline"]
                 if f"{name}:{key}" not in floored]
    assert not unguarded, f"headline figures without a floor (add them to FIGURES and the docs): {unguarded}"


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.id)
def test_floors_sit_within_about_two_points_of_the_reported_figure(fig):
    gap = fig.bound - fig.value if fig.ceiling else fig.value - fig.bound
    step = 0.25 if fig.readme == RATIO else 0.0201  # a count per item: a quarter of an item
    assert 0 <= gap <= step, (fig.id, fig.value, fig.bound)


def _section(path: Path, start: str, end: str) -> str:
    text = path.read_text("utf-8")
    return text[text.index(start):text.index(end)]


def test_every_floored_figure_is_printed_in_the_readme_or_the_accuracy_doc():
    readme = _section(README, "## How accurate is it", "## How fast is it")
    doc = _section(ACCURACY_DOC, "| suite | measure |", "## How each suite is scored")
    missing = [(f.id, f.text()) for f in FIGURES if f.readme and f.text() not in readme]
    assert not missing, f"figures floored here but not in the README's accuracy section: {missing}"
    in_doc = [(f.id, f"{f.value:.1%}") for f in FIGURES if not f.readme and f"{f.value:.1%}" not in doc
              and f"{f.value:.3f}" not in doc]
    assert not in_doc, f"figures floored here but in neither the README nor docs/accuracy.md: {in_doc}"


def test_readme_accuracy_rows_each_say_what_kind_of_score_they_are():
    readme = _section(README, "## How accurate is it", "## How fast is it")
    rows = [line for line in readme.splitlines() if line.startswith("| ") and not line.startswith("| suite")]
    assert len(rows) >= 15
    kinds = re.compile(r"\| (development|cross-validated|untuned|held out)"
                       r"( \(policy\) \+ cross-validated \(heads\))? \|")
    assert all(kinds.search(row) for row in rows), [row for row in rows if not kinds.search(row)]


def test_seed_precision_lists_every_unmatched_event(full_report):
    seed = full_report["suites"]["seed"]
    ev = seed["precision"]["events"]
    assert len(ev["unmatched_items"]) == ev["unmatched"] == ev["extracted"] - ev["matched"]
    assert all(item["evidence"] for item in ev["unmatched_items"])  # each with the sentence it came from
    assert ev["expected"] == 9 and ev["matched"] <= ev["type_matched"] <= ev["extracted"]
    found = {f["id"] for f in seed["facts"] if f["section"] == "events" and f["matched"]}
    assert ev["matched"] >= len(found)  # every expected event found is matched by at least one event
    assert seed["headline"]["extra_events_per_expected_event"] == pytest.approx(ev["unmatched"] / 9)


def test_table_prints_shares_as_percentages_and_counts_per_item_as_ratios(full_report):
    table = format_table({"suites": {"seed": full_report["suites"]["seed"]}})
    assert table.splitlines()[0].split() == ["suite", "measure", "value", "items"]
    row = next(line for line in table.splitlines() if "extra_events_per_expected_event" in line).split()
    assert row[2] == f"{full_report['suites']['seed']['headline']['extra_events_per_expected_event']:.2f}"
    assert any(line.split()[1] == "must" and line.split()[2] == "100.0%" for line in table.splitlines()[2:])
    json.dumps(full_report)  # JSON-ready


def test_unknown_suite_is_a_one_line_error(shared_dir):
    p = subprocess.run([sys.executable, "-c", "from sitrep.cli import run; run()", "eval", "nosuch",
                        "--shared", str(shared_dir)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == ["sitrep: error: unknown suite 'nosuch'; known: all, petrarch, "
                                             "petrarch-gsr, plover, cameo5, seed, geo, reports, geo-e2e, case2021"]
