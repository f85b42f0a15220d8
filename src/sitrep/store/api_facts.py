"""Read queries behind the HTTP API besides the event list: figures, series, actors, places, sources,
facets, the timeline, one document with the spans of its facts, and one fused event with its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, literal_column, select, union_all

from ..model import to_dict
from . import schema as S
from .api_queries import EventQuery, decode_cursor, encode_cursor, event_conditions
from .store import Store


@dataclass
class FigureQuery:
    kind: Optional[str] = None
    country: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    source: Optional[str] = None
    document: Optional[str] = None  # document key


def _place_json(r) -> dict:
    """A place as the API shows it, from a row with the store's place columns."""
    return {"name": r.place_name, "country": r.country, "admin1": r.admin1, "lat": r.lat, "lon": r.lon,
            "geonameid": r.geonameid, "precision": r.geo_precision}


def _figure_json(r) -> dict:
    place = _place_json(r) if (r.place_name or r.country) else None
    return {
        "id": r.id,
        "document": r.doc_key,
        "source": r.source,
        "published": r.published,
        "event": r.event_key,
        "kind": r.kind,
        "value": r.value,
        "low": r.low,
        "high": r.high,
        "approximate": bool(r.approximate),
        "group": r.grp,
        "place": place,
        "date": {"start": r.date_start, "end": r.date_end} if r.date_start else None,
        "evidence": r.evidence,
    }


def figures_page(store: Store, q: FigureQuery, limit: int, cursor: Optional[str]) -> tuple[list[dict], Optional[str]]:
    """Figures as extracted report by report (not fused), keyset-paged by id."""
    f, d = S.figures.c, S.documents.c
    stmt = select(S.figures, d.doc_key, d.source, d.published).join(S.documents, d.id == f.document_id)
    if q.kind:
        stmt = stmt.where(func.lower(f.kind) == q.kind.lower())
    if q.country:
        stmt = stmt.where(func.upper(f.country) == q.country.upper())
    if q.since:
        stmt = stmt.where(func.coalesce(f.date_end, d.published) >= q.since)
    if q.until:
        stmt = stmt.where(func.coalesce(f.date_start, d.published) <= q.until + "~")
    if q.source:
        stmt = stmt.where(func.lower(d.source) == q.source.lower())
    if q.document:
        stmt = stmt.where(d.doc_key == q.document)
    if cursor:
        stmt = stmt.where(f.id > decode_cursor(cursor, (int,))[0])
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.order_by(f.id).limit(limit + 1)).all()
    nxt = encode_cursor((rows[limit - 1].id,)) if len(rows) > limit else None
    return [_figure_json(r) for r in rows[:limit]], nxt


def series_list(store: Store, kind: Optional[str], country: Optional[str], key: Optional[str]) -> list[dict]:
    """Standalone-figure series: per series, its points over time (low/best/high) and each source's number."""
    out: dict[str, dict] = {}
    for p in store.series(kind=kind, country=country):
        if key and p.key != key:
            continue
        s = out.setdefault(p.key, {"key": p.key, "kind": p.kind, "place": to_dict(p.place), "points": []})
        s["points"].append(
            {
                "date": to_dict(p.date),
                "low": p.low,
                "best": p.best,
                "high": p.high,
                "reports": [
                    {
                        "document": r.document,
                        "source": r.source,
                        "value": r.value,
                        "low": r.low,
                        "high": r.high,
                        "approximate": r.approximate,
                        "evidence": to_dict(r.evidence),
                    }
                    for r in p.reports
                ],
            }
        )
    return list(out.values())


def actors(store: Store, q: Optional[str], country: Optional[str], limit: int) -> list[dict]:
    """Actors of fused events (either slot), by how many events they are in."""
    fe = S.fused_events.c
    slots = [
        select(
            fe[f"{s}_code"].label("code"),
            fe[f"{s}_name"].label("name"),
            fe[f"{s}_country"].label("country"),
            fe[f"{s}_sector"].label("sector"),
        ).where(fe[f"{s}_code"].is_not(None) | fe[f"{s}_name"].is_not(None))
        for s in ("actor1", "actor2")
    ]
    u = union_all(*slots).subquery()
    stmt = select(u.c.code, u.c.name, u.c.country, u.c.sector, func.count().label("n"))
    if q:
        needle = q.lower()
        stmt = stmt.where(func.lower(u.c.code).contains(needle, autoescape=True)
                          | func.lower(u.c.name).contains(needle, autoescape=True))
    if country:
        stmt = stmt.where(func.upper(u.c.country) == country.upper())
    stmt = stmt.group_by(u.c.code, u.c.name, u.c.country, u.c.sector).order_by(func.count().desc(), u.c.code)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.limit(limit)).all()
    return [{"code": r.code, "name": r.name, "country": r.country, "sector": r.sector, "events": r.n} for r in rows]


