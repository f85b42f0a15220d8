"""``/v1/documents/{id}`` (a report with the spans of every fact), and the writes: ``POST /v1/documents``
(ingest reports, idempotent like ``sitrep ingest``) and ``POST /v1/refuse`` (recompute fusion)."""

from __future__ import annotations

import threading
from typing import Optional, Union

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ..errors import InputError, SitrepError
from ..ingest.readers import record_to_document
from ..store.api_documents import document
from ..store.store import content_hash, doc_key
from .auth import Writer
from .errors import BAD, NOT_FOUND, WRITE, ApiError
from .params import clean

router = APIRouter(prefix="/v1", tags=["documents"])
MAX_DOCS = 100
_write_lock = threading.Lock()  # one ingest or re-fusion at a time per server


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    published: Optional[str] = Field(None, max_length=40, description="YYYY-MM-DD")
    source: Optional[str] = Field(None, max_length=500)
    url: Optional[str] = Field(None, max_length=4000)
    title: Optional[str] = Field(None, max_length=2000)
    id: Optional[str] = Field(None, max_length=500)


class IngestOut(BaseModel):
    added: int
    skipped: int
    documents: list[dict]
    errors: list[str]
    fused_events: int


@router.get("/documents/{id}", responses={**NOT_FOUND, **BAD}, summary="A report with its facts' spans")
def get_document(request: Request, id: str) -> dict:
    """The stored report: its text and, for every fact read from it (events, figures, relations), the
    character offsets of its evidence sentence (and of the words that triggered it, when known)."""
    found = document(request.app.state.store, clean("id", id) or "")
    if found is None:
        raise ApiError(404, f"no document {id!r}", "id")
    return found


def _documents(body: Union[DocumentIn, list[DocumentIn]]):
    from ..model import parse_published

    items = body if isinstance(body, list) else [body]
    if not 1 <= len(items) <= MAX_DOCS:
        raise ApiError(400, f"send 1 to {MAX_DOCS} documents per request", "body")
    docs = []
    for i, item in enumerate(items):
        where = f"body[{i}]" if isinstance(body, list) else "body"
        try:
            parse_published(item.published)
            docs.append(record_to_document(item.model_dump(exclude_none=True), where, {}))
        except (ValueError, InputError) as exc:
            raise ApiError(400, str(exc), f"{where}.published" if isinstance(exc, ValueError) else where) from None
    return docs


def _ingest(store, docs) -> dict:
    from ..ingest.runner import extract_chunk
    from ..pipeline import DEFAULT_STAGES

    with _write_lock:
        urls, hashes = store.known([d.url for d in docs if d.url], [content_hash(d.text) for d in docs])
        new = [d for d in docs if d.url not in urls and content_hash(d.text) not in hashes]
        outputs = extract_chunk(new, DEFAULT_STAGES) if new else []  # one output per document, in order
        status = {id(d): "failed" if isinstance(r, str) else "added" for d, r in zip(new, outputs)}
        added = store.add_results([r for r in outputs if not isinstance(r, str)])
        fused = len(store.refuse().events) if added else store.counts()["fused_events"]
    listed = [{"id": doc_key(content_hash(d.text)), "status": status.get(id(d), "already stored")} for d in docs]
    return {
        "added": added,
        "skipped": len(docs) - len(new),
        "documents": listed,
        "errors": [r for r in outputs if isinstance(r, str)],
        "fused_events": fused,
    }


@router.post(
    "/documents",
    responses={**BAD, **WRITE},
    response_model=IngestOut,
    dependencies=[Writer],
    summary="Ingest reports (idempotent)",
)
async def post_documents(request: Request, body: Union[DocumentIn, list[DocumentIn]]) -> dict:
    """Extract and store one report or a list of them, then recompute fusion. A report already stored
    (same URL or same text) is skipped, so sending the same reports twice stores them once."""
    docs = _documents(body)
    try:
        return await run_in_threadpool(_ingest, request.app.state.store, docs)
    except SitrepError as exc:
        raise ApiError(400, str(exc), "body") from None


@router.post("/refuse", responses=WRITE, dependencies=[Writer], summary="Recompute fusion")
def refuse(request: Request) -> dict:
    """Fuse every stored report again; fused ids that disappear are listed by /v1/deleted."""
    with _write_lock:
        fusion = request.app.state.store.refuse()
    return {"fused_events": len(fusion.events), "series_points": len(fusion.series)}
