"""Change tracking of the fusion, for clients that mirror the database (``updated_since``, ``/v1/deleted``).

Fusion is recomputed as a whole (``Store.replace_fusion`` deletes and re-inserts every fused event), so
the fused rows themselves cannot say when they changed. ``fused_sync`` keeps one row per fused id ever
seen: a digest of its JSON, when it last appeared or changed (``updated_at``) and, once a re-fusion no
longer produces it, when it disappeared (``deleted_at``). :func:`record_fusion_changes` runs inside the
fusion's write transaction, so the two never disagree.

Times are UTC ISO-8601 with microseconds (``2026-11-29T23:59:01.123456+00:00``): they sort as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Column, Index, MetaData, String, Table, select, text
from sqlalchemy.engine import Connection

sync_metadata = MetaData()

fused_sync = Table(
    "fused_sync",
    sync_metadata,
    Column("fkey", String(32), primary_key=True),
    Column("digest", String(32), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("deleted_at", String(40)),
    Index("fused_sync_updated", "updated_at"),
    Index("fused_sync_deleted", "deleted_at"),
)

# keyset paging of fused events orders by (coalesce(date_start, ''), fkey): this index serves it
PAGE_INDEX = "CREATE INDEX IF NOT EXISTS fused_events_page ON fused_events ((coalesce(date_start, '')), fkey)"


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def migrate_sync(conn: Connection) -> None:
    """Schema version 3: ``fused_sync`` (seeded with the current fusion) and the paging index (idempotent)."""
    sync_metadata.create_all(conn)
    conn.execute(text(PAGE_INDEX))
    record_fusion_changes(conn)


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def record_fusion_changes(conn: Connection) -> None:
    """Compare the fused events now in the database with ``fused_sync`` and record what changed."""
    now = now_iso()
    current = {k: _digest(d) for k, d in conn.execute(text("SELECT fkey, data FROM fused_events"))}
    known = {
        r[0]: (r[1], r[2])
        for r in conn.execute(select(fused_sync.c.fkey, fused_sync.c.digest, fused_sync.c.deleted_at))
    }
    fresh = [{"fkey": k, "digest": d, "updated_at": now} for k, d in current.items() if k not in known]
    changed = [
        {"k": k, "d": d, "u": now}
        for k, d in current.items()
        if k in known and (known[k][0] != d or known[k][1] is not None)
    ]
    gone = [{"k": k, "t": now} for k, (_, deleted) in known.items() if k not in current and deleted is None]
    if fresh:
        conn.execute(fused_sync.insert(), fresh)
    if changed:
        conn.execute(
            text("UPDATE fused_sync SET digest = :d, updated_at = :u, deleted_at = NULL WHERE fkey = :k"), changed
        )
    if gone:
        conn.execute(text("UPDATE fused_sync SET deleted_at = :t WHERE fkey = :k"), gone)


def normalise_time(value: str) -> str:
    """An ISO date or date-time as the UTC text form ``fused_sync`` uses (a naive time is taken as UTC).

    Raises ValueError when ``value`` is not ISO-8601.
    """
    when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
