"""Fusion: reports of one real-world event become one fused event; distinct events stay apart."""

from __future__ import annotations

import random

from fusefix import (
    ASSAULT,
    CIVILIANS,
    CONSULT,
    ERDOGAN,
    IDLIB,
    PUTIN,
    RUSMIL,
    SYRMIL,
    TURMIL,
    day,
    displaced,
    event,
    result,
    strike_reports,
)
from sitrep.fuse import Report, fuse
from sitrep.fuse.rules import compare_places, family_of
from sitrep.model import DateSpan, EventType, Place


def _fuse(results):
    return fuse(Report(key=r.document.id, result=r) for r in results)


def _strike(fusion, source):
    return next(e for e in fusion.events if e.type.plover == "ASSAULT" and any(s.source == source for s in e.sources))


def test_three_reports_of_one_strike_become_one_event_with_low_best_high():
    fusion = _fuse(strike_reports())
    idlib = _strike(fusion, "Levant Wire")
    assert sorted(s.source for s in idlib.sources) == ["Gulf Herald", "Levant Wire", "Northern Wire"]
    killed = idlib.figure("killed")
    # reports say 15, 19 and "16 (16-18)": low is the smallest bound, high the largest, best the median report
    assert (killed.low, killed.best, killed.high) == (15, 16, 19)
    assert sorted(r.value for r in killed.reports) == [15, 16, 19]
    assert all(s.evidence is not None and s.evidence.text for s in idlib.sources)


def test_fused_event_explains_why_each_report_joined():
    idlib = _strike(_fuse(strike_reports()), "Levant Wire")
    assert len(idlib.reasons) == 2  # two reports joined the first
    joined = " ".join(idlib.reasons)
    assert "same family 'violence'" in joined
    assert "km apart" in joined or "same place" in joined
    assert "RUSMIL" in joined


def test_distinct_events_do_not_fuse():
    fusion = _fuse(strike_reports())
    assault = [e for e in fusion.events if e.type.plover == "ASSAULT"]
    assert len(assault) == 3
    turkish = _strike(fusion, "Syria Desk")
    aleppo = _strike(fusion, "Aleppo Monitor")
    assert [s.source for s in turkish.sources] == ["Syria Desk"]  # other actor (TUR on SYR forces)
    assert [s.source for s in aleppo.sources] == ["Aleppo Monitor"]  # other place and date
    assert turkish.reasons == ["single report"]


def test_meeting_reported_with_actors_in_either_order_fuses():
    fusion = _fuse(strike_reports())
    meetings = [e for e in fusion.events if e.type.plover == "CONSULT"]
    assert len(meetings) == 1
    assert {s.source for s in meetings[0].sources} == {"Levant Wire", "Gulf Herald"}
    assert "other order" in " ".join(meetings[0].reasons)


def test_same_type_and_day_but_far_apart_places_stay_apart():
    far = dict(IDLIB, name="Deir ez-Zor", admin1="Deir ez-Zor", lat=35.336, lon=40.141, geonameid=170794)
    results = [
        result(
            "a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-05"), "x", killed=3)]
        ),
        result(
            "b", "2020-03-05", "B", [event("e1", ASSAULT, RUSMIL, CIVILIANS, far, day("2020-03-05"), "y", killed=3)]
        ),
    ]
    assert len(_fuse(results).events) == 2


def test_dates_days_apart_stay_apart_and_month_grain_does_not_absorb_a_day():
    month = DateSpan("2020-03-01", "2020-03-31", "month", "in March")
    results = [
        result("a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-05"), "x")]),
        result("b", "2020-03-09", "B", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-08"), "y")]),
        result("c", "2020-04-01", "C", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, month, "z")]),
    ]
    assert len(_fuse(results).events) == 3


