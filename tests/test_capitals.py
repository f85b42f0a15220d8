"""A country's capital named as such ("Afghanistan's capital", "the capital of Syria") places an event
in the capital city, not the whole country."""

from __future__ import annotations

import pytest

import sitrep
from sitrep.stages.capitals import capital_city, names_its_capital


def test_the_capital_city_of_a_country_comes_from_the_gazetteer():
    kabul, damascus = capital_city("AFG"), capital_city("SYR")
    assert (kabul.name, kabul.country, kabul.precision) == ("Kabul", "AFG", "town")
    assert (damascus.name, damascus.country) == ("Damascus", "SYR")
    assert capital_city("XXX") is None


@pytest.mark.parametrize("text, named", [
    ("in the diplomatic section of Afghanistan's capital, killing", True),
    ("in the diplomatic section of Afghanistan\u2019s capital, killing", True),
    ("near the capital of Afghanistan on Monday", True),
    ("in northern Afghanistan on Monday", False),
    ("Afghanistan's capital markets", True),  # the words alone; the event's sentence decides
])
def test_phrases_that_name_a_countrys_capital(text, named):
    start = text.index("Afghanistan")
    assert names_its_capital(text, start, start + len("Afghanistan")) is named


def _violent(text: str):
    events = sitrep.extract(text, published="2017-05-31").events
    return [e for e in events if (e.type.cameo or "")[:2] in ("18", "19", "20")]


def test_an_attack_in_a_countrys_capital_is_placed_in_the_capital_city():
    found = _violent("A massive truck bomb exploded in the diplomatic section of Afghanistan's capital, "
                     "killing at least 90 people.")
    assert found and all(e.location is not None and e.location.name == "Kabul" for e in found)
    assert all(e.location.text == "Afghanistan" for e in found)  # the words the text used


def test_an_attack_in_the_country_stays_at_country_level():
    found = _violent("A massive truck bomb exploded in Afghanistan, killing at least 90 people.")
    assert found and all(e.location is not None and e.location.name == "Afghanistan" for e in found)
