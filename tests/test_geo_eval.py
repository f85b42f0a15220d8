"""``sitrep eval geo`` metrics and errors. The geoparser's floors on the development corpora are in
test_eval_regression.py (checked on the full `sitrep eval all` report)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sitrep.errors import InputError


@pytest.fixture(scope="module")
def gaz():
    from sitrep.geo.gazetteer import default_gazetteer

    return default_gazetteer()


def test_recognition_precision_recall_and_f1_follow_their_definitions(gaz, nlp):
    """Strict needs the gold offsets, overlap any shared character; demonyms count as predicted toponyms;
    gold spans without a GeoNames id are not gold."""
    from sitrep.evaluate.geo import eval_corpus, format_table

    text = "Russian jets bombed Idlib and Aleppo on Monday, and aid reached the Bab al-Hawa crossing from Turkey."
    # Sitrep finds Russian (demonym), Idlib, Aleppo, Bab al-Hawa (a gazetteer name, issue 12) and Turkey
    gold = [
        {"start": 20, "end": 25, "geonameid": 169389, "lat": 35.93, "lon": 36.63},  # Idlib: exact
        {"start": 30, "end": 39, "geonameid": 170063, "lat": 36.20, "lon": 37.16},  # "Aleppo on": overlap only
        {"start": 68, "end": 79, "geonameid": 11_000_001, "lat": 36.23, "lon": 36.67},  # Bab al-Hawa: exact
        {"start": 94, "end": 100, "geonameid": None},  # Turkey without an id: not gold
    ]
    m = eval_corpus([{"text": text, "toponyms": gold}], nlp=nlp, gaz=gaz)
    rec = m["recognition"]
    assert rec["predicted"] == 5
    # strict: 2 of 5 predicted, 2 of 3 gold; overlap: 3 of 5, 3 of 3
    assert rec["strict"] == {"precision": 0.4, "recall": 0.6667, "f1": 0.5}
    assert rec["overlap"] == {"precision": 0.6, "recall": 1.0, "f1": 0.75}
    assert m["gold_toponyms"] == 3 and m["resolution"]["exact_id"] >= 1 / 3  # Idlib resolves exactly
    table = format_table({"mini": m})
    assert "mini" in table and "@161km" in table and "40.0%" in table


def test_missing_gold_folder_is_a_clear_error(tmp_path):
    from sitrep.evaluate.geo import run_geo_eval

    with pytest.raises(InputError, match="no geoparsing gold"):
        run_geo_eval(tmp_path)


def test_bad_gold_line_names_file_and_line(tmp_path):
    from sitrep.evaluate.geo import load_corpus

    path = tmp_path / "x.dev.jsonl"
    path.write_text('{"text": "a", "toponyms": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x.dev.jsonl:2"):
        load_corpus(path)


def test_geocode_command(gaz):
    from sitrep.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["geocode", "Sixteen civilians were killed in Idlib, Syria."])
    assert out.exit_code == 0, out.output
    assert "Idlib [169389]" in out.output and "focus: Syria" in out.output
    out = runner.invoke(main, ["geocode", "--json", "A meeting in Moscow."])
    assert '"geonameid": 524901' in out.output
    out = runner.invoke(main, ["geocode", " "], standalone_mode=False)
    assert isinstance(out.exception, InputError)


def test_each_miss_says_why(gaz):
    """A miss is a wrong pick when a right candidate existed; the ceiling counts those as reachable."""
    from sitrep.evaluate.geo import eval_corpus

    text = "Flooding hit Paris on Monday and reached Zyxwqville."
    doc = {"text": text, "toponyms": [
        # Paris, Texas: without context the resolver says Paris, France
        {"start": 13, "end": 18, "phrase": "Paris", "geonameid": 4717560, "lat": 33.66, "lon": -95.55},
        {"start": 41, "end": 51, "phrase": "Zyxwqville", "geonameid": 1, "lat": 0.0, "lon": 0.0},
    ]}
    m = eval_corpus([doc], gaz=gaz, recognition=False)
    why = {x["text"]: x["why"] for x in m["misses"]}
    assert why == {"Paris": "wrong pick", "Zyxwqville": "no candidate"}
    assert m["misses_by_cause"] == {"no candidate": 1, "wrong pick": 1}
    assert m["resolution"]["acc_161km"] == 0.0 and m["resolution"]["ceiling_161km"] == 0.5
    paris = next(x for x in m["misses"] if x["text"] == "Paris")
    assert paris["answer"]["country"] == "FRA" and paris["km"] > 7000


def test_common_nouns_marked_in_geowebnews_are_not_context(gaz):
    from sitrep.evaluate.geo import gold_toponyms

    doc = {"text": "Restaurants in Cambridge, UK.", "toponyms": [
        {"start": 0, "end": 11, "phrase": "Restaurants", "type": "Non_Toponym"},
        {"start": 15, "end": 24, "phrase": "Cambridge", "geonameid": 2653941, "lat": 52.2, "lon": 0.12,
         "type": "Literal"},
        {"start": 26, "end": 28, "phrase": "UK", "geonameid": 2635167, "lat": 54.8, "lon": -2.7, "type": "Literal"},
    ]}
    tops, spans = gold_toponyms(doc, gaz)
    assert [t.text for t in tops] == ["Cambridge", "UK"]


def test_end_to_end_counts_every_gold_span_and_says_why_it_was_missed(gaz, nlp):
    """End to end a gold span is right only when found with the same words and resolved within 161 km."""
    from sitrep.evaluate.geo import EndToEnd, eval_corpus, held_out

    text = "Shelling hit Idlib and the Democratic Republic of Congo on Monday, near Zyxwqville."
    doc = {"text": text, "toponyms": [
        {"start": 13, "end": 18, "phrase": "Idlib", "geonameid": 169389, "lat": 35.93, "lon": 36.63},
        # gold marks only "Congo": found as the longer name, it counts as "other words"
        {"start": 50, "end": 55, "phrase": "Congo", "geonameid": 203312, "lat": -2.5, "lon": 23.5},
        # found (after "near") but no gazetteer entry: the geoparser does not report it, so "not found"
        {"start": 72, "end": 82, "phrase": "Zyxwqville", "geonameid": 1, "lat": 0.0, "lon": 0.0},
        # a span no rule finds (a weekday): "not found"
        {"start": 59, "end": 65, "phrase": "Monday", "geonameid": 2, "lat": 0.0, "lon": 0.0},
    ]}
    m = eval_corpus([doc], nlp=nlp, gaz=gaz)
    e2e = m["end_to_end"]["all"]
    assert e2e["gold"] == 4 and e2e["acc_161km"] == 0.25
    assert e2e["misses_by_cause"] == {"not found": 2, "other words": 1}
    assert m["end_to_end"]["tuned"]["gold"] == 4 and m["end_to_end"]["held_out"]["gold"] == 0
    assert [held_out(n) for n in range(6)] == [False, False, False, False, True, False]
    assert set(EndToEnd.PARTS) <= set(m["end_to_end"])


def test_eval_geo_end_to_end_option(gaz, shared_dir):
    from sitrep.cli import main

    out = CliRunner().invoke(main, ["eval", "geo", "--end-to-end", "--limit", "2", "--shared", str(shared_dir)])
    assert out.exit_code == 0, out.output
    assert "geo end to end" in out.output and "held_out" in out.output
    assert "geo-e2e" in out.output and "lgl_e2e_all_acc161" in out.output