def test_different_type_families_stay_apart():
    results = [
        result("a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, TURMIL, IDLIB, day("2020-03-05"), "x")]),
        result("b", "2020-03-05", "B", [event("e1", CONSULT, RUSMIL, TURMIL, IDLIB, day("2020-03-05"), "y")]),
    ]
    assert len(_fuse(results).events) == 2
    assert family_of(EventType(plover="COERCE")) == family_of(EventType(plover="ASSAULT")) == "violence"


def test_nothing_but_type_date_and_country_is_not_enough_to_fuse():
    syria = dict(name="Syria", country="SYR", admin1=None, lat=35.0, lon=38.0, geonameid=163843, precision="country")
    results = [
        result("a", "2020-03-05", "A", [event("e1", ASSAULT, None, None, syria, day("2020-03-05"), "x")]),
        result("b", "2020-03-05", "B", [event("e1", ASSAULT, None, None, syria, day("2020-03-05"), "y")]),
    ]
    assert len(_fuse(results).events) == 2


def test_event_without_a_date_uses_the_publication_day():
    results = [
        result("a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, None, "x", killed=10)]),
        result(
            "b", "2020-03-06", "B", [event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-05"), "y", killed=12)]
        ),
    ]
    (fused,) = _fuse(results).events
    assert fused.date.start == "2020-03-05" and fused.date.precision == "day"
    assert (fused.figure("killed").low, fused.figure("killed").high) == (10, 12)


def test_fusion_is_deterministic_whatever_the_input_order():
    reports = strike_reports()
    first = _fuse(reports)
    random.Random(4).shuffle(reports)
    again = _fuse(reports)
    assert [e.id for e in first.events] == [e.id for e in again.events]
    assert all(e.id.startswith("fe-") for e in first.events)


def test_standalone_figures_form_a_series_per_place_and_kind():
    fusion = _fuse(strike_reports())
    (point,) = [p for p in fusion.series if p.kind == "displaced"]
    assert point.key == "displaced@SYR/Idlib"
    assert (point.low, point.best, point.high) == (950_000, 960_000, 1_000_000)
    assert point.date.end == "2020-03-05"
    assert len(point.reports) == 3

    later = result("ocha", "2020-03-10", "OCHA", [], figures=[displaced(980_000, "2020-03-09")])
    fusion = _fuse([*strike_reports(), later])
    points = [p for p in fusion.series if p.kind == "displaced"]
    assert [p.date.end for p in points] == ["2020-03-05", "2020-03-09"]
    assert points[1].best == 980_000


def test_a_document_counts_once_per_figure_kind():
    e = event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-05"), "x", killed=16)
    e.figures.append(e.figures[0].__class__(kind="killed", value=1, group="children", event="e1"))
    other = event("e1", ASSAULT, RUSMIL, CIVILIANS, IDLIB, day("2020-03-05"), "y", killed=20)
    (fused,) = _fuse([result("a", "2020-03-05", "A", [e]), result("b", "2020-03-05", "B", [other])]).events
    killed = fused.figure("killed")
    assert [r.value for r in killed.reports] == [16, 20]
    assert (killed.low, killed.best, killed.high) == (16, 16, 20)


def test_place_comparison_reasons_are_readable():
    a = Place(text="Idlib", **IDLIB)
    b = Place(text="Moscow", name="Moscow", country="RUS", lat=55.75, lon=37.61, precision="town")
    check = compare_places(a, b)
    assert not check.ok and check.reason == "different countries (SYR / RUS)"
    assert compare_places(a, None).reason == "place unknown in one report"


def test_actors_in_the_other_order_fuse_for_a_meeting_but_not_for_an_attack():
    # "Putin met Erdogan" and "Erdogan met Putin" are one meeting; "Russia attacked Turkey" and
    # "Turkey attacked Russia" on the same day and place are two attacks
    moscow = dict(IDLIB, name="Moscow", country="RUS", admin1="Moscow", lat=55.75, lon=37.62, geonameid=524901)
    meeting = [
        result("a", "2020-03-05", "A", [event("e1", CONSULT, PUTIN, ERDOGAN, moscow, day("2020-03-05"), "x")]),
        result("b", "2020-03-05", "B", [event("e1", CONSULT, ERDOGAN, PUTIN, moscow, day("2020-03-05"), "y")]),
    ]
    attacks = [
        result("a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, TURMIL, IDLIB, day("2020-03-05"), "x")]),
        result("b", "2020-03-05", "B", [event("e1", ASSAULT, TURMIL, RUSMIL, IDLIB, day("2020-03-05"), "y")]),
    ]
    fused_meeting = _fuse(meeting).events
    assert len(fused_meeting) == 1 and len(fused_meeting[0].sources) == 2
    assert "other order" in " ".join(fused_meeting[0].reasons)
    assert [len(e.sources) for e in _fuse(attacks).events] == [1, 1]


def test_a_fused_event_keeps_the_associated_actors_of_all_its_reports_once_each_and_acled_lists_them():
    from sitrep.export.rows import acled_row
    from sitrep.fuse.fuse import associated
    from sitrep.model import Actor

    rus, syr, tur = Actor(**RUSMIL), Actor(**SYRMIL), Actor(**TURMIL)
    # report A: "Russian and Syrian warplanes"; report B: "Russian, Syrian and Turkish ..." (B told later)
    assert associated([[syr], [syr, tur, rus]], rus) == [syr, tur]  # each once, the main actor left out
    results = strike_reports()
    results[0].events[0].assoc_actor1 = [syr]
    results[1].events[0].assoc_actor1 = [syr]
    idlib = next(e for e in _fuse(results).events if e.assoc_actor1)
    assert [a.code for a in idlib.assoc_actor1] == ["SYRMIL"] and idlib.assoc_actor2 == []
    row = acled_row(idlib)
    assert row["assoc_actor_1"] == "Military Forces of Syria" and row["assoc_actor_2"] == ""
