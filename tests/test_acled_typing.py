"""ACLED typing (issue 11): the codebook's precedence rules, non-ACLED types, the primary event,
calibration helpers and the CASE 2021 suite's reader and scores."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from sitrep.classify import Prediction, acled_prediction
from sitrep.classify.head import LinearHead, fit_temperature
from sitrep.classify.labels import acled_taxonomy, case2021_labels, descriptions, non_acled_types, split_type
from sitrep.classify.rules import (
    ALL_RULES,
    DEFAULT_RULES,
    apply_rules,
    chemical_weapon_rule,
    disrupted_weapons_rule,
    grenade_rule,
    protest_force_rule,
    suicide_bomb_rule,
)
from sitrep.errors import InputError
from sitrep.evaluate.case2021 import confusion_matrix, expected_calibration_error, read_case2021
from sitrep.model import Document, Event, EventType, Result
from sitrep.stages.classify import can_hold_event, type_score, typed_by_model

# --- the precedence rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "A suicide bomber blew himself up at the checkpoint.",
    "The attacker detonated his explosive vest among the mourners.",
    "A suicide car bombing killed six soldiers.",
])
def test_suicide_bombings_are_suicide_bombs(text):
    assert suicide_bomb_rule(text) == "Suicide bomb"
    # ... not a remote explosive, whatever the classifier thought
    assert apply_rules(text, "Remote explosive/landmine/IED") == ("Suicide bomb", "suicide_bomb")


def test_a_roadside_bomb_is_not_a_suicide_bomb():
    assert suicide_bomb_rule("A roadside bomb exploded as the convoy passed.") is None
    assert apply_rules("A roadside bomb exploded as the convoy passed.", "Remote explosive/landmine/IED") == (
        "Remote explosive/landmine/IED", None)


def test_a_thrown_grenade_is_its_own_type_but_a_rocket_propelled_one_is_not():
    assert grenade_rule("Militants hurled a grenade into the market.") == "Grenade"
    assert grenade_rule("Rebels fired rocket-propelled grenades at the tanks.") is None
    assert apply_rules("Militants hurled a grenade into the market.", "Attack", ALL_RULES) == ("Grenade", "grenade")


@pytest.mark.parametrize("text", [
    "Soldiers defused an improvised explosive device on the road.",
    "Police seized a large cache of weapons in the raid.",
    "Air defences intercepted two missiles over the city.",
    "Police foiled a suicide bomb attack and arrested the would-be bomber.",
])
def test_defused_seized_intercepted_or_foiled_is_disrupted_weapons_use(text):
    assert disrupted_weapons_rule(text) == "Disrupted weapons use"
    # it takes precedence over the weapon it names (a foiled suicide bombing is not a suicide bomb)
    assert apply_rules(text, "Remote explosive/landmine/IED", ALL_RULES)[0] == "Disrupted weapons use"


def test_chlorine_and_sarin_are_chemical_weapons_but_tear_gas_is_not():
    assert chemical_weapon_rule("Residents smelled chlorine after the barrel bombs fell.") == "Chemical weapon"
    assert chemical_weapon_rule("Police fired tear gas at the crowd.") is None


def test_protest_rules_split_lethal_force_from_intervention():
    got = protest_force_rule("Troops opened fire on protesters, killing three.")
    assert got == "Excessive force against protesters"
    assert protest_force_rule("Police used tear gas to disperse the protesters.") == "Protest with intervention"
    assert protest_force_rule("Thousands of protesters marched peacefully.") is None
    assert apply_rules("Police used tear gas to disperse the protesters.", "Peaceful protest") == (
        "Protest with intervention", "protest_force")


def test_rules_on_by_default_are_the_measured_ones():
    assert DEFAULT_RULES == {"suicide_bomb", "chemical_weapon", "protest_force"} and DEFAULT_RULES < ALL_RULES
    # grenade is measured off: the head's own label stands
    assert apply_rules("Militants hurled a grenade into the market.", "Attack") == ("Attack", None)


def test_rules_leave_protests_and_non_acled_types_to_the_weapon_rules_family():
    claim = "Islamic State claimed responsibility for the suicide bombing."
    assert apply_rules(claim, "Attribution of responsibility") == ("Attribution of responsibility", None)
    assert apply_rules("Protesters threw a grenade.", "Violent demonstration") == ("Violent demonstration", None)
    assert apply_rules("A suicide bomber struck.", "Armed clash", enabled=frozenset()) == ("Armed clash", None)


# --- labels -----------------------------------------------------------------------------------------


def test_case_labels_map_to_acled_sub_event_types_or_the_five_non_acled_types():
    names = case2021_labels()
    assert len(names) == 30 and names["GRENADE"] == "Grenade" and names["ATTRIB"] == "Attribution of responsibility"
    assert non_acled_types() == {"Organized crime", "Natural disaster", "Man-made disaster", "Diplomatic event",
                                 "Attribution of responsibility"}
    assert set(names.values()) - non_acled_types() == set(acled_taxonomy())


def test_split_type_never_gives_a_non_acled_type_an_acled_type():
    assert split_type("Natural disaster") == (None, None, "Natural disaster")
    assert split_type("Grenade") == ("Explosions/Remote violence", "Grenade", None)
    assert split_type("(none)") == (None, None, None)


def test_written_training_sentences_cover_every_type_with_varied_sentences():
    rows = descriptions("acled_training_sentences.tsv")
    per = Counter(lab for lab, _ in rows)
    assert set(per) == set(case2021_labels().values()) | {"(none)"}
    assert min(n for lab, n in per.items() if lab not in ("(none)", "Other")) >= 14
    assert len({t for _, t in rows}) == len(rows)  # no sentence twice


# --- scores of a prediction ---------------------------------------------------------------------------


def _head(labels):
    return LinearHead(labels=labels, weights=np.zeros((2, len(labels)), np.float32),
                      bias=np.zeros(len(labels), np.float32))


def test_acled_prediction_applies_rules_and_pools_the_probability():
    h = _head(["(none)", "Suicide bomb", "Remote explosive/landmine/IED"])
    probs = np.array([[0.1, 0.3, 0.6], [0.7, 0.2, 0.1]])
    (lab, score, rule, runner), (lab2, score2, rule2, runner2) = acled_prediction(
        h, probs, ["A suicide bomber blew himself up at the bus station.", "The minister spoke."])
    assert (lab, rule, runner) == ("Suicide bomb", "suicide_bomb", "Remote explosive/landmine/IED")
    assert score == pytest.approx(0.9)
    assert (lab2, rule2, runner2) == ("(none)", None, "Suicide bomb") and score2 == pytest.approx(0.7)


def test_temperature_keeps_the_best_label_and_is_fitted_to_the_held_out_accuracy():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 3, size=400)
    # an over-confident head: 0.98 on its choice, right 60% of the time
    choice = np.where(rng.random(400) < 0.6, gold, (gold + 1) % 3)
    probs = np.full((400, 3), 0.01)
    probs[np.arange(400), choice] = 0.98
    t = fit_temperature(probs, gold)
    assert t > 1.5
    h = _head(["a", "b", "c"])
    scaled = acled_prediction(h, probs[:5], ["x"] * 5, temperature=t)
    assert [s[0] for s in scaled] == [["a", "b", "c"][j] for j in choice[:5]]
    assert all(s[1] < 0.9 for s in scaled)


def test_expected_calibration_error():
    perfect = expected_calibration_error([0.75] * 4, [True, True, True, False])
    assert perfect["ece"] == 0.0 and perfect["bins"][0]["n"] == 4
    off = expected_calibration_error([0.95, 0.95, 0.15, 0.15], [False, False, False, False])
    assert off["ece"] == pytest.approx(0.55)


def test_confusion_matrix_rows_are_gold_columns_predicted():
    m = confusion_matrix(["a", "a", "b"], ["a", "b", "b"])
    assert m == {"labels": ["a", "b"], "rows": [[1, 1], [0, 1]]}


def test_case_reader_rejects_unknown_labels_with_the_line(tmp_path):
    p = tmp_path / "dev.tsv"
    p.write_text("id\tEventSnippet\tSubType\n1\tRebels shelled the town.\tART_MISS_ATTACK\n2\tx\tBOGUS\n", "utf-8")
    with pytest.raises(InputError, match=r"dev.tsv:3"):
        read_case2021(p)
    p.write_text("id\tEventSnippet\tSubType\n1\tRebels  shelled the town.\tART_MISS_ATTACK\n", "utf-8")
    [s] = read_case2021(p)
    assert (s.id, s.text, s.label) == ("1", "Rebels shelled the town.", "Shelling/artillery/missile attack")


# --- the stage's typing and the primary event ---------------------------------------------------------

QUAKE = Prediction("COOPERATE", 0.3, None, None, 0.8, "Natural disaster")
CLASH = EventType(cameo="190", plover="ASSAULT", acled_event_type="Battles", acled_sub_event_type="Armed clash")


def test_a_non_acled_type_is_not_a_conflict_type():
    typed = typed_by_model(CLASH, QUAKE)
    assert typed.non_acled_type == "Natural disaster"
    assert typed.acled_event_type is None and typed.acled_sub_event_type is None
    assert typed.cameo == "190"  # the dictionary's code stays
    assert type_score(QUAKE, typed) == 0.8


def test_type_score_is_none_when_the_dictionary_typed_the_event():
    shelling = Prediction("ASSAULT", 0.6, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.7)
    assert type_score(shelling, CLASH) is None
    assert type_score(shelling, EventType(acled_sub_event_type="Shelling/artillery/missile attack")) == 0.7


def test_sentences_that_can_hold_an_event_name_an_act_or_a_disaster():
    assert can_hold_event("An earthquake struck the coast overnight.")
    assert can_hold_event("Gunmen kidnapped three aid workers.")
    assert not can_hold_event("The weather was pleasant in the capital.")
    assert not can_hold_event("Earthquake.")  # too short to be classified on its own


def test_primary_event_is_the_most_surely_typed_one():
    doc = Document(id="d", text="x")
    a = Event(id="a", type=CLASH, confidence=0.9)  # dictionary-typed: counts 0.45
    b = Event(id="b", type=EventType(acled_sub_event_type="Grenade"), confidence=0.2, type_score=0.6)
    c = Event(id="c", type=EventType(cameo="040"), confidence=1.0)  # untyped: never primary
    assert Result(doc, events=[c, a, b]).primary_event is b
    b.type_score = 0.3
    assert Result(doc, events=[c, a, b]).primary_event is a
    assert Result(doc, events=[c]).primary_event is None
