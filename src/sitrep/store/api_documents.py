"""One stored report with the spans of every fact read from it, and one fused event with, for each of
its source reports, the evidence sentence and offsets of each fact (for ``/v1/documents/{id}`` and
``/v1/events/{id}``)."""

from __future__ import annotations

import json
from typing import Optional

from sqlalchemy import select

from . import schema as S
from .api_queries import event_by_id
from .store import Store


def _load(store: Store, doc_keys: list[str]) -> dict[str, dict]:
    d = S.documents.c
    cols = (d.doc_key, d.doc_id, d.title, d.source, d.url, d.published, d.text, d.result)
    with store.engine.connect() as conn:
        rows = conn.execute(select(*cols).where(d.doc_key.in_(doc_keys))).all()
    return {r.doc_key: {"row": r, "result": json.loads(r.result)} for r in rows}


def _span(kind: str, ev: Optional[dict], **extra) -> Optional[dict]:
    if not ev or ev.get("start") is None or ev.get("end") is None:
        return None
    return {
        "kind": kind,
        "start": ev["start"],
        "end": ev["end"],
        "match_start": ev.get("match_start"),
        "match_end": ev.get("match_end"),
        "sentence": ev.get("text"),
        **extra,
    }


def _figure_span(f: dict) -> Optional[dict]:
    label = f"{f.get('kind')} {f.get('value') if f.get('value') is not None else ''}".strip()
    return _span(
        "figure", f.get("evidence"), figure=f.get("kind"), value=f.get("value"), label=label, event=f.get("event")
    )


def _event_span(e: dict) -> Optional[dict]:
    t = e.get("type") or {}
    return _span("event", e.get("evidence"), event=e.get("id"), label=t.get("plover") or t.get("cameo_name") or "event")


def fact_spans(result: dict) -> list[dict]:
    """Every fact's evidence span in a stored result: events, figures (also those inside events), relations."""
    spans, seen = [], set()
    candidates = [_event_span(e) for e in result.get("events", [])]
    candidates += [_figure_span(f) for f in result.get("figures", [])]
    candidates += [_figure_span(f) for e in result.get("events", []) for f in e.get("figures", [])]
    candidates += [_span("relation", r.get("evidence"), label=r.get("kind")) for r in result.get("relations", [])]
    for s in candidates:
        if s is None:
            continue
        key = (s["kind"], s["start"], s["end"], s.get("label"))
        if key not in seen:
            seen.add(key)
            spans.append(s)
    return sorted(spans, key=lambda s: (s["start"], s["end"], s["kind"]))


def _document_meta(r) -> dict:
    return {
        "id": r.doc_key,
        "doc_id": r.doc_id,
        "title": r.title,
        "source": r.source,
        "url": r.url,
        "published": r.published,
    }


def document(store: Store, doc_key: str) -> Optional[dict]:
    """The stored report ``doc_key``: metadata, text and the spans of every fact (offsets into the text)."""
    found = _load(store, [doc_key]).get(doc_key)
    if found is None:
        return None
    r = found["row"]
    return {**_document_meta(r), "text": r.text, "spans": fact_spans(found["result"])}


def _source_facts(result: dict, event_key: str) -> list[dict]:
    ev = next((e for e in result.get("events", []) if e.get("id") == event_key), None)
    if ev is None:
        return []
    facts = [_event_span(ev)]
    facts += [_figure_span(f) for f in ev.get("figures", [])]
    facts += [_figure_span(f) for f in result.get("figures", []) if f.get("event") == event_key]
    out, seen = [], set()
    for f in facts:
        if f is not None and (f["kind"], f["start"], f["end"], f.get("label")) not in seen:
            seen.add((f["kind"], f["start"], f["end"], f.get("label")))
            out.append(f)
    return out


def event_detail(store: Store, fkey: str) -> Optional[dict]:
    """A fused event with each source report's document, evidence offsets and facts, and fusion's reasons."""
    data = event_by_id(store, fkey)
    if data is None:
        return None
    event = json.loads(data)
    docs = _load(store, sorted({s["document"] for s in event.get("sources", [])}))
    for s in event.get("sources", []):
        found = docs.get(s["document"])
        s["document_title"] = found["row"].title if found else None
        s["facts"] = _source_facts(found["result"], s["event"]) if found else []
    event.setdefault("reasons", [])
    return event
