"""The pinned spaCy pipeline is the official en_core_web_sm 3.8.0 under another package name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sitrep.nlp.load import MODEL_VERSION, OFFICIAL_META, PARAGRAPH_BREAKS
from sitrep.resources import data_path

RECORD = json.loads(data_path("provenance", "spacy-model.json").read_text("utf-8"))


def test_installed_model_meta_matches_the_official_release(nlp):
    meta = nlp.meta
    official = RECORD["official"]
    assert meta["version"] == MODEL_VERSION == official["version"]
    assert meta["spacy_git_version"] == official["spacy_git_version"]
    # Sitrep adds one component of its own before the parser (sentence ends at blank lines and headings)
    own = [p for p in meta["pipeline"] if p != PARAGRAPH_BREAKS]
    assert own == official["pipeline"] == OFFICIAL_META["pipeline"]
    assert [c for c in meta["components"] if c != PARAGRAPH_BREAKS] == official["components"]
    assert meta["disabled"] == official["disabled"]
    assert meta["labels"]["ner"] == official["ner_labels"]
    for key, value in official["performance"].items():
        assert meta["performance"][key] == pytest.approx(value, abs=1e-9), key


def test_installed_model_files_match_the_recorded_checksums(nlp):
    root = Path(nlp.path)
    for rel, digest in RECORD["installed_file_sha256"].items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest, rel


def test_pipeline_reads_the_founding_example_entities(nlp, seed_text):
    ents = {(e.text, e.label_) for e in nlp(seed_text).ents}
    assert ("Moscow", "GPE") in ents
    assert ("Vladimir Putin", "PERSON") in ents
