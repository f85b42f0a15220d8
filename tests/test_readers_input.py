"""Input formats and their errors: PDFs with page numbers, unsupported binary formats, and messages
that name the line (JSON, JSONL, feeds) and carry the parser's whole message."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pdffix import make_pdf
from sitrep.errors import InputError
from sitrep.ingest.pdf import page_of
from sitrep.ingest.readers import iter_input_files, read_documents
from sitrep.model import Document

PAGE1 = ["OCHA Syria: Flash Update No. 12", "North-west Syria, 5 March 2020"]
PAGE2 = ["Russian air strikes killed 16 civilians in Idlib on Thursday, rescuers said.",
         "Nearly 900,000 people have been displaced since December."]


def _read(path) -> list:
    return list(read_documents(path, published="2020-03-05"))


def test_a_pdf_gives_its_text_title_date_and_page_starts(tmp_path):
    pdf = tmp_path / "flash-update.pdf"
    pdf.write_bytes(make_pdf([PAGE1, PAGE2], title="Syria: Flash Update No. 12", created="20200306"))
    (doc,) = list(read_documents(pdf))
    assert isinstance(doc, Document)
    assert doc.text.splitlines()[0] == PAGE1[0]
    assert doc.title == "Syria: Flash Update No. 12"
    assert doc.published == dt.date(2020, 3, 6)  # the PDF's creation date when none is given
    assert doc.pages == [0, doc.text.index("Russian air strikes")]
    assert page_of(doc, doc.text.index("Idlib")) == 2
    assert page_of(doc, doc.text.index("North-west")) == 1
    assert page_of(Document(id="x", text="plain"), 3) is None
    # a date given on the command line wins over the file's
    (doc,) = _read(pdf)
    assert doc.published == dt.date(2020, 3, 5)


def test_directories_pick_up_pdfs(tmp_path):
    (tmp_path / "a.pdf").write_bytes(make_pdf([PAGE2]))
    (tmp_path / "b.txt").write_text("Shelling hit Ariha.")
    assert [p.name for p in iter_input_files([tmp_path])] == ["a.pdf", "b.txt"]


@pytest.mark.parametrize("name, content, problem", [
    ("scan.pdf", make_pdf([[], []]), "PDF has no text layer (2 pages; scanned images?): run OCR on it first"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF", "unreadable PDF ("),
    ("fake.pdf", b"Russian air strikes killed 16 civilians.", "not a PDF (no %PDF- header)"),
])
def test_pdfs_that_cannot_be_read_are_one_line_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    (err,) = _read(path)
    assert isinstance(err, InputError)
    assert str(err).startswith(f"{path}: ") and problem in str(err) and "\n" not in str(err)


def test_a_pdf_with_a_text_suffix_is_still_read_as_a_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(make_pdf([PAGE2]))
    (doc,) = _read(path)
    assert isinstance(doc, Document) and doc.text.startswith("Russian air strikes") and doc.pages == [0]


@pytest.mark.parametrize("name, magic, kind", [
    ("report.docx", b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive: .docx, .xlsx, .odt or .zip"),
    ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an MS Office 97-2003 document: .doc or .xls"),
    ("map.png", b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
    ("data.bin", b"\x01\x02\x00\x00\x03", "NUL bytes"),
])
def test_other_binary_formats_are_unsupported_and_the_message_lists_the_supported_ones(tmp_path, name, magic, kind):
    path = tmp_path / name
    path.write_bytes(magic + b"rest of the file")
    (err,) = _read(path)
    assert str(err) == (f"{path}: binary file ({kind}), not a supported format; supported: .txt, .json, .jsonl, "
                        ".html, .htm, .pdf, .rss, .atom, .xml (other suffixes are read as plain text)")


def test_jsonl_errors_name_the_line_and_carry_the_whole_parser_message(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": "Shelling hit Ariha.", "published": "2020-03-01"}),
        '{"text": "Shelling hit Sarmin.", "published": "2020-03-02"',
        json.dumps({"text": "Clashes in Saraqib.", "published": "5 March"}),
        json.dumps({"text": "Clashes in Binnish.", "published": "2020-03-04"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = _read(path)
    assert [d.text for d in items if isinstance(d, Document)] == ["Shelling hit Ariha.", "Clashes in Binnish."]
    errors = [str(e) for e in items if isinstance(e, InputError)]
    assert errors[0] == f"{path}:2: malformed JSON at column 59: Expecting ',' delimiter"
    assert errors[1].startswith(f"{path}:3: ") and "'5 March'" in errors[1] and "ISO date" in errors[1]


def test_a_url_too_long_to_be_a_key_is_a_one_line_error_for_that_record_only(tmp_path):
    path = tmp_path / "corpus.jsonl"
    long_url = "https://desk.example/" + "a" * 3000
    lines = [json.dumps({"text": "Shelling hit Ariha.", "url": long_url}),
             json.dumps({"text": "Clashes in Binnish.", "url": "https://desk.example/2"})]
    path.write_text("\n".join(lines) + "\n")
    items = _read(path)
    assert [d.text for d in items if isinstance(d, Document)] == ["Clashes in Binnish."]
    (err,) = [str(e) for e in items if isinstance(e, InputError)]
    assert err == f"{path}:1: url is 3,021 bytes long; at most 2,048 are accepted"


def test_a_malformed_json_file_names_line_and_column(tmp_path):
    path = tmp_path / "report.json"
    path.write_text('{\n  "text": "Shelling hit Ariha.",\n  "published": 2020-03-01\n}\n')
    (err,) = _read(path)
    assert str(err) == f"{path}:3: malformed JSON at column 20: Expecting ',' delimiter"


def test_feed_errors_name_the_line_of_the_entry(tmp_path):
    path = tmp_path / "desk.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Desk</title>\n'
        "<item><title>Strike</title><link>https://desk.example/1</link>\n"
        "<description>Russian air strikes killed five civilians in Saraqib.</description></item>\n"
        "<item><title>Empty</title><link>https://desk.example/2</link></item>\n"
        "</channel></rss>\n")
    items = _read(path)
    assert isinstance(items[0], Document) and items[0].url == "https://desk.example/1"
    assert str(items[1]) == f"{path}:5: feed entry has no text"


def test_a_malformed_feed_names_line_and_column_with_the_whole_message(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>Desk</title>\n<item><title>x</item>\n')
    (err,) = _read(path)
    assert str(err) == f"{path}:4: malformed feed: mismatched tag (column 16)"


def test_an_ingested_pdf_keeps_its_pages_so_evidence_points_to_a_page(tmp_path):
    from sitrep.ingest.runner import ingest
    from sitrep.store import Store

    pdf = tmp_path / "flash-update.pdf"
    pdf.write_bytes(make_pdf([PAGE1, PAGE2], title="Syria: Flash Update No. 12"))
    with Store(str(tmp_path / "c.db")) as store:
        stats = ingest([str(pdf)], store, workers=1, published="2020-03-05")
        assert stats.errors == [] and stats.added == 1
        (report,) = list(store.reports())
    result = report.result
    assert result.document.pages == [0, result.document.text.index("Russian air strikes")]
    killed = [f for f in result.figures if f.kind == "killed" and f.value == 16]
    assert killed, result.figures
    assert page_of(result.document, killed[0].evidence.match_start) == 2
    assert page_of(result.document, result.document.text.index("Flash Update")) == 1
