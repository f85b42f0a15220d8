"""The ``classify`` stage: how the learned classifier and the dictionary coder share an event's typing.

Rule (docs/accuracy.md, measured by cross-validation on the PLOVER gold): CAMEO code, actors, PLOVER type
stay the dictionary's; the ACLED pair is the classifier's when it names an ACLED type, unless the
dictionary's type was decided by the actors or names the weapon (remote violence). ``Event.coder`` says
which source decided.
"""

from __future__ import annotations

import numpy as np
import pytest

from sitrep.classify import Classifier, Prediction
from sitrep.dictionaries.bundle import default_lexicons
from sitrep.model import Actor, Document, EventType
from sitrep.pipeline import Pipeline
from sitrep.stages import DEFAULT_STAGES, DICTIONARY_STAGES
from sitrep.stages.classify import (
    BOTH,
    CLASSIFIER,
    DICTIONARY,
    classify_uncoded,
    combine,
    dictionary_decides_acled,
    fills,
    model_overrides,
    plover_by_model,
)

CLASH = EventType(cameo="190", plover="ASSAULT", acled_event_type="Battles", acled_sub_event_type="Armed clash")
SHELLING = Prediction("ASSAULT", 0.3, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.3)
SURE_SHELLING = Prediction("ASSAULT", 0.3, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.95)
NOTHING = Prediction("ACCUSE", 0.4, None, None, 0.8)


@pytest.fixture(scope="module")
def vocab():
    return default_lexicons().vocab


def test_classifier_acled_type_replaces_a_root_default_and_is_recorded():
    typed, coder = combine(CLASH, SHELLING)
    assert (typed.acled_event_type, typed.acled_sub_event_type) == ("Explosions/Remote violence",
                                                                  "Shelling/artillery/missile attack")
    assert (typed.cameo, typed.plover) == ("190", "ASSAULT")  # the dictionary's codes stay
    assert coder == BOTH


def test_classifier_none_does_not_erase_the_dictionary_type():
    typed, coder = combine(CLASH, NOTHING)
    assert typed == CLASH and coder == DICTIONARY


def test_dictionary_type_stands_when_it_decides():
    typed, coder = combine(CLASH, SHELLING, dictionary_decides=True)
    assert typed == CLASH and coder == DICTIONARY


def test_dictionary_without_acled_type_takes_the_classifier_even_when_it_would_decide():
    consult = EventType(cameo="040", plover="CONSULT")
    typed, coder = combine(consult, SHELLING, dictionary_decides=True)
    assert typed.acled_sub_event_type == "Shelling/artillery/missile attack" and coder == BOTH


def test_plover_stays_the_dictionary_s_even_when_it_has_none():
    typed, _ = combine(EventType(cameo="190", plover="ASSAULT", plover_mode="aerial"), NOTHING)
    assert (typed.plover, typed.plover_mode) == ("ASSAULT", "aerial")
    typed, coder = combine(EventType(cameo="999"), NOTHING)
    assert typed == EventType(cameo="999") and coder == DICTIONARY


@pytest.mark.parametrize("policy, sub", [
    ("dictionary", "Armed clash"),
    ("dictionary-first", "Armed clash"),
    ("classifier-types", "Armed clash"),  # the classifier said "(none)"
    ("classifier", None),  # its "(none)" too
])
def test_policies_on_a_classifier_none(policy, sub):
    typed, _ = combine(CLASH, NOTHING, policy=policy)
    assert typed.acled_sub_event_type == sub
    assert typed.cameo == "190" and typed.plover == "ASSAULT"


def test_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match="unknown"):
        combine(CLASH, SHELLING, policy="vote")
    with pytest.raises(ValueError, match="unknown"):
        fills(SHELLING, "some")


def test_what_decides_acled(vocab):
    civilians = Actor(text="civilians", sector="CVL")
    soldiers = Actor(text="soldiers", country="TUR", sector="MIL")
    assert dictionary_decides_acled(vocab, "195", None, civilians)  # air strike: the weapon is named
    assert dictionary_decides_acled(vocab, "19", soldiers, civilians)  # force against civilians
    assert not dictionary_decides_acled(vocab, "19", soldiers, soldiers)  # a clash: the classifier may refine
    assert dictionary_decides_acled(vocab, "173", None, None)  # arrest: the code names the act
    assert not dictionary_decides_acled(vocab, "173", None, None, specific=0)
    assert not dictionary_decides_acled(vocab, "14", None, None)  # protest root default: refinable
    assert not dictionary_decides_acled(vocab, "040", None, None)  # no ACLED type at all
    assert not dictionary_decides_acled(vocab, None, None, None)


