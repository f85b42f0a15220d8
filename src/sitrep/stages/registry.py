"""The stage registry: a stage is a function ``fn(analysis) -> None`` registered under a name, with
what it needs on the :class:`~sitrep.analysis.Analysis` (``requires``) and what it fills in
(``assigns``), like spaCy's pipeline components. The built-in stages are registered in one place,
:mod:`sitrep.stages`; a caller registers its own with :func:`stage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..analysis import Analysis

StageFn = Callable[[Analysis], None]

# What a stage may declare it requires or assigns: the Analysis fields stages fill in.
FIELDS = ("dates", "actors", "places", "focus", "events", "figures", "relations")


@dataclass(frozen=True)
class StageSpec:
    name: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


class PipelineError(ValueError):
    """A pipeline whose stages cannot run in the order given (unknown stage, unmet requirement)."""


_REGISTRY: dict[str, StageSpec] = {}


def register(name: str, fn: StageFn, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> StageSpec:
    """Register ``fn`` as the stage ``name`` (a later registration under the same name replaces it)."""
    spec = StageSpec(name, fn, tuple(requires), tuple(assigns))
    unknown = [f for f in spec.requires + spec.assigns if f not in FIELDS]
    if unknown:
        raise PipelineError(f"stage {name!r} declares unknown fields {unknown}; known: {', '.join(FIELDS)}")
    _REGISTRY[name] = spec
    return spec


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> Callable[[StageFn], StageFn]:
    """Decorator form of :func:`register` for stages of one's own."""

    def decorate(fn: StageFn) -> StageFn:
        register(name, fn, requires=requires, assigns=assigns)
        return fn

    return decorate


def get_stage(name: str) -> StageSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PipelineError(f"no pipeline stage named {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None


def registered() -> list[str]:
    return sorted(_REGISTRY)


def check_order(specs: Sequence[StageSpec]) -> None:
    """Fail, naming the stage and what it misses, when a stage requires what no earlier stage assigns."""
    assigned: dict[str, str] = {}
    for spec in specs:
        for need in spec.requires:
            if need not in assigned:
                providers = [s.name for s in _REGISTRY.values() if need in s.assigns]
                hint = f"add stage {' or '.join(repr(p) for p in providers)} before it" if providers else \
                    "no registered stage assigns it"
                raise PipelineError(f"stage {spec.name!r} requires {need!r}, which no earlier stage in the "
                                    f"pipeline assigns: {hint}")
        for field_name in spec.assigns:
            assigned.setdefault(field_name, spec.name)
