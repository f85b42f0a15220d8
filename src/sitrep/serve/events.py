"""``/v1/events`` (filtered, keyset-paged, in every export format, streamed), ``/v1/events/{id}``
(with each source's evidence and the fusion reasons) and ``/v1/deleted``."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Any, Iterator, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from ..export.stream import MEDIA_TYPES, stream
from ..fuse.model import FusedEvent
from ..model import from_dict
from ..store.api_documents import event_detail
from ..store.api_queries import BadCursor, EventQuery, deleted_since, event_page, iter_event_rows, sync_as_of
from .errors import BAD, NOT_FOUND, ApiError, Responses
from .params import EventFilters, clean, parse_fields, parse_time

router = APIRouter(prefix="/v1", tags=["events"])
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    csv = "csv"
    hxl = "hxl"
    cameo = "cameo"
    plover = "plover"
    parquet = "parquet"


EXPORT_CONTENT: dict[str, dict[str, Any]] = {MEDIA_TYPES[f]: {} for f in MEDIA_TYPES}
EVENTS_OK: Responses = {
    200: {
        "description": "A page of fused events (JSON), or the export in the asked format "
        "(streamed; the next page's cursor in the X-Next-Cursor header)",
        "content": {"application/json": {}, **EXPORT_CONTENT},
    }
}


def _store(request: Request):
    return request.app.state.store


def _cursor(value: Optional[str]) -> Optional[str]:
    return clean("cursor", value)


def _json_page(
    store, q: EventQuery, limit: int, cursor: Optional[str], with_total: bool, fields: Optional[list[str]]
) -> Response:
    page = event_page(store, q, limit, cursor, with_total)
    if fields:
        rows = [
            json.dumps({k: v for k, v in json.loads(r).items() if k in fields}, ensure_ascii=False) for r in page.rows
        ]
    else:
        rows = page.rows  # the stored JSON, passed through unparsed
    meta = json.dumps({"next_cursor": page.next_cursor, "total": page.total, "limit": limit, "as_of": page.as_of})
    body = '{"events":[' + ",".join(rows) + "]," + meta[1:]
    return Response(body.encode("utf-8"), media_type="application/json")


def _events(rows: list[str]) -> list[FusedEvent]:
    return [from_dict(FusedEvent, json.loads(r)) for r in rows]


def _export(store, q: EventQuery, fmt: str, limit: Optional[int], cursor: Optional[str]) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="events.{fmt}"'}
    if limit is not None:  # one page: its cursor is known before the body is sent
        page = event_page(store, q, limit, cursor)
        batches: Iterator[list[FusedEvent]] = iter([_events(page.rows)])
        if page.next_cursor:
            headers["X-Next-Cursor"] = page.next_cursor
    else:
        first = next(iter_event_rows(store, q, None, cursor), ([], None))  # bad input fails here, not mid-stream
        rest = iter_event_rows(store, q, None, first[1]) if first[1] else iter(())
        batches = (_events(rows) for rows, _ in _chain(first, rest))
    return StreamingResponse(stream(fmt, batches), media_type=MEDIA_TYPES[fmt], headers=headers)


def _chain(first, rest):
    yield first
    yield from rest


@router.get("/events", responses={**EVENTS_OK, **BAD}, summary="Fused events")
def list_events(
    request: Request,
    q: EventFilters,
    limit: Annotated[
        Optional[int],
        Query(
            ge=1,
            le=MAX_LIMIT,
            description="Page size (default 100 for json; the export formats stream every match without it)",
        ),
    ] = None,
    cursor: Annotated[
        Optional[str], Query(max_length=400, description="Opaque: the next_cursor of the previous page")
    ] = None,
    with_total: Annotated[bool, Query(description="Also count every match (costs a query)")] = False,
    format: Annotated[Format, Query(description="json (paged), or an export format")] = Format.json,
    fields: Annotated[
        Optional[str], Query(max_length=400, description="json only: comma-separated top-level fields")
    ] = None,
) -> Response:
    """Fused events matching the filters, in (date, id) order, one page at a time."""
    store = _store(request)
    cursor = _cursor(cursor)
    try:
        if format is Format.json:
            return _json_page(store, q, limit or DEFAULT_LIMIT, cursor, with_total, parse_fields(fields))
        return _export(store, q, format.value, limit, cursor)
    except BadCursor as exc:
        raise ApiError(400, str(exc), "cursor") from None


@router.get("/events/{id}", responses={**NOT_FOUND, **BAD}, summary="One fused event with its evidence")
def get_event(request: Request, id: str) -> dict:
    """The fused event: every source report with its document, evidence sentence and offsets, each
    fact's evidence (the event's and its figures'), and the reasons fusion gave for merging."""
    found = event_detail(_store(request), clean("id", id) or "")
    if found is None:
        raise ApiError(404, f"no fused event {id!r}", "id")
    return found


@router.get("/deleted", responses=BAD, summary="Fused ids removed by a re-fusion")
def deleted(
    request: Request,
    since: Annotated[Optional[str], Query(max_length=200, description="Only removed after this ISO time")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[Optional[str], Query(max_length=400)] = None,
) -> dict:
    """Fused event ids that existed and disappeared when fusion was recomputed (oldest first)."""
    store = _store(request)
    try:
        items, nxt = deleted_since(store, parse_time("since", since), limit, _cursor(cursor))
    except BadCursor as exc:
        raise ApiError(400, str(exc), "cursor") from None
    return {"deleted": items, "next_cursor": nxt, "as_of": sync_as_of(store)}
