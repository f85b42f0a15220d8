"""Place names inside other names and place names the writing gives away (sitrep.geo.embedded,
sitrep.geo.cues): one test per rule, then recognition as a whole."""

from __future__ import annotations

import os

import pytest

from sitrep.geo import gazetteer as gz


@pytest.fixture(scope="module")
def gaz(request):
    if not os.environ.get("SITREP_CACHE_DIR"):
        os.environ["SITREP_CACHE_DIR"] = str(request.config.cache.mkdir("sitrep-cache"))
    return gz.default_gazetteer()


def _texts(doc, gaz):
    from sitrep.geo.toponyms import find_toponyms

    return [t.text for t in find_toponyms(doc, gaz, demonyms=True)]


# --- sitrep.geo.embedded --------------------------------------------------------------------------

def test_strong_inner_place_wants_a_division_a_sizeable_city_or_a_name_read_elsewhere(gaz):
    from sitrep.geo.embedded import strong_inner_place

    assert strong_inner_place(gaz, "Ohio", set())
    assert strong_inner_place(gaz, "Winnipeg", set())
    assert strong_inner_place(gaz, "U.S.", set())
    assert not strong_inner_place(gaz, "Chapel", set())
    assert strong_inner_place(gaz, "Chapel", {"chapel"})


def test_inner_position_ok_at_the_start_or_after_of(nlp):
    from sitrep.geo.embedded import inner_position_ok

    doc = nlp("He asked the Ohio Supreme Court and the University of Manitoba, and Stevens & Wilkinson.")
    court = doc[2:6]
    assert inner_position_ok(doc[3:4], court)  # "the Ohio ..."
    uni = doc[8:11]
    assert inner_position_ok(doc[10:11], uni)  # "... of Manitoba"
    firm = doc[13:16]
    assert not inner_position_ok(doc[15:16], firm)  # "& Wilkinson"


def test_hyphen_glued_rejects_half_of_a_hyphenated_name(nlp):
    from sitrep.geo.embedded import hyphen_glued

    doc = nlp("El-Feki spoke of Syria-based groups.")
    assert doc[1].text == "-" and hyphen_glued(doc[0:1])
    syria = next(t for t in doc if t.text == "Syria")
    assert not hyphen_glued(doc[syria.i:syria.i + 1])  # "based" is lower case


def test_names_a_street(nlp):
    from sitrep.geo.embedded import names_a_street

    doc = nlp("They live on Wichita Street in Dublin.")
    assert names_a_street(doc[3:4])
    assert not names_a_street(doc[6:7])


def test_places_inside_organisation_names_are_read(gaz, nlp):
    doc = nlp("A convicted killer has asked the Ohio Supreme Court to delay his execution, "
              "a professor at the University of Manitoba said.")
    found = _texts(doc, gaz)
    assert "Ohio" in found and "Manitoba" in found
    assert "Ohio Supreme Court" not in found


def test_common_words_opening_a_name_are_not_places(gaz, nlp):
    doc = nlp("The Holy Redeemer Church stands on Royal Street.")
    assert "Holy" not in _texts(doc, gaz)


# --- sitrep.geo.cues ------------------------------------------------------------------------------

def test_dateline_span_reads_a_capitalised_dateline(gaz, nlp):
    from sitrep.geo.cues import dateline_span

    doc = nlp("TORRINGTON — The City Council approved the budget on Monday.")
    assert dateline_span(doc, 0, gaz).text == "TORRINGTON"
    doc = nlp("KABUL, Afghanistan (AP) — Officials spoke on Tuesday.")
    assert dateline_span(doc, 0, gaz).text == "KABUL"
    doc = nlp("NOTICE — The City Council approved the budget on Monday.")
    assert dateline_span(doc, 0, gaz) is None


def test_residence_span_after_a_person_or_an_address(gaz, nlp):
    from sitrep.geo.cues import residence_span

    doc = nlp("Police arrested Sheila D. Williams, 41, of Alexandria on Monday.")
    i = next(t.i for t in doc if t.text == "Alexandria")
    assert residence_span(doc, i, gaz).text == "Alexandria"
    doc = nlp("He lives at 420 Augusta St., Alexandria.")
    i = next(t.i for t in doc if t.text == "Alexandria")
    assert residence_span(doc, i, gaz).text == "Alexandria"
    doc = nlp("The Bank of Alexandria opened.")
    i = next(t.i for t in doc if t.text == "Alexandria")
    assert residence_span(doc, i, gaz) is None


def test_party_district_span_reads_a_legislators_home(gaz, nlp):
    from sitrep.geo.cues import party_district_span

    doc = nlp("Rep. Torrey Westrom, R-Elbow Lake, said the talk was wrong.")
    i = next(t.i for t in doc if t.text == "Elbow")
    assert party_district_span(doc, i, gaz).text == "Elbow Lake"


def test_repeated_name_span_needs_a_tagged_place_and_no_person_of_that_name(nlp):
    from sitrep.geo.cues import person_names, repeated_name_span

    doc = nlp("A fire broke out in Alexandria. Alexandria detectives said Mr. Alexandria was away.")
    i = [t.i for t in doc if t.text == "Alexandria"]
    assert repeated_name_span(doc, i[1], {"alexandria"}, set()) is not None
    assert repeated_name_span(doc, i[2], {"alexandria"}, set()) is None  # after a title
    assert repeated_name_span(doc, i[1], set(), set()) is None
    doc = nlp("Hillary Clinton spoke. Clinton said more.")
    assert "clinton" in person_names(doc)


def test_level_of_span_reads_the_name_after_city_of(gaz, nlp):
    from sitrep.geo.cues import level_of_span

    doc = nlp("Aid workers traveled to the besieged city of Mariupol on Monday.")
    i = next(t.i for t in doc if t.text == "Mariupol")
    assert level_of_span(doc, i, gaz).text == "Mariupol"
    doc = nlp("He spoke of Mariupol on Monday.")
    i = next(t.i for t in doc if t.text == "Mariupol")
    assert level_of_span(doc, i, gaz) is None


def test_a_country_level_event_takes_the_town_its_sentence_names(nlp):
    from sitrep.model import Document
    from sitrep.pipeline import default_pipeline

    text = ("On 8 April 2022, a Russian missile strike hit the railway station of the Ukrainian city of "
            "Kramatorsk, killing 63 civilians.")
    result = default_pipeline()(Document(id="k", text=text))
    located = [e.location for e in result.events if e.location is not None]
    assert located and all(p.name == "Kramatorsk" for p in located)


def test_demonym_words_split_a_nationality_phrase(gaz, nlp):
    from sitrep.geo.embedded import demonym_words

    doc = nlp("The Turkish-Russian relations improved.")
    phrase = doc[1:4]
    assert phrase.text == "Turkish-Russian"
    assert [w.text for w in demonym_words(phrase, gaz)] == ["Turkish", "Russian"]
    assert demonym_words(doc[1:2], gaz) == []  # a demonym as a whole is read as one


def test_division_at_end_takes_a_country_closing_a_name(gaz, nlp):
    from sitrep.geo.embedded import division_at_end

    doc = nlp("Environment Canada warns of snow, said CBC Toronto.")
    assert division_at_end(gaz, doc[1:2], doc[0:2])
    assert not division_at_end(gaz, doc[0:1], doc[0:2])  # not at the end
    toronto = next(t.i for t in doc if t.text == "Toronto")
    assert not division_at_end(gaz, doc[toronto:toronto + 1], doc[toronto - 1:toronto + 1])  # a city
