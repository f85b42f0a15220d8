"""Actors of statements: a titled surname is the dictionary's person of that name on the report's date
(sitrep.stages.actors.known_by_surname), a byline names the signer (sitrep.stages.byline), staff of a
nationality are an actor ("Turkish personnel"), and an embassy's demonym is not the report's country
(sitrep.geo.geoparse.names_a_mission)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Document


@pytest.fixture(scope="module")
def pipe():
    from sitrep.pipeline import default_pipeline

    return default_pipeline()


def _actors(pipe, text, published):
    a = pipe.analyse(Document(id="t", text=text, published=published))
    return {a.document.text[m.start:m.end]: m.actor for m in a.actors}


def test_by_surname_wants_one_code_on_the_date():
    from sitrep.dictionaries.actors import ActorDictionary

    d = ActorDictionary.load_default()
    assert d.by_surname("Biden", dt.date(2022, 4, 8)).code_on(dt.date(2022, 4, 8)) == "USAGOV"
    assert d.by_surname("Zelenskyy", dt.date(2022, 5, 1)).code_on(dt.date(2022, 5, 1)) == "UKRGOV"
    assert d.by_surname("Smith", dt.date(2020, 1, 1)) is None  # many people, many countries


def test_a_titled_surname_takes_the_person_s_country(pipe):
    found = _actors(pipe, "President Zelenskyy announces plans to evacuate civilians.", "2022-05-06")
    assert found["President Zelenskyy"].country == "UKR"
    found = _actors(pipe, "Secretary Pompeo met the minister on Tuesday.", "2020-02-11")
    assert found["Secretary Pompeo"].code == "USAGOV"


def test_staff_of_a_nationality_are_an_actor(pipe):
    found = _actors(pipe, "The attack killed multiple Turkish personnel at an observation post.", "2020-02-04")
    assert found["Turkish personnel"].country == "TUR"


def test_byline_author_reads_a_verbless_signature_line(pipe):
    from sitrep.stages.byline import byline_author

    a = pipe.analyse(Document(id="t", text="Attack in Kabul\n\nPress Statement, Michael R. Pompeo, Secretary of "
                              "State\n\nWe condemn the attack.", published="2020-02-04"))
    assert byline_author(a).country == "USA"
    b = pipe.analyse(Document(id="t", text="Secretary Pompeo said the attack was a crime.\n\nMore follows.",
                              published="2020-02-04"))
    assert byline_author(b) is None  # a sentence, not a byline


def test_first_person_and_unclaimed_speech_acts_are_the_signer_s(pipe):
    text = ("President Biden (@POTUS), April 8, 2022\n\nWe will support efforts to investigate this attack "
            "while documenting Ukraine's losses.")
    r = pipe(Document(id="t", text=text, published="2022-04-08"))
    supports = [e for e in r.events if (e.type.cameo or "").startswith("03")]
    assert supports and all(e.actor1 is not None and e.actor1.country == "USA" for e in supports)


def test_an_embassy_s_demonym_is_not_the_report_s_country(pipe, nlp):
    from sitrep.geo.geoparse import names_a_mission
    from sitrep.geo.toponyms import Toponym

    doc = nlp("A car bomb exploded near the French embassy, killing 12 people.")
    french = next(t for t in doc if t.text == "French")
    assert names_a_mission(doc, Toponym(french.idx, french.idx + 6, "French", kind="demonym"))
    r = pipe(Document(id="t", text=doc.text, published="2022-04-08"))
    assert not any(e.location is not None and e.location.country == "FRA" for e in r.events)
    doc = nlp("French troops left the town.")
    assert not names_a_mission(doc, Toponym(0, 6, "French", kind="demonym"))


def test_a_defined_acronym_is_its_actor_before_and_after_the_definition(pipe):
    text = ("SARG airstrikes hit AOG-held areas.\n\nThe Syrian Arab Republic Government (SARG) and the "
            "Government of the Russian Federation (GoRF) bombed towns. GoRF aircraft returned.")
    found = pipe.analyse(Document(id="t", text=text, published="2018-12-07")).actors
    codes = {(m.text, m.start) for m in found if m.actor.code in ("SYRGOV", "RUSGOV")}
    assert ("SARG", 0) in codes  # used in the headline, defined later
    assert any(t == "GoRF" and s > text.index("(GoRF)") + 6 for t, s in codes)
    assert not any(m.text == "AOG" for m in found)  # never defined here: no actor


def test_defined_acronyms_drops_an_acronym_defined_twice():
    from sitrep.mentions import ActorMention
    from sitrep.model import Actor
    from sitrep.stages.acronyms import defined_acronyms

    text = "Free Army (FA) and Front Alliance (FA) met."
    a = ActorMention(0, 9, "Free Army", Actor(text="Free Army", code="REB"))
    front = text.index("Front")
    b = ActorMention(front, front + 14, "Front Alliance", Actor(text="Front Alliance", code="SYRGOV"))
    assert defined_acronyms(text, [a, b]) == {}
    assert set(defined_acronyms(text, [a])) == {"FA"}
