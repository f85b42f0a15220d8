"""The learned event classifier: shipped weights, provenance, and sensible PLOVER / ACLED labels."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from sitrep.classify.head import LinearHead, fit, stratified_folds
from sitrep.classify.labels import NONE_LABEL, acled_event_type, acled_from_plover, plover_2021
from sitrep.errors import SitrepError
from sitrep.resources import data_path

PLOVER_2021 = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_weights_are_small_and_carry_their_provenance():
    d = data_path("classifier")
    size = sum(p.stat().st_size for p in d.iterdir())
    assert size < 5_000_000
    meta = json.loads((d / "model.json").read_text("utf-8"))
    assert meta["command"].startswith("sitrep train")
    for task in ("plover", "acled"):
        h = meta["heads"][task]
        assert h["sources"] and h["cross_validation"]["folds"] >= 5
    assert set(meta["heads"]["plover"]["labels"]) == PLOVER_2021


def test_sitrep_train_reproduces_the_shipped_weights(shared_dir, tmp_path):
    """`sitrep train` (the function behind the command) retrains both heads from ../shared to the shipped
    weights: same labels and TF-IDF vocabulary, weights equal up to float noise, the same cross-validated
    scores in model.json, and the same predictions."""
    from sitrep.classify import Classifier
    from sitrep.evaluate.train import train

    meta = train(shared_dir, tmp_path, log=lambda _: None)
    shipped_dir = data_path("classifier")
    shipped = json.loads((shipped_dir / "model.json").read_text("utf-8"))
    for task in ("plover", "acled"):
        new, old = LinearHead.load(tmp_path / f"{task}.npz"), LinearHead.load(shipped_dir / f"{task}.npz")
        assert new.labels == old.labels
        assert (new.tfidf is None) == (old.tfidf is None)
        if new.tfidf is not None:
            assert list(new.tfidf.vocabulary) == list(old.tfidf.vocabulary)
            np.testing.assert_allclose(new.tfidf.idf, old.tfidf.idf, rtol=1e-5)
        np.testing.assert_allclose(new.weights, old.weights, atol=1e-3)
        np.testing.assert_allclose(new.bias, old.bias, atol=1e-3)
        got, want = meta["heads"][task], shipped["heads"][task]
        assert got["training_examples"] == want["training_examples"] and got["sources"] == want["sources"]
        for k in ("accuracy", "macro_f1"):
            assert got["cross_validation"][k] == pytest.approx(want["cross_validation"][k], abs=0.005), (task, k)
    sentences = ["Russian jets bombed a market in Idlib, killing 12 civilians.",
                 "The two foreign ministers met in Geneva to discuss a ceasefire.",
                 "Thousands marched in Beirut demanding the government resign."]
    retrained, ours = Classifier(tmp_path).predict(sentences), Classifier().predict(sentences)
    assert [(p.plover, p.acled_sub_event_type) for p in retrained] == [(p.plover, p.acled_sub_event_type) for p in ours]


def test_linear_head_learns_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(2, 0.3, (20, 4)), rng.normal(-2, 0.3, (20, 4))]).astype(np.float32)
    y = ["up"] * 20 + ["down"] * 20
    h = fit(X, y, steps=200)
    assert [lab for lab, _ in h.predict(X)] == y
    h.save(tmp_path / "h.npz")
    h2 = LinearHead.load(tmp_path / "h.npz")
    assert h2.labels == h.labels
    np.testing.assert_allclose(h2.scores(X), h.scores(X), rtol=1e-5)


def test_a_rows_probabilities_do_not_depend_on_the_other_rows_of_its_batch():
    rng = np.random.default_rng(7)
    head = LinearHead(labels=[f"t{i}" for i in range(12)], weights=rng.normal(size=(900, 12)).astype(np.float32),
                      bias=rng.normal(size=12).astype(np.float32))
    X = rng.normal(size=(97, 900)).astype(np.float32)
    together = head.scores(X)
    alone = np.vstack([head.scores(X[i : i + 1]) for i in range(len(X))])
    assert np.array_equal(together, alone)  # bit for bit: an ingest's batching cannot move a score


def test_stratified_folds_partition_every_item_once_and_spread_labels():
    y = ["a"] * 10 + ["b"] * 5
    folds = stratified_folds(y, k=5)
    assert sorted(i for f in folds for i in f) == list(range(15))
    assert all(sum(y[i] == "b" for i in f) == 1 for f in folds)


def test_label_mappings():
    assert plover_2021("DEMAND") == "REQUEST"
    assert plover_2021("FIGHT") == "ASSAULT"
    assert plover_2021("ASSAULT") == "ASSAULT"
    assert acled_from_plover("ASSAULT", "suicide-attack") == ("Explosions/Remote violence", "Suicide bomb")
    assert acled_from_plover("FIGHT", "heavy-weapons") == ("Explosions/Remote violence", None)
    assert acled_from_plover("DISAPPROVE", None) == (NONE_LABEL, None)
    assert acled_from_plover("COERCE", "ban") == (None, None)  # not mapped: no ACLED reading claimed
    assert acled_event_type("Air/drone strike") == "Explosions/Remote violence"
    assert acled_event_type(NONE_LABEL) is None


@pytest.fixture(scope="module")
def predictions():
    from sitrep.classify import predict

    return predict([
        "Russian warplanes bombed the town, killing sixteen civilians.",
        "Thousands of demonstrators marched through the capital demanding the president's resignation.",
        "The foreign ministers met in Moscow for talks on the crisis.",
        "",
    ])


def test_predict_returns_one_prediction_per_sentence_with_valid_labels(predictions):
    from sitrep.classify.labels import acled_taxonomy

    assert len(predictions) == 4
    for p in predictions:
        assert p.plover in PLOVER_2021
        assert 0.0 < p.plover_score <= 1.0 and 0.0 < p.acled_score <= 1.0
        assert p.acled_sub_event_type is None or p.acled_sub_event_type in acled_taxonomy()
        assert (p.acled_event_type is None) == (p.acled_sub_event_type is None)


def test_clear_sentences_get_the_obvious_types(predictions):
    strike, protest, talks, _ = predictions
    assert strike.plover == "ASSAULT"
    assert strike.acled_event_type in ("Explosions/Remote violence", "Violence against civilians")
    assert protest.plover == "PROTEST"
    assert protest.acled_event_type in ("Protests", "Riots")
    assert talks.plover == "CONSULT"
    assert talks.acled_event_type is None


def test_predict_of_nothing_is_nothing():
    from sitrep.classify import predict

    assert predict([]) == []


def test_sitrep_train_reproduces_the_shipped_acled_head(shared_dir):
    """``sitrep train`` is deterministic: the ACLED head fitted from the shared data and the package's
    written sentences equals the shipped ``acled.npz`` (the PLOVER head's training data did not change
    with it; its reproduction is the same code path). Encoding ~2,500 sentences takes about a minute."""
    from sitrep.classify.embed import load_encoder
    from sitrep.evaluate.train import HEAD_HYPER, HEAD_LEXICAL, LEXICAL, acled_examples, train_head

    shipped = LinearHead.load(data_path("classifier") / "acled.npz")
    ex = acled_examples(shared_dir)
    X = load_encoder().encode(ex.texts)
    h = train_head(X, ex.texts, ex.labels, HEAD_HYPER.get("acled"), HEAD_LEXICAL.get("acled", LEXICAL),
                   ex.vocabulary_texts(range(len(ex.texts))))
    assert h.labels == shipped.labels
    assert np.allclose(h.weights, shipped.weights, atol=2e-3) and np.allclose(h.bias, shipped.bias, atol=2e-3)
    # the CASE 2021 snippets trained the head through their embeddings only: none of their words ships
    assert shipped.tfidf is None


def test_encoder_threads_come_from_the_environment(monkeypatch):
    from sitrep.classify.embed import THREADS_ENV, encoder_threads

    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert encoder_threads() == 0  # onnxruntime's default: every core
    monkeypatch.setenv(THREADS_ENV, "1")
    assert encoder_threads() == 1
    monkeypatch.setenv(THREADS_ENV, "two")
    with pytest.raises(SitrepError, match="SITREP_CLASSIFIER_THREADS='two': expected a number of threads"):
        encoder_threads()


def test_an_ingest_worker_classifies_on_one_thread_unless_told_otherwise(monkeypatch):
    from sitrep.classify.embed import THREADS_ENV
    from sitrep.ingest.runner import one_classifier_thread

    monkeypatch.delenv(THREADS_ENV, raising=False)
    one_classifier_thread()
    assert os.environ[THREADS_ENV] == "1"
    monkeypatch.setenv(THREADS_ENV, "2")
    one_classifier_thread()
    assert os.environ[THREADS_ENV] == "2"
