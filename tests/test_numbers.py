"""Specification of sitrep.extract.numbers: how Sitrep reads counts as reports write them."""

from __future__ import annotations

import pytest

from sitrep.grammar.numbers import Quantity, match_quantity, parse_quantity

# text -> (value, low, high, approximate, qualifier)
TABLE = [
    # digits
    ("60", (60, None, None, False, None)),
    ("1,200", (1200, None, None, False, None)),
    ("2,000.", (2000, None, None, False, None)),
    ("3.6 million", (3_600_000, None, None, False, None)),
    ("1.2m", (1_200_000, None, None, False, None)),
    ("1.5bn", (1_500_000_000, None, None, False, None)),
    ("10k", (10_000, None, None, False, None)),
    # number words
    ("sixteen", (16, None, None, False, None)),
    ("Twenty-five", (25, None, None, False, None)),
    ("one hundred and twenty", (120, None, None, False, None)),
    ("three million", (3_000_000, None, None, False, None)),
    ("one million two hundred thousand", (1_200_000, None, None, False, None)),
    ("half a million", (500_000, None, None, False, None)),
    ("a dozen", (12, None, None, False, None)),
    ("two dozen", (24, None, None, False, None)),
    ("a hundred", (100, None, None, False, None)),
    ("a child", (1, None, None, False, None)),
    ("a man", (1, None, None, False, None)),
    # vague plurals: no single value, a floor of twice the unit
    ("dozens", (None, 24, None, True, "dozens")),
    ("scores", (None, 40, None, True, "scores")),
    ("hundreds", (None, 200, None, True, "hundreds")),
    ("thousands", (None, 2000, None, True, "thousands")),
    ("tens of thousands", (None, 20_000, None, True, "tens of thousands")),
    ("hundreds of thousands", (None, 200_000, None, True, "hundreds of thousands")),
    ("several", (None, 3, None, True, "several")),
    ("several hundred", (None, 300, None, True, "several hundred")),
    ("a few dozen", (None, 24, None, True, "a few dozen")),
    # approximators: ceilings
    ("Nearly one million", (1_000_000, None, 1_000_000, True, "nearly")),
    ("almost 50", (50, None, 50, True, "almost")),
    ("close to 2,000", (2000, None, 2000, True, "close to")),
    ("up to 200", (200, None, 200, True, "up to")),
    # estimates
    ("Some 60", (60, None, None, True, "some")),
    ("about 200", (200, None, None, True, "about")),
    ("around 5", (5, None, None, True, "around")),
    ("roughly 10", (10, None, None, True, "roughly")),
    ("an estimated 40,000", (40_000, None, None, True, "an estimated")),
    ("ca. 300", (300, None, None, True, "ca.")),
    # floors: "at least" is a counted minimum (UCDP/ACLED low estimate), "more than"/"over" round floors
    ("at least 16", (16, 16, None, False, "at least")),
    ("more than 100", (100, 100, None, True, "more than")),
    ("over 300", (300, 300, None, True, "over")),
    ("more than a dozen", (12, 12, None, True, "more than")),
    # ranges: no single value
    ("between 10 and 20", (None, 10, 20, True, "between")),
    ("10 to 20", (None, 10, 20, True, None)),
    ("10-20", (None, 10, 20, True, None)),
    ("10\u201320 million", (None, 10_000_000, 20_000_000, True, None)),
    ("two or three", (None, 2, 3, True, None)),
]


@pytest.mark.parametrize("text,expected", TABLE, ids=[t for t, _ in TABLE])
def test_reads_quantity(text, expected):
    value, low, high, approximate, qualifier = expected
    assert parse_quantity(text) == Quantity(value, low, high, approximate, qualifier)


@pytest.mark.parametrize(
    "text",
    ["5%", "5 per cent", "Five percent", "$3 million", "US$ 5", "3 million dollars", "5th", "10 km",
     "10-year-old", "12 years old", "5-day truce", "in 2018", "the", "", "between 10", "some", "1,2"],
)
def test_not_a_count(text):
    assert parse_quantity(text) is None


def test_words_after_the_quantity_are_ignored():
    m = match_quantity("3.6 million Syrian refugees live in Turkey")
    assert m is not None and m.quantity.value == 3_600_000
    assert "3.6 million Syrian refugees"[: m.end] == "3.6 million"


def test_match_flags_vague_and_article():
    assert match_quantity("dozens of people").vague
    assert match_quantity("a child").article
    assert not match_quantity("a dozen").article


def test_range_must_rise():
    # "20 to 10" is not a range: only the first number is read
    assert parse_quantity("20 to 10") == Quantity(20)


def test_upper_bound_keeps_value_as_written():
    q = parse_quantity("fewer than 10")
    assert (q.value, q.high, q.low, q.approximate) == (10, 10, None, True)
