"""Issue 10: one incident, one event — the rules that fold or drop the extra events of one incident
(stages/incidents.py, tallies.py, stances.py, demands.py) and the figures they leave (stages/figures.py)."""

from __future__ import annotations

import sitrep
from sitrep.model import FIGURE_KINDS, DateSpan, Event, EventType, Evidence, Place
from sitrep.stages.incidents import continues, undated_at_same_town


def code(text: str, published: str = "2020-02-28"):
    return sitrep.extract(text, published=published)


def violent_events(r) -> list:
    return [e for e in r.events if (e.type.cameo or "")[:2] in ("18", "19", "20")]


# --- tallies: what caused a running total is no incident ------------------------------------------------

def test_the_cause_of_a_tally_is_no_incident():
    r = code("Hostilities displace approximately 586,000 people in northwest Syria since December.", "2020-02-07")
    assert next(f for f in r.figures if f.value == 586000).cumulative
    assert not r.events
    r = code("Military operations continued to kill civilians and resulted in additional displacement throughout "
             "July, and up to 184,000 people remained displaced in southwestern Syria as of August 1.", "2018-08-20")
    assert not r.events


def test_an_incident_on_a_day_beside_a_tally_is_kept():
    r = code("Fighting has killed 500 people in Idlib since March, and on Monday an airstrike killed 12 civilians in "
             "Ariha.", "2020-05-20")
    assert [e.trigger for e in r.events] == ["airstrike"]
    assert [f.value for f in r.events[0].figures] == [12]


# --- incidents told over several sentences ----------------------------------------------------------------

def _attack(date=None, place=None, text="", actor1=None) -> Event:
    return Event(id="e", type=EventType(cameo="190", plover="ASSAULT"), trigger="attack", location=place, date=date,
                 evidence=Evidence(text=text, start=0, end=1), actor1=actor1)


def test_a_next_sentence_without_a_date_of_its_own_continues_the_dated_incident():
    day = DateSpan("2020-02-27", "2020-02-27", "day", "On 27 February 2020")
    a = _attack(day, text="On 27 February 2020, airstrikes hit a Turkish Army convoy.")
    carried = _attack(day, text="Between 36 and 60 soldiers were also wounded.")
    assert continues(a, carried)
    assert not continues(a, _attack(DateSpan("2020-02-28", "2020-02-28", "day", "On 28 February"),
                                    text="On 28 February another strike hit Saraqib."))
    r = code("On 27 February 2020, the Russian Air Force conducted airstrikes against a Turkish Army convoy in Balyun, "
             "Idlib Governorate. Between 36 and 60 soldiers were also wounded.", "2020-03-01")
    assert len(violent_events(r)) == 1


def test_an_undated_detail_at_the_same_town_is_the_same_incident():
    kramatorsk = Place(text="Kramatorsk", name="Kramatorsk", geonameid=704508, country="UKR", precision="town")
    sloviansk = Place(text="Sloviansk", name="Sloviansk", geonameid=700051, country="UKR", precision="town")
    day = DateSpan("2022-04-08", "2022-04-08", "day", "On 8 April 2022")
    a = _attack(day, kramatorsk, "On 8 April 2022, a missile strike hit Kramatorsk.")
    assert undated_at_same_town(a, _attack(None, kramatorsk, "Two missiles hit near the station in Kramatorsk."))
    assert not undated_at_same_town(a, _attack(None, sloviansk, "Two missiles hit Sloviansk."))
    ukraine = Place(text="Ukraine", name="Ukraine", geonameid=690791, country="UKR", precision="country")
    assert not undated_at_same_town(_attack(day, ukraine), _attack(None, ukraine))


def test_a_response_by_the_target_in_the_next_sentence_stays_apart():
    r = code("On 27 February 2020, Russian airstrikes hit a Turkish Army convoy in Balyun, Idlib Governorate. "
             "Between 36 and 60 soldiers were also wounded. The strikes led to the Turkish Armed Forces launching "
             "Operation Spring Shield in Idlib province.", "2020-03-01")
    assert any(e.actor1 is not None and e.actor1.country == "TUR" for e in violent_events(r))


