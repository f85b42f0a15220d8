"""The dictionaries and tables a :class:`~sitrep.pipeline.Pipeline` owns (:class:`Lexicons`).

A caller swaps any of them by building a ``Lexicons`` of its own, for example PETRARCH's fictional
validation actors for ``sitrep eval petrarch``, without touching global state:
``Pipeline(lexicons=dataclasses.replace(default_lexicons(), actors=my_actors))``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .actors import ActorDictionary, AgentDictionary
from .cameo import VerbDictionary
from .codebook import Codebook


@dataclass(frozen=True)
class Lexicons:
    actors: ActorDictionary
    agents: AgentDictionary
    verbs: VerbDictionary
    vocab: Codebook


@functools.lru_cache(maxsize=1)
def default_lexicons() -> Lexicons:
    """The shipped dictionaries, loaded once per process."""
    return Lexicons(
        actors=ActorDictionary.load_default(),
        agents=AgentDictionary.load_default(),
        verbs=VerbDictionary.load_default(),
        vocab=Codebook.load_default(),
    )
