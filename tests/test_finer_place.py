"""An event or figure located only at country level takes the finer place its report names
(sitrep.stages.finer): the sentence's, then the paragraph's, then the dateline's; never one abroad."""

from __future__ import annotations

import pytest

from sitrep.model import Document, Place
from sitrep.stages.finer import inside


@pytest.fixture(scope="module")
def extract():
    from sitrep.pipeline import default_pipeline

    pipe = default_pipeline()
    return lambda text: pipe(Document(id="t", text=text))


def _locations(result, trigger_word):
    return [e.location for e in result.events if trigger_word in e.trigger and e.location is not None]


def test_inside_wants_a_finer_place_of_the_same_country():
    syria = Place(text="Syria", name="Syria", geonameid=163843, country="SYR", feature="country")
    saraqib = Place(text="Saraqib", name="Saraqib", geonameid=1, country="SYR", feature="city")
    kilis = Place(text="Kilis", name="Kilis", geonameid=2, country="TUR", feature="city")
    assert inside(saraqib, syria)
    assert not inside(kilis, syria)
    assert not inside(syria, syria)


def test_sentence_place_replaces_the_country(extract):
    r = extract("A missile strike hit the railway station of the Ukrainian city of Kramatorsk, killing 63 civilians.")
    assert {p.name for p in _locations(r, "strike")} == {"Kramatorsk"}


def test_paragraph_place_replaces_the_country(extract):
    r = extract("Fighting raged around Saraqib on Tuesday. Government airstrikes in Syria killed 12 civilians.")
    # the event carrying the 12 killed (the airstrikes, or the incident they are folded into) is in Saraqib
    tolls = [e for e in r.events if any(f.kind == "killed" and f.value == 12 for f in e.figures)]
    assert tolls and {e.location.name for e in tolls if e.location is not None} == {"Saraqib"}


def test_dateline_place_replaces_the_country(extract):
    r = extract("KABUL, Afghanistan (AP) — Officials spoke on Tuesday.\n\n"
                "Taliban fighters attacked a checkpoint in Afghanistan, killing five soldiers.")
    assert {p.name for p in _locations(r, "attacked")} == {"Kabul"}


def test_a_place_in_another_country_is_not_taken(extract):
    r = extract("Refugees reached Kilis on Tuesday. Government forces killed 12 civilians in Syria.")
    assert {p.country for p in _locations(r, "killed")} == {"SYR"}


def test_is_dateline_reads_the_line_opening_place_before_a_dash():
    from sitrep.stages.finer import is_dateline

    text = "Truck bomb\nISLAMABAD — A truck bomb exploded in Kabul.\nKABUL, Afghanistan (AP) — More."
    assert is_dateline(text, 11, 20)
    kabul = text.index("Kabul")
    assert not is_dateline(text, kabul, kabul + 5)
    second = text.index("KABUL")
    assert is_dateline(text, second, second + 5)


def test_a_dateline_abroad_is_not_the_events_place(extract):
    r = extract("ISLAMABAD — A massive truck bomb exploded Wednesday morning in the diplomatic section of "
                "Afghanistan's capital, killing at least 90 people.")
    assert {p.country for p in _locations(r, "exploded")} == {"AFG"}