def places(store: Store, q: Optional[str], country: Optional[str], limit: int) -> list[dict]:
    """Places of fused events with their event count and killed (best) total."""
    fe = S.fused_events.c
    cols = (fe.place_name, fe.country, fe.admin1, fe.lat, fe.lon, fe.geonameid, fe.geo_precision)
    stmt = select(*cols, func.count().label("n"), func.sum(fe.killed_best).label("killed")).where(
        fe.place_name.is_not(None)
    )
    if q:
        stmt = stmt.where(func.lower(fe.place_name).contains(q.lower(), autoescape=True))
    if country:
        stmt = stmt.where(func.upper(fe.country) == country.upper())
    stmt = stmt.group_by(*cols).order_by(func.count().desc(), fe.place_name).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [
        {
            **_place_json(r),
            "events": r.n,
            "killed": r.killed or 0,
        }
        for r in rows
    ]


def sources(store: Store) -> list[dict]:
    """Reporting sources: how many documents and fused events each, and their publication range."""
    d, m = S.documents.c, S.fused_members.c
    name = func.coalesce(d.source, literal_column("''"))
    docs = select(
        name.label("source"),
        func.count().label("n"),
        func.min(d.published).label("first"),
        func.max(d.published).label("last"),
    ).group_by(name)
    fused = (
        select(name.label("source"), func.count(func.distinct(m.fused_id)).label("n"))
        .join(S.fused_members, m.document_id == d.id)
        .group_by(name)
    )
    with store.engine.connect() as conn:
        n_events: dict[str, int] = {r[0]: r[1] for r in conn.execute(fused)}
        rows = conn.execute(docs.order_by(func.count().desc(), name)).all()
    return [
        {
            "source": r.source or None,
            "documents": r.n,
            "events": n_events.get(r.source, 0),
            "first_published": r.first,
            "last_published": r.last,
        }
        for r in rows
    ]


FACETS = ("type", "country", "actor", "month")


def facet_counts(store: Store, q: EventQuery, facet: str, limit: int) -> list[dict]:
    """Counts of the matching fused events by type (PLOVER), country, actor code (either slot) or month."""
    fe = S.fused_events.c
    conds = event_conditions(store, q)
    if facet == "actor":
        slots = [
            select(fe.id, fe[f"{s}_code"].label("v")).where(*conds, fe[f"{s}_code"].is_not(None))
            for s in ("actor1", "actor2")
        ]
        u = union_all(*slots).subquery()
        stmt = select(u.c.v, func.count(func.distinct(u.c.id))).group_by(u.c.v)
    else:
        col = {"type": fe.plover, "country": fe.country, "month": func.substr(fe.date_start, 1, 7)}[facet]
        stmt = select(col.label("v"), func.count()).where(*conds).group_by(col)
    with store.engine.connect() as conn:
        rows = list(conn.execute(stmt).all())
    rows.sort(key=lambda r: (r[0] is None, r[0] or "") if facet == "month" else (-r[1], r[0] or ""))
    return [{"value": v, "count": n} for v, n in rows[:limit]]


INTERVALS = ("day", "week", "month")


def _bucket(day: str, interval: str) -> str:
    if interval == "month":
        return day[:7] + "-01"
    if interval == "week":
        d = dt.date.fromisoformat(day)
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    return day


def timeline(store: Store, q: EventQuery, interval: str) -> list[dict]:
    """Matching fused events per day, ISO week (from Monday) or month of their start, with killed (best)."""
    fe = S.fused_events.c
    stmt = (
        select(fe.date_start, func.count(), func.sum(fe.killed_best))
        .where(*event_conditions(store, q), fe.date_start.is_not(None))
        .group_by(fe.date_start)
    )
    events: Counter = Counter()
    killed: Counter = Counter()
    with store.engine.connect() as conn:
        for day, n, k in conn.execute(stmt):
            b = _bucket(day, interval)
            events[b] += n
            killed[b] += k or 0
    return [{"start": b, "events": events[b], "killed": killed[b]} for b in sorted(events)]