def test_what_an_act_did_in_a_participle_clause_is_part_of_the_act():
    r = code("On April 4, unknown actors temporarily detained ICRC staff traveling to the besieged city of Mariupol, "
             "preventing the aid workers from facilitating the evacuation of civilians.", "2022-04-08")
    assert len(r.events) == 1 and r.events[0].type.cameo.startswith("17")


# --- statements, stances and senses -----------------------------------------------------------------------

def test_support_coordinated_with_a_stance_is_the_stance():
    r = code("Press Statement, Michael R. Pompeo, Secretary of State\n\nWe stand by our NATO Ally Turkey in the "
             "aftermath of the attack, and fully support Turkey's justified self-defense actions in response.")
    assert not [e for e in r.events if e.type.plover == "SUPPORT"]
    r = code("The United States fully supports Turkey's justified self-defense actions.")
    assert [e for e in r.events if e.type.plover == "SUPPORT"]


def test_a_participle_ranking_the_act_told_codes_no_second_event():
    r = code("From November 24 to 25, Syrian government airstrikes targeted opposition-held areas west of Aleppo "
             "city, marking the first aerial bombardment in northwestern Syria since mid-September.", "2018-12-07")
    assert not [e for e in r.events if e.trigger and "bombardment" in e.trigger]
    assert violent_events(r)


def test_seeking_to_prevent_brutality_is_no_intent_to_cooperate():
    r = code("The United States is acting as we seek to prevent further Assad regime brutality in Idlib.")
    assert not [e for e in r.events if (e.type.cameo or "").startswith("03")]


def test_backed_by_describes_a_standing_relation():
    r = code("Syrian leader Bashar al-Assad, backed by Russian air power, vowed to retake the province.", "2020-03-05")
    assert not [e for e in r.events if e.type.plover == "SUPPORT"]


def test_engaging_with_allies_is_consultation_engaging_with_rebels_is_force():
    r = code("The United States is engaging with our Turkish Allies.")
    assert [e.type.cameo for e in r.events] == ["040"]
    r = code("Government troops engaged with rebels near Aleppo on Monday.", "2020-02-25")
    assert [e.type.plover for e in r.events] == ["ASSAULT"]


def test_the_subject_of_an_obligation_is_demanded_to_end_not_told_as_done():
    r = code("My condolences to the families. The ongoing assaults by the Assad regime and Russia must stop.",
             "2020-02-11")
    assert not violent_events(r)


def test_a_bylines_speaker_makes_the_demand():
    r = code("Press Statement, Michael R. Pompeo, Secretary of State\n\nThe ongoing assaults by the Assad regime "
             "and Russia must stop.", "2020-02-11")
    demands = [e for e in r.events if e.type.plover == "REQUEST"]
    assert demands and demands[0].actor1.country == "USA" and demands[0].actor2.country == "SYR"


# --- figures ---------------------------------------------------------------------------------------------

def test_casualties_are_a_kind_of_their_own():
    assert "casualties" in FIGURE_KINDS
    r = code("Conflict causes more than 7,000 child casualties in Syria from November 2013 to June 2018.", "2018-12-07")
    f = next(f for f in r.figures if f.value == 7000)
    assert f.kind == "casualties" and f.cumulative and f.date.start == "2013-11-01"


def test_an_object_complement_gives_the_kind():
    r = code("The blast left five people dead and 20 wounded.", "2020-02-28")
    assert sorted((f.kind, f.value) for f in r.figures) == [("injured", 20), ("killed", 5)]
    r = code("The offensive killed 1,600 civilians, leaving 980,000 civilians displaced.", "2020-03-10")
    assert ("displaced", 980000) in [(f.kind, f.value) for f in r.figures]


def test_a_nationality_before_the_counted_noun_is_the_counted_actor_and_the_target():
    r = code("The attack resulted in the death of multiple Turkish personnel serving at an observation post.",
             "2020-02-04")
    f = r.figures[0]
    assert f.kind == "killed" and f.value is None and f.low == 2 and f.actor.country == "TUR"
    attack = violent_events(r)[0]
    assert attack.actor2 is not None and attack.actor2.country == "TUR"
