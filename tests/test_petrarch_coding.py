"""PETRARCH coding conventions the events and actors stages follow: subjects reached through "is about
to", one event per coordinated (source, target) pair, agents joined to the actor that owns them."""

import pytest

from sitrep.model import Document
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline()

    def _run(text: str) -> list[tuple]:
        res = pipe(Document(id="t", text=text))
        return [(e.actor1.code if e.actor1 else None, e.actor2.code if e.actor2 else None, e.type.cameo)
                for e in res.events]

    return _run


def test_subject_reached_through_about_to(run):
    assert ("TUR", "EGY", "050") in run("Turkey is about to restore full diplomatic ties with Egypt.")


def test_coordinated_sources_each_get_an_event(run):
    got = run("France and Germany welcomed a resumption of diplomatic ties with Iran.")
    assert ("FRA", "IRN", "051") in got and ("DEU", "IRN", "051") in got


def test_coordinated_targets_each_get_an_event(run):
    got = run("Japan welcomed the resumption of ties between Iran and Iraq.")
    assert ("JPN", "IRN", "051") in got and ("JPN", "IRQ", "051") in got


def test_actor_in_a_locative_phrase_is_not_a_second_target(run):
    got = run("The Egyptian government condemned an attack by Israeli soldiers in south Lebanon.")
    assert [g for g in got if g[2].startswith("11")] == [("EGYGOV", "ISRMIL", "111")]
    assert all(g[1] != "LBN" for g in got)
    # a disapproval of an attack also yields the attack (issue 10); PETRARCH codes only the disapproval
    assert any(g[2] == "190" for g in got)


def test_possessor_joins_its_agent(run):
    assert run("Egypt's foreign minister criticized Israel.") == [("EGYGOV", "ISR", "111")]


def test_coordinated_agent_shares_its_neighbours_country(run):
    got = run("Russian media and government warned Ukraine.")
    assert {g[0] for g in got} == {"RUSJRN", "RUSGOV"} and all(g[1] == "UKR" for g in got)


def test_meeting_of_coordinated_subjects_is_one_event_between_them(run):
    got = [g for g in run("France and Germany held a meeting in Paris.") if g[2] and g[2].startswith("04")]
    assert got == [("FRA", "DEU", "046")]


def test_compound_pattern_codes_both_directions_and_link_keeps_them(shared_dir):
    """A ``%`` pattern ("- % * THEIR MEETING [120]"-style) codes "A and B" both ways; the link stage
    must not fold the two codings of one trigger back into one."""
    from sitrep.evaluate.readers import read_petrarch
    from sitrep.evaluate.suites import PETR_DIR, VALIDATE_FILE, _petrarch_lexicons

    suite = read_petrarch(shared_dir / PETR_DIR / VALIDATE_FILE)
    pipe = Pipeline(lexicons=_petrarch_lexicons(suite))
    res = pipe(Document(id="t", text="Gondor and Osgiliath have postponed their meeting after a hafling was "
                                      "reported."))
    pairs = {(e.actor1.code, e.actor2.code) for e in res.events if e.actor1 and e.actor2}
    assert {("GON", "OSG"), ("OSG", "GON")} <= pairs


def test_agents_joined_to_owners_in_prepositional_phrases(shared_dir):
    """The validation suite's fictional dictionaries: "ambassadors of A, B and C" -> AGOV, BGOV, CGOV."""
    from sitrep.evaluate.readers import read_petrarch
    from sitrep.evaluate.suites import PETR_DIR, VALIDATE_FILE, _petrarch_lexicons

    suite = read_petrarch(shared_dir / PETR_DIR / VALIDATE_FILE)
    pipe = Pipeline(lexicons=_petrarch_lexicons(suite))
    res = pipe(Document(id="t", text="Lawmakers and officials in Arnor and Gondor welcomed a resumption of "
                                      "formal diplomatic ties with Eriador."))
    codes = {e.actor1.code for e in res.events if e.actor1}
    assert {"ARNLEG", "GONLEG", "ARNGOV"} <= codes


def test_verb_without_object_takes_the_actor_it_departs_from(run):
    assert ("ETH", "LBY", "040") in run("Ethiopia departed from Libya yesterday.")


def test_country_named_as_recipient_is_the_target(run):
    """"to Australia" is a place to the actors stage; as the recipient of a coded verb it is the state.
    ("will contribute": a stated intention, CAMEO 033, by Sitrep's modality rule.)"""
    assert run("Japan will contribute a million dollars to Australia.") == [("JPN", "AUS", "033")]


def test_actor_free_events_are_not_petrarch_codings():
    """The PETRARCH scorer compares dyads: an event with neither actor has no PETRARCH form."""
    from sitrep.evaluate.suites import produced_codings
    from sitrep.model import Actor, Event, EventType, Result

    doc = Document(id="t", text="Hospitals have been bombed.")
    res = Result(document=doc, events=[
        Event(id="a", type=EventType(cameo="195")),
        Event(id="b", type=EventType(cameo="195"), actor2=Actor(text="Hospitals", code="MED")),
    ])
    assert [(c.source, c.target, c.event) for c in produced_codings(res)] == [("---", "MED", "195")]


def test_paired_code_adds_the_reverse_coding(shared_dir):
    """A paired dictionary code (``HOST [043:042]``) is two codings, as in PETRARCH: the host's
    (source -> target, 043) and the guest's visit (target -> source, 042)."""
    from sitrep.evaluate.readers import read_petrarch
    from sitrep.evaluate.suites import PETR_DIR, VALIDATE_FILE, _petrarch_lexicons

    suite = read_petrarch(shared_dir / PETR_DIR / VALIDATE_FILE)
    pipe = Pipeline(lexicons=_petrarch_lexicons(suite))
    res = pipe(Document(id="t", text="Arnor hosted Gondor on Tuesday."))
    got = {(e.actor1.code, e.actor2.code, e.type.cameo) for e in res.events if e.actor1 and e.actor2}
    assert {("ARN", "GON", "043"), ("GON", "ARN", "042")} <= got


def test_paired_code_is_not_added_to_a_refusal(run):
    """Negated cooperation is a rejection (CAMEO 12x); its paired half is not coded."""
    got = run("Japan did not host China.")
    assert not any(g[2] and g[2].startswith("04") for g in got)


def test_subject_of_a_following_complement_clause_is_the_target(run):
    """"criticized that X ...": with no object, the complement clause's subject is the target (PETRARCH);
    a report's trailing tag ("..., an official said") codes nothing new."""
    assert ("FRA", "RUS", "111") in [g[:2] + (g[2],) for g in run("France criticized that Russia had "
                                                                    "ignored the agreement.")]
    got = run("Turkey attacked Syria, a senior Iraqi official said.")
    assert all(g[2] is None or not g[2].startswith("01") for g in got)


def test_capital_aimed_at_is_the_target_state_and_stays_a_place():
    """"fired shells at Seoul": the capital aimed at is the state as target (PETRARCH codes KOR); the
    places stage still resolves Seoul as a place."""
    pipe = Pipeline()
    res = pipe(Document(id="t", text="The United States on Thursday fired two artillery shells at Seoul."))
    assert [(e.actor1.code, e.actor2.code) for e in res.events if e.actor1 and e.actor2] == [("USA", "KOR")]
    assert any(p.name == "Seoul" for p in res.places)


def test_country_or_capital_as_direct_object_is_the_target(run):
    assert ("JPN", "AUS", "111") in run("Japan deplored Australia yesterday.")
    assert ("TUR", "SYR", "190") in run("Turkey shelled Damascus on Monday.")
