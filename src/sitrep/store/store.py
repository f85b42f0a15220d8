"""The crisis database: one SQLite file (default) or a PostgreSQL server, same model, same API.

``Store(target)`` opens (creating and migrating on first use) the database named by ``target``: a file
path for SQLite, or a ``postgresql://`` URL. Writing is idempotent: :meth:`Store.add_results` stores a
document, its events and figures in one transaction and never stores a document twice (same content
hash or same URL), so an interrupted ingest can simply be run again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from sqlalchemy import (
    Integer,
    and_,
    column,
    create_engine,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from ..errors import SitrepError
from ..fuse.fuse import Report
from ..fuse.model import FusedEvent, Fusion, SeriesPoint
from ..model import Document, Event, Figure, Place, Result, from_dict, iso_day, to_dict
from . import schema as S
from .sync import record_fusion_changes


@dataclass
class QueryFilters:
    """What ``sitrep query`` filters fused events on (all optional, combined with AND)."""

    country: Optional[str] = None  # ISO alpha-3 of the event's location
    admin1: Optional[str] = None  # first-level region, case-insensitive substring ("Idlib")
    type: Optional[str] = None  # PLOVER type, CAMEO code prefix, or ACLED (sub-)event type
    actor: Optional[str] = None  # CAMEO code prefix ("RUS", "SYRGOV"), ISO3 country or name
    since: Optional[str] = None  # ISO date: events ending on or after
    until: Optional[str] = None  # ISO date: events starting on or before
    text: Optional[str] = None  # full-text search over the reports and the evidence sentences
    limit: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None  # west, south, east, north (degrees)


def _check_date(value: Optional[str], name: str) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise SitrepError(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def database_url(target: str) -> str:
    """An SQLAlchemy URL for ``target``: a ``postgresql://`` URL (psycopg 3) or an SQLite file path."""
    if re.match(r"^postgres(ql)?(\+\w+)?://", target):
        return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg://", target)
    if target.startswith("sqlite:"):
        return target
    path = Path(target).expanduser()
    if path.is_dir():
        raise SitrepError(f"{target}: is a directory, not a database file")
    if not path.parent.exists():
        raise SitrepError(f"{target}: directory {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}"


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below delimit transactions (DDL too)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover
        # writers take the write lock up front: a deferred transaction that reads, then writes, can fail
        # at once with SQLITE_BUSY when another writer committed in between
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sitrep_write") else "BEGIN")


def content_hash(text_: str) -> str:
    """SHA-256 of the text with whitespace normalised: the identity of a report's content."""
    import hashlib

    return hashlib.sha256(" ".join(text_.split()).encode("utf-8")).hexdigest()


def _retry_seconds() -> float:
    """How long a write waits for a PostgreSQL server that went away (``SITREP_DB_RETRY_SECONDS``)."""
    try:
        return max(0.0, float(os.environ.get("SITREP_DB_RETRY_SECONDS", "60")))
    except ValueError:
        return 60.0


def _connection_lost(exc: BaseException) -> bool:
    """A PostgreSQL error that a new connection may cure (server restarted, connection dropped)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError)


def _inserted_id(result: Any) -> Any:
    """The primary key of a one-row INSERT (SQLAlchemy types ``inserted_primary_key`` as Optional; a
    one-row insert always has one)."""
    pk = result.inserted_primary_key
    assert pk is not None
    return pk[0]


class Store:
    """The crisis database. Use as a context manager or call :meth:`close`.

    ``create=False`` refuses a database that does not exist yet (a mistyped ``--db`` of ``query`` or
    ``export``) instead of creating an empty one.
    """

    def __init__(self, target: str, create: bool = True):
        self.target = target
        url = database_url(target)
        self.backend = "postgresql" if url.startswith("postgresql") else "sqlite"
        if not create and self.backend == "sqlite" and not _sqlite_file_exists(url):
            raise SitrepError(f"{target}: no such database (create it with `sitrep db init --db {target}` "
                              "or `sitrep ingest ... --db`)")
        try:
            self.engine = create_engine(url, pool_pre_ping=self.backend == "postgresql")
            if self.backend == "sqlite":
                _sqlite_hooks(self.engine)
            if not create:
                self._require_schema()
            self._migrate()
        except SitrepError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise SitrepError(f"{_redact(target)}: cannot open the database: {_first_line(exc)}") from None
        self.postgis = self._meta("postgis") == "1"

    def _require_schema(self) -> None:
        with self.engine.connect() as conn:
            if self._version(conn) == 0:
                raise SitrepError(f"{_redact(self.target)}: not a Sitrep database (no Sitrep tables); create "
                                  f"them with `sitrep db init --db {_redact(self.target)}`")

    @property
    def postgis_problem(self) -> Optional[str]:
        """Why this PostgreSQL database has no PostGIS points (None when it has them, or on SQLite)."""
        if self.backend != "postgresql" or self.postgis:
            return None
        return self._meta("postgis_problem") or "the PostGIS extension is not installed in this database"

    def enable_postgis(self) -> Optional[str]:
        """Add PostGIS points now if the extension is (or can be) installed; return why not, or None."""
        if self.backend != "postgresql" or self.postgis:
            return self.postgis_problem
        with self._writing() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(471147)"))
            problem = S.try_create_postgis(conn)
            if problem is None:
                S.add_postgis_columns(conn)
                conn.execute(delete(S.meta).where(S.meta.c.key == "postgis_problem"))
            else:
                S.set_meta(conn, "postgis_problem", problem)
        self.postgis = problem is None
        return problem

    def _retrying(self, fn):
        """Run the write ``fn()``; on PostgreSQL, retry it while the server is unreachable (it is one
        transaction and idempotent, so a retry after an unknown outcome stores nothing twice)."""
        deadline = time.monotonic() + _retry_seconds()
        pause = 0.5
        while True:
            try:
                return fn()
            except (DBAPIError, OperationalError) as exc:
                if self.backend != "postgresql" or not _connection_lost(exc):
                    raise
                if time.monotonic() + pause > deadline:
                    raise SitrepError(
                        f"{_redact(self.target)}: lost the connection to the database server and it did not "
                        f"come back within {_retry_seconds():.0f} s ({_first_line(exc)})"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 8.0)

    # --- lifecycle ----------------------------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction (on SQLite, BEGIN IMMEDIATE: one writer at a time, waiting for the lock)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sitrep_write=True)
            with conn.begin():
                yield conn

    def _meta(self, key: str) -> Optional[str]:
        with self.engine.connect() as conn:
            return conn.execute(select(S.meta.c.value).where(S.meta.c.key == key)).scalar()

    def _migrate(self) -> None:
        with self.engine.connect() as conn:  # a reader of a current database takes no write lock
            if self._version(conn) == S.SCHEMA_VERSION:
                return
        with self._writing() as conn:
            if self.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(471147)"))  # one migrator at a time
            version = self._version(conn)
            if version > S.SCHEMA_VERSION:
                raise SitrepError(
                    f"{_redact(self.target)}: database schema version {version} is newer than this Sitrep "
                    f"({S.SCHEMA_VERSION}); upgrade Sitrep"
                )
            for n in range(version, S.SCHEMA_VERSION):
                S.MIGRATIONS[n](conn)
                values = {"key": "schema_version", "value": str(n + 1)}
                if self._version(conn) == 0:
                    conn.execute(S.meta.insert().values(**values))
                else:
                    conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value=values["value"]))

    @staticmethod
    def _version(conn: Connection) -> int:
        if not inspect(conn).has_table("meta"):
            return 0
        value = conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).scalar()
        return int(value) if value else 0

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return self._version(conn)

    # --- writing ------------------------------------------------------------------------------------

    def known(self, urls: Iterable[str], hashes: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of ``urls`` and content ``hashes`` are already stored."""
        urls, hashes = [u for u in set(urls) if u], list(set(hashes))
        return self._retrying(lambda: self._known(urls, hashes))

    def _known(self, urls: list[str], hashes: list[str]) -> tuple[set[str], set[str]]:
        found_urls: set[str] = set()
        found_hashes: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                chunk = urls[i : i + 500]
                found_urls.update(conn.execute(select(S.documents.c.url).where(S.documents.c.url.in_(chunk))).scalars())
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                found_hashes.update(
                    conn.execute(select(S.documents.c.content_hash).where(S.documents.c.content_hash.in_(chunk))).scalars()
                )
        return found_urls, found_hashes

    def add_results(self, results: Iterable[Result]) -> int:
        """Store each result (document, events, figures) unless its document is already stored.

        All of ``results`` are written in one transaction (a crash stores all or none of them); a
        document already present (same content hash or URL) is skipped. Returns how many were added.
        """
        results = list(results)
        return self._retrying(lambda: self._add_all(results))

    def _add_all(self, results: list[Result]) -> int:
        try:
            with self._writing() as conn:
                return sum(self._add(conn, r) for r in results)
        except IntegrityError:
            # another writer stored one of them meanwhile: fall back to one transaction per document
            added = 0
            for r in results:
                try:
                    with self._writing() as conn:
                        added += self._add(conn, r)
                except IntegrityError:
                    pass
            return added

    def add_result(self, result: Result) -> bool:
        return self.add_results([result]) == 1

    def _add(self, conn: Connection, result: Result) -> int:
        doc = result.document
        h = content_hash(doc.text)
        dup = select(S.documents.c.id).where(
            or_(S.documents.c.content_hash == h, and_(S.documents.c.url.is_not(None), S.documents.c.url == doc.url))
        )
        if conn.execute(dup.limit(1)).first() is not None:
            return 0
        data = to_dict(result)
        data["document"].pop("text")  # stored once, in documents.text
        doc_id = _inserted_id(conn.execute(
            S.documents.insert().values(
                doc_key=doc_key(h), doc_id=doc.id, content_hash=h, url=doc.url or None,
                published=doc.published.isoformat() if doc.published else None,
                source=doc.source, title=doc.title, text=doc.text,
                result=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                n_events=len(result.events), n_figures=len(result.figures),
                ingested_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            )
        ))
        if result.events:
            conn.execute(S.events.insert(), [_event_row(doc_id, e) for e in result.events])
        figs = _all_figures(result)
        if figs:
            conn.execute(S.figures.insert(), [_figure_row(doc_id, f, ek) for f, ek in figs])
        if self.postgis and result.events:
            conn.execute(
                text("UPDATE events SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
                     "WHERE document_id = :d AND lat IS NOT NULL AND lon IS NOT NULL"),
                {"d": doc_id},
            )
        return 1

    def replace_fusion(self, fusion: Fusion, n_documents: Optional[int] = None) -> None:
        """Replace the fused events and series with ``fusion`` (one transaction); ``n_documents`` is how
        many stored documents it was computed from (see :meth:`fusion_lag`)."""
        with self._writing() as conn:
            if self.backend == "postgresql":  # one fusion writer at a time (SQLite: BEGIN IMMEDIATE)
                conn.execute(text("SELECT pg_advisory_xact_lock(471148)"))
            if n_documents is not None:
                S.set_meta(conn, "fused_documents", str(n_documents))
            ids = dict(conn.execute(select(S.documents.c.doc_key, S.documents.c.id)).all())
            conn.execute(delete(S.fused_members))
            conn.execute(delete(S.fused_events))
            conn.execute(delete(S.series))
            for fe in fusion.events:
                killed = fe.figure("killed")
                fid = _inserted_id(conn.execute(
                    S.fused_events.insert().values(
                        fkey=fe.id,
                        family=fe.family,
                        plover=fe.type.plover,
                        cameo=fe.type.cameo,
                        acled_event_type=fe.type.acled_event_type,
                        acled_sub_event_type=fe.type.acled_sub_event_type,
                        **_actor_values("actor1", fe.actor1),
                        **_actor_values("actor2", fe.actor2),
                        **_place_values(fe.location),
                        date_start=iso_day(fe.date.start) if fe.date else None,
                        date_end=iso_day(fe.date.end) if fe.date else None,
                        killed_best=killed.best if killed else None,
                        n_sources=len({s.document for s in fe.sources}),
                        data=json.dumps(to_dict(fe), ensure_ascii=False, separators=(",", ":")),
                    )
                ))
                rows = [
                    {"fused_id": fid, "document_id": ids[s.document], "event_key": s.event}
                    for s in fe.sources
                    if s.document in ids
                ]
                if rows:
                    conn.execute(S.fused_members.insert(), rows)
            if fusion.series:
                conn.execute(
                    S.series.insert(),
                    [
                        {
                            "series_key": p.key, "kind": p.kind, **_place_values(p.place),
                            "date_start": iso_day(p.date.start), "date_end": iso_day(p.date.end),
                            "low": p.low, "best": p.best, "high": p.high, "n_reports": len(p.reports),
                            "data": json.dumps(to_dict(p), ensure_ascii=False, separators=(",", ":")),
                        }
                        for p in fusion.series
                    ],
                )
            if self.postgis:
                conn.execute(text("UPDATE fused_events SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
                                  "WHERE lat IS NOT NULL AND lon IS NOT NULL"))
            record_fusion_changes(conn)  # for API clients' updated_since and /v1/deleted

    def refuse(self) -> Fusion:
        """Fuse every stored report again and store the fusion. Returns it."""
        from ..fuse import fuse

        reports = self._retrying(lambda: list(self.reports()))
        fusion = fuse(reports)
        self._retrying(lambda: self.replace_fusion(fusion, n_documents=len(reports)))
        return fusion

    def fusion_lag(self) -> int:
        """How many stored documents the stored fusion does not cover yet (documents are only ever
        added, so equal counts mean the same set). 0 for an up-to-date (or empty) database."""
        fused = self._meta("fused_documents")
        with self.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(S.documents)).scalar_one()
            if fused is None:  # a database from before this was recorded: trust a non-empty fusion
                has_fusion = conn.execute(select(S.fused_events.c.id).limit(1)).first() is not None
                return 0 if has_fusion or n == 0 else n
        return max(0, n - int(fused))

    # --- reading ------------------------------------------------------------------------------------

    def reports(self) -> Iterator[Report]:
        """Every stored document with its extraction, for fusion."""
        cols = S.documents.c
        with self.engine.connect() as conn:
            for key, text_, data in conn.execute(select(cols.doc_key, cols.text, cols.result).order_by(cols.id)):
                payload = json.loads(data)
                payload["document"]["text"] = text_
                yield Report(key=key, result=from_dict(Result, payload))

    def counts(self) -> dict[str, int]:
        return self._retrying(self._counts)

    def _counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for name, table in (("documents", S.documents), ("events", S.events), ("figures", S.figures),
                                ("fused_events", S.fused_events), ("series", S.series)):
                out[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        return out

    def query(self, filters: QueryFilters = QueryFilters()) -> list[FusedEvent]:
        """Fused events matching ``filters``, by date."""
        fe = S.fused_events.c
        return self._fused_events(select(fe.data).where(*self.conditions(filters)).order_by(fe.date_start, fe.fkey),
                                  filters)

    def conditions(self, filters: QueryFilters) -> list:
        """The WHERE clauses on ``fused_events`` for ``filters`` (shared with the HTTP API's queries)."""
        _check_date(filters.since, "--since")
        _check_date(filters.until, "--until")
        fe = S.fused_events.c
        conds = []
        if filters.country:
            conds.append(func.upper(fe.country) == filters.country.upper())
        if filters.admin1:
            needle = filters.admin1.lower()
            conds.append(or_(func.lower(fe.admin1).contains(needle, autoescape=True),
                             func.lower(fe.place_name).contains(needle, autoescape=True)))
        if filters.type:
            t = filters.type.strip()
            if t.isdigit():
                conds.append(fe.cameo.like(f"{t}%"))
            else:
                conds.append(or_(func.upper(fe.plover) == t.upper(), func.lower(fe.acled_event_type) == t.lower(),
                                 func.lower(fe.acled_sub_event_type) == t.lower(), func.lower(fe.family) == t.lower()))
        if filters.actor:
            a = filters.actor.strip()
            conds.append(or_(*(
                cond
                for slot in ("actor1", "actor2")
                for cond in (
                    fe[f"{slot}_code"].startswith(a.upper(), autoescape=True),
                    func.upper(fe[f"{slot}_country"]) == a.upper(),
                    func.lower(fe[f"{slot}_name"]) == a.lower(),
                )
            )))
        if filters.since:
            conds.append(fe.date_end >= filters.since)
        if filters.until:
            conds.append(fe.date_start <= filters.until)
        if filters.text:
            conds.append(fe.id.in_(self._text_matches(filters.text)))
        conds.extend(_bbox_conditions(filters.bbox, fe))
        return conds

    def _fused_events(self, stmt, filters: QueryFilters) -> list[FusedEvent]:
        """Run a fused-events query: ``--limit`` must be positive, a search the full-text engine rejects
        is a one-line error about the query."""
        if filters.limit is not None:
            if filters.limit < 1:
                raise SitrepError(f"--limit {filters.limit}: must be a positive number of events")
            stmt = stmt.limit(filters.limit)
        try:
            with self.engine.connect() as conn:
                return [from_dict(FusedEvent, json.loads(d)) for d in conn.execute(stmt).scalars()]
        except OperationalError as exc:
            if filters.text and ("fts5" in str(exc).lower() or "syntax" in str(exc).lower()):
                raise SitrepError(f"--text {filters.text!r}: not a search the full-text index understands "
                                  f"({_first_line(exc)}); give plain words") from None
            raise

    def _text_matches(self, query: str):
        """A subquery of fused event ids whose reports or evidence match ``query`` (all words)."""
        words = re.findall(r"\w+", query)
        if not words:
            raise SitrepError(f"--text {query!r}: no words to search for")
        m, ev = S.fused_members.c, S.events.c
        if self.backend == "sqlite":
            fts = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            docs = text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q1").bindparams(q1=fts)
            evid = text("SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH :q2").bindparams(q2=fts)
            by_doc = select(m.fused_id).where(m.document_id.in_(docs.columns(column("rowid", Integer))))
            by_evidence = (
                select(m.fused_id)
                .join(S.events, and_(S.events.c.document_id == m.document_id, S.events.c.event_key == m.event_key))
                .where(ev.id.in_(evid.columns(column("rowid", Integer))))
            )
        else:
            q = " ".join(words)
            by_doc = select(m.fused_id).join(S.documents, S.documents.c.id == m.document_id).where(
                text("documents.tsv @@ plainto_tsquery('english', :q)").bindparams(q=q)
            )
            by_evidence = (
                select(m.fused_id)
                .join(S.events, and_(S.events.c.document_id == m.document_id, S.events.c.event_key == m.event_key))
                .where(
                    text(
                        "to_tsvector('english', coalesce(events.evidence, '')) @@ plainto_tsquery('english', :q2)"
                    ).bindparams(q2=q)
                )
            )
        return by_doc.union(by_evidence)

    def series(self, kind: Optional[str] = None, country: Optional[str] = None) -> list[SeriesPoint]:
        """Standalone-figure series points, by series then date."""
        c = S.series.c
        conds = []
        if kind:
            conds.append(c.kind == kind)
        if country:
            conds.append(func.upper(c.country) == country.upper())
        stmt = select(c.data).where(*conds).order_by(c.series_key, c.date_end)
        with self.engine.connect() as conn:
            return [from_dict(SeriesPoint, json.loads(d)) for d in conn.execute(stmt).scalars()]

    def documents(self) -> list[Document]:
        c = S.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(c.doc_id, c.text, c.published, c.source, c.url, c.title).order_by(c.id)).all()
        return [Document(id=r[0], text=r[1], published=r[2], source=r[3], url=r[4], title=r[5]) for r in rows]

    def execute(self, sql: str, **params) -> list[tuple]:
        """Run a read-only SQL statement (for tests and analysts)."""
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params).all()]


