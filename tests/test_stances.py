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


def test_a_gerund_an_aim_governs_is_aimed_at():
    r = code("Russia and Turkey agreed to a cease-fire deal in Idlib following talks in Moscow aimed at preventing "
             "the two countries' often dueling political aims from spiraling into a direct military conflict.",
             published="2020-03-05")
    assert not [e for e in r.events if e.trigger in ("dueling", "preventing")]
    assert [e for e in r.events if e.type.plover == "AGREE" and e.actor1 is not None]


def test_a_bare_participle_after_its_noun_describes_it_but_one_with_its_own_words_tells_an_event():
    r = code("Other sources gave death tolls of up to 100 Turkish soldiers killed.", published="2020-03-01")
    assert not [e for e in r.events if e.trigger == "killed"]
    r = code("My condolences to the families of the soldiers killed in yesterday's attack in Idlib.",
             published="2020-02-11")
    assert [e for e in r.events if e.type.plover == "ASSAULT"]


# --- senses ------------------------------------------------------------------------------------------------

def test_what_an_agreement_agrees_to_is_no_event_of_its_own():
    r = code("Russia and Turkey agreed to a cease-fire deal in Syria's Idlib province.", published="2020-03-05")
    assert [e.trigger for e in r.events if e.type.plover == "AGREE"]
    assert not [e for e in r.events if e.trigger in ("cease-fire", "deal")]


def test_a_light_verb_carries_the_attack_it_names():
    r = code("On 27 February 2020, the Russian Air Force and Syrian Air Force conducted airstrikes against a "
             "Turkish Army convoy in Balyun, Idlib Governorate.", published="2020-03-01")
    assert not [e for e in r.events if e.type.plover == "COOPERATE"]
    strikes = [e for e in r.events if e.type.plover == "ASSAULT"]
    assert len(strikes) == 1 and strikes[0].type.cameo == "195"
    assert {a.country for a in [strikes[0].actor1, *strikes[0].assoc_actor1]} == {"RUS", "SYR"}


def test_people_targeted_for_assistance_are_not_attacked():
    r = code("Relief actors reach 4.1 million people, nearly half of the 8.7 million people targeted for "
             "assistance by the UN.", published="2022-05-06")
    assert "ASSAULT" not in plovers(r)
    r = code("Russian forces targeted civilians in Mariupol on Monday.", published="2022-03-08")
    assert "ASSAULT" in plovers(r)


def test_a_journey_to_a_place_is_no_visit_but_a_journey_to_meet_someone_is():
    r = code("On April 4, unknown actors temporarily detained ICRC staff traveling to the besieged city of "
             "Mariupol.", published="2022-04-07")
    assert "CONSULT" not in plovers(r)
    r = code("Turkish President Erdogan traveled to Moscow to meet Russian President Vladimir Putin.",
             published="2020-03-05")
    assert "CONSULT" in plovers(r)


# --- tallies and incidents ----------------------------------------------------------------------------------

def test_a_date_in_a_subordinate_clause_is_not_the_figures_period():
    r = code("The strikes resulted in the deaths of 34 Turkish soldiers, while other sources gave death tolls "
             "of up to 100 Turkish soldiers killed, making it the deadliest attack against the Turkish military "
             "since the 1990s.", published="2020-03-01")
    f = next(f for f in r.figures if f.value == 34)
    assert not f.cumulative  # "since the 1990s" compares the attack with others; it counts no period


def test_the_tally_verb_restated_in_its_sentence_codes_no_incident():
    r = code("From January to June 2018, conflict killed 55 aid workers in Syria, representing the highest number "
             "of aid workers killed during the first half of the year in any country.", published="2018-08-20")
    assert next(f for f in r.figures if f.value == 55).cumulative
    assert not r.events


def test_a_fact_sheet_highlight_repeating_the_body_is_one_event():
    text = ("HIGHLIGHTS\nThe U.N. Security Council issued a non-binding Presidential Statement calling for Syrian "
            "authorities to facilitate humanitarian relief.\n\nKEY DEVELOPMENTS\nOn October 2, the U.N. Security "
            "Council issued a non-binding Presidential Statement calling for Syrian authorities to facilitate "
            "humanitarian relief.")
    r = code(text, published="2013-10-24")
    statements = [e for e in r.events if e.actor1 is not None and e.actor1.code == "IGOUNO"]
    assert len(statements) == 1 and statements[0].date.start == "2013-10-02"


