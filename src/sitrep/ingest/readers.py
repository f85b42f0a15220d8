"""Reading reports from files: ``.txt``, ``.json``, ``.jsonl``, ``.html``, ``.pdf`` and RSS/Atom feeds.

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
from .document import make_document
from .pdf import looks_like_pdf, pdf_to_document

MAX_BYTES = 20 * 1024 * 1024  # a single report larger than this is not a news article
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm", ".pdf")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
SUPPORTED = "supported: " + ", ".join(SUFFIXES + FEED_SUFFIXES) + " (other suffixes are read as plain text)"
# magic numbers of the binary formats people try most often
BINARY_KINDS = (
    (b"PK\x03\x04", "a ZIP archive: .docx, .xlsx, .odt or .zip"),
    (b"\xd0\xcf\x11\xe0", "an MS Office 97-2003 document: .doc or .xls"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
# A JSONL corpus is read line by line, so it may be larger than one report; this caps it.
MAX_CORPUS_BYTES = 4 * 1024 ** 3


def _size_within(path: Path, limit: int) -> int:
    """The file's size; an ``InputError`` naming it when it cannot be read or is over ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise InputError(str(path), f"file is {size / 2**20:,.0f} MiB, larger than the {limit / 2**20:,.0f} MiB limit")
    return size


def _read_bytes(path: Path) -> bytes:
    _size_within(path, MAX_BYTES)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def binary_kind(raw: bytes) -> Optional[str]:
    """What binary format ``raw`` is in (None for text): a known magic number, else NUL bytes."""
    for magic, kind in BINARY_KINDS:
        if raw.startswith(magic):
            return kind
    return "NUL bytes" if b"\x00" in raw[:8192] else None


def _read_text(path: Path, raw: Optional[bytes] = None) -> str:
    raw = _read_bytes(path) if raw is None else raw
    kind = binary_kind(raw)
    if kind:
        raise InputError(str(path), f"binary file ({kind}), not a supported format; {SUPPORTED}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InputError(str(path), "empty file")
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
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory")
    defaults = {"published": published, "source": source}
    suffix = path.suffix.lower()
    raw = _read_bytes(path)
    if suffix == ".pdf" or looks_like_pdf(raw):
        if not looks_like_pdf(raw):
            raise InputError(str(path), "not a PDF (no %PDF- header)")
        yield pdf_to_document(raw, str(path), path.name, defaults)
        return
    text = _read_text(path, raw)
    if suffix == ".json":
        yield from _json_documents(text, path, defaults)
    elif suffix in (".html", ".htm"):
        yield html_to_document(text, str(path), defaults)
    else:
        yield make_document(str(path), id=path.name, text=text, published=published, source=source)


def _json_documents(text: str, path: Path, defaults: dict) -> Iterator[Document]:
    """A ``.json`` file: one record or a list of them."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"malformed JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(str(path), "malformed JSON: nested too deeply") from None
    records = record if isinstance(record, list) else [record]
    for i, r in enumerate(records):
        yield record_to_document(r, str(path) if len(records) == 1 else f"{path}[{i}]", defaults)


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
            yield InputError(str(path), "no such file or directory")
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
        raise InputError(str(path), "empty file")
    seen_any = False
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if lineno == 1 and binary_kind(raw):
                raise InputError(str(path), f"binary file ({binary_kind(raw)}), not a supported format; {SUPPORTED}")
            if len(raw) > MAX_BYTES:
                yield InputError(
                    where, f"line is {len(raw) / 1e6:.0f} MB, larger than the {MAX_BYTES // 2**20} MiB limit"
                )
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                yield InputError(where, f"not valid UTF-8 (byte {exc.start})")
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"malformed JSON at column {exc.colno}: {exc.msg}")
                continue
            except RecursionError:
                yield InputError(where, "malformed JSON: nested too deeply")
                continue
            try:
                yield record_to_document(record, where, defaults)
            except InputError as exc:
                yield exc
    if not seen_any:
        raise InputError(str(path), "empty file")


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
        raise _malformed_feed(where, feed.get("bozo_exception"))
    if not feed.entries:
        raise InputError(where, "feed has no entries")
    feed_title = feed.feed.get("title")
    lines = _entry_lines(text)
    for i, entry in enumerate(feed.entries):
        loc = f"{where}:{lines[i]}" if len(lines) == len(feed.entries) else f"{where}[{i}]"
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


def _malformed_feed(where: str, exc: object) -> InputError:
    """The XML parser's whole message, at its line and column when it knows them."""
    message = getattr(exc, "getMessage", lambda: None)() or str(exc) or type(exc).__name__
    line = getattr(exc, "getLineNumber", lambda: None)()
    column = getattr(exc, "getColumnNumber", lambda: None)()
    if line:
        return InputError(f"{where}:{line}", f"malformed feed: {message} (column {column})")
    return InputError(where, f"malformed feed: {message}")


def _entry_lines(text: str) -> list[int]:
    """The line of each ``<item>`` (RSS) or ``<entry>`` (Atom) start tag, in order."""
    starts = [m.start() for m in re.finditer(r"<(?:[\w.-]+:)?(?:item|entry)\b(?=[\s>/])", text, re.I)]
    return [text.count("\n", 0, pos) + 1 for pos in starts]


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
