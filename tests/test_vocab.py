"""Event vocabularies: CAMEO names, the PLOVER table, and our ACLED mapping."""

from __future__ import annotations

import pytest

from sitrep.dictionaries.codebook import Codebook
from sitrep.model import Actor


@pytest.fixture(scope="module")
def vocab():
    return Codebook.load_default()


def test_every_acled_pair_we_map_to_exists_in_the_acled_taxonomy(vocab):
    assert vocab.acled_rules
    for rule in vocab.acled_rules:
        assert (rule.event_type, rule.sub_event_type) in vocab.acled_taxonomy, rule


def test_every_mapped_cameo_prefix_is_a_cameo_code_or_one_the_phoenix_verbs_emit(vocab):
    from sitrep.dictionaries.cameo import VerbDictionary

    verbs = VerbDictionary.load_default()
    emitted = {b["code"] for b in verbs.blocks.values()} | {
        p.code for b in verbs.blocks.values() for p in b["patterns"]}
    for rule in vocab.acled_rules:
        # 176 (cyber attack) is a Phoenix addition missing from the CAMEO 1.1b3 list
        assert rule.cameo_prefix in vocab.cameo_names or rule.cameo_prefix in emitted, rule.cameo_prefix


@pytest.mark.parametrize("cameo,plover,acled", [
    ("195", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike")),
    ("1831", "ASSAULT", ("Explosions/Remote violence", "Suicide bomb")),
    ("0871", "RETREAT", ("Strategic developments", "Agreement")),
    ("057", "SUPPORT", ("Strategic developments", "Agreement")),
    ("173", "COERCE", ("Strategic developments", "Arrests")),
    ("145", "PROTEST", ("Riots", "Violent demonstration")),
    ("046", "CONSULT", (None, None)),
    ("0231", "REQUEST", (None, None)),  # 02x appeal -> REQUEST, Sitrep's supplement
    ("010", None, (None, None)),  # PLOVER has no statement type
])
def test_cameo_codes_type_in_plover_and_acled(vocab, cameo, plover, acled):
    t = vocab.event_type(cameo)
    assert t.plover == plover
    assert (t.acled_event_type, t.acled_sub_event_type) == acled
    assert t.cameo_name


def test_acled_type_depends_on_who_is_attacked(vocab):
    soldiers = Actor("soldiers", sector="MIL")
    civilians = Actor("civilians", sector="CVL")
    assert vocab.event_type("190", soldiers, soldiers).acled_event_type == "Battles"
    assert vocab.event_type("190", soldiers, civilians).acled_event_type == "Violence against civilians"
    # remote violence stays remote violence whoever it hits (ACLED flags civilian targeting instead)
    assert vocab.event_type("195", soldiers, civilians).acled_sub_event_type == "Air/drone strike"
    state = Actor("army", sector="MIL")
    assert vocab.event_type("192", state).acled_sub_event_type == "Government regains territory"
    assert vocab.event_type("192", Actor("rebels", sector="REB")).acled_sub_event_type == \
        "Non-state actor overtakes territory"


def test_plover_falls_back_to_the_nearest_ancestor_code(vocab):
    assert vocab.plover_for("1952").event == "ASSAULT"
