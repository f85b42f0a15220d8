"""Checking output against the published JSON Schema (``sitrep/schema/result.schema.json``)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from .errors import SitrepError


@functools.lru_cache(maxsize=1)
def result_schema() -> dict:
    return json.loads((resources.files("sitrep") / "schema" / "result.schema.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = result_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(result: dict) -> list[str]:
    """Every way ``result`` (a ``to_dict(Result)``) departs from the schema, as readable strings."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in _validator().iter_errors(result)
    ]


def check_offsets(result: dict) -> list[str]:
    """Evidence must point into the document: text[start:end] is the evidence sentence."""
    text = result["document"]["text"]
    problems = []

    def walk(node, path):
        if isinstance(node, dict):
            ev = node.get("evidence")
            if isinstance(ev, dict):
                if text[ev["start"]:ev["end"]] != ev["text"]:
                    problems.append(f"{path}/evidence: offsets {ev['start']}-{ev['end']} do not match its text")
                ms, me = ev.get("match_start"), ev.get("match_end")
                if ms is not None and not (ev["start"] <= ms <= me <= ev["end"]):
                    problems.append(f"{path}/evidence: match {ms}-{me} outside the sentence")
            for k, v in node.items():
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")

    walk({k: v for k, v in result.items() if k != "document"}, "")
    return problems


def validate_result(result: dict) -> None:
    """Raise SitrepError listing every schema or provenance problem of one result."""
    problems = schema_errors(result) + check_offsets(result)
    if problems:
        raise SitrepError("output does not match the Sitrep schema: " + "; ".join(problems[:10]))
