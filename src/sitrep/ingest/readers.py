"""Reading reports from files: ``.txt``, ``.json``, ``.jsonl``, ``.html`` and RSS/Atom feeds.

:func:`iter_input_files` expands directories recursively and :func:`read_documents` reads any input
file, tolerant of bad records: a problem is yielded as an ``InputError`` value naming the file (and the
line of a JSONL file or the entry of a feed) and the records after it are still read. ``sitrep extract``
and ``sitrep ingest`` both read through these two. :func:`read_path` is the strict reader of one-record
files (``.txt``, ``.json``, ``.html``).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..errors import InputError
from ..model import Document
from ..pipeline import document_id

MAX_BYTES = 20 * 1024 * 1024  # a single report larger than this is not a news article
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
# A JSONL corpus is read line by line, so it may be larger than one report; this caps it.
MAX_CORPUS_BYTES = 4 * 1024 ** 3


def _size_within(path: Path, limit: int) -> int:
    """The file's size; an ``InputError`` naming it when it cannot be read or is over ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise InputError(path, f"file is {size / 2**20:,.0f} MiB, larger than the {limit / 2**20:,.0f} MiB limit")
    return size


def _read_text(path: Path) -> str:
    _size_within(path, MAX_BYTES)
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
    return make_document(where, id=doc_id, text=text, **fields)


def make_document(where: str, **fields) -> Document:
    """A Document, its publication date parsed here; a bad date is an ``InputError`` naming ``where``."""
    try:
        return Document(**fields)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None


def read_path(
    path: str | Path,
    published: Optional[str] = None,
    source: Optional[str] = None,
) -> Iterator[Document]:
    """Documents in one ``.txt``, ``.json`` (a record or a list of them) or ``.html`` file; raises
    ``InputError`` for anything unreadable. ``published`` and ``source`` fill in what the file lacks.
    Corpora (``.jsonl``, feeds) go through :func:`read_documents`."""
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
    elif suffix in (".html", ".htm"):
        yield html_to_document(text, str(path), defaults)
    else:
        yield make_document(str(path), id=path.name, text=text, published=published, source=source)


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
    return make_document(
        where,
        id=data.get("url") or Path(where).name,
        text=text,
        published=published,
        source=defaults.get("source") or data.get("sitename") or data.get("hostname"),
        url=data.get("url"),
        title=data.get("title"),
    )


# --- batches: directories, tolerant reading, feeds ------------------------------------------------

def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Each input file; directories are walked recursively (sorted, hidden entries skipped).

    A missing input is yielded as an ``InputError`` so that the other inputs are still read.
    """
    known = SUFFIXES + FEED_SUFFIXES
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            yield InputError(path, "no such file or directory")
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if child.suffix.lower() in known:
                    yield child
        else:
            yield path


def read_documents(
    path: str | Path,
    published: Optional[str] = None,
    source: Optional[str] = None,
) -> Iterator[Document | InputError]:
    """Documents in one file, tolerant of bad records.

    Problems with the whole file (missing, binary, empty, invalid UTF-8, too large, malformed JSON or
    feed) and with single records (a JSONL line, a feed entry) are *yielded* as ``InputError`` values;
    reading goes on with the next record.
    """
    path = Path(path)
    defaults = {"published": published, "source": source}
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _jsonl_documents(path, defaults)
        elif path.suffix.lower() in FEED_SUFFIXES:
            yield from feed_documents(_read_text(path), str(path), defaults)
        else:
            yield from read_path(path, published=published, source=source)
    except InputError as exc:
        yield exc


def _jsonl_documents(path: Path, defaults: dict) -> Iterator[Document | InputError]:
    """Stream a JSONL corpus line by line (it may be far larger than one report)."""
    size = _size_within(path, MAX_CORPUS_BYTES)
    if size == 0:
        raise InputError(path, "empty file")
    seen_any = False
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if lineno == 1 and b"\x00" in raw[:8192]:
                raise InputError(path, "binary file (NUL bytes), not text")
            if len(raw) > MAX_BYTES:
                yield InputError(where, f"line is {len(raw) / 1e6:.0f} MB, larger than the {MAX_BYTES // 2**20} MiB limit")
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(where, f"not valid UTF-8 (byte {exc.start})")
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"malformed JSON: {exc.msg}")
                continue
            try:
                yield record_to_document(record, where, defaults)
            except InputError as exc:
                yield exc
    if not seen_any:
        raise InputError(path, "empty file")


def feed_documents(text: str, where: str, defaults: dict) -> Iterator[Document | InputError]:
    """The entries of an RSS or Atom feed (feedparser) as Documents.

    An entry's text is its full content when the feed carries it, else its summary, with HTML tags
    removed; its date is the entry's published (or updated) date.
    """
    import feedparser

    feed = feedparser.parse(text)
    has_text = any(e.get("content") or e.get("summary") for e in feed.entries)
    if feed.bozo and not has_text:
        # feedparser is lenient (bozo also flags small slips); a feed is malformed when nothing is readable
        exc = feed.get("bozo_exception")
        problem = getattr(exc, "getMessage", lambda: None)() or str(exc)
        raise InputError(where, f"malformed feed: {problem}")
    if not feed.entries:
        raise InputError(where, "feed has no entries")
    feed_title = feed.feed.get("title")
    for i, entry in enumerate(feed.entries):
        loc = f"{where}[{i}]"
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value") or ""
        body = body or entry.get("summary") or ""
        text_ = _html_to_text(body)
        if not text_.strip():
            yield InputError(loc, "feed entry has no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = defaults.get("published")
        if stamp is not None:
            published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        url = entry.get("link")
        try:
            yield make_document(
                loc,
                id=url or entry.get("id") or document_id(text_),
                text=text_,
                published=published,
                source=defaults.get("source") or feed_title,
                url=url,
                title=entry.get("title"),
            )
        except InputError as exc:
            yield exc


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, block elements become paragraph breaks."""
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    fragment = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment)
    fragment = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h[1-6])>", "\n\n", fragment)
    fragment = re.sub(r"<[^>]+>", "", fragment)
    text = html_lib.unescape(fragment)
    paragraphs = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
