"""Shared fixtures. Gold data and lexicons live in ../shared/ beside the repository; tests that need them
skip cleanly when it is absent (users install Sitrep without it)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def index_cache_dir(config) -> Path:
    """Where tests keep built indexes (the gazetteer), reused across runs and never ~/.cache: pytest's cache
    dir, or, when the cache plugin is off (``-p no:cacheprovider``), a per-user folder in the temp dir."""
    if getattr(config, "cache", None) is not None:
        return Path(config.cache.mkdir("sitrep-cache"))
    d = Path(tempfile.gettempdir()) / f"sitrep-test-cache-{os.getuid()}"
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="session", autouse=True)
def _sitrep_cache_dir(request):
    """Built indexes go to :func:`index_cache_dir` unless ``$SITREP_CACHE_DIR`` says otherwise."""
    if not os.environ.get("SITREP_CACHE_DIR"):
        os.environ["SITREP_CACHE_DIR"] = str(index_cache_dir(request.config))
    yield


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: gold data not available")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    return (shared_dir / "seed" / "idlib-2020-03-05.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected(shared_dir) -> dict:
    return json.loads((shared_dir / "seed" / "idlib-2020-03-05.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    from sitrep.nlp.load import load_nlp

    return load_nlp()


# --- every result the test suite produces is checked against the JSON Schema -----------------------
# Pipelines built while the tests run check each result as they make it (sitrep.pipeline.VALIDATE_ENV):
# a result that departs from the schema, or evidence offsets that do not point at their sentence, fail
# the test that produced it.
os.environ.setdefault("SITREP_VALIDATE", "1")
