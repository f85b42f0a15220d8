"""Issue 10, item 3: stances, intentions and descriptions are no acts; an obligation a speaker states is a
demand; a tally's breakdown with its own period is a tally (stages/stances.py, demands.py, tallies.py)."""

from __future__ import annotations

import sitrep
from sitrep.stages.stances import stances


def code(text: str, published: str = "2020-02-28"):
    return sitrep.extract(text, published=published)


def plovers(r) -> list[str]:
    return [e.type.plover for e in r.events]


# --- stances ----------------------------------------------------------------------------------------

def test_standing_by_an_ally_is_a_stance_not_support():
    r = code("Press Statement, Michael R. Pompeo, Secretary of State\n\nWe stand by our NATO Ally Turkey in the "
             "aftermath of the attack on Turkish forces in Idlib.")
    assert not [e for e in r.events if e.trigger and "stand" in e.trigger]
    assert "ASSAULT" in plovers(r)  # the attack the stance is about is still told


def test_the_stance_rule_leaves_disapprovals_alone():
    assert "11" not in stances()["stance_roots"]
    r = code("The United States strongly condemns today's deadly attack in Kabul.", published="2017-05-31")
    assert "ACCUSE" in plovers(r)


# --- intentions ---------------------------------------------------------------------------------------

def test_options_to_assist_are_not_assistance():
    r = code("The United States is reviewing options to assist Turkey against this aggression.")
    assert not [e for e in r.events if e.type.plover in ("COOPERATE", "AID", "SUPPORT")]


def test_a_purpose_clause_is_aimed_at_not_done():
    r = code("We will continue our security assistance and deliver weapons to help Ukraine defend its country.",
             published="2022-04-08")
    assert not [e for e in r.events if e.trigger in ("help", "defend")]


def test_the_content_of_an_appeal_is_no_attack():
    r = code("The Statement urges all parties to immediately demilitarize medical facilities and refrain from "
             "targeting civilian infrastructure.", published="2013-10-24")
    assert "ASSAULT" not in plovers(r)


def test_an_attack_that_happened_is_still_an_attack():
    r = code("Russian forces shelled the town of Kharkiv on Monday, killing 12 civilians.", published="2022-03-01")
    assert "ASSAULT" in plovers(r)


# --- descriptions ---------------------------------------------------------------------------------------

def test_a_participle_describing_a_noun_tells_no_event():
    r = code("On April 4, unknown actors detained ICRC staff traveling to the besieged city of Mariupol.",
             published="2022-04-07")
    assert not [e for e in r.events if e.trigger == "besieged"]
    assert [e for e in r.events if e.trigger == "detained"]


# --- demands ---------------------------------------------------------------------------------------------

def test_an_obligation_a_speaker_states_is_a_demand_of_those_it_binds():
    r = code("The United States condemns this attack in the strongest possible terms. The Assad Regime, Russia, "
             "Iran and Hizballah must cease their ongoing attacks in Idlib.")
    demands = [e for e in r.events if e.type.plover == "REQUEST"]
    assert len(demands) == 1
    d = demands[0]
    assert d.actor1.country == "USA" and d.type.cameo.startswith("10")
    targets = [d.actor2, *d.assoc_actor2]
    assert {a.country for a in targets} >= {"SYR", "RUS", "IRN"}
    assert not [e for e in r.events if e.trigger == "cease" and e.type.plover != "REQUEST"]


def test_an_obligation_with_no_speaker_is_no_demand():
    r = code("The Assad Regime and Russia must cease their ongoing attacks in Idlib.")
    assert "REQUEST" not in plovers(r)


# --- tallies -----------------------------------------------------------------------------------------------

def test_a_breakdown_with_its_own_period_is_a_tally_too():
    r = code("Since December 1, airstrikes and shelling have displaced an estimated 586,000 people in Idlib "
             "Governorate, including approximately 200,000 people displaced from January 26 to February 2 alone.",
             published="2020-02-07")
    total = next(f for f in r.figures if f.value == 586000)
    part = next(f for f in r.figures if f.value == 200000)
    assert total.cumulative and [p.value for p in total.includes] == [200000]
    assert part.cumulative and part.kind == "displaced" and part.event is None
    assert (part.date.start, part.date.end) == ("2020-01-26", "2020-02-02")
    assert not any(f is part for e in r.events for f in e.figures)


def test_a_breakdown_without_a_period_is_a_tally_over_the_period_of_its_total():
    r = code("Violence in Syria has killed more than 162,400 people since March 2011, including nearly 54,000 "
             "civilians.", published="2014-05-22")
    total = next(f for f in r.figures if f.value == 162400)
    part = next(f for f in r.figures if f.value == 54000)
    assert [p.value for p in total.includes] == [54000]
    assert part.cumulative and part.kind == "killed" and part.group == "civilians"
    assert part.date.start[:7] == "2011-03" and not [e for e in r.events if any(f is part for f in e.figures)]


def test_an_incident_toll_with_a_breakdown_makes_no_tally():
    r = code("An airstrike killed 16 civilians in Idlib on Monday, including five children.", published="2020-02-07")
    assert not [f for f in r.figures if f.cumulative]
