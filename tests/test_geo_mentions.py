"""Every place lists its mentions; an event's and a figure's location points to the words it was read from."""

from __future__ import annotations

import os

import pytest

TEXT = ("Sixteen civilians were killed in air strikes on Saraqib on Tuesday, local sources said. "
        "Later that day, shelling hit Saraqib again and wounded four people in Ariha.")


@pytest.fixture(scope="module")
def result(request):
    if not os.environ.get("SITREP_CACHE_DIR"):
        os.environ["SITREP_CACHE_DIR"] = str(request.config.cache.mkdir("sitrep-cache"))
    from sitrep.pipeline import extract

    return extract(TEXT, published="2020-02-04")


def test_each_place_lists_every_mention_with_offsets(result):
    saraqib = next(p for p in result.places if p.name == "Saraqib")
    assert [(m.start, m.text) for m in saraqib.mentions] == [
        (TEXT.index("Saraqib"), "Saraqib"), (TEXT.rindex("Saraqib"), "Saraqib")]
    for place in result.places:
        assert place.mentions and place.mention is None
        for m in place.mentions:
            assert TEXT[m.start:m.end] == m.text
    names = [p.name for p in result.places]
    assert len(names) == len(set(names))  # one entry per place


def test_event_and_figure_locations_point_to_their_words(result):
    located = [e for e in result.events if e.location is not None and e.location.mention is not None]
    assert located, [e.location for e in result.events]
    for e in located:
        m = e.location.mention
        assert TEXT[m.start:m.end] == m.text
        assert e.location.mentions == []
    killed = next(f for f in result.figures if f.kind == "killed")
    assert killed.location is not None and killed.location.mention is not None
    assert killed.location.mention.start == TEXT.index("Saraqib")
    wounded = next(f for f in result.figures if f.kind == "injured")
    assert wounded.location.mention.text == "Ariha"
    assert wounded.location.mention.start == TEXT.index("Ariha")


def test_mentions_are_in_the_json_and_survive_the_store(result, tmp_path):
    from sitrep.model import Result, from_dict, to_dict
    from sitrep.store import Store

    data = to_dict(result)
    saraqib = next(p for p in data["places"] if p["name"] == "Saraqib")
    last = TEXT.rindex("Saraqib")
    assert saraqib["mentions"][1] == {"text": "Saraqib", "start": last, "end": last + 7}
    assert from_dict(Result, data).places == result.places
    with Store(str(tmp_path / "s.db")) as store:
        store.add_result(result)
        (stored,) = [r.result for r in store.reports()]
    assert stored.places == result.places
    assert [e.location for e in stored.events] == [e.location for e in result.events]