def test_uncoded_sentences_fill_only_where_the_policy_says():
    assert fills(SHELLING, "acled") and not fills(NOTHING, "acled")
    assert fills(NOTHING, "all") and not fills(SHELLING, "none")


# --- the stage in the pipeline, with a stand-in classifier ----------------------------------------------

class FixedClassifier:
    """Says the same thing about every sentence and records the batches it was asked about."""

    def __init__(self, prediction: Prediction):
        self.prediction = prediction
        self.calls: list[list[str]] = []

    def predict(self, sentences):
        self.calls.append(list(sentences))
        return [self.prediction for _ in sentences]


TEXT = ("Syrian government forces clashed with rebels near Saraqib on Monday. Police arrested 15 "
        "protesters in Ankara on Sunday. The winter has been unusually cold in the north of the country this year.")


def _run(stages, classifier=None):
    return Pipeline(stages=stages, classifier=classifier)(Document(id="t", text=TEXT, published="2020-03-02"))


def test_stage_retypes_events_and_keeps_codes_and_actors(vocab):
    clf = FixedClassifier(SHELLING)
    plain, combined = _run(DICTIONARY_STAGES), _run(DEFAULT_STAGES, clf)
    assert plain.events and len(combined.events) == len(plain.events)
    for a, b in zip(plain.events, combined.events):
        assert (a.type.cameo, a.type.plover, a.actor1, a.actor2, a.trigger) == \
               (b.type.cameo, b.type.plover, b.actor1, b.actor2, b.trigger)
        assert a.coder == DICTIONARY
        if dictionary_decides_acled(vocab, a.type.cameo, a.actor1, a.actor2):
            assert b.type == a.type and b.coder == DICTIONARY
        else:
            assert b.coder == BOTH and b.type.acled_sub_event_type == "Shelling/artillery/missile attack"
    # the clash (root default "19" → Armed clash) is refined; the arrest's specific code (17x) stands
    coders = {(a.type.cameo[:2], b.coder) for a, b in zip(plain.events, combined.events)}
    assert ("19", BOTH) in coders and ("17", DICTIONARY) in coders
    # one batch per document, each event sentence once (those the dictionary decides too: a sure model
    # may override them)
    assert len(clf.calls) == 1
    assert clf.calls[0] == list(dict.fromkeys(e.evidence.text for e in plain.events))


def test_the_model_overrides_a_dictionary_decided_type_only_when_sure_of_a_type():
    assert model_overrides(SURE_SHELLING, 0.5) and not model_overrides(SHELLING, 0.5)
    assert not model_overrides(NOTHING, 0.0)  # a sure "(none)" never erases a type
    crime = Prediction("ASSAULT", 0.5, None, None, 0.9, non_acled_type="Organized crime")
    assert model_overrides(crime, 0.5)
    assert not model_overrides(SURE_SHELLING, 1.01)  # above 1: never


def test_stage_lets_a_sure_model_retype_the_events_the_dictionary_decides(vocab):
    plain = _run(DICTIONARY_STAGES)
    clf = FixedClassifier(SURE_SHELLING)
    combined = _run(DEFAULT_STAGES, clf)
    decided = [dictionary_decides_acled(vocab, e.type.cameo, e.actor1, e.actor2) for e in plain.events]
    assert any(decided)  # the arrest (17x) is decided by the dictionary
    for a, b in zip(plain.events, combined.events):
        assert b.coder == BOTH and b.type.acled_sub_event_type == "Shelling/artillery/missile attack"
        assert (a.type.cameo, a.type.plover) == (b.type.cameo, b.type.plover)
        assert b.type_score == 0.95
    # every event sentence was in the one batch
    assert clf.calls[0][:len(plain.events)] == list(dict.fromkeys(e.evidence.text for e in plain.events))


def test_a_sure_plover_head_replaces_the_dictionary_plover_type_and_drops_its_mode():
    coded = EventType(cameo="190", plover="ASSAULT", plover_mode="firearms")
    sure = Prediction("COERCE", 0.8, None, None, 0.9)
    assert plover_by_model(coded, sure, 0.5) == EventType(cameo="190", plover="COERCE")
    assert plover_by_model(coded, sure, 0.9) == coded  # not sure enough
    agreeing = Prediction("ASSAULT", 0.9, None, None, 0.9)
    assert plover_by_model(coded, agreeing, 0.5) == coded  # same type: the mode stays


def test_stage_records_a_plover_type_from_the_model():
    plain = _run(DICTIONARY_STAGES)
    res = _run(DEFAULT_STAGES, FixedClassifier(Prediction("MOBILIZE", 0.99, None, None, 0.9)))
    assert len(res.events) == len(plain.events)
    for a, b in zip(plain.events, res.events):
        assert b.type.plover == "MOBILIZE" and b.type.cameo == a.type.cameo and b.coder == BOTH
        assert b.type.acled_sub_event_type == a.type.acled_sub_event_type  # "(none)" leaves the ACLED type


