"""Properties of the input readers, shared by ``test_readers_fuzz.py`` (few examples, in CI) and
``benchmarks/fuzz_readers.py`` (10,000 and more).

- :func:`check_any_bytes`: whatever bytes a file holds, reading it yields Documents (non-empty text) or
  one-line ``InputError`` values naming the file, and never raises.
- :func:`check_jsonl_keeps_every_good_record`: good records mixed with garbage lines all come out,
  each once, in order, and every garbage line is an error naming its line number.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from pdffix import make_pdf
from sitrep.errors import InputError
from sitrep.ingest.readers import binary_kind, read_documents
from sitrep.model import Document

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".rss", ".atom", ".pdf", ".md")

_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "published", "url", "source", "title", "id", "x"]), inner, max_size=5),
    max_leaves=12,
)
_SAMPLE_PDF = make_pdf([["Russian air strikes killed 16 civilians in Idlib."], ["Page two."]], title="T",
                       created="20200305")
_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item><title>{t}</title>'
         "<link>https://desk.example/{n}</link><pubDate>Thu, 05 Mar 2020 10:00:00 GMT</pubDate>"
         "<description>{d}</description></item></channel></rss>")


@st.composite
def _mutated(draw, seed: bytes) -> bytes:
    """``seed`` with a few bytes overwritten, cut short, or extended."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut] if draw(st.booleans()) else data) + draw(st.binary(max_size=16))


def file_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and near misses of each format (JSON records, feeds, PDFs, HTML)."""
    jsonl = st.lists(_json_like.map(lambda v: json.dumps(v, ensure_ascii=False)), max_size=4).map(
        lambda lines: "\n".join(lines).encode("utf-8"))
    feed = st.builds(lambda t, d, n: _FEED.format(t=t, d=d, n=n).encode("utf-8"), _words, _words, st.integers(0, 9))
    html = _words.map(lambda w: f"<html><head><title>{w}</title></head><body><p>{w}</p></body></html>".encode())
    return st.one_of(
        st.binary(max_size=2048),
        _words.map(lambda w: w.encode("utf-8")),
        jsonl, feed.flatmap(_mutated), html, _mutated(_SAMPLE_PDF),
        st.binary(max_size=512).map(lambda b: b"%PDF-1.7\n" + b),
    )


def _check_items(items: list, path: Path) -> list[Document]:
    docs = []
    for item in items:
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip(), item
            docs.append(item)
        else:
            assert isinstance(item, InputError), item
            message = str(item)
            assert message.startswith(str(path)) and "\n" not in message and "\r" not in message, message
    return docs


def check_any_bytes(data: bytes, suffix: str) -> list[Document]:
    """Read ``data`` as a file named ``*suffix``; return the Documents after checking every item."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_documents(path, published="2020-03-05"))
        return _check_items(items, path)


def good_records() -> st.SearchStrategy[list[dict]]:
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                   max_size=60).filter(str.strip)
    return st.lists(st.builds(lambda t, i: {"text": t, "url": f"https://desk.example/{i}"}, text, st.integers()),
                    max_size=6)


def garbage_lines() -> st.SearchStrategy[list[bytes]]:
    line = st.binary(max_size=80).map(lambda b: b.replace(b"\n", b" ").replace(b"\x00", b" "))
    return st.lists(line.filter(lambda b: not _blank(b) and not binary_kind(b) and not _is_good_record(b)),
                    max_size=6)


def _blank(raw: bytes) -> bool:
    try:
        return not raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return False


def _is_good_record(raw: bytes) -> bool:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and isinstance(value.get("text"), str) and bool(value["text"].strip())


def check_jsonl_keeps_every_good_record(records: list[dict], garbage: list[bytes], order: list[int]) -> None:
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    mixed: list[bytes] = []
    for i, line in enumerate([*lines, *garbage]):
        mixed.insert(order[i] % (len(mixed) + 1) if i < len(order) else len(mixed), line)
    kinds = ["good" if line in lines else "bad" for line in mixed]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_bytes(b"\n".join(mixed) + b"\n")
        items = list(read_documents(path, published="2020-03-05"))
        docs = _check_items(items, path)
        errors = [str(i) for i in items if isinstance(i, InputError)]
    good_in_file = [json.loads(line)["text"] for line, kind in zip(mixed, kinds) if kind == "good"]
    assert [d.text for d in docs] == good_in_file  # every good record, once, in order
    bad_lines = {n for n, kind in enumerate(kinds, 1) if kind == "bad"}
    named = {
        int(e[len(str(path)) + 1 :].split(":", 1)[0])
        for e in errors
        if e[len(str(path)) + 1 :].split(":", 1)[0].isdigit()
    }
    assert named == bad_lines, (errors, bad_lines)  # each bad line named by its number, nothing else
