"""`sitrep extract`: every input format, output order, and one-line errors for bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.validation import validate_result

STRIKE = "Three civilians were killed in an airstrike on a market in Saraqib on Tuesday, activists said."
TALKS = "Turkish and Russian officials held talks in Ankara yesterday."


def run(*args):
    result = CliRunner().invoke(main, list(args), standalone_mode=False, catch_exceptions=False)
    return result


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"id": "b-1", "text": TALKS, "published": "2020-03-05",
                                                 "source": "wire", "url": "https://example.org/b"}))
    (tmp_path / "c.jsonl").write_text(
        "\n".join(json.dumps({"id": f"c-{i}", "text": t, "published": "2020-03-05"})
                  for i, t in enumerate([TALKS, STRIKE, TALKS])) + "\n")
    (tmp_path / "d.html").write_text(
        "<html><head><title>Strike on market</title><meta name='date' content='2020-03-04'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Strike on market</h1>"
        f"<p>{STRIKE} The attack came as the offensive continued in Idlib province.</p>"
        "<p>Residents said the market had been crowded with families shopping before the holiday.</p>"
        "</article><footer>Copyright</footer></body></html>", encoding="utf-8")
    return tmp_path


def test_a_text_file_takes_its_date_from_the_flag(files):
    r = run("extract", str(files / "a.txt"), "--published", "2020-03-05", "--source", "AFP")
    out = json.loads(r.stdout)
    validate_result(out)
    assert out["document"]["published"] == "2020-03-05" and out["document"]["source"] == "AFP"
    killed = [f for f in out["figures"] if f["kind"] == "killed"]
    assert killed and killed[0]["value"] == 3
    assert killed[0]["date"]["start"] == "2020-03-03"  # "on Tuesday" before Thursday 5 March


def test_a_json_record_keeps_its_own_metadata(files):
    out = json.loads(run("extract", str(files / "b.json")).stdout)
    assert out["document"]["id"] == "b-1" and out["document"]["url"] == "https://example.org/b"
    consult = [e for e in out["events"] if e["type"]["plover"] == "CONSULT"]
    assert consult and {consult[0]["actor1"]["country"], consult[0]["actor2"]["country"]} == {"TUR", "RUS"}


def test_jsonl_output_keeps_input_order_and_ids(files, tmp_path):
    target = tmp_path / "out.jsonl"
    r = run("extract", str(files / "c.jsonl"), "--format", "jsonl", "-o", str(target))
    assert r.exit_code == 0
    lines = [json.loads(x) for x in target.read_text().splitlines()]
    assert [x["document"]["id"] for x in lines] == ["c-0", "c-1", "c-2"]


def test_html_main_text_and_date_come_from_the_page(files):
    out = json.loads(run("extract", str(files / "d.html")).stdout)
    assert "Home | World" not in out["document"]["text"]
    assert "Saraqib" in out["document"]["text"]
    assert out["document"]["published"] == "2020-03-04"


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty file"),
    ("bin.txt", b"\x00\x01\x02binary", "binary file"),
    ("latin.txt", "caf\xe9".encode("latin-1"), "not valid UTF-8"),
    ("broken.json", b'{"text": ', "malformed JSON"),
    ("notext.json", b'{"title": "no body"}', "no 'text'"),
])
def test_bad_input_gets_one_line_naming_it_and_the_rest_still_runs(files, name, content, message):
    bad = files / name
    bad.write_bytes(content)
    r = CliRunner().invoke(main, ["extract", str(bad), str(files / "a.txt"), "--published", "2020-03-05"],
                           standalone_mode=False)
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("sitrep: error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and message in errors[0]
    assert "Traceback" not in r.stderr
    results = json.loads(r.stdout)
    assert [x["document"]["id"] for x in results] == ["a.txt"]
    assert r.exit_code == 1


def test_a_malformed_line_in_jsonl_names_the_line(files):
    p = files / "mixed.jsonl"
    p.write_text(json.dumps({"text": TALKS}) + "\n{oops\n")
    r = CliRunner().invoke(main, ["extract", str(p)], standalone_mode=False)
    assert f"{p}:2: malformed JSON" in r.stderr


def test_without_the_classifier_acled_types_come_from_the_dictionary_alone(files):
    out = json.loads(run("extract", str(files / "a.txt"), "--published", "2020-03-05", "--no-classifier").stdout)
    assert out["events"] and all(e["coder"] == "dictionary" for e in out["events"])


def test_a_text_without_publication_date_gets_one_warning_naming_it_and_no_guessed_dates(files):
    r = CliRunner().invoke(main, ["extract", str(files / "a.txt")])
    assert r.exit_code == 0
    warnings = [line for line in r.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "a" in warnings[0] and "no publication date" in warnings[0]
    out = json.loads(r.stdout)
    validate_result(out)
    # "on Tuesday" is not resolved without a date: kept with precision "unknown", never a guessed day
    dates = [e["date"] for e in out["events"] if e["date"] is not None]
    assert dates and all(d["precision"] == "unknown" and d["start"] is None and d["end"] is None for d in dates)
