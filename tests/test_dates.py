"""Time resolution: what each temporal expression means in Sitrep's output (see docs/dates.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.analysis import Analysis
from sitrep.grammar.dates import DateVocabulary, normalise, resolve_date_expression
from sitrep.model import DATE_PRECISIONS, DateSpan, Document, iso_day, known_date
from sitrep.stages import get_stage
from sitrep.stages.dates import UNKNOWN_SPAN, dates_stage, unanchored
from sitrep.stages.lookup import date_for_token

PUB = dt.date(2020, 3, 5)  # a Thursday, the founding example's publication date

# expression, start, end, precision — all against PUB
TABLE = [
    # the publication day
    ("today", "2020-03-05", "2020-03-05", "day"),
    ("this morning", "2020-03-05", "2020-03-05", "day"),
    ("this evening", "2020-03-05", "2020-03-05", "day"),
    ("tonight", "2020-03-05", "2020-03-05", "day"),
    ("as late as this morning", "2020-03-05", "2020-03-05", "day"),
    ("As late as this morning", "2020-03-05", "2020-03-05", "day"),
    ("earlier today", "2020-03-05", "2020-03-05", "day"),
    ("today's", "2020-03-05", "2020-03-05", "day"),
    # days before and after
    ("yesterday", "2020-03-04", "2020-03-04", "day"),
    ("last night", "2020-03-04", "2020-03-04", "day"),
    ("the day before yesterday", "2020-03-03", "2020-03-03", "day"),
    ("on Tuesday", "2020-03-03", "2020-03-03", "day"),
    ("Tuesday night", "2020-03-03", "2020-03-03", "day"),
    ("at 6 a.m. on Tuesday", "2020-03-03", "2020-03-03", "day"),
    ("on Thursday", "2020-03-05", "2020-03-05", "day"),  # a bare weekday includes the publication day
    ("last Thursday", "2020-02-27", "2020-02-27", "day"),
    ("next Monday", "2020-03-09", "2020-03-09", "day"),
    ("two days ago", "2020-03-03", "2020-03-03", "day"),
    ("three hours ago", "2020-03-05", "2020-03-05", "day"),
    ("at midnight", "2020-03-06", "2020-03-06", "day"),  # the coming midnight starts the next day
    ("tomorrow", "2020-03-06", "2020-03-06", "day"),
    # weeks: ISO weeks, Monday to Sunday
    ("last week", "2020-02-24", "2020-03-01", "week"),
    ("Last week", "2020-02-24", "2020-03-01", "week"),
    ("this week", "2020-03-02", "2020-03-08", "week"),
    ("a week ago", "2020-02-24", "2020-03-01", "week"),
    ("last weekend", "2020-02-29", "2020-03-01", "range"),
    # months
    ("in February", "2020-02-01", "2020-02-29", "month"),
    ("in December", "2019-12-01", "2019-12-31", "month"),  # after the publication month: last year
    ("in March", "2020-03-01", "2020-03-31", "month"),
    ("last month", "2020-02-01", "2020-02-29", "month"),
    ("three months ago", "2019-12-01", "2019-12-31", "month"),
    ("in March last year", "2019-03-01", "2019-03-31", "month"),
    ("January 2019", "2019-01-01", "2019-01-31", "month"),
    ("earlier this month", "2020-03-01", "2020-03-05", "range"),
    ("later this month", "2020-03-05", "2020-03-31", "range"),
    ("in early March", "2020-03-01", "2020-03-10", "range"),
    ("mid-March", "2020-03-11", "2020-03-20", "range"),
    ("late February", "2020-02-21", "2020-02-29", "range"),
    # since / look-backs: ranges ending on the publication date
    ("since December", "2019-12-01", "2020-03-05", "range"),
    ("Since December", "2019-12-01", "2020-03-05", "range"),
    ("since January 2019", "2019-01-01", "2020-03-05", "range"),
    ("since yesterday", "2020-03-04", "2020-03-05", "range"),
    ("in recent weeks", "2020-02-06", "2020-03-05", "range"),
    ("in recent days", "2020-02-27", "2020-03-05", "range"),
    ("recently", "2020-02-06", "2020-03-05", "range"),
    ("in the past 24 hours", "2020-03-04", "2020-03-05", "range"),
    ("over the past week", "2020-02-27", "2020-03-05", "range"),
    ("the last two weeks", "2020-02-20", "2020-03-05", "range"),
    # years
    ("in 2018", "2018-01-01", "2018-12-31", "year"),
    ("last year", "2019-01-01", "2019-12-31", "year"),
    ("late 2019", "2019-09-01", "2019-12-31", "range"),
    ("the 1990s", "1990-01-01", "1999-12-31", "range"),
    ("2019-2020", "2019-01-01", "2020-12-31", "range"),
    # calendar dates
    ("March 3", "2020-03-03", "2020-03-03", "day"),
    ("3 March 2020", "2020-03-03", "2020-03-03", "day"),
    ("March 3, 2020", "2020-03-03", "2020-03-03", "day"),
    ("2020-03-03", "2020-03-03", "2020-03-03", "day"),
    ("on 3 March", "2020-03-03", "2020-03-03", "day"),
    ("on the third of March", "2020-03-03", "2020-03-03", "day"),
    ("Tuesday, 3 March 2020", "2020-03-03", "2020-03-03", "day"),
    ("March 20", "2020-03-20", "2020-03-20", "day"),  # up to 30 days ahead stays in this year
    ("December 28", "2019-12-28", "2019-12-28", "day"),  # further ahead: last year
    # ranges of dates
    ("between 1 and 3 March", "2020-03-01", "2020-03-03", "range"),
    ("1-3 March", "2020-03-01", "2020-03-03", "range"),
    ("March 1-3, 2020", "2020-03-01", "2020-03-03", "range"),
    ("from December to February", "2019-12-01", "2020-02-29", "range"),
    ("between January and March 2019", "2019-01-01", "2019-03-31", "range"),
]

NOT_A_DATE = [
    "several years",
    "its tenth year",
    "two days",
    "for three weeks",
    "10-year-old",
    "each passing day",
    "31 February 2020",
    "the meeting",
    "",
]


@pytest.mark.parametrize("text,start,end,precision", TABLE)
def test_expression_resolves_against_publication_date(text, start, end, precision):
    span = resolve_date_expression(text, PUB)
    assert span == DateSpan(start=start, end=end, precision=precision, text=text.strip())
    assert span.precision in DATE_PRECISIONS


@pytest.mark.parametrize("text", NOT_A_DATE)
def test_durations_ages_and_non_dates_do_not_resolve(text):
    assert resolve_date_expression(text, PUB) is None


@pytest.mark.parametrize(
    "text,start,end,precision",
    [
        ("3 March 2020", "2020-03-03", "2020-03-03", "day"),
        ("2020-03-03", "2020-03-03", "2020-03-03", "day"),
        ("in 2018", "2018-01-01", "2018-12-31", "year"),
        ("January 2019", "2019-01-01", "2019-01-31", "month"),
        ("between 1 and 3 March 2020", "2020-03-01", "2020-03-03", "range"),
    ],
)
def test_absolute_expressions_resolve_without_publication_date(text, start, end, precision):
    assert resolve_date_expression(text, None) == DateSpan(start, end, precision, text)


@pytest.mark.parametrize(
    "text", ["today", "yesterday", "on Tuesday", "last week", "in February", "March 3", "since January 2019"]
)
def test_relative_expressions_need_a_publication_date(text):
    assert resolve_date_expression(text, None) is None


def test_published_may_be_a_datetime():
    span = resolve_date_expression("yesterday", dt.datetime(2020, 3, 5, 23, 59))
    assert (span.start, span.precision) == ("2020-03-04", "day")


def test_expression_must_be_text():
    with pytest.raises(TypeError, match="string"):
        resolve_date_expression(20200305, PUB)  # type: ignore[arg-type]


def test_month_after_publication_month_in_january():
    span = resolve_date_expression("since December", dt.date(2020, 1, 10))
    assert (span.start, span.end) == ("2019-12-01", "2020-01-10")


def test_vocabulary_is_packaged_data():
    v = DateVocabulary.load()
    assert v.months["february"] == 2 and v.weekdays["tuesday"] == 1
    assert v.relative_days["midnight"] == 1


# --- the stage ---------------------------------------------------------------------------------------


def _analysis(nlp, text: str, published=PUB) -> Analysis:
    doc = nlp(text)
    document = Document(id="t", text=text, published=published.isoformat() if published else None)
    return Analysis(document=document, doc=doc, lexicons=None)


def _run(nlp, text: str, published=PUB) -> Analysis:
    analysis = _analysis(nlp, text, published)
    dates_stage(analysis)
    return analysis


def test_stage_is_registered_under_its_name():
    assert get_stage("dates").fn is dates_stage


def test_stage_on_founding_example(nlp, seed_text):
    analysis = _run(nlp, seed_text)
    found = {(m.text, m.date.start, m.date.end, m.date.precision) for m in analysis.dates}
    for m in analysis.dates:
        assert seed_text[m.start : m.end] == m.text == m.date.text
    expected = {
        ("Since December", "2019-12-01", "2020-03-05", "range"),
        ("In recent weeks", "2020-02-06", "2020-03-05", "range"),
        ("in February", "2020-02-01", "2020-02-29", "month"),
        ("in January", "2020-01-01", "2020-01-31", "month"),
        ("As late as this morning", "2020-03-05", "2020-03-05", "day"),
        ("in 2018", "2018-01-01", "2018-12-31", "year"),
        ("Last week", "2020-02-24", "2020-03-01", "week"),
        ("in 2016", "2016-01-01", "2016-12-31", "year"),
        ("this evening", "2020-03-05", "2020-03-05", "day"),
        ("at midnight", "2020-03-06", "2020-03-06", "day"),
        ("today", "2020-03-05", "2020-03-05", "day"),
    }
    assert expected <= found
    texts = [m.text for m in analysis.dates]
    # "today held", "today's meeting" (without the possessive), "today collapsed", "living ... today",
    # "live in Turkey today"
    assert texts.count("today") == 5 and "today's" not in texts
    # durations are not dates
    assert not any("several years" in t or "tenth year" in t or "passing day" in t for t in texts)
    # mentions are in text order and do not overlap
    assert all(a.end <= b.start for a, b in zip(analysis.dates, analysis.dates[1:]))


def test_stage_keeps_trigger_words_that_change_the_meaning(nlp):
    text = (
        "Since December, nearly one million civilians have fled. As late as this morning, sixteen "
        "civilians were killed. In recent weeks, the conflict has flared up. The ceasefire will begin "
        "at midnight."
    )
    analysis = _run(nlp, text)
    assert [(m.text, m.date.start, m.date.end) for m in analysis.dates] == [
        ("Since December", "2019-12-01", "2020-03-05"),
        ("As late as this morning", "2020-03-05", "2020-03-05"),
        ("In recent weeks", "2020-02-06", "2020-03-05"),
        ("at midnight", "2020-03-06", "2020-03-06"),
    ]


def test_stage_ignores_words_that_only_look_like_dates(nlp):
    text = (
        "Talks may resume. Up to 10 may have died. Protesters march through the city. The 10-year-old "
        "boy was among 2018 people displaced, and the war soon enters its tenth year after several years "
        "of fighting."
    )
    assert _run(nlp, text).dates == []


def test_stage_reads_calendar_dates_and_ranges(nlp):
    text = (
        "Clashes between 1 and 3 March 2020 killed 40 people. "
        "On Tuesday, 3 March, the UN appealed for aid."
    )
    analysis = _run(nlp, text)
    assert [(m.text, m.date.start, m.date.end, m.date.precision) for m in analysis.dates] == [
        ("between 1 and 3 March 2020", "2020-03-01", "2020-03-03", "range"),
        ("On Tuesday, 3 March", "2020-03-03", "2020-03-03", "day"),
    ]


def test_stage_without_publication_date_resolves_absolute_dates_and_keeps_relative_ones_unknown(nlp):
    text = (
        "Yesterday the army said the offensive that began on 3 March 2020 had ended. "
        "In 2018 a truce was agreed."
    )
    analysis = _run(nlp, text, published=None)
    assert [(m.text, m.date.start, m.date.end, m.date.precision) for m in analysis.dates] == [
        ("Yesterday", None, None, "unknown"),
        ("on 3 March 2020", "2020-03-03", "2020-03-03", "day"),
        ("In 2018", "2018-01-01", "2018-12-31", "year"),
    ]


@pytest.mark.parametrize("words", ["yesterday", "on Tuesday", "last week", "in February"])
def test_unanchored_relative_words_are_unknown_without_a_reference_day(words):
    assert unanchored(normalise(words), None) is UNKNOWN_SPAN
    assert unanchored(normalise(words), dt.date(2020, 3, 5)) is None  # with a day to count from: the grammar's


@pytest.mark.parametrize("words", ["several years", "the army", "3 March 2020"])
def test_unanchored_is_not_said_of_words_that_need_no_reference_day_or_name_no_time(words):
    assert unanchored(normalise(words), None) is None


def test_a_date_of_unknown_precision_is_no_date_for_fusion_exports_and_the_store():
    unknown = DateSpan(None, None, "unknown", "yesterday")
    assert not unknown.known and known_date(unknown) is None and iso_day(unknown.start) is None
    day = DateSpan("2020-03-05", "2020-03-05", "day", "today")
    assert day.known and known_date(day) is day and iso_day(day.start) == "2020-03-05"


# --- date_for_token --------------------------------------------------------------------------------


def _token(analysis: Analysis, word: str, nth: int = 0):
    return [t for t in analysis.doc if t.text == word][nth]


def test_date_for_token_prefers_the_tokens_own_clause(nlp):
    text = (
        "Turkey has recently increased its military presence in northwestern Syria, where there are "
        "observation posts to monitor the ceasefire entered into in 2018 but which today collapsed."
    )
    analysis = _run(nlp, text)
    assert date_for_token(analysis, _token(analysis, "entered")).text == "in 2018"
    assert date_for_token(analysis, _token(analysis, "collapsed")).text == "today"
    assert date_for_token(analysis, _token(analysis, "increased")).text == "recently"


def test_date_for_token_for_counted_noun_and_meeting(nlp):
    text = (
        "As late as this morning, sixteen civilians were killed in Russian bombings in Idlib. "
        "Presidents Erdogan and Putin today held a crisis meeting in Moscow."
    )
    analysis = _run(nlp, text)
    assert date_for_token(analysis, _token(analysis, "civilians")).start == "2020-03-05"
    held = date_for_token(analysis, _token(analysis, "held"))
    assert (held.text, held.start, held.precision) == ("today", "2020-03-05", "day")


def test_date_does_not_leak_into_a_coordinated_clause_with_its_own_subject(nlp):
    text = (
        "Some 60 Turkish soldiers were killed in Syria in February, and Turkish President Erdogan has "
        "basically declared war on Damascus."
    )
    analysis = _run(nlp, text)
    assert date_for_token(analysis, _token(analysis, "killed")).start == "2020-02-01"
    assert date_for_token(analysis, _token(analysis, "declared")) is None


def test_date_for_token_without_dates_in_the_sentence(nlp):
    analysis = _run(nlp, "Hospitals have been bombed.")
    assert date_for_token(analysis, _token(analysis, "bombed")) is None
