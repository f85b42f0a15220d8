"""Where an act happened is not the country of who did it (sitrep.stages.lookup.names_the_doer,
demonym_of_target; sitrep.stages.link.sentence_sibling_place), and a name before a level word is a place
(sitrep.geo.toponyms.names_a_level)."""

from __future__ import annotations

import pytest

from sitrep.model import Document, Event, EventType, Evidence, Place


@pytest.fixture(scope="module")
def extract():
    from sitrep.pipeline import default_pipeline

    pipe = default_pipeline()
    return lambda text: pipe(Document(id="t", text=text, published="2022-04-08"))


def _locations(result, trigger_word):
    return [e.location for e in result.events if trigger_word in (e.trigger or "") and e.location is not None]


def test_the_country_in_a_government_s_name_is_not_where_its_airstrikes_fell(extract):
    r = extract("From November 24 to 25, Syrian Arab Republic Government (SARG) and Government of the Russian "
                "Federation (GoRF) airstrikes targeted armed opposition group (AOG)-held areas west and south "
                "of Aleppo city.")
    assert {p.name for p in _locations(r, "airstrikes")} == {"Aleppo"}


def test_the_agent_of_a_passive_is_not_the_place_and_a_demonym_of_the_target_is(extract):
    r = extract("The attack on a Ukrainian train station is yet another horrific atrocity committed by Russia.")
    assert {p.country for p in _locations(r, "attack")} == {"UKR"}


def test_names_the_doer_reads_subject_agent_and_actor_names(nlp):
    from sitrep.analysis import Analysis
    from sitrep.mentions import ActorMention, PlaceMention
    from sitrep.model import Actor
    from sitrep.stages.lookup import names_the_doer

    text = "Russia shelled towns. Forces of Russia left. Kharkiv came under fire."
    doc = nlp(text)
    russia = Place(text="Russia", name="Russia", geonameid=2017370, country="RUS", feature="country")
    kharkiv = Place(text="Kharkiv", name="Kharkiv", geonameid=706483, country="UKR", feature="city")
    a = Analysis(document=Document(id="t", text=text), doc=doc, lexicons=None)
    a.actors = [ActorMention(22, 38, "Forces of Russia", Actor(text="Forces of Russia", country="RUS"))]
    first = PlaceMention(0, 6, "Russia", russia)
    assert names_the_doer(a, first, doc[0])  # subject
    second = PlaceMention(32, 38, "Russia", russia)
    assert names_the_doer(a, second, doc[6])  # inside a longer actor's name
    town = PlaceMention(45, 52, "Kharkiv", kharkiv)
    assert not names_the_doer(a, town, doc[9])  # a town as subject is still a place


def test_a_demonym_of_people_gives_no_place():
    from sitrep.pipeline import default_pipeline
    from sitrep.stages.lookup import demonym_of_target

    pipe = default_pipeline()
    people = pipe.analyse(Document(id="t", text="The attack on Ukrainian soldiers was condemned."))
    assert demonym_of_target(people, people.doc[1]) is None  # the soldiers may be anywhere
    thing = pipe.analyse(Document(id="t", text="The attack on a Ukrainian train station was condemned."))
    assert demonym_of_target(thing, thing.doc[1]).country == "UKR"


def test_sentence_sibling_place_takes_the_one_place_stated_in_the_sentence():
    from sitrep.stages.link import sentence_sibling_place

    kramatorsk = Place(text="Kramatorsk", name="Kramatorsk", geonameid=704508, country="UKR", feature="city")
    moscow = Place(text="Moscow", name="Moscow", geonameid=524901, country="RUS", feature="city")
    e = Event(id="e", type=EventType(cameo="190"), evidence=Evidence(text="s", start=10, end=50))
    assert sentence_sibling_place(e, [(10, kramatorsk), (99, moscow)]) is kramatorsk
    assert sentence_sibling_place(e, [(10, kramatorsk), (10, moscow)]) is None  # two scenes: no guess
    assert sentence_sibling_place(e, [(99, moscow)]) is None


def test_names_a_level_reads_a_name_before_city_or_province(nlp):
    from sitrep.geo.toponyms import names_a_level

    doc = nlp("Airstrikes hit areas near Aleppo city on Monday.")
    aleppo = next(t for t in doc if t.text == "Aleppo")
    assert names_a_level(doc[aleppo.i:aleppo.i + 1])
    doc = nlp("Aleppo is a word.")
    assert not names_a_level(doc[0:1])


def test_copula_agent_reads_the_doer_named_through_what_the_act_is_called(extract):
    r = extract("The shelling of the market was a crime committed by the Syrian army, the mayor said.")
    shelling = [e for e in r.events if "shelling" in (e.trigger or "")]
    assert shelling and all(e.actor1 is not None and e.actor1.country == "SYR" for e in shelling)