# --- rows --------------------------------------------------------------------------------------------

def _sqlite_file_exists(url: str) -> bool:
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
    return not path or path == ":memory:" or Path(path).exists()


def _bbox_conditions(bbox, fe) -> list:
    """``lon``/``lat`` within (west, south, east, north): plain columns, so it works without PostGIS. A
    box whose west is east of its east crosses the antimeridian."""
    if bbox is None:
        return []
    west, south, east, north = (float(v) for v in bbox)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise SitrepError(f"--bbox {west},{south},{east},{north}: expected WEST,SOUTH,EAST,NORTH in degrees "
                          "(longitudes -180..180, latitudes -90..90, south <= north)")
    lat = fe.lat.between(south, north)
    lon = fe.lon.between(west, east) if west <= east else or_(fe.lon >= west, fe.lon <= east)
    return [lat, lon]


def doc_key(h: str) -> str:
    return "sha256:" + h[:24]


def _actor_values(prefix: str, a) -> dict:
    return {
        f"{prefix}_code": a.code if a else None,
        f"{prefix}_country": a.country if a else None,
        f"{prefix}_sector": a.sector if a else None,
        f"{prefix}_name": (a.name or a.text) if a else None,
    }


def _place_values(p: Optional[Place]) -> dict:
    return {
        "place_name": (p.name or p.text) if p else None,
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "geonameid": p.geonameid if p else None,
        "geo_precision": p.precision if p else None,
    }


