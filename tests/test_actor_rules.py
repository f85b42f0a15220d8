"""The named rules of actor coding (sitrep.dictionaries.actors, sitrep.stages.actors), one test each."""

from __future__ import annotations

from decimal import Decimal

from sitrep.dictionaries.actors import (
    ActorEntry,
    ActorMatch,
    DatedCode,
    DictMatch,
    _agent_role_lists,
    _main_actor,
    _match_rank,
    _mix_codes,
    _stem_match,
    tables,
)
from sitrep.grammar.numbers import match_quantity
from sitrep.mentions import ActorMention
from sitrep.model import Actor
from sitrep.stages.actors import _coordinated_nationalities, _is_demonym, _joined, _owner_tokens


def _match(code: str, start: int = 0, end: int = 1) -> ActorMatch:
    return ActorMatch(start, end, ActorEntry(root=code, codes=(DatedCode(code),)), code)


def test_a_code_another_match_extends_is_not_the_main_actor():
    assert _main_actor([_match("TUR"), _match("TURGOV", 1, 2)]).code == "TURGOV"
    assert _main_actor([_match("RUS"), _match("SYR", 1, 2)]).code == "RUS"  # the first in the phrase
    assert _main_actor([]) is None


def test_agent_roles_drop_non_actors_and_generic_roles_when_specific_ones_exist():
    assert _agent_role_lists(["~MIL", "~UNK"], None) == (["MIL"], [])
    assert _agent_role_lists(["~UNK"], None) == (["UNK"], [])
    assert _agent_role_lists(["~NON"], "MIL") == (["MIL"], [])
    assert _agent_role_lists(["NGO~"], None) == ([], ["NGO"])


def test_roles_are_mixed_into_the_code_once_like_petrarch():
    assert _mix_codes("TUR", ["MIL"], []) == "TURMIL"
    assert _mix_codes("TURMIL", ["MIL", "GOV"], []) == "TURMILGOV"
    assert _mix_codes("", ["GOV"], ["NGO"]) == "NGOGOV"


def test_longer_matches_then_whole_words_then_full_words_rank_first():
    whole = DictMatch(0, 2, "x", exact=True)
    stem = DictMatch(0, 2, "x", exact=True, via_stem=True)
    shorter = DictMatch(0, 1, "x")
    assert sorted([stem, shorter, whole], key=_match_rank, reverse=True) == [whole, stem, shorter]


def test_a_stem_entry_matches_the_longest_prefix_of_at_least_the_minimum_length():
    stems = {"WARPLAN": "A", "WARPLANE": "B"}
    assert _stem_match(stems, "WARPLANES", 0, 0)[0].value == "B"
    assert _stem_match(stems, "WARPLANE", 0, 0)[0].exact is True
    assert _stem_match(stems, "WAR", 0, 0) == []
    assert _stem_match(None, "WARPLANES", 0, 0) == []


def test_coordinated_nationalities_need_distinct_countries_and_a_conjunction(nlp):
    t = tables()
    toks = list(nlp("Russian and Syrian warplanes"))
    two = [(0, 1, "actor", _match("RUS")), (2, 3, "actor", _match("SYR"))]
    assert _coordinated_nationalities(two, toks, t)
    same = [(0, 1, "actor", _match("RUS")), (2, 3, "actor", _match("RUSMIL"))]
    assert not _coordinated_nationalities(same, toks, t)
    assert not _coordinated_nationalities(two, list(nlp("Russian Syrian warplanes")), t)


def test_a_nationality_word_or_a_country_used_as_a_modifier_is_a_demonym(nlp):
    t = tables()
    assert _is_demonym([nlp("Syrian troops")[0]], None, t)
    doc = nlp("the Turkey offensive")
    assert _is_demonym([doc[1]], ("country", "TUR"), t)
    assert not _is_demonym([nlp("Idlib residents")[0]], ("place", ""), t)


def test_possessors_and_owner_prepositions_name_the_owner(nlp):
    doc = nlp("The ambassadors of Arnor and Gondor met.")
    head = next(t for t in doc if t.text == "ambassadors")
    assert [t.text for t in _owner_tokens(head)] == ["Arnor", "Gondor"]
    doc = nlp("Gondor's minister spoke.")
    assert [t.text for t in _owner_tokens(doc[2])] == ["Gondor"]


def test_a_joined_mention_extends_the_owner_code_and_spans_both_phrases():
    text = "soldiers from Turkey"
    agent = ActorMention(0, 8, "soldiers", Actor(text="soldiers", code="MIL", sector="MIL"))
    owner = ActorMention(14, 20, "Turkey", Actor(text="Turkey", name="Turkey", country="TUR", code="TUR"))
    joined = _joined(text, tables(), agent, owner, first=True)
    assert (joined.start, joined.end, joined.actor.code, joined.actor.country) == (0, 20, "TURMIL", "TUR")
    assert _joined(text, tables(), agent, owner, first=False).start == 14


def test_number_word_rules_read_scales_groups_fractions_and_hyphens():
    assert match_quantity("three hundred and twenty people").quantity.value == 320
    assert match_quantity("twenty-three people").quantity.value == 23
    assert match_quantity("half a million people").quantity.value == 500_000
    assert match_quantity("two dozen people").quantity.value == 24
    assert match_quantity("twenty eleven") .quantity.value == 20  # "eleven" after "twenty" ends the number
    assert Decimal(match_quantity("1.5 million people").quantity.value) == Decimal(1_500_000)
