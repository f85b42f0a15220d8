"""The document-focus and list rules of the geoparser (sitrep.geo.focus, sitrep.geo.lists, and the
resolver and cue rules that use them), one test each."""

from __future__ import annotations

import os

import pytest

from sitrep.geo import gazetteer as gz
from sitrep.geo.focus import Focus, focus_bonus, focus_without, mention_votes
from sitrep.geo.gazetteer import Candidate, Entry
from sitrep.geo.toponyms import Toponym


@pytest.fixture(scope="module")
def gaz(request):
    if not os.environ.get("SITREP_CACHE_DIR"):
        os.environ["SITREP_CACHE_DIR"] = str(request.config.cache.mkdir("sitrep-cache"))
    return gz.default_gazetteer()


OHIO, TEXAS = 5165418, 4736286


def _entry(gid, name, feature="city", country="USA", admin1_id=None, pop=1000):
    return Entry(gid, name, feature, country, None, None, admin1_id, None, pop, 0.0, 0.0)


def test_mention_votes_count_each_mention_matched_by_a_name_of_its_place():
    columbus = _entry(1, "Columbus", admin1_id=OHIO)
    ohio = _entry(OHIO, "Ohio", feature="admin1")
    toay = _entry(3, "Toay", country="ARG")
    votes = mention_votes([columbus, columbus, ohio, toay, None],
                          ["name", "name", "abbr", "part", None],
                          ["name:columbus", "name:columbus", "name:ohio", "name:united way", "name:x"],
                          ["name"] * 5)
    # a repeated name votes once per mention; a part of a longer name ("United Way") does not vote
    assert votes == [("name:columbus", "USA", OHIO), ("name:columbus", "USA", OHIO), ("name:ohio", "USA", OHIO)]


def test_focus_is_the_majority_country_and_region_of_the_other_mentions():
    votes = [("a", "USA", OHIO), ("a", "USA", OHIO), ("b", "USA", TEXAS), ("c", "USA", OHIO), ("d", "IRL", 7)]
    assert focus_without(votes, "z") == Focus("USA", OHIO)
    # the name being resolved does not vote for its own focus
    assert focus_without(votes, "a") == Focus("USA", None)  # Ohio 1 of 2 votes in the USA: no region
    assert focus_without([("a", "USA", OHIO), ("b", "IRL", 7)], "z") == Focus()  # no majority
    assert focus_without([("a", "USA", OHIO)], "a") == Focus()  # no other mention


def test_focus_bonus_rewards_the_focus_country_and_more_its_region():
    focus = Focus("USA", OHIO)
    dublin_ohio = _entry(1, "Dublin", admin1_id=OHIO)
    dublin_texas = _entry(2, "Dublin", admin1_id=TEXAS)
    dublin_ireland = _entry(3, "Dublin", country="IRL", pop=1_000_000)
    assert focus_bonus(dublin_ohio, focus, 1.0, 2.0) == 3.0
    assert focus_bonus(dublin_texas, focus, 1.0, 2.0) == 1.0
    assert focus_bonus(dublin_ireland, focus, 1.0, 2.0) == 0.0
    assert focus_bonus(dublin_ohio, Focus(), 1.0, 2.0) == 0.0


def test_regions_named_apart_from_city_mark_the_bare_name_as_the_region():
    from sitrep.geo.resolver import regions_named_apart_from_city

    city = _entry(1, "New York City", admin1_id=2)
    state = _entry(2, "New York", feature="admin1")
    tops = [Toponym(0, 13, "New York City"), Toponym(20, 28, "New York"), Toponym(40, 48, "Montreal")]
    cands = [[Candidate(city, "name")], [Candidate(city, "alt"), Candidate(state, "name")],
             [Candidate(_entry(3, "Montreal", country="CAN"), "name")]]
    groups = ["name:new york", "name:new york", "name:montreal"]
    assert list(regions_named_apart_from_city(tops, cands, groups)) == [(1, 1)]
    # without "New York City" in the text the bare name gets nothing
    assert list(regions_named_apart_from_city(tops[1:], cands[1:], groups[1:])) == []


