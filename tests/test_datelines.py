"""Datelines and the dates of a report's story (issue 10, "What to build" items 3 and 4).

A dateline ("KABUL, 31 May 2017 –", "GENEVA (Reuters) -") says where and when a report was written: the
lead's events that name no place or date take them, and "today" counts from the dateline's day. A date
without a year takes its year from the text, and a past-tense event is never dated after publication.
"""

from __future__ import annotations

import datetime as dt

import pytest

import sitrep
from sitrep.analysis import Analysis
from sitrep.grammar.datelines import find_dateline
from sitrep.mentions import DateMention
from sitrep.model import DateSpan, Document
from sitrep.stages.dates import dates_stage, reference_day, year_from_text
from sitrep.stages.lookup import date_for_token, past_not_after_publication

PUB = dt.date(2020, 3, 5)


@pytest.mark.parametrize("text, place, day, lead", [
    ("KABUL, 31 May 2017 – A truck bomb exploded.", "KABUL", dt.date(2017, 5, 31), "A truck"),
    ("ANKARA, Feb 28 (Reuters) - Turkey said ...", "ANKARA", dt.date(2020, 2, 28), "Turkey"),
    ("Headline of the story\n\nGENEVA (Reuters) - The United Nations said", "GENEVA", None, "The United"),
    ("GENEVA (AP) — Aid agencies warned", "GENEVA", None, "Aid agencies"),
    ("KABUL, Afghanistan (AP) — A bomb", "KABUL", None, "A bomb"),
    ("Deadly Truck Bomb Rocks Kabul\n\nISLAMABAD — A massive truck bomb", "ISLAMABAD", None, "A massive"),
    ("NEW YORK, March 3 - The Council met", "NEW YORK", dt.date(2020, 3, 3), "The Council"),
])
def test_a_dateline_gives_its_place_its_day_and_where_the_lead_starts(text, place, day, lead):
    line = find_dateline(text, PUB)
    assert line is not None
    assert text[line.place_start:line.place_end] == place
    assert line.day == day
    assert text[line.end:].startswith(lead)


def test_a_dateline_without_a_year_is_not_after_publication():
    # "Dec 30" in a report published on 5 March 2020 was written on 30 December 2019
    line = find_dateline("BEIRUT, Dec 30 (Reuters) - Shelling killed", PUB)
    assert line is not None and line.day == dt.date(2019, 12, 30)


@pytest.mark.parametrize("text", [
    "HIGHLIGHTS\nPresident Obama announces aid.",
    "Press Statement, Rex W. Tillerson, Washington, DC, May 31, 2017\n\nThe United States condemns",
    "Turkey - the NATO ally - struck back.",
    "SITUATION AT A GLANCE\n1,611 Civilian Deaths",
])
def test_headings_bylines_and_sentences_are_no_datelines(text):
    assert find_dateline(text, PUB) is None


def test_today_counts_from_the_datelines_day_not_a_later_publication(nlp):
    text = "KABUL, 31 May 2017 – The United Nations condemned today's attack in the diplomatic quarter."
    published = dt.date(2017, 6, 2)  # a copy published two days later
    assert reference_day(text, published) == dt.date(2017, 5, 31)
    analysis = Analysis(document=Document(id="t", text=text, published=published), doc=nlp(text), lexicons=None)
    dates_stage(analysis)
    today = [m for m in analysis.dates if m.text.startswith("today")]
    assert [(m.date.start, m.date.precision) for m in today] == [("2017-05-31", "day")]


def test_without_a_dated_dateline_today_is_the_publication_day():
    assert reference_day("GENEVA (AP) — Talks resumed today.", PUB) == PUB
    assert reference_day("Talks resumed today.", None) is None


def _events(text: str, published):
    return sitrep.extract(text, published=published).events


def test_the_leads_events_take_the_datelines_day_and_place():
    text = ("KABUL, 31 May 2017 – A massive truck bomb exploded in the diplomatic quarter during the morning "
            "rush hour, killing at least 90 people and wounding hundreds.")
    events = _events(text, "2017-06-02")
    violent = [e for e in events if (e.type.cameo or "")[:2] in ("18", "19", "20")]
    assert violent
    for e in violent:
        assert (e.date.start, e.date.end, e.date.precision) == ("2017-05-31", "2017-05-31", "day")
        assert e.date.text == "31 May 2017"  # stated, not inferred
        assert e.location is not None and e.location.name == "Kabul"


def test_a_place_the_lead_names_wins_over_the_dateline():
    text = ("ISLAMABAD — A suicide bomber killed 12 people at a market in Kandahar on Tuesday, "
            "officials said.")
    events = _events(text, "2020-03-05")
    violent = [e for e in events if (e.type.cameo or "")[:2] in ("18", "19", "20")]
    assert violent and all(e.location is not None and e.location.country == "AFG" for e in violent)


