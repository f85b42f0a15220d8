"""The output contract: every result matches the published JSON Schema, and evidence offsets are true."""

from __future__ import annotations

import pytest

from sitrep.model import Document, Evidence, Event, EventType, Result, from_dict, to_dict
from sitrep.validation import check_offsets, schema_errors, validate_result
from sitrep.errors import SitrepError

from conftest import produced_results


def test_the_schema_rejects_a_result_missing_a_section():
    result = to_dict(Result(document=Document(id="d", text="x")))
    del result["figures"]
    assert any("figures" in e for e in schema_errors(result))


def test_the_schema_rejects_a_country_that_is_not_alpha3():
    text = "Turkey acted."
    result = to_dict(Result(document=Document(id="d", text=text)))
    result["actors"] = [{"text": "Turkey", "name": "Turkey", "country": "TR", "sector": None, "code": "TUR"}]
    assert schema_errors(result)


def test_evidence_offsets_must_point_at_the_sentence():
    text = "First sentence. Second one."
    ev = Evidence(text="Second one.", start=16, end=27)
    event = Event(id="e1", type=EventType(cameo="010"), evidence=ev)
    result = to_dict(Result(document=Document(id="d", text=text), events=[event]))
    assert check_offsets(result) == []
    result["events"][0]["evidence"]["start"] = 10
    assert check_offsets(result)
    with pytest.raises(SitrepError, match="offsets"):
        validate_result(result)


def test_results_round_trip_through_dicts():
    text = "First sentence."
    event = Event(id="e1", type=EventType(cameo="195", plover="ASSAULT"),
                  evidence=Evidence(text=text, start=0, end=len(text)))
    result = Result(document=Document(id="d", text=text, published="2020-03-05"), events=[event])
    again = from_dict(Result, to_dict(result))
    assert again == result


def test_every_result_of_the_suite_matches_the_schema():
    """Runs last (see conftest): validates every Result any test produced through the pipeline."""
    results = produced_results()
    if not results:
        pytest.skip("no test in this run produced pipeline output")
    problems = []
    for r in results:
        d = to_dict(r)
        for p in schema_errors(d) + check_offsets(d):
            problems.append(f"{r.document.id}: {p}")
    assert problems == [], "\n".join(problems[:20])


def test_sitrep_extract_is_the_function_and_the_stages_are_a_package_of_their_own():
    import sitrep
    import sitrep.stages.events  # noqa: F401

    assert callable(sitrep.extract) and sitrep.extract.__module__ == "sitrep.pipeline"