def test_the_people_an_attacks_result_clause_names_are_its_target():
    r = code("The attack, which resulted in the deaths of Turkish soldiers, drew condemnation.", published="2020-02-04")
    attack = next(e for e in r.events if e.type.plover == "ASSAULT")
    assert attack.actor2 is not None and attack.actor2.country == "TUR" and attack.actor1 is None


def test_a_repeated_violent_mention_folds_only_below_country_level_and_without_two_tolls():
    from sitrep.model import DateSpan, Event, EventType, Evidence, Figure, Place
    from sitrep.stages.incidents import repeated_mention

    kabul = Place(text="Kabul", name="Kabul", geonameid=1138958, country="AFG", precision="town")
    afghanistan = Place(text="Afghanistan", name="Afghanistan", geonameid=1149361, country="AFG", precision="country")
    day = DateSpan("2017-05-31", "2017-05-31", "day", "Wednesday")

    def attack(place, date=None, figures=()):
        return Event(id="e", type=EventType(cameo="190", plover="ASSAULT"), trigger="attack", location=place,
                     date=date, figures=list(figures), evidence=Evidence(text="", start=0, end=1))

    assert repeated_mention(attack(kabul, day), attack(kabul))
    assert not repeated_mention(attack(afghanistan, day), attack(afghanistan))
    killed = Figure(kind="killed", value=90)
    assert not repeated_mention(attack(kabul, day, [killed]), attack(kabul, None, [Figure(kind="killed", value=5)]))


def test_a_material_act_of_coordinated_actors_is_one_event_a_verbal_act_one_per_actor():
    r = code("The ICRC and UN evacuate hundreds of people from Mariupol city.", published="2022-05-06")
    aid = [e for e in r.events if e.type.plover == "AID"]
    assert len(aid) == 1
    assert {a.code for a in [aid[0].actor1, *aid[0].assoc_actor1]} == {"NGOHLHIRC", "IGOUNO"}
    r = code("Russia and Turkey accused Syria of violating the truce.", published="2020-03-05")
    accusations = [e for e in r.events if e.type.plover == "ACCUSE"]
    assert {e.actor1.country for e in accusations} == {"RUS", "TUR"} and len(accusations) == 2


def test_a_statement_calling_for_something_is_an_appeal_one_announcing_aid_is_aid():
    r = code("On October 2, the U.N. Security Council issued a non-binding Presidential Statement calling for "
             "Syrian authorities to facilitate humanitarian relief operations in Syria.", published="2013-10-24")
    appeal = [e for e in r.events if e.actor1 is not None and e.actor1.code == "IGOUNO"]
    assert appeal and all(e.type.plover == "REQUEST" and e.type.cameo.startswith("02") for e in appeal)
    r = code("USAID Administrator Samantha Power announces nearly $387 million in additional humanitarian "
             "assistance for Ukraine on May 5.", published="2022-05-06")
    aid = [e for e in r.events if e.actor1 is not None and e.actor1.country == "USA"]
    assert aid and all(e.type.plover == "AID" for e in aid)
    r = code("The Kremlin issued a statement on Monday.", published="2022-05-06")
    assert all(not (e.type.cameo or "").startswith(("02", "07")) for e in r.events)


def test_an_incident_with_its_own_toll_in_a_tallys_sentence_is_kept():
    r = code("Fighting has killed 500 people in Idlib since March, and on Monday an airstrike killed 12 civilians in "
             "Ariha.", published="2020-05-20")
    assert next(f for f in r.figures if f.value == 500).cumulative
    assert [e for e in r.events if e.type.plover == "ASSAULT" and any(f.value == 12 for f in e.figures)]


def test_an_attempt_is_an_act_and_an_expressive_purpose_is_done_by_the_act():
    r = code("Militants said they attempted to assassinate outgoing Prime Minister Iyad Allawi.",
             published="2004-12-01")
    assert "ASSAULT" in plovers(r)
    r = code("Palestinians of the West Bank shunned work on Monday to protest at settlement of immigrants on Arab "
             "land.", published="1990-02-01")
    assert "PROTEST" in plovers(r)
