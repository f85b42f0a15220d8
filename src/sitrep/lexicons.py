"""The dictionaries the coders use, loaded once from the package's data folder.

``Lexicons`` bundles them so that a caller (``sitrep eval petrarch``) can swap in other dictionaries,
for example PETRARCH's fictional validation actors, without touching global state.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``sitrep/data``."""
    return Path(str(resources.files("sitrep") / "data")).joinpath(*parts)


@dataclass
class Lexicons:
    actors: "object"  # sitrep.resolve.actors.ActorDictionary
    agents: "object"  # sitrep.resolve.actors.AgentDictionary
    verbs: "object"  # sitrep.extract.cameo.VerbDictionary
    vocab: "object"  # sitrep.vocab.Vocabulary


@functools.lru_cache(maxsize=1)
def default() -> Lexicons:
    from .extract.cameo import VerbDictionary
    from .resolve.actors import ActorDictionary, AgentDictionary
    from .vocab import Vocabulary

    return Lexicons(
        actors=ActorDictionary.load_default(),
        agents=AgentDictionary.load_default(),
        verbs=VerbDictionary.load_default(),
        vocab=Vocabulary.load_default(),
    )
