"""The founding example: every `must` fact an analyst codes from the Idlib report of 5 March 2020."""

from __future__ import annotations

import pytest

from sitrep.evaluate.seed import score, summary


@pytest.fixture(scope="module")
def seed_result(seed_text, seed_expected):
    import sitrep

    return sitrep.extract(seed_text, published=seed_expected["published"], id=seed_expected["document"])


@pytest.fixture(scope="module")
def outcomes(seed_result, seed_expected):
    return score(seed_result, seed_expected)


def _must_fact_ids() -> list[str]:
    from conftest import SHARED

    path = SHARED / "seed" / "idlib-2020-03-05.expected.json"
    if not path.exists():
        return ["(expected facts absent)"]
    import json

    expected = json.loads(path.read_text("utf-8"))
    return [
        f"{section}:{fact.get('id') or fact.get('text') or i}"
        for section in ("events", "figures", "relations", "places")
        for i, fact in enumerate(expected.get(section, []))
        if fact.get("level", "must") == "must"
    ]


def test_every_must_fact_is_found(outcomes):
    missed = [f"{o.section}:{o.id}: {'; '.join(o.problems)}" for o in outcomes if o.level == "must" and not o.matched]
    assert missed == []


@pytest.mark.parametrize("fact_id", _must_fact_ids())
def test_must_fact_field_by_field(outcomes, fact_id):
    """One test per must fact: a failure names the fact and each field that disagrees."""
    section, _, ident = fact_id.partition(":")
    outcome = next(o for o in outcomes if o.section == section and o.id == ident)
    assert outcome.problems == [], f"{fact_id} ({outcome.what})"


def test_most_should_facts_are_found(outcomes):
    s = summary(outcomes)["should"]
    assert s["found"] / s["total"] > 0.5, [
        f"{o.section}:{o.id}: {o.problems}" for o in outcomes if o.level == "should" and not o.matched
    ]


def test_the_strike_is_sourced_to_its_sentence(seed_result, seed_text):
    # the strike that carries the killed (other sentences may be typed as air strikes too)
    strike = next(e for e in seed_result.events if e.type.acled_sub_event_type == "Air/drone strike"
                  and any(f.kind == "killed" for f in e.figures))
    ev = strike.evidence
    assert seed_text[ev.start:ev.end] == ev.text
    assert "sixteen civilians" in ev.text
    fig = strike.figures[0]
    assert seed_text[fig.evidence.match_start:fig.evidence.match_end] in ev.text


def test_damascus_as_government_is_an_actor_not_a_place(seed_result):
    damascus_places = [p for p in seed_result.places if (p.name or "").lower() == "damascus"]
    assert damascus_places == []
    assert any(a.code and a.code.startswith("SYRGOV") and "Damascus" in a.text for a in seed_result.actors)
