"""Property: no request that the OpenAPI document allows, nor any mutation of one, makes the API answer a
500 or a status its OpenAPI entry does not list (Schemathesis, in-process over ASGI, no network)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis (the dev extra) for this test")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import status_code_conformance  # noqa: E402

from fusefix import strike_reports  # noqa: E402
from sitrep.serve import create_app  # noqa: E402
from sitrep.store import Store  # noqa: E402


def _app():
    """An app over a fresh database of the fixture reports (the schema must exist when tests are collected)."""
    path = str(Path(_TMP.name) / "crisis.db")
    with Store(path) as store:
        store.add_results(strike_reports())
        store.refuse()
    # writes get a token the generated requests do not know: they must answer a documented 401, never ingest
    return create_app(path, token="not-known-to-the-generator")


_TMP = tempfile.TemporaryDirectory(prefix="sitrep-props-")
APP = _app()
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", APP)
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])


@pytest.fixture(scope="module", autouse=True)
def _close_the_store():
    yield
    APP.state.store.close()
    _TMP.cleanup()


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_no_input_yields_a_server_error_or_an_undocumented_status(case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text[:300]}"
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