def _event_row(doc_id: int, e: Event) -> dict:
    return {
        "document_id": doc_id, "event_key": e.id, "plover": e.type.plover, "plover_mode": e.type.plover_mode,
        "cameo": e.type.cameo, "acled_event_type": e.type.acled_event_type,
        "acled_sub_event_type": e.type.acled_sub_event_type,
        **_actor_values("actor1", e.actor1), **_actor_values("actor2", e.actor2), **_place_values(e.location),
        "date_start": iso_day(e.date.start) if e.date else None, "date_end": iso_day(e.date.end) if e.date else None,
        "date_precision": e.date.precision if e.date else None, "confidence": e.confidence,
        "evidence": e.evidence.text if e.evidence else None,
    }


def _all_figures(result: Result) -> list[tuple[Figure, Optional[str]]]:
    """Every figure once: the document's list plus those only listed inside an event."""
    out, seen = [], set()
    for f in result.figures:
        out.append((f, f.event))
        seen.add(id(f))
    for e in result.events:
        for f in e.figures:
            if id(f) not in seen and not any(_same_figure(f, g) for g, _ in out):
                out.append((f, e.id))
                seen.add(id(f))
    return out


def _same_figure(a: Figure, b: Figure) -> bool:
    return (a.kind, a.value, a.evidence.match_start if a.evidence else None) == (
        b.kind, b.value, b.evidence.match_start if b.evidence else None)


def _figure_row(doc_id: int, f: Figure, event_key: Optional[str]) -> dict:
    return {
        "document_id": doc_id, "event_key": event_key, "kind": f.kind, "value": f.value, "low": f.low,
        "high": f.high, "approximate": f.approximate, "grp": f.group, **_place_values(f.location),
        "date_start": iso_day(f.date.start) if f.date else None, "date_end": iso_day(f.date.end) if f.date else None,
        "evidence": f.evidence.text if f.evidence else None,
    }


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


def _redact(target: str) -> str:
    """A database URL without its password, for error messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", target)