def test_stage_with_a_classifier_that_sees_no_acled_event_changes_nothing():
    plain, combined = _run(DICTIONARY_STAGES), _run(DEFAULT_STAGES, FixedClassifier(NOTHING))
    assert [e.type for e in combined.events] == [e.type for e in plain.events]
    assert {e.coder for e in combined.events} == {DICTIONARY}


def test_uncoded_stage_adds_low_confidence_classifier_events():
    stages = list(DEFAULT_STAGES)
    stages.insert(stages.index("classify") + 1, "classify-uncoded")
    plain = _run(DICTIONARY_STAGES)
    res = _run(stages, FixedClassifier(SHELLING))
    added = [e for e in res.events if e.coder == CLASSIFIER]
    coded = {e.evidence.start for e in plain.events}
    assert [e.evidence.text for e in added] == [
        "The winter has been unusually cold in the north of the country this year."
    ]
    for e in added:
        assert e.type.cameo is None and e.actor1 is None and e.actor2 is None
        assert e.evidence.start not in coded
        assert e.type.acled_sub_event_type == "Shelling/artillery/missile attack"
        assert e.confidence < min(x.confidence for x in plain.events)
    assert len({e.id for e in res.events}) == len(res.events)


def test_uncoded_stage_is_not_in_the_default_pipeline():
    assert "classify" in DEFAULT_STAGES and "classify-uncoded" not in DEFAULT_STAGES
    assert "classify" not in DICTIONARY_STAGES
    assert classify_uncoded.__name__ == "classify_uncoded"


# --- the classifier's per-sentence cache ------------------------------------------------------------------

class CountingEncoder:
    def __init__(self):
        self.seen: list[str] = []

    def encode(self, sentences):
        self.seen.extend(sentences)
        rng = np.random.default_rng(len(self.seen))
        E = rng.normal(size=(len(sentences), 384)).astype(np.float32)
        return E / np.linalg.norm(E, axis=1, keepdims=True)


def test_classifier_predicts_each_sentence_once_and_caches_it():
    from sitrep.classify.head import LinearHead
    from sitrep.resources import data_path

    d = data_path("classifier")
    enc = CountingEncoder()
    clf = Classifier.from_heads(LinearHead.load(d / "plover.npz"), LinearHead.load(d / "acled.npz"), enc)
    first = clf.predict(["Rebels shelled the town.", "Talks began.", "Rebels shelled the town."])
    assert enc.seen == ["Rebels shelled the town.", "Talks began."]  # duplicates encoded once
    assert first[0] is first[2]
    again = clf.predict(["Talks began.", "A new sentence."])
    assert enc.seen[2:] == ["A new sentence."]  # "Talks began." came from the cache
    assert again[0] is first[1]
    clf.CACHE_SIZE = 0  # nothing kept after a call: every later call encodes afresh
    clf.predict(["Talks began."])
    clf.predict(["Talks began."])
    assert enc.seen[3:] == ["Talks began."]


def test_default_stage_types_uncoded_sentences_that_can_hold_an_event_only():
    text = ("An earthquake of magnitude 6.1 struck the coast of the province overnight. "
            "The winter has been unusually cold in the north of the country this year.")
    clf = FixedClassifier(Prediction("COOPERATE", 0.3, None, None, 0.8, "Natural disaster"))
    res = Pipeline(stages=DEFAULT_STAGES, classifier=clf)(Document(id="q", text=text, published="2020-03-02"))
    # the cold-winter sentence names no act, weapon or disaster: never sent to the classifier
    assert all("winter" not in s for batch in clf.calls for s in batch)
    assert any("earthquake" in s for batch in clf.calls for s in batch) or any(
        e.coder == DICTIONARY for e in res.events if "earthquake" in e.evidence.text)


def test_default_stage_adds_a_classifier_event_for_an_uncoded_cue_sentence():
    text = "Heavy floods in the province this week. The weather was mild in the capital."
    clf = FixedClassifier(Prediction("COOPERATE", 0.3, None, None, 0.7, "Natural disaster"))
    res = Pipeline(stages=DEFAULT_STAGES, classifier=clf)(Document(id="f", text=text, published="2020-03-02"))
    added = [e for e in res.events if e.coder == CLASSIFIER]
    assert [e.evidence.text for e in added] == ["Heavy floods in the province this week."]
    assert added[0].type.non_acled_type == "Natural disaster" and added[0].type.cameo is None
    assert added[0].type.acled_event_type is None and added[0].type_score == 0.7 and res.primary_event is added[0]
