"""The shared syntax rules (sitrep.nlp.syntax), one test each, on parsed sentences."""

from __future__ import annotations

import pytest

from sitrep.nlp.syntax import is_passive, modality, negated, paragraph_start


def _token(nlp, sentence: str, word: str):
    return next(t for t in nlp(sentence) if t.text == word)


def test_a_negated_verb_is_negated(nlp):
    assert negated(_token(nlp, "The army did not attack the town.", "attack"))
    assert not negated(_token(nlp, "The army attacked the town.", "attacked"))


def test_negation_climbs_to_the_verb_a_complement_hangs_from(nlp):
    verb = _token(nlp, "Turkey does not intend to attack Syria.", "attack")
    assert negated(verb)
    assert not negated(verb, climb=False)


def test_never_counts_unless_told_otherwise(nlp):
    verb = _token(nlp, "The rebels never attacked the convoy.", "attacked")
    never = next(c for c in verb.children if c.lower_ == "never")
    assert negated(verb)
    # with never=False only the parser's ``neg`` label counts
    assert negated(verb, never=False) == (never.dep_ == "neg")


def test_no_longer_is_a_negation_through_its_adverb(nlp):
    verb = _token(nlp, "Syria no longer intends to follow the agreement.", "intends")
    assert negated(verb, via_aux=True)


def test_future_and_conditional_modality(nlp):
    assert modality(_token(nlp, "Russia will attack the city.", "attack")) == "future"
    assert modality(_token(nlp, "If Russia attacks the city, Turkey responds.", "attacks")) == "conditional"
    assert modality(_token(nlp, "Russia attacked the city.", "attacked")) is None


def test_obligation_and_shared_modality(nlp):
    assert modality(_token(nlp, "Russia must cease its attacks in Idlib.", "cease")) == "obligation"
    assert modality(_token(nlp, "We will continue our assistance and deliver weapons.", "deliver")) == "future"
    assert modality(_token(nlp, "Russia attacked the city and destroyed the bridge.", "destroyed")) is None


def test_passive_voice(nlp):
    assert is_passive(_token(nlp, "Sixteen civilians were killed by the strike.", "killed"))
    assert not is_passive(_token(nlp, "The strike killed sixteen civilians.", "killed"))


@pytest.mark.parametrize("text, offset, start", [
    ("One.\n\nTwo.", 8, 6),
    ("One.\n \t\nTwo.", 10, 8),  # a line of blanks ends a paragraph too
    ("One.\nTwo.", 6, 0),  # a single line break does not
    ("One.\n\nTwo.\n\nThree.", 14, 12),
])
def test_a_paragraph_starts_after_the_last_blank_line(text, offset, start):
    assert paragraph_start(text, offset) == start