def test_new_york_beside_new_york_city_resolves_to_the_state(gaz):
    from sitrep.geo.resolver import resolve_toponyms

    tops = [Toponym(0, 13, "New York City"), Toponym(30, 38, "New York")]
    city, state = (r.entry for r in resolve_toponyms(tops, gaz))
    assert (city.name, city.feature) == ("New York City", "city")
    assert (state.name, state.feature) == ("New York", "admin1")


def test_list_level_reads_the_plural_level_word_closing_a_list(nlp):
    from sitrep.geo.lists import list_level

    doc = nlp("Roads closed in Becker, Clay, Otter Tail and Wilkin counties on Monday.")
    words = [t.text for t in doc]
    assert list_level(doc, words.index("Becker") + 1) == "admin2"
    assert list_level(doc, words.index("Tail") + 1) == "admin2"
    assert list_level(doc, words.index("Wilkin") + 1) == "admin2"
    doc = nlp("Rebels shelled Idlib and Hama provinces.")
    assert list_level(doc, [t.text for t in doc].index("Idlib") + 1) == "admin1"
    doc = nlp("Becker, who lives in Clay, said the counties agreed.")
    assert list_level(doc, 1) is None  # "who" breaks the list


def test_listed_place_span_finds_the_names_the_tagger_left_out(gaz, nlp):
    from sitrep.geo.lists import listed_place_span

    doc = nlp("Flooding closed roads in Becker, Clay, Douglas, Grant, Mahnomen, Otter Tail, Swift and Wilkin "
              "counties on Monday.")
    spans = [listed_place_span(doc, t.i, gaz) for t in doc]
    assert [s.text for s in spans if s is not None] == ["Becker", "Clay", "Douglas", "Grant", "Mahnomen",
                                                         "Otter Tail", "Swift", "Wilkin"]
    doc = nlp("Smith and Wesson made guns.")  # no level word closes the list
    assert all(listed_place_span(doc, t.i, gaz) is None for t in doc)


def test_list_items_are_read_at_the_list_level(nlp):
    from sitrep.geo.toponyms import find_toponyms

    doc = nlp("The rate for Northeast Georgia, which includes Barrow and Jackson counties, rose.")
    hints = {t.text: t.hint for t in find_toponyms(doc)}
    assert hints["Barrow"] == "admin2" and hints["Jackson"] == "admin2"


def test_repeated_name_opening_body_reads_the_place_in_a_local_body(nlp):
    from sitrep.geo.cues import person_names, repeated_name_opening_body

    doc = nlp("Police in Grovetown said Friday that two men were arrested. Grovetown police then questioned "
              "the driver.")
    i = [t.i for t in doc if t.text == "Grovetown"][1]
    span = repeated_name_opening_body(doc, i, {"grovetown"}, person_names(doc))
    assert span is not None and span.text == "Grovetown"
    doc = nlp("They called Alexandria Police Spokeswoman Ashley Hildebrandt.")
    i = [t.i for t in doc if t.text == "Alexandria"][0]
    assert repeated_name_opening_body(doc, i, {"alexandria"}, person_names(doc)).text == "Alexandria"
    # not a name the text never reads as a place, nor a street, nor after a title
    assert repeated_name_opening_body(doc, i, {"memphis"}, set()) is None
    doc = nlp("He drove down Alexandria Road. Mr. Alexandria said nothing.")
    assert all(repeated_name_opening_body(doc, t.i, {"alexandria"}, set()) is None for t in doc)


def test_geoparser_finds_a_known_place_before_a_noun(nlp):
    from sitrep.geo.toponyms import find_toponyms

    doc = nlp("He lives in Chiefland, Florida. A Chiefland bar brawl broke out.")
    assert [t.text for t in find_toponyms(doc)].count("Chiefland") == 2
