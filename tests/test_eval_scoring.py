"""The evaluation harness reads the gold files tolerantly and scores the way the field's validators do."""

from __future__ import annotations

import pytest

from sitrep.errors import InputError
from sitrep.evaluate.metrics import classification_report
from sitrep.evaluate.readers import Coding, PetrarchRecord, parse_petrarch, read_cameo5, read_petrarch
from sitrep.evaluate.seed import precision, score, summary
from sitrep.evaluate.suites import produced_codings, score_petrarch
from sitrep.model import Actor, DateSpan, Document, Event, EventType, Figure, FigurePart, Place, Result

MALFORMED = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
###########  a banner outside any comment: <Sentence id="nope"> is not a record
<Environment>
    <Verbfile>verbs.txt</Verbfile>
    <Include>valid DEMO </Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="19950101" id="D-1" evaluate="true"/>
<!-- a self-closing tag followed by its children -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="~GOV" />
<EventCoding eventcode="042" sourcecode="GON" />
<Text>
Arnor restored
ties with Gondor.
</Text>
</Sentence>
<Sentence category="DEMO" date="19950102" id="D-2" evaluate="false">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence category="OTHER" date="19950102" id="D-3">
<EventCoding noevents="True" />
<Text>Not included.</Text>
</Sentence>
</Sentences>
"""


def test_tolerant_reader_handles_banners_self_closing_tags_and_null_codes():
    records, env = parse_petrarch(MALFORMED)
    assert [r.id for r in records] == ["D-1", "D-2", "D-3"]
    d1 = records[0]
    assert d1.text == "Arnor restored ties with Gondor."
    assert d1.published == "1995-01-01"
    # "~" becomes the null country "---"; a missing target is null
    assert d1.codings == [Coding("ARN", "---GOV", "050"), Coding("GON", "---", "042")]
    assert records[1].noevents and not records[1].evaluate
    assert env["Verbfile"] == "verbs.txt"


def test_only_included_categories_and_evaluated_records_are_scored():
    from sitrep.evaluate.readers import PetrarchSuite

    records, env = parse_petrarch(MALFORMED)
    suite = PetrarchSuite(path=None, records=records, environment=env)
    assert suite.include == ["DEMO"]
    assert [r.id for r in suite.evaluable()] == ["D-1"]


def test_a_file_without_records_is_a_one_line_error():
    with pytest.raises(InputError, match="no <Sentence> records"):
        parse_petrarch("<Validation></Validation>", "x.xml")


def test_bad_cameo5_line_names_file_and_line(tmp_path):
    p = tmp_path / "c5.tsv"
    p.write_text("A sentence.\t4\nNo label here\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c5.tsv:2"):
        read_cameo5(p)


def test_shared_petrarch_files_parse(shared_dir):
    v = read_petrarch(shared_dir / "gold/petrarch/PETR_Validate_records_2_02.xml")
    assert len(v.records) == 274
    assert len(v.evaluable()) == 245
    demo = next(r for r in v.records if r.id == "DEMO-01")
    assert demo.codings == [Coding("ARN", "GON", "050")]
    g = read_petrarch(shared_dir / "gold/petrarch/PETR2_GSR_validation.xml")
    assert len(g.records) == 78
    assert g.records[0].codings == [Coding("USA", "CHN", "042")]


# --- metrics -------------------------------------------------------------------------------------

def test_classification_report_micro_macro_weighted():
    gold = ["A", "A", "A", "B"]
    pred = ["A", "A", "B", None]
    r = classification_report(gold, pred)
    assert r.accuracy == 0.5
    a = next(x for x in r.labels if x.label == "A")
    b = next(x for x in r.labels if x.label == "B")
    assert (a.precision, a.recall) == (1.0, 2 / 3)
    assert (b.precision, b.recall, b.f1) == (0.0, 0.0, 0.0)
    assert r.macro["f1"] == pytest.approx((0.8 + 0.0) / 2)
    assert r.weighted["f1"] == pytest.approx(0.8 * 3 / 4)
    # a missing answer lowers recall, not precision
    assert r.micro["precision"] == pytest.approx(2 / 3)
    assert r.micro["recall"] == 0.5
    assert ("A", "B", 1) in r.confusions and ("B", "(none)", 1) in r.confusions


def test_report_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        classification_report(["A"], [])


# --- PETRARCH scoring ------------------------------------------------------------------------------

def _event(src, tgt, code):
    return Event(id="e", type=EventType(cameo=code), actor1=Actor(text="s", code=src) if src else None,
                 actor2=Actor(text="t", code=tgt) if tgt else None)


def _result(*events):
    return Result(document=Document(id="d", text="x"), events=list(events))


def test_petrarch_scoring_counts_correct_uncoded_and_extra_like_the_validator():
    recs = [
        PetrarchRecord("r1", "DEMO", "19950101", "t", [Coding("ARN", "GON", "050"), Coding("GON", "ARN", "043")]),
        PetrarchRecord("r2", "DEMO", "19950101", "t", [], noevents=True),
        PetrarchRecord("r3", "VERB", "19950101", "t", [], noevents=True),
    ]
    results = [
        _result(_event("ARN", "GON", "050"), _event("ARN", "GON", "050"), _event("ARN", None, "042"),
                _event("ARN", "GON", None)),
        _result(),
        _result(_event("ARN", "GON", "111")),
    ]
    # duplicates count once; an event without a CAMEO code is null, not extra
    assert len(produced_codings(results[0])) == 2
    s = score_petrarch(recs, results)
    t = s["total"]
    assert (t["records"], t["expected"], t["correct"], t["uncoded"], t["extra"]) == (3, 4, 2, 2, 2)
    assert t["correct_share"] == 0.5
    assert t["extra_share"] == pytest.approx(2 / 3)
    assert s["categories"]["DEMO"]["correct"] == 2
    assert t["event_root_share"] == pytest.approx(3 / 4)  # 050 and noevents r2, and 043 via root "04"


# --- seed matching --------------------------------------------------------------------------------

EXPECTED = {
    "events": [{"id": "strike", "level": "must", "plover": "ASSAULT", "cameo_prefix": ["19"],
                "actor1_country": "RUS", "location_contains": "Idlib", "date_start": "2020-03-05",
                "figures": [{"kind": "killed", "value": 16, "group": "civilians",
                             "includes": [{"group": "children", "value": 1}]}]}],
    "figures": [{"id": "fled", "level": "should", "kind": ["displaced"], "value": 1000000, "approximate": True}],
    "places": [{"level": "must", "text": "Idlib", "country": "SYR", "lat": 35.93, "lon": 36.63, "tolerance_km": 60}],
}


def _seed_result(actor_country="RUS"):
    idlib = Place(text="Idlib", name="Idlib", country="SYR", lat=35.9, lon=36.6)
    fig = Figure(kind="killed", value=16, group="civilian", includes=[FigurePart("child", 1)])
    ev = Event(id="e1", type=EventType(cameo="195", plover="ASSAULT"), actor1=Actor(text="x", country=actor_country),
               location=idlib, date=DateSpan("2020-03-05", "2020-03-05", "day"), figures=[fig])
    return Result(document=Document(id="d", text=""), events=[ev], places=[idlib],
                  figures=[Figure(kind="displaced", value=1000000, approximate=True)])


def test_seed_facts_match_on_codes_numbers_and_places():
    outcomes = score(_seed_result(), EXPECTED)
    assert all(o.matched for o in outcomes), [o.problems for o in outcomes]
    assert summary(outcomes)["must"] == {"found": 2, "total": 2, "share": 1.0}


def test_a_missed_seed_fact_names_the_field_that_disagrees():
    outcomes = score(_seed_result(actor_country="TUR"), EXPECTED)
    strike = next(o for o in outcomes if o.id == "strike")
    assert not strike.matched
    assert strike.problems == ["actor1_country TUR != RUS"]


def test_seed_precision_counts_events_and_figures_that_match_no_expected_fact():
    r = _seed_result()
    strike, idlib = r.events[0], r.places[0]
    wrong_day = Event(id="e2", type=EventType(cameo="195", plover="ASSAULT"), actor1=Actor(text="x", country="RUS"),
                      location=idlib, date=DateSpan("2020-03-01", "2020-03-01", "day"), figures=list(strike.figures))
    talks = Event(id="e3", type=EventType(cameo="040", plover="CONSULT"), actor1=Actor(text="y", country="TUR"))
    r.events += [wrong_day, talks]
    p = precision(r, EXPECTED)
    ev = p["events"]
    # the strike matches; the same strike on another day has the fact's type and actors but not its date;
    # the talks match nothing the analyst coded
    assert (ev["extracted"], ev["expected"], ev["matched"], ev["unmatched"], ev["type_matched"]) == (3, 1, 1, 2, 2)
    assert ev["extra_per_expected"] == 2.0
    assert [(e["plover"], e["cameo"]) for e in ev["unmatched_items"]] == [("ASSAULT", "195"), ("CONSULT", "040")]
    # figures: the expected event's killed figure is an expected figure too, whichever event carries it
    fig = p["figures"]
    assert (fig["extracted"], fig["expected"], fig["matched"], fig["unmatched"]) == (3, 2, 3, 0)
    assert p["relations"] == {"extracted": 0, "expected": 0, "matched": 0, "unmatched": 0,
                              "extra_per_expected": 0.0, "unmatched_items": []}
