"""Fusion of near-copies and of reports tied through another report (issue 10, item 5).

Near-identical reports of one incident always fuse, even when the copy was republished days later and
counts "today" from its own publication date, and even when the sentence is a short headline (then the
same town must back the words). A report that only names the country joins the group its wire copy is
in. Events one report tells apart never fuse with each other.
"""

from __future__ import annotations

import dataclasses

from fusefix import ASSAULT, IDLIB, RUSMIL, event, result
from sitrep.fuse import Report, fuse
from sitrep.fuse.rules import relative_to_publication, text_similarity
from sitrep.model import DateSpan

KABUL = dict(name="Kabul", country="AFG", admin1="Kabul", lat=34.528, lon=69.172, geonameid=1138958, precision="town")
AFGHANISTAN = dict(name="Afghanistan", country="AFG", admin1=None, lat=33.0, lon=66.0, geonameid=1149361,
                   precision="country")
BOMB = dict(ASSAULT, cameo="183", plover_mode="suicide-attack", acled_sub_event_type="Suicide bomb")
LEAD = "A massive truck bomb exploded this morning in the diplomatic quarter of Kabul, killing at least 50 people."


def _fuse(results):
    return fuse(Report(key=r.document.id, result=r) for r in results)


def _said(d: str, words: str) -> DateSpan:
    return DateSpan(d, d, "day", words)


def test_dates_counted_from_publication_are_recognised():
    for words in ("today", "yesterday's", "last night", "on Tuesday", "this morning", "two days ago"):
        assert relative_to_publication(_said("2020-03-05", words)), words
    assert relative_to_publication(DateSpan("2020-03-05", "2020-03-05", "day", None))  # inferred
    for words in ("On 27 February 2020", "in February", "on 5 March"):
        assert not relative_to_publication(_said("2020-03-05", words)), words


def test_a_copy_republished_two_days_later_saying_today_fuses_with_its_original():
    original = result("a", "2017-05-31", "Wire", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "this morning"), LEAD, killed=50)])
    copy = result("b", "2017-06-02", "Reprint", [
        event("e1", BOMB, None, None, KABUL, _said("2017-06-02", "this morning"), LEAD.replace("50", "fifty"),
              killed=50)])
    fusion = _fuse([original, copy])
    assert len(fusion.events) == 1
    rules = {r.rule: r.value for r in fusion.events[0].rules}
    assert rules["text"].startswith("evidence words overlap 1.00")
    assert "2017-05-31" in rules["dates"] and "2017-06-02" in rules["dates"]


def test_reports_in_other_words_three_days_apart_stay_apart_even_saying_today():
    # only a near-identical copy gets the republication slack: a shared actor is not enough
    a = result("a", "2020-03-05", "A", [event("e1", ASSAULT, RUSMIL, None, IDLIB, _said("2020-03-05", "today"),
                                              "Russian jets bombed a market in Idlib today, killing 12.", killed=12)])
    b = result("b", "2020-03-08", "B", [event("e1", ASSAULT, RUSMIL, None, IDLIB, _said("2020-03-08", "today"),
                                              "Warplanes of Russia struck a hospital in Idlib today; 30 died.",
                                              killed=30)])
    assert len(_fuse([a, b]).events) == 2


def test_numbers_written_as_words_or_digits_are_the_same_words():
    assert text_similarity("Suicide bomb in Iraq kills six", "Suicide bomb in Iraq kills 6", min_words=4) == 1.0


def test_a_short_headline_copy_fuses_when_both_place_it_in_one_town():
    head = "Suicide bomb in Kabul kills six"
    a = result("a", "2008-05-23", "A", [event("e1", BOMB, None, None, KABUL, None, head)])
    b = result("b", "2008-05-25", "B", [event("e1", BOMB, None, None, KABUL, None, head.replace("six", "6"))])
    fusion = _fuse([a, b])
    assert len(fusion.events) == 1
    assert any(r.rule == "text" and "short evidence" in r.value and "Kabul" in r.value for r in fusion.events[0].rules)


def test_a_short_headline_placed_only_in_a_country_does_not_fuse_on_its_words():
    head = "Suicide bomb in Afghanistan kills six"
    a = result("a", "2008-05-23", "A", [event("e1", BOMB, None, None, AFGHANISTAN, None, head)])
    b = result("b", "2008-05-24", "B", [event("e1", BOMB, None, None, AFGHANISTAN, None, head)])
    assert len(_fuse([a, b]).events) == 2


