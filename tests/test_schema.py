"""The output contract: every result matches the published JSON Schema, and evidence offsets are true."""

from __future__ import annotations

import pytest

from sitrep.errors import SitrepError
from sitrep.model import Document, Event, EventType, Evidence, Result, from_dict, to_dict
from sitrep.validation import check_offsets, schema_errors, validate_result


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


def test_the_suite_checks_every_result_its_pipelines_make():
    """conftest turns validation on, so any test whose pipeline output departs from the schema fails."""
    from sitrep.pipeline import Pipeline

    assert Pipeline(stages=["dates"]).validate is True
    assert Pipeline(stages=["dates"], validate=False).validate is False


def test_a_validating_pipeline_rejects_a_stage_that_breaks_the_contract():
    from sitrep.stages import register

    def misplaced_evidence(analysis):
        ev = Evidence(text="not in the text", start=0, end=15)
        analysis.events.append(Event(id="e1", type=EventType(cameo="010"), evidence=ev))

    register("misplaced_evidence_test", misplaced_evidence, assigns=["events"])
    from sitrep.pipeline import Pipeline

    document = Document(id="d", text="Something happened in a town.")
    assert Pipeline(stages=["misplaced_evidence_test"], validate=False)(document).events
    with pytest.raises(SitrepError, match="offsets 0-15 do not match"):
        Pipeline(stages=["misplaced_evidence_test"], validate=True)(document)


def test_sitrep_extract_is_the_function_and_the_stages_are_a_package_of_their_own():
    import sitrep
    import sitrep.stages.events  # noqa: F401

    assert callable(sitrep.extract) and sitrep.extract.__module__ == "sitrep.pipeline"
