"""Read queries behind the HTTP API (``sitrep serve``), on top of :class:`~sitrep.store.store.Store`.

Fused events are filtered with the store's own conditions (those of ``sitrep query``) plus the API's
(bounding box, distance, fatalities, source, precision, ``updated_since``) and paged by keyset on
``(coalesce(date_start, ''), fkey)``: a page never repeats or skips an event however deep it is, and
costs the same at any depth. The cursor is opaque to clients (base64 of the last key).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Iterator, Optional

from sqlalchemy import and_, func, literal_column, or_, select, tuple_

from ..errors import SitrepError
from . import schema as S
from .store import QueryFilters, Store
from .sync import fused_sync

EARTH_KM = 6371.0088


@dataclass
class EventQuery(QueryFilters):
    """``sitrep query``'s filters plus the API's."""

    bbox: Optional[tuple[float, float, float, float]] = None  # min_lon, min_lat, max_lon, max_lat
    near: Optional[tuple[float, float, float]] = None  # lat, lon, radius in km
    min_killed: Optional[int] = None
    source: Optional[str] = None  # the reporting source's name (case-insensitive)
    precision: Optional[str] = None  # geo precision of the event's place (town, admin1, country...)
    updated_since: Optional[str] = None  # normalised UTC time (sync.normalise_time)


class BadCursor(SitrepError):
    pass


def encode_cursor(key: tuple) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple:
    """The key a cursor carries (of ``types``); BadCursor when it was not made by :func:`encode_cursor`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("cursor is not one this server handed out") from None
    if (
        not isinstance(key, list)
        or len(key) != len(types)
        or not all(type(k) is t and not (isinstance(k, int) and abs(k) >= 2**62) for k, t in zip(key, types))
    ):
        raise BadCursor("cursor is not one this server handed out")
    return tuple(key)


def _order_key():
    fe = S.fused_events.c
    return func.coalesce(fe.date_start, literal_column("''")), fe.fkey


def _near_condition(lat: float, lon: float, km: float):
    """Great-circle distance (haversine) under ``km``, after a cheap bounding-box pre-filter."""
    fe = S.fused_events.c
    dlat = km / 111.2
    dlon = km / max(1e-6, 111.2 * math.cos(math.radians(lat)))
    lat_ok = fe.lat.between(lat - dlat, lat + dlat)
    box = lat_ok if dlon >= 180 else and_(lat_ok, fe.lon.between(lon - dlon, lon + dlon))
    hav = func.pow(func.sin(func.radians(fe.lat - lat) / 2), 2) + math.cos(math.radians(lat)) * func.cos(
        func.radians(fe.lat)
    ) * func.pow(func.sin(func.radians(fe.lon - lon) / 2), 2)
    return and_(box, 2 * EARTH_KM * func.asin(func.sqrt(hav)) <= km)


def _source_condition(name: str):
    m, d = S.fused_members.c, S.documents.c
    docs = select(m.fused_id).join(S.documents, d.id == m.document_id).where(func.lower(d.source) == name.lower())
    return S.fused_events.c.id.in_(docs)


def event_conditions(store: Store, q: EventQuery) -> list:
    fe = S.fused_events.c
    conds = store.conditions(q)
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        lon_ok = (
            fe.lon.between(min_lon, max_lon) if min_lon <= max_lon else or_(fe.lon >= min_lon, fe.lon <= max_lon)
        )  # a box across the antimeridian
        conds.append(and_(fe.lat.between(min_lat, max_lat), lon_ok))
    if q.near:
        conds.append(_near_condition(*q.near))
    if q.min_killed is not None:
        conds.append(fe.killed_best >= q.min_killed)
    if q.source:
        conds.append(_source_condition(q.source))
    if q.precision:
        conds.append(func.lower(fe.geo_precision) == q.precision.lower())
    if q.updated_since:
        changed = select(fused_sync.c.fkey).where(
            fused_sync.c.updated_at > q.updated_since, fused_sync.c.deleted_at.is_(None)
        )
        conds.append(fe.fkey.in_(changed))
    return conds


@dataclass
class Page:
    rows: list[str]  # each fused event's stored JSON, as stored (not parsed: the API passes it through)
    next_cursor: Optional[str]
    total: Optional[int] = None
    as_of: Optional[str] = None  # the last fusion change seen by this read (sync_as_of)


def event_page(store: Store, q: EventQuery, limit: int, cursor: Optional[str] = None, with_total: bool = False) -> Page:
    """One page of fused events (stored JSON) in (date, id) order, and the cursor of the next page."""
    fe = S.fused_events.c
    conds = event_conditions(store, q)
    order = _order_key()
    stmt = select(fe.data, *order).where(*conds)
    if cursor:
        stmt = stmt.where(tuple_(*order) > tuple_(*decode_cursor(cursor, (str, str))))
    stmt = stmt.order_by(*order).limit(limit + 1)
    with store.engine.connect() as conn:  # one read transaction: the page, its total and as_of agree
        rows = conn.execute(stmt).all()
        total = (
            conn.execute(select(func.count()).select_from(S.fused_events).where(*conds)).scalar_one()
            if with_total
            else None
        )
        as_of = _as_of(conn)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor((rows[-1][1], rows[-1][2])) if more and rows else None
    return Page([r[0] for r in rows], nxt, total, as_of)


def iter_event_rows(
    store: Store, q: EventQuery, limit: Optional[int] = None, cursor: Optional[str] = None, batch: int = 500
) -> Iterator[tuple[list[str], Optional[str]]]:
    """Pages of stored event JSON for an export, ``batch`` at a time, up to ``limit`` events in all.

    Yields ``(rows, cursor_after)``: the last cursor is that of the first event not exported (None at
    the end), so a client can resume a cut export.
    """
    left = limit
    while True:
        size = batch if left is None else min(batch, left)
        if size <= 0:
            return
        page = event_page(store, q, size, cursor)
        yield page.rows, page.next_cursor
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
        if left is not None:
            left -= len(page.rows)


def event_by_id(store: Store, fkey: str) -> Optional[str]:
    fe = S.fused_events.c
    with store.engine.connect() as conn:
        return conn.execute(select(fe.data).where(fe.fkey == fkey)).scalar()


def _as_of(conn) -> Optional[str]:
    c = fused_sync.c
    row = conn.execute(
        select(select(func.max(c.updated_at)).scalar_subquery(), select(func.max(c.deleted_at)).scalar_subquery())
    ).one()
    return max((t for t in row if t), default=None)


def sync_as_of(store: Store) -> Optional[str]:
    """The time of the last recorded fusion change: the ``updated_since`` a mirror passes next time."""
    with store.engine.connect() as conn:
        return _as_of(conn)


def deleted_since(
    store: Store, since: Optional[str], limit: int, cursor: Optional[str]
) -> tuple[list[dict], Optional[str]]:
    """Fused ids that a re-fusion removed (after ``since``), oldest first, keyset-paged."""
    c = fused_sync.c
    stmt = select(c.fkey, c.deleted_at).where(c.deleted_at.is_not(None))
    if since:
        stmt = stmt.where(c.deleted_at > since)
    if cursor:
        stmt = stmt.where(tuple_(c.deleted_at, c.fkey) > tuple_(*decode_cursor(cursor, (str, str))))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.order_by(c.deleted_at, c.fkey).limit(limit + 1)).all()
    nxt = encode_cursor((rows[limit - 1][1], rows[limit - 1][0])) if len(rows) > limit else None
    return [{"id": r[0], "deleted_at": r[1]} for r in rows[:limit]], nxt