def test_a_report_naming_only_the_country_joins_the_group_of_its_wire_copy():
    early = result("early", "2017-05-31", "Wire", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "Wednesday"), LEAD, killed=50)])
    late = result("late", "2017-05-31", "Wire update", [
        event("e1", BOMB, None, None, AFGHANISTAN, _said("2017-05-31", "Wednesday"), LEAD.replace("50", "90"),
              killed=90)])
    encyclopedia = result("wp", "2023-01-01", "Encyclopedia", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "On 31 May 2017"),
              "On 31 May 2017, a truck bomb exploded in a crowded intersection in Kabul, killing over 150.",
              killed=150)])
    fusion = _fuse([early, late, encyclopedia])
    assert len(fusion.events) == 1
    assert sorted(s.document for s in fusion.events[0].sources) == ["early", "late", "wp"]
    # the encyclopedia joined on the town, the day and the type it shares with the early wire
    assert any(r.rule == "place_day_type" and r.joined == "early#e1" for r in fusion.events[0].rules)


def test_a_contradiction_with_any_member_keeps_a_report_out():
    early = result("early", "2017-05-31", "Wire", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "Wednesday"), LEAD, killed=50)])
    late = result("late", "2017-05-31", "Wire update", [
        event("e1", BOMB, None, None, AFGHANISTAN, _said("2017-05-31", "Wednesday"), LEAD.replace("50", "900"),
              killed=900)])
    other = result("other", "2017-05-31", "Other", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "Wednesday"),
              "Another bomb went off near a mosque in western Kabul, killing 49.", killed=49)])
    fusion = _fuse([early, late, other])
    with_early = next(f for f in fusion.events if any(s.document == "early" for s in f.sources))
    # "other" shares town, day, type and a toll with "early", but its 49 dead contradict the update's 900
    assert "other" not in {s.document for s in with_early.sources}


def test_events_one_report_tells_apart_never_fuse_with_each_other():
    one = event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "Wednesday"), LEAD, killed=50)
    two = dataclasses.replace(one, id="e2", type=dataclasses.replace(one.type, cameo="190"))
    assert len(_fuse([result("a", "2017-05-31", "Wire", [one, two])]).events) == 2


def test_undated_events_of_one_report_never_fuse_with_each_other():
    one = event("e1", BOMB, None, None, KABUL, None, LEAD, killed=50)
    two = dataclasses.replace(one, id="e2", type=dataclasses.replace(one.type, cameo="190"))
    undated = result("a", "2017-05-31", "Wire", [one, two])
    undated.document.published = None
    copy = result("b", "2017-05-31", "Reprint", [dataclasses.replace(one)])
    copy.document.published = None
    fusion = _fuse([undated, copy])
    assert len(fusion.events) == 2
    assert sorted(len(f.sources) for f in fusion.events) == [1, 2]


def test_a_copy_republished_later_joins_its_twins_group_on_the_twins_date():
    # the wire story and an encyclopedia entry are one group on 31 May; a reprint two days later saying
    # "this morning" joins them: compared with the encyclopedia on its twin's day, not on 2 June
    wire = result("wire", "2017-05-31", "Wire", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "this morning"), LEAD, killed=50)])
    encyclopedia = result("wp", "2023-01-01", "Encyclopedia", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "On 31 May 2017"),
              "On 31 May 2017, a truck bomb exploded in a crowded intersection in Kabul, killing over 150.",
              killed=150)])
    reprint = result("reprint", "2017-06-02", "Reprint", [
        event("e1", BOMB, None, None, KABUL, _said("2017-06-02", "this morning"), LEAD, killed=50)])
    fusion = _fuse([wire, encyclopedia, reprint])
    assert len(fusion.events) == 1
    assert sorted(s.document for s in fusion.events[0].sources) == ["reprint", "wire", "wp"]


def test_a_report_in_other_words_gets_no_twin_date():
    other = result("other", "2017-06-02", "Other", [
        event("e1", BOMB, None, None, KABUL, _said("2017-06-02", "this morning"),
              "Another bomb went off near a mosque in western Kabul this morning, killing 49.", killed=49)])
    wire = result("wire", "2017-05-31", "Wire", [
        event("e1", BOMB, None, None, KABUL, _said("2017-05-31", "this morning"), LEAD, killed=50)])
    fusion = _fuse([wire, other])
    assert len(fusion.events) == 2
