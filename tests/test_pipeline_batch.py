"""Pipeline.pipe classifies the sentences of a whole batch of documents in one classifier call, with the
same results as each document run alone (issue 15)."""

from __future__ import annotations

from sitrep.classify import Prediction
from sitrep.model import Document, to_dict
from sitrep.pipeline import Pipeline
from sitrep.stages import DICTIONARY_STAGES, classify
from sitrep.stages.classify import Answered, answer_batch, sentences_to_classify

SHELLING = Prediction("ASSAULT", 0.9, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.9)

TEXTS = [
    "Syrian government forces clashed with rebels near Saraqib on Monday. Police arrested 15 protesters in Ankara.",
    "Rebels shelled the outskirts of Aleppo on Tuesday, killing four civilians. Talks resumed in Geneva.",
    "Heavy floods in the province this week. The weather was mild in the capital.",
    "Syrian government forces clashed with rebels near Saraqib on Monday. Nothing else happened.",
]


class RecordingClassifier:
    """Answers every sentence with one fixed prediction and records each call."""

    def __init__(self, prediction: Prediction = SHELLING):
        self.prediction = prediction
        self.calls: list[list[str]] = []

    def predict(self, sentences):
        self.calls.append(list(sentences))
        return [self.prediction for _ in self.calls[-1]]


def _docs() -> list[Document]:
    return [Document(id=f"d{i}", text=t, published="2020-03-02") for i, t in enumerate(TEXTS)]


def test_pipe_makes_one_classifier_call_per_batch_with_each_sentence_once():
    clf = RecordingClassifier()
    pipeline = Pipeline(classifier=clf)
    list(pipeline.pipe(_docs(), batch_size=len(TEXTS)))
    assert len(clf.calls) == 1
    [call] = clf.calls
    assert len(call) == len(set(call))  # the sentence shared by two documents is asked about once
    wanted = {t for d in _docs() for t in sentences_to_classify(_analysed_to_events(pipeline, d))}
    assert set(call) == wanted and any("Saraqib" in s for s in call) and any("floods" in s for s in call)


def _analysed_to_events(pipeline: Pipeline, document: Document):
    analysis = pipeline._analysis(document, pipeline.nlp(document.text))
    for fn in pipeline.stages[: pipeline.stage_names.index("classify")]:
        fn(analysis)
    return analysis


def test_pipe_gives_the_results_of_each_document_alone():
    alone = [to_dict(Pipeline(classifier=RecordingClassifier())(d)) for d in _docs()]
    clf = RecordingClassifier()
    for batch_size in (1, 3, len(TEXTS)):
        batched = [to_dict(r) for r in Pipeline(classifier=clf).pipe(_docs(), batch_size=batch_size)]
        assert batched == alone
    assert any(e["coder"] != "dictionary" for r in alone for e in r["events"])  # the classifier mattered


def test_pipe_without_the_classify_stage_never_calls_a_classifier():
    clf = RecordingClassifier()
    results = list(Pipeline(stages=DICTIONARY_STAGES, classifier=clf).pipe(_docs(), batch_size=2))
    assert len(results) == len(TEXTS) and clf.calls == []


def test_answered_asks_the_classifier_only_about_sentences_it_was_not_given():
    clf = RecordingClassifier()
    other = Prediction("PROTEST", 0.5, None, None, 0.5)
    answered = Answered({"Known.": other}, clf)
    assert answered.predict(["Known.", "New.", "New."]) == [other, SHELLING, SHELLING]
    assert clf.calls == [["New."]]
    answered.predict(["New."])
    assert clf.calls == [["New."]]


def test_pipe_plans_each_documents_classifier_work_once(monkeypatch):
    """The batch's classifier call and the stage share one plan per document (issue 15)."""
    made = []
    original = classify.Plan.of.__func__

    def counting(cls, analysis):
        made.append(analysis.document.id)
        return original(cls, analysis)

    monkeypatch.setattr(classify.Plan, "of", classmethod(counting))
    results = list(Pipeline(classifier=RecordingClassifier()).pipe(_docs(), batch_size=len(TEXTS)))
    assert len(results) == len(TEXTS)
    assert sorted(made) == sorted(d.id for d in _docs())


def test_a_plan_made_before_the_events_changed_is_made_again():
    analysis = _analysed_to_events(Pipeline(classifier=RecordingClassifier()), _docs()[0])
    assert len(analysis.events) >= 1
    answer_batch([analysis])
    planned = analysis.classifier.plans[id(analysis)][1]
    analysis.events.pop()
    fresh = classify._planned(analysis)
    assert fresh is not planned and fresh.events == tuple(map(id, analysis.events))
    assert id(analysis) not in analysis.classifier.plans  # a plan is used (or dropped) once
