"""``/v1/figures``, ``/v1/series``, ``/v1/actors``, ``/v1/places``, ``/v1/sources``, ``/v1/facets`` and
``/v1/timeline``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request

from ..store import api_facts as F
from ..store.api_queries import BadCursor
from .errors import BAD, ApiError
from .params import MAX_TEXT, EventFilters, clean, iso_date

router = APIRouter(prefix="/v1")
Text = Annotated[Optional[str], Query(max_length=MAX_TEXT)]
Limit = Annotated[int, Query(ge=1, le=1000)]


class Facet(str, Enum):
    type = "type"
    country = "country"
    actor = "actor"
    month = "month"


class Interval(str, Enum):
    day = "day"
    week = "week"
    month = "month"


@router.get("/figures", tags=["figures"], responses=BAD, summary="Figures as each report gave them")
def figures(
    request: Request,
    kind: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="killed, injured, displaced, refugees, ...")
    ] = None,
    country: Text = None,
    since: Text = None,
    until: Text = None,
    source: Text = None,
    document: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="A document id (sha256:…)")] = None,
    limit: Limit = 100,
    cursor: Annotated[Optional[str], Query(max_length=400)] = None,
) -> dict:
    """Every figure extracted (killed, injured, displaced, refugees...), report by report, with its
    place, dates and evidence sentence; keyset-paged."""
    fq = F.FigureQuery(
        kind=clean("kind", kind),
        country=clean("country", country),
        since=iso_date("since", since),
        until=iso_date("until", until),
        source=clean("source", source),
        document=clean("document", document),
    )
    try:
        items, nxt = F.figures_page(request.app.state.store, fq, limit, clean("cursor", cursor))
    except BadCursor as exc:
        raise ApiError(400, str(exc), "cursor") from None
    return {"figures": items, "next_cursor": nxt}


@router.get("/series", tags=["figures"], responses=BAD, summary="Figure series over time")
def series(
    request: Request,
    kind: Text = None,
    country: Text = None,
    key: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="One series, e.g. displaced@SYR/Idlib")
    ] = None,
) -> dict:
    """Standalone figures (displacement, refugees...) over time per place: low/best/high at each date
    and the number each source gave."""
    store = request.app.state.store
    return {"series": F.series_list(store, clean("kind", kind), clean("country", country), clean("key", key))}


@router.get("/actors", tags=["facts"], responses=BAD, summary="Actors of fused events")
def actors(
    request: Request,
    q: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="Code or name substring")] = None,
    country: Text = None,
    limit: Limit = 100,
) -> dict:
    """Actors (either side of an event) with how many fused events each is in."""
    return {"actors": F.actors(request.app.state.store, clean("q", q), clean("country", country), limit)}


@router.get("/places", tags=["facts"], responses=BAD, summary="Places of fused events")
def places(
    request: Request,
    q: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="Name substring")] = None,
    country: Text = None,
    limit: Limit = 100,
) -> dict:
    """Places with coordinates, the number of fused events there and their killed (best) total."""
    return {"places": F.places(request.app.state.store, clean("q", q), clean("country", country), limit)}


@router.get("/sources", tags=["facts"], summary="Reporting sources")
def sources(request: Request) -> dict:
    """Each reporting source with its number of documents and fused events and its publication range."""
    return {"sources": F.sources(request.app.state.store)}


@router.get("/facets", tags=["events"], responses=BAD, summary="Counts of fused events by a facet")
def facets(request: Request, q: EventFilters, facet: Facet, limit: Limit = 100) -> dict:
    """Counts of the fused events matching the filters, by type, country, actor code or month."""
    return {"facet": facet.value, "counts": F.facet_counts(request.app.state.store, q, facet.value, limit)}


@router.get("/timeline", tags=["events"], responses=BAD, summary="Fused events over time")
def timeline(request: Request, q: EventFilters, interval: Interval = Interval.day) -> dict:
    """The matching fused events per day, week (from Monday) or month of their start, with killed (best)."""
    return {"interval": interval.value, "buckets": F.timeline(request.app.state.store, q, interval.value)}
