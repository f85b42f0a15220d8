"""The events, relations and link stages: who did what to whom, read like an analyst would."""

from __future__ import annotations

import pytest

import sitrep


def code(text: str, published: str = "2020-03-05"):
    return sitrep.extract(text, published=published)


def only_event(result, plover=None):
    events = [e for e in result.events if plover is None or e.type.plover == plover]
    assert len(events) == 1, [(e.type.cameo, e.trigger) for e in result.events]
    return events[0]


def test_subject_is_source_and_object_is_target():
    e = only_event(code("Turkish officials held talks with Russian diplomats in Ankara yesterday."))
    assert e.type.plover == "CONSULT"
    assert (e.actor1.code, e.actor2.code) == ("TURGOV", "RUSGOV")
    assert e.location.name == "Ankara" and e.location.country == "TUR"
    assert (e.date.start, e.date.precision) == ("2020-03-04", "day")


def test_coordinated_nationalities_meet_each_other():
    e = only_event(code("Turkish and Russian officials held talks in Ankara yesterday."))
    assert {e.actor1.country, e.actor2.country} == {"TUR", "RUS"}


def test_passive_subject_is_the_target_and_the_means_names_the_perpetrator():
    r = code("Sixteen civilians were killed in Russian bombings in Idlib this morning.")
    e = only_event(r, "ASSAULT")
    assert e.type.cameo.startswith("195") and e.type.acled_sub_event_type == "Air/drone strike"
    assert (e.actor1.country, e.actor1.sector) == ("RUS", "MIL")
    assert e.actor2.sector == "CVL" and e.actor2.country == "SYR"  # civilians of the place (ACLED practice)
    assert [(f.kind, f.value) for f in e.figures] == [("killed", 16)]
    assert e.figures[0].event == e.id


def test_the_participle_states_the_toll_of_the_same_attack():
    r = code("Syrian government forces shelled the town of Saraqib on Monday, killing five civilians.")
    e = only_event(r, "ASSAULT")
    assert e.actor1.code == "SYRMIL" and e.location.name == "Saraqib"
    assert [(f.kind, f.value) for f in e.figures] == [("killed", 5)]
    assert e.date.start == "2020-03-02"


def test_a_negated_attack_is_no_event_and_no_relation():
    r = code("The army did not attack the village.")
    assert r.events == [] and r.relations == []


def test_refusing_to_cooperate_is_a_rejection():
    r = code("Turkey made it clear that it no longer intends to follow the agreement with the EU.")
    e = only_event(r, "REJECT")
    assert e.type.cameo.startswith("12") and e.actor1.country == "TUR"
    assert e.actor2.code.startswith("IGOEU")


def test_future_force_is_a_threat_and_a_future_meeting_an_intent():
    threat = only_event(code("If the talks fail, Turkey will attack Syrian forces."))
    assert threat.type.plover == "THREATEN" and threat.type.cameo == "138"
    assert (threat.actor1.country, threat.actor2.code) == ("TUR", "SYRMIL")
    intent = only_event(code("Putin will meet Erdogan in Moscow on Thursday."))
    assert intent.type.cameo == "036"
    assert (intent.actor1.code, intent.actor2.code) == ("RUSGOV", "TURGOV")


def test_events_inside_an_if_clause_did_not_happen():
    r = code("If the army attacks the town, thousands will flee.")
    assert not any(e.type.plover == "ASSAULT" for e in r.events)


def test_a_ceasefire_without_parties_comes_from_the_talks_before_it():
    r = code("Putin and Erdogan held talks in Moscow today. A ceasefire will begin at midnight.")
    truce = only_event(r, "RETREAT")
    assert {truce.actor1.country, truce.actor2.country} == {"RUS", "TUR"}
    assert truce.date.start == "2020-03-06"
    assert truce.location.name == "Moscow"


def test_an_older_agreement_is_not_the_outcome_of_todays_talks():
    r = code("Putin and Erdogan held talks in Moscow today. The agreement reached in 2016 collapsed.")
    old = [e for e in r.events if e.type.cameo == "057"]
    assert old and old[0].actor1 is None and old[0].date.start == "2016-01-01"


def test_repeated_mentions_of_one_meeting_are_folded():
    r = code("Putin and Erdogan held a crisis meeting in Moscow today. The meeting began with condolences.")
    assert len([e for e in r.events if e.type.plover == "CONSULT"]) == 1


def test_place_and_date_fall_back_to_the_paragraph_then_the_publication_day():
    r = code("Fighting raged in Saraqib on Monday. Hospitals have been bombed.\n\nMore aid is needed.")
    # the bombing, told next with no date or place of its own, continues the fighting (issue 10): one
    # incident, in Saraqib on Monday
    (bombed,) = [e for e in r.events if e.type.plover == "ASSAULT"]
    assert bombed.location.name == "Saraqib"
    assert bombed.date.start == "2020-03-02"
    r2 = code("Hospitals have been bombed.")
    e = only_event(r2)
    assert (e.date.start, e.date.end, e.date.precision, e.date.text) == ("2020-03-05", "2020-03-05", "day", None)


@pytest.mark.parametrize("text,kind,a1,a2", [
    ("Iran supports the Houthi rebels.", "supports", "IRN", "REB"),
    ("Russia participates in the war on President Bashar al-Assad's side.", "supports", "RUS", "SYRGOV"),
    ("Rebel groups are fighting against the Syrian government forces.", "opposes", "REB", "SYRMIL"),
    ("The conflict between Syrian regime forces and Turkey has flared up.", "opposes", "SYRMIL", "TUR"),
])
def test_relations(text, kind, a1, a2):
    r = code(text)
    assert any(x.kind == kind and x.actor1.code.startswith(a1) and x.actor2.code.startswith(a2)
               for x in r.relations), [(x.kind, x.actor1.code, x.actor2.code) for x in r.relations]


@pytest.mark.parametrize("text,trigger,cameo_root,plover,acled,coders", [
    ("Rebels attacked an army checkpoint near Aleppo yesterday.", "attacked", "19", "ASSAULT",
     ("Battles", "Armed clash"), {"dictionary", "dictionary+classifier"}),
    ("Hundreds of people protested in Beirut on Tuesday against the government.", "protested", "14", "PROTEST",
     ("Protests", "Peaceful protest"), {"dictionary", "dictionary+classifier"}),
])
def test_clear_events_get_their_cameo_plover_and_acled_types(text, trigger, cameo_root, plover, acled, coders):
    r = code(text)
    e = only_event(r)
    assert e.type.cameo.startswith(cameo_root) and e.type.plover == plover, (e.type.cameo, e.type.plover)
    assert (e.type.acled_event_type, e.type.acled_sub_event_type) == acled
    assert e.coder in coders
    assert r.document.text[e.evidence.match_start:e.evidence.match_end] == trigger
    assert 0 < e.confidence <= 1


@pytest.mark.xfail(strict=True, reason="known gap: 'arrested' is coded CAMEO 175 (violent repression), which "
                   "types it ASSAULT / Violence against civilians; ACLED codes arrests as Strategic "
                   "developments / Arrests (CAMEO 173)")
def test_an_arrest_is_an_acled_arrest_not_an_attack():
    r = code("Police arrested 15 protesters in Ankara on Sunday.")
    arrests = [e for e in r.events if (e.type.cameo or "").startswith("17")]
    assert arrests and all(e.type.acled_sub_event_type == "Arrests" for e in arrests), \
        [(e.type.cameo, e.type.acled_sub_event_type) for e in arrests]
