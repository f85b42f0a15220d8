"""The engine: runs the stages on documents, one :class:`~sitrep.analysis.Analysis` per document.

A pipeline is an ordered list of registered stage names (:mod:`sitrep.stages`). Building one checks that
every stage's requirements are assigned by an earlier stage, so ``Pipeline(stages=["events"])`` fails
with a message naming the missing stages instead of silently coding events without actors.

Default order: ``dates`` -> ``actors`` -> ``places`` -> ``events`` -> ``classify`` -> ``figures`` ->
``relations`` -> ``link``. ``classify`` lets the learned sentence classifier refine the dictionary coder's
ACLED types; leave it out (``DICTIONARY_STAGES``) for the dictionary coder alone.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from typing import Any, Iterable, Iterator, Optional

from .analysis import Analysis, Classifier
from .dictionaries.bundle import Lexicons, default_lexicons
from .model import Document, Result, to_dict
from .nlp.load import load_nlp
from .stages import DEFAULT_STAGES, DICTIONARY_STAGES, check_order, get_stage
from .stages.classify import answer_batch
from .validation import validate_result

# Set to 1 to check every result against the JSON Schema and its evidence offsets as it is made
# (the test suite does; a SitrepError names the first problems).
VALIDATE_ENV = "SITREP_VALIDATE"

# the stage whose classifier calls Pipeline.pipe makes once per batch of documents
BATCHED_STAGE = "classify"

__all__ = ["DEFAULT_STAGES", "DICTIONARY_STAGES", "Pipeline", "default_pipeline", "document_id", "extract"]


def document_id(text: str) -> str:
    """A stable id for a document without one: a hash of its text."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class Pipeline:
    """Runs the stages on documents. Owns the spaCy model, the dictionaries and the classifier."""

    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, lexicons: Optional[Lexicons] = None,
                 nlp: Any = None, classifier: Optional[Classifier] = None, validate: Optional[bool] = None):
        """``lexicons``: the dictionaries and tables the stages use (default: the shipped ones);
        ``classifier``: what the ``classify`` stage predicts with (default: the shipped classifier);
        ``validate``: check every result against the JSON Schema (default: ``$SITREP_VALIDATE`` is 1)."""
        self.classifier = classifier
        self.validate = os.environ.get(VALIDATE_ENV) == "1" if validate is None else validate
        self.stage_names = list(stages)
        specs = [get_stage(n) for n in self.stage_names]
        check_order(specs)
        self.stages = [s.fn for s in specs]
        self.lexicons = lexicons if lexicons is not None else default_lexicons()
        self.nlp = nlp if nlp is not None else load_nlp()

    def analyse(self, document: Document, doc: Any = None) -> Analysis:
        if doc is None:
            doc = self.nlp(document.text)
        analysis = self._analysis(document, doc)
        for fn in self.stages:
            fn(analysis)
        return analysis

    def _analysis(self, document: Document, doc: Any) -> Analysis:
        return Analysis(document=document, doc=doc, lexicons=self.lexicons, classifier=self.classifier)

    def __call__(self, document: Document) -> Result:
        return self._finish(self.analyse(document))

    def _finish(self, analysis: Analysis) -> Result:
        result = analysis.result()
        if self.validate:
            validate_result(to_dict(result))
        return result

    def pipe(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Result]:
        """Extract many documents, parsing them in batches (output in input order)."""
        batch: list[Document] = []
        for d in documents:
            batch.append(d)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> Iterator[Result]:
        """The stages before ``classify`` on every document of the batch, then one classifier call for
        the sentences of the whole batch (:func:`~sitrep.stages.classify.answer_batch`), then the rest
        per document. The results are those of :meth:`analyse` on each document alone."""
        analyses = [self._analysis(d, doc) for d, doc in zip(batch, self.nlp.pipe(d.text for d in batch))]
        split = self.stage_names.index(BATCHED_STAGE) if BATCHED_STAGE in self.stage_names else 0
        for analysis in analyses:
            for fn in self.stages[:split]:
                fn(analysis)
        if split:
            answer_batch(analyses)
        for analysis in analyses:
            for fn in self.stages[split:]:
                fn(analysis)
            yield self._finish(analysis)


_default_pipeline: Optional[Pipeline] = None


def default_pipeline() -> Pipeline:
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def extract(
    text: str,
    published: Optional[str | _dt.date] = None,
    *,
    source: Optional[str] = None,
    id: Optional[str] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
) -> Result:
    """Code one report: ``sitrep.extract(text, published="2020-03-05")``."""
    document = Document(id=id or document_id(text), text=text, published=published,  # type: ignore[arg-type]
                        source=source, url=url, title=title)
    return default_pipeline()(document)
