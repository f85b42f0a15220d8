"""PDF reports (ReliefWeb situation reports are mostly PDFs): the text layer, page by page, with pypdf.

The pages' texts are joined with a blank line; ``Document.pages`` keeps the offset where each page
starts, so any evidence offset maps back to its page (:func:`page_of`). Scanned PDFs without a text
layer, encrypted PDFs and damaged files are one-line input errors.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import logging
import re
from typing import Any, Optional

from ..errors import InputError
from ..model import Document
from .document import make_document

PAGE_BREAK = "\n\n"


def looks_like_pdf(raw: bytes) -> bool:
    """The ``%PDF-`` header, which the format allows anywhere in the first 1024 bytes."""
    return b"%PDF-" in raw[:1024]


def page_of(document: Document, offset: int) -> Optional[int]:
    """The 1-based page holding character ``offset`` of a paged document (None when unpaged)."""
    if not document.pages:
        return None
    return max(1, bisect.bisect_right(document.pages, offset))


def _page_texts(raw: bytes, where: str) -> tuple[list[str], dict]:
    """Each page's text and the document information (title, creation date) of a PDF."""
    import pypdf

    # pypdf logs what it repairs, quoting the file: the one-line error (or nothing) is what users see
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(where, "encrypted PDF (it needs a password); decrypt it first")
        texts = [(page.extract_text() or "") for page in reader.pages]
        info: Any = reader.metadata or {}
        meta = {"title": _clean(info.get("/Title")), "date": _pdf_date(info.get("/CreationDate"))}
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(where, f"unreadable PDF ({detail})") from None
    return texts, meta


def pdf_to_document(raw: bytes, where: str, doc_id: str, defaults: dict) -> Document:
    """A PDF's text layer as one Document with page offsets."""
    texts, meta = _page_texts(raw, where)
    parts, starts, offset = [], [], 0
    for text in texts:
        text = "\n".join(line.rstrip() for line in text.replace("\x00", "").splitlines()).strip()
        starts.append(offset)
        parts.append(text)
        offset += len(text) + len(PAGE_BREAK)
    body = PAGE_BREAK.join(parts)
    if not body.strip():
        raise InputError(where, f"PDF has no text layer ({len(texts)} pages; scanned images?): run OCR on it first")
    return make_document(
        where, id=doc_id, text=body, published=defaults.get("published") or meta["date"],
        source=defaults.get("source"), title=meta["title"], pages=starts,
    )


def _clean(value: object) -> Optional[str]:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _pdf_date(value: object) -> Optional[str]:
    """``D:20200305...`` (a PDF date) as ``2020-03-05``; None when absent or not a plausible date."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", str(value or ""))
    if not m:
        return None
    try:
        date = dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    return date.isoformat() if 1900 <= date.year <= 2100 else None
