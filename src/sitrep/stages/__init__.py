"""The built-in pipeline stages, in run order, registered here and nowhere else.

==================  ===========================  ==========================  ==========================
stage               module                       requires                    assigns
==================  ===========================  ==========================  ==========================
``dates``           :mod:`.dates`                                            dates
``actors``          :mod:`.actors`                                           actors
``places``          :mod:`.places`               actors                      places, focus
``events``          :mod:`.events`               dates, actors, places       events
``classify``        :mod:`.classify`             events                      events
``classify-uncoded`` :mod:`.classify`            events, dates, places       events
``figures``         :mod:`.figures`              dates, actors, places       figures
``relations``       :mod:`.relations`            actors                      relations
``statements``      :mod:`.statements`           events, dates               events
``tallies``         :mod:`.tallies`              figures, events, dates      figures, events
``link``            :mod:`.link`                 events, figures             events, figures
``incidents``       :mod:`.incidents`            events, figures             events, figures
==================  ===========================  ==========================  ==========================

:mod:`.lookup` holds what several stages share: which date and which place govern a token.
"""

from __future__ import annotations

from . import actors, classify, dates, events, figures, incidents, link, places, relations, statements, tallies
from .registry import (
    PipelineError,
    StageSpec,
    check_order,
    get_stage,
    register,
    registered,
    stage,
)

DEFAULT_STAGES = ("dates", "actors", "places", "events", "classify", "figures", "relations", "statements", "tallies",
                  "link", "incidents")
# the dictionary coder alone: no learned classifier (CAMEO codes and actors are the same either way)
DICTIONARY_STAGES = tuple(s for s in DEFAULT_STAGES if s != "classify")

register("dates", dates.dates_stage, assigns=["dates"])
register("actors", actors.actors_stage, assigns=["actors"])
register("places", places.places_stage, requires=["actors"], assigns=["places", "focus"])
register("events", events.code_events, requires=["dates", "actors", "places"], assigns=["events"])
register("classify", classify.classify_events, requires=["events"], assigns=["events"])
register("classify-uncoded", classify.classify_uncoded, requires=["events", "dates", "places"], assigns=["events"])
register("figures", figures.figures_stage, requires=["dates", "actors", "places"], assigns=["figures"])
register("relations", relations.relations_stage, requires=["actors"], assigns=["relations"])
register("statements", statements.statements_stage, requires=["events", "dates"], assigns=["events"])
register("tallies", tallies.tallies_stage, requires=["figures", "events", "dates"], assigns=["figures", "events"])
register("link", link.link_stage, requires=["events", "figures"], assigns=["events", "figures"])
register("incidents", incidents.incidents_stage, requires=["events", "figures"], assigns=["events", "figures"])

__all__ = [
    "DEFAULT_STAGES", "DICTIONARY_STAGES", "PipelineError", "StageSpec", "check_order", "get_stage", "register",
    "registered", "stage",
]
