"""The package's shape, as specifications: data flows one way through the layers, no import circles,
stages declare what they need, and no function grows past what a reader can hold in mind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sitrep"

# Lower layers never import higher ones. A module may import its own layer (no circles, tested below).
LAYERS = [
    {"sitrep.errors", "sitrep.model", "sitrep.resources", "sitrep.mentions", "sitrep.validation", "sitrep.progress"},
    {"sitrep.nlp", "sitrep.grammar"},
    {"sitrep.dictionaries", "sitrep.geo", "sitrep.classify"},
    {"sitrep.analysis"},
    {"sitrep.stages"},
    {"sitrep.pipeline"},
    {"sitrep.fuse", "sitrep.export", "sitrep.store"},
    {"sitrep.ingest"},
    {"sitrep.evaluate", "sitrep.serve"},
    {"sitrep.commands", "sitrep.cli", "sitrep"},
]
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every sitrep module ``name`` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    best = None
    for k, layer in enumerate(LAYERS):
        for prefix in layer:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (k, len(prefix))
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {__file__}"
    return best[0]


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(GRAPH):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_no_import_circle_among_the_packages_modules():
    cycle = _cycle()
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_circle_finder_finds_a_circle():
    GRAPH["sitrep.model"].add("sitrep.pipeline")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["sitrep.model"].discard("sitrep.pipeline")


def test_no_module_imports_a_higher_layer():
    upward = [f"{m} (layer {_layer(m)}) imports {n} (layer {_layer(n)})"
              for m, targets in GRAPH.items() for n in sorted(targets)
              if _layer(n) > _layer(m) and not n.startswith(m + ".")]
    assert upward == []


def _long_functions() -> list[str]:
    out = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{name}.{node.name}: {length} lines")
    return out


def test_no_function_is_longer_than_sixty_lines():
    assert _long_functions() == []


def test_every_default_stage_has_its_requirements_met():
    from sitrep.stages import DEFAULT_STAGES, DICTIONARY_STAGES, check_order, get_stage

    for stages in (DEFAULT_STAGES, DICTIONARY_STAGES):
        check_order([get_stage(s) for s in stages])  # raises on an unmet requirement


def test_a_pipeline_missing_a_required_stage_names_it():
    from sitrep.pipeline import Pipeline
    from sitrep.stages import PipelineError

    with pytest.raises(PipelineError, match=r"stage 'events' requires 'dates'.*add stage 'dates'"):
        Pipeline(stages=["events"])
    with pytest.raises(PipelineError, match=r"requires 'actors'.*add stage 'actors'"):
        Pipeline(stages=["dates", "places"])


def test_an_unknown_stage_is_named_with_the_known_ones():
    from sitrep.pipeline import Pipeline
    from sitrep.stages import PipelineError

    with pytest.raises(PipelineError, match=r"no pipeline stage named 'evnts'; known: .*events"):
        Pipeline(stages=["evnts"])


def test_a_stage_of_ones_own_registers_with_its_requirements():
    from sitrep.stages import PipelineError, check_order, get_stage, stage

    @stage("count_events_test", requires=["events"], assigns=[])
    def count(analysis):  # pragma: no cover - never run
        pass

    assert get_stage("count_events_test").requires == ("events",)
    with pytest.raises(PipelineError):
        check_order([get_stage("count_events_test")])
    check_order([get_stage(s) for s in ("dates", "actors", "places", "events", "count_events_test")])


def test_stage_modules_import_as_a_package():
    import sitrep
    import sitrep.dictionaries.cameo  # noqa: F401
    import sitrep.stages.events  # noqa: F401

    assert callable(sitrep.extract)
