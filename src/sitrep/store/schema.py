"""The crisis database schema (SQLAlchemy Core), shared by SQLite and PostgreSQL, and its migrations.

Tables:

- ``documents``: one row per report, unique by ``content_hash`` (whitespace-normalised text) and by
  ``url``; ``result`` holds the extraction (``sitrep.model.to_dict`` JSON) written in the same
  transaction as the document, so a document is either fully stored or not at all.
- ``events``, ``figures``: the extracted facts, one row each, with the columns analysts filter on.
- ``fused_events``, ``fused_members``, ``series``: the fusion, rebuilt as a whole after each ingest.
- ``meta``: ``schema_version`` and back-end facts (``postgis``).
- ``fused_sync`` (version 3, :mod:`sitrep.store.sync`): when each fused id last changed or disappeared.

Full text: SQLite uses FTS5 tables ``documents_fts`` and ``evidence_fts`` (external content, kept in
sync by triggers); PostgreSQL a generated ``tsvector`` column and a GIN expression index. Locations:
every back end keeps plain ``lat``/``lon`` columns (bounding-box queries work everywhere); PostgreSQL
adds PostGIS ``geom`` points (SRID 4326) when the extension is installed or the role may install it
(``sitrep db init`` says what to run otherwise, and adds the points once it is there).

Migrations are numbered functions in :data:`MIGRATIONS`; ``Store`` applies the missing ones in order,
in one write transaction (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), and records
``schema_version``.
"""

from __future__ import annotations

from typing import Callable, Optional

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from .sync import migrate_sync

metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_key", String(80), nullable=False),  # "sha256:" + first 24 hex of the content hash
    Column("doc_id", Text),  # Document.id as read (file name, URL, record id)
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text, unique=True),
    Column("published", Text),
    Column("source", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_figures", Integer, nullable=False, default=0),
    Column("ingested_at", String(32), nullable=False),
)


def _actor_cols(prefix: str) -> list[Column]:
    return [
        Column(f"{prefix}_code", Text),
        Column(f"{prefix}_country", Text),
        Column(f"{prefix}_sector", Text),
        Column(f"{prefix}_name", Text),
    ]


def _place_cols() -> list[Column]:
    return [
        Column("place_name", Text),
        Column("country", Text),
        Column("admin1", Text),
        Column("lat", Float),
        Column("lon", Float),
        Column("geonameid", Integer),
        Column("geo_precision", Text),
    ]


events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_key", Text, nullable=False),  # Event.id: "<document id or URL>#eN", any length
    Column("plover", Text),
    Column("plover_mode", Text),
    Column("cameo", Text),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    *_actor_cols("actor1"),
    *_actor_cols("actor2"),
    *_place_cols(),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text),
    Column("confidence", Float),
    Column("evidence", Text),
    Index("events_doc_key", "document_id", "event_key", unique=True),
    Index("events_country_date", "country", "date_start"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_key", Text),
    Column("kind", Text, nullable=False),
    Column("value", Integer),
    Column("low", Integer),
    Column("high", Integer),
    Column("approximate", Boolean),
    Column("grp", Text),
    *_place_cols(),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("evidence", Text),
    Index("figures_doc", "document_id"),
)

fused_events = Table(
    "fused_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fkey", String(32), nullable=False, unique=True),
    Column("family", Text),
    Column("plover", Text),
    Column("cameo", Text),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    *_actor_cols("actor1"),
    *_actor_cols("actor2"),
    *_place_cols(),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("killed_best", Integer),
    Column("n_sources", Integer, nullable=False),
    Column("data", Text, nullable=False),  # the FusedEvent as JSON
    Index("fused_country_date", "country", "date_start"),
)

