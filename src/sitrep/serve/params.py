"""Query parameters shared by the event endpoints, checked here so that a bad value is a 400 naming it.

Strings are untrusted: control characters and over-long values are refused before any query runs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Optional

from fastapi import Depends, Query

from ..store.api_queries import EventQuery
from ..store.sync import normalise_time
from .errors import ApiError

MAX_TEXT = 200
Text = Annotated[Optional[str], Query(max_length=MAX_TEXT)]
EVENT_FIELDS = (
    "id",
    "family",
    "type",
    "actor1",
    "actor2",
    "location",
    "date",
    "figures",
    "sources",
    "reasons",
    "confidence",
)


def clean(name: str, value: Optional[str]) -> Optional[str]:
    """``value`` stripped, None when empty; a 400 naming ``name`` when it holds control characters."""
    if value is None:
        return None
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ApiError(400, "must not contain control characters", name)
    value = value.strip()
    return value or None


def iso_date(name: str, value: Optional[str]) -> Optional[str]:
    value = clean(name, value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(400, f"{value!r} is not an ISO date (YYYY-MM-DD)", name) from None


def _floats(name: str, value: str, n: int, shape: str) -> list[float]:
    parts = value.split(",")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        nums = []
    if len(nums) != n or not all(math.isfinite(x) for x in nums):
        raise ApiError(400, f"{value!r} is not {shape}", name)
    return nums


def _check_lat_lon(name: str, lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ApiError(400, "latitudes are within -90..90 and longitudes within -180..180", name)


def parse_bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    value = clean("bbox", value)
    if value is None:
        return None
    min_lon, min_lat, max_lon, max_lat = _floats("bbox", value, 4, "min_lon,min_lat,max_lon,max_lat")
    _check_lat_lon("bbox", min_lat, min_lon)
    _check_lat_lon("bbox", max_lat, max_lon)
    if min_lat > max_lat:
        raise ApiError(400, "min_lat is above max_lat", "bbox")
    return min_lon, min_lat, max_lon, max_lat


def parse_near(value: Optional[str]) -> Optional[tuple[float, float, float]]:
    value = clean("near", value)
    if value is None:
        return None
    lat, lon, km = _floats("near", value, 3, "lat,lon,km")
    _check_lat_lon("near", lat, lon)
    if not 0 < km <= 20038:
        raise ApiError(400, "the radius (km) must be above 0 and at most 20038", "near")
    return lat, lon, km


def parse_fields(value: Optional[str]) -> Optional[list[str]]:
    value = clean("fields", value)
    if value is None:
        return None
    fields = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in fields if f not in EVENT_FIELDS]
    if unknown or not fields:
        raise ApiError(
            400, f"unknown field {unknown[0] if unknown else value!r}; known: {', '.join(EVENT_FIELDS)}", "fields"
        )
    return fields


def parse_text_query(value: Optional[str]) -> Optional[str]:
    value = clean("q", value)
    if value is not None and not re.findall(r"\w+", value):
        raise ApiError(400, f"{value!r} has no words to search for", "q")
    return value


def parse_time(name: str, value: Optional[str]) -> Optional[str]:
    value = clean(name, value)
    if value is None:
        return None
    try:
        return normalise_time(value)
    except ValueError:
        raise ApiError(400, f"{value!r} is not an ISO-8601 date or date-time", name) from None


def event_query(
    country: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="ISO 3166-1 alpha-3 of the event's place")
    ] = None,
    admin1: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="First-level region (substring, any case)")
    ] = None,
    type: Annotated[
        Optional[str],
        Query(max_length=MAX_TEXT, description="PLOVER type, CAMEO code prefix or ACLED (sub-)event type"),
    ] = None,
    actor: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="CAMEO code prefix, ISO3 country or actor name")
    ] = None,
    since: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="Events ending on or after (YYYY-MM-DD)")
    ] = None,
    until: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="Events starting on or before (YYYY-MM-DD)")
    ] = None,
    q: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="Full text: all words in the reports or evidence")
    ] = None,
    bbox: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="min_lon,min_lat,max_lon,max_lat (WGS 84)")
    ] = None,
    near: Annotated[Optional[str], Query(max_length=MAX_TEXT, description="lat,lon,km: within km of a point")] = None,
    min_killed: Annotated[Optional[int], Query(ge=0, le=10**9, description="Killed (best estimate) at least")] = None,
    source: Annotated[
        Optional[str], Query(max_length=MAX_TEXT, description="Reported by this source (name, any case)")
    ] = None,
    precision: Annotated[
        Optional[str],
        Query(max_length=MAX_TEXT, description="Geo precision: point, town, admin2, admin1, region, country"),
    ] = None,
    updated_since: Annotated[
        Optional[str],
        Query(
            max_length=MAX_TEXT,
            description="Only events created or changed by a fusion after this ISO time "
            "(use the previous answer's as_of)",
        ),
    ] = None,
) -> EventQuery:
    """The event filters of a request, checked."""
    return EventQuery(
        country=clean("country", country),
        admin1=clean("admin1", admin1),
        type=clean("type", type),
        actor=clean("actor", actor),
        since=iso_date("since", since),
        until=iso_date("until", until),
        text=parse_text_query(q),
        bbox=parse_bbox(bbox),
        near=parse_near(near),
        min_killed=min_killed,
        source=clean("source", source),
        precision=clean("precision", precision),
        updated_since=parse_time("updated_since", updated_since),
    )


EventFilters = Annotated[EventQuery, Depends(event_query)]
