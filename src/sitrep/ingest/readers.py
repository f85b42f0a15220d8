"""Reading reports from files: ``.txt``, ``.json``, ``.jsonl`` and ``.html``.

``read_path`` yields :class:`~sitrep.model.Document` objects and raises :class:`~sitrep.errors.InputError`
(naming the file, and the line for JSONL) for anything it cannot read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from ..errors import InputError
from ..model import Document
from ..pipeline import document_id

MAX_BYTES = 20 * 1024 * 1024  # a single report larger than this is not a news article
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise InputError(path, f"file is {size / 1e6:.0f} MB, larger than the {MAX_BYTES // 2**20} MiB limit")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw[:8192]:
        raise InputError(path, "binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def record_to_document(record: object, where: str, defaults: dict) -> Document:
    """A ``{id, text, published, source, url, title}`` record as a Document (``where`` names it in errors)."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no 'text'")
    fields = {}
    for key in ("published", "source", "url", "title"):
        value = record.get(key, defaults.get(key))
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"'{key}' must be a string")
        fields[key] = value
    rid = record.get("id")
    doc_id = str(rid) if rid is not None else (fields["url"] or document_id(text))
    return Document(id=doc_id, text=text, **fields)


def read_path(
    path: str | Path,
    published: Optional[str] = None,
    source: Optional[str] = None,
) -> Iterator[Document]:
    """Documents in one file. ``published`` and ``source`` fill in what the file does not say."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory")
    defaults = {"published": published, "source": source}
    suffix = path.suffix.lower()
    text = _read_text(path)
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"malformed JSON: {exc.msg} at line {exc.lineno}") from None
        records = record if isinstance(record, list) else [record]
        for i, r in enumerate(records):
            yield record_to_document(r, str(path) if len(records) == 1 else f"{path}[{i}]", defaults)
    elif suffix == ".jsonl":
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}", f"malformed JSON: {exc.msg}") from None
            yield record_to_document(record, f"{path}:{lineno}", defaults)
    elif suffix in (".html", ".htm"):
        yield html_to_document(text, str(path), defaults)
    else:
        yield Document(id=path.name, text=text, published=published, source=source)


def html_to_document(html: str, where: str, defaults: dict) -> Document:
    """Main text, title and date of an HTML page (trafilatura)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(where, "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        raise InputError(where, "no article text found in the HTML")
    published = defaults.get("published") or data.get("date")
    return Document(
        id=data.get("url") or Path(where).name,
        text=text,
        published=published,
        source=defaults.get("source") or data.get("sitename") or data.get("hostname"),
        url=data.get("url"),
        title=data.get("title"),
    )