fused_members = Table(
    "fused_members",
    metadata,
    Column("fused_id", Integer, ForeignKey("fused_events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_key", Text, nullable=False),
    Index("fused_members_doc", "document_id"),
    Index("fused_members_fused", "fused_id"),
)

series = Table(
    "series",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("series_key", Text, nullable=False),
    Column("kind", Text, nullable=False),
    *_place_cols(),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("low", Integer),
    Column("best", Integer),
    Column("high", Integer),
    Column("n_reports", Integer, nullable=False),
    Column("data", Text, nullable=False),  # the SeriesPoint as JSON
    Index("series_key_date", "series_key", "date_end"),
)


# --- migrations --------------------------------------------------------------------------------------

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id')",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
         INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
         INSERT INTO documents_fts(documents_fts, rowid, title, text) """
    """VALUES ('delete', old.id, old.title, old.text); END""",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(evidence, content='events', content_rowid='id')",
    """CREATE TRIGGER evidence_fts_ai AFTER INSERT ON events BEGIN
         INSERT INTO evidence_fts(rowid, evidence) VALUES (new.id, new.evidence); END""",
    """CREATE TRIGGER evidence_fts_ad AFTER DELETE ON events BEGIN
         INSERT INTO evidence_fts(evidence_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence); END""",
]

POSTGRES_FTS = [
    """ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS
         (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED""",
    "CREATE INDEX documents_tsv ON documents USING gin (tsv)",
    "CREATE INDEX events_evidence_tsv ON events USING gin (to_tsvector('english', coalesce(evidence, '')))",
]

POSTGIS = [
    "ALTER TABLE events ADD COLUMN geom geometry(Point, 4326)",
    "ALTER TABLE fused_events ADD COLUMN geom geometry(Point, 4326)",
    "CREATE INDEX events_geom ON events USING gist (geom)",
    "CREATE INDEX fused_events_geom ON fused_events USING gist (geom)",
]


def _postgis_available(conn: Connection) -> bool:
    row = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first()
    return row is not None


def postgis_installed(conn: Connection) -> bool:
    """Whether the ``postgis`` extension is installed in this database (not only available)."""
    return conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is not None


def try_create_postgis(conn: Connection) -> Optional[str]:
    """Install PostGIS in this database if it can; return why not (one line), or None when it is there.

    ``CREATE EXTENSION`` runs in a savepoint, so a role without the right to create it (PostGIS is not a
    trusted extension: a superuser or the database owner with CREATE rights must run it) leaves the
    transaction usable and the store works with plain latitude/longitude columns instead.
    """
    if postgis_installed(conn):
        return None
    if not _postgis_available(conn):
        return "the PostGIS extension is not installed on the server"
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except DBAPIError as exc:
        msg = str(getattr(exc, "orig", exc)).strip().splitlines()
        return f"cannot create the PostGIS extension: {msg[0] if msg else type(exc).__name__}"
    return None


def add_postgis_columns(conn: Connection) -> None:
    """PostGIS points (and GiST indexes) beside lat/lon, filled from them; records ``postgis = 1``."""
    for stmt in POSTGIS:
        conn.execute(text(stmt))
    for table in ("events", "fused_events"):
        conn.execute(text(f"UPDATE {table} SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
                          "WHERE lat IS NOT NULL AND lon IS NOT NULL"))
    set_meta(conn, "postgis", "1")


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == key)).first() is None:
        conn.execute(meta.insert().values(key=key, value=value))
    else:
        conn.execute(meta.update().where(meta.c.key == key).values(value=value))


def _v1(conn: Connection) -> None:
    """Version 1: all tables, full-text search and (PostgreSQL) PostGIS points where PostGIS can be had."""
    metadata.create_all(conn)
    dialect = conn.dialect.name
    if dialect == "sqlite":
        for stmt in SQLITE_FTS:
            conn.execute(text(stmt))
    elif dialect == "postgresql":
        for stmt in POSTGRES_FTS:
            conn.execute(text(stmt))
        set_meta(conn, "postgis", "0")
        problem = try_create_postgis(conn)
        if problem is None:
            add_postgis_columns(conn)
        else:
            set_meta(conn, "postgis_problem", problem)


def _v2(conn: Connection) -> None:
    """Version 2: every text column of data is unbounded TEXT (version 1 had ``VARCHAR(64)`` event keys,
    which hold ``<url>#eN`` and overflowed on ordinary URLs). SQLite never enforced the lengths."""
    if conn.dialect.name != "postgresql":
        return
    bounded = {
        (table, col) for table, col in conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = 'character varying'"))
    }
    for table in metadata.sorted_tables:
        cols = [c.name for c in table.columns if isinstance(c.type, Text) and (table.name, c.name) in bounded]
        if cols:
            alters = ", ".join(f"ALTER COLUMN {c} TYPE text" for c in cols)
            conn.execute(text(f"ALTER TABLE {table.name} {alters}"))


def _v3(conn: Connection) -> None:
    """Version 3: fusion change tracking for API clients (``fused_sync``) and the event paging index."""
    migrate_sync(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)
