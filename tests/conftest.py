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


@pytest.fixture(scope="session", autouse=True)
def _sitrep_cache_dir(request):
    """Built indexes (the gazetteer) go to pytest's cache dir, reused across runs, never ~/.cache; with
    the cache plugin off (``-p no:cacheprovider``), to a temporary directory of the session."""
    if not os.environ.get("SITREP_CACHE_DIR"):
        cache = getattr(request.config, "cache", None)
        target = cache.mkdir("sitrep-cache") if cache is not None else tempfile.mkdtemp(prefix="sitrep-cache-")
        os.environ["SITREP_CACHE_DIR"] = str(target)
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