# --- years from the text, and past events ---------------------------------------------------------------

def _mention(text: str, start: str, end: str, precision: str, at: int) -> DateMention:
    return DateMention(start=at, end=at + len(text), text=text, date=DateSpan(start, end, precision, text))


def test_a_date_without_a_year_takes_the_nearest_year_stated_before_it():
    published = dt.date(2023, 5, 1)  # a page written in 2023 about February 2020
    found = year_from_text([
        _mention("On 27 February 2020", "2020-02-27", "2020-02-27", "day", 0),
        _mention("On 28 February", "2023-02-28", "2023-02-28", "day", 100),
        _mention("in March", "2023-03-01", "2023-03-31", "month", 200),
    ], published)
    assert [(m.date.start, m.date.end) for m in found] == [
        ("2020-02-27", "2020-02-27"), ("2020-02-28", "2020-02-28"), ("2020-03-01", "2020-03-31")]
    assert found[1].text == found[1].date.text == "On 28 February"


def test_open_periods_and_bare_years_give_no_year_to_later_dates():
    # "since March 2011" bounds a tally and "in 2018" is background: "On 12 May" is the report's year
    found = year_from_text([
        _mention("since March 2011", "2011-03-01", "2014-05-22", "range", 0),
        _mention("in 2018", "2018-01-01", "2018-12-31", "year", 50),
        _mention("On 12 May", "2014-05-12", "2014-05-12", "day", 100),
    ], dt.date(2014, 5, 22))
    assert found[2].date.start == "2014-05-12"


def test_a_year_from_the_text_never_puts_a_date_after_publication():
    found = year_from_text([
        _mention("on 3 March 2020", "2020-03-03", "2020-03-03", "day", 0),
        _mention("on 20 February", "2020-02-20", "2020-02-20", "day", 50),
        _mention("next March", "2021-03-01", "2021-03-31", "month", 90),
    ], dt.date(2020, 3, 5))
    assert [m.date.start for m in found] == ["2020-03-03", "2020-02-20", "2021-03-01"]


def test_a_past_event_is_never_dated_after_publication(nlp):
    published = dt.date(2020, 2, 7)
    text = "Two soldiers were killed on 20 February. The ceasefire will begin on 20 February."
    analysis = Analysis(document=Document(id="t", text=text, published=published), doc=nlp(text), lexicons=None)
    dates_stage(analysis)
    killed = next(t for t in analysis.doc if t.text == "killed")
    begin = next(t for t in analysis.doc if t.text == "begin")
    assert date_for_token(analysis, killed).start == "2019-02-20"
    assert date_for_token(analysis, begin).start == "2020-02-20"


def test_a_stated_year_is_kept_even_after_publication(nlp):
    span = DateSpan("2020-02-20", "2020-02-20", "day", "on 20 February 2020")
    tok = nlp("Two soldiers were killed.")[3]
    assert past_not_after_publication(span, tok, dt.date(2020, 2, 7)) is span


def test_without_publication_date_a_dateline_without_a_year_keeps_its_place_but_gives_no_day():
    line = find_dateline("ANKARA, Feb 28 (Reuters) - Turkey said", None)
    assert line is not None and line.day is None
    assert reference_day("ANKARA, Feb 28 (Reuters) - Turkey said today", None) is None
    dated = find_dateline("KABUL, 31 May 2017 – A bomb exploded today.", None)
    assert dated is not None and dated.day == dt.date(2017, 5, 31)


def test_without_publication_date_a_dated_dateline_still_dates_today(nlp):
    text = "KABUL, 31 May 2017 – The United Nations condemned today's attack in the diplomatic quarter."
    analysis = Analysis(document=Document(id="t", text=text, published=None), doc=nlp(text), lexicons=None)
    dates_stage(analysis)
    assert [m.date.start for m in analysis.dates if m.text.startswith("today")] == ["2017-05-31"]


@pytest.mark.parametrize("text, place, day", [
    ("GENEVA (31 May 2017) – The UN human rights office", "GENEVA", dt.date(2017, 5, 31)),
    ("Geneva, 31 May 2017 – The UN human rights office", "Geneva", dt.date(2017, 5, 31)),
    ("New York, March 3 (AP) - The Council met", "New York", dt.date(2020, 3, 3)),
])
def test_un_style_datelines_with_the_date_in_brackets_or_a_place_in_ordinary_capitals(text, place, day):
    line = find_dateline(text, PUB)
    assert line is not None and text[line.place_start:line.place_end] == place and line.day == day


@pytest.mark.parametrize("text", ["Monday, 3 March - talks resumed", "Geneva - talks resumed",
                                  "March, 2020 - a month of talks"])
def test_weekdays_months_and_title_case_places_without_a_date_are_no_datelines(text):
    assert find_dateline(text, PUB) is None
