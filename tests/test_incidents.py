"""Issue 10: one incident, one event; tallies; statements and senses; dates; fusion on evidence.

Each rule is tested on its own (unit) and, where it is a reading of text, through the pipeline.
"""

from __future__ import annotations

import sitrep
from sitrep.evaluate.reports import score_tallies, tally_problems
from sitrep.fuse import Report, fuse
from sitrep.fuse.rules import compare, compare_figures, compare_places, text_similarity, tolls_compatible
from sitrep.model import Actor, DateSpan, Document, Event, EventType, Evidence, Figure, Place, Result
from sitrep.stages.events import finer_date
from sitrep.stages.incidents import (
    _actors_agree,
    associated,
    dates_agree,
    more_specific_date,
    more_specific_type,
    places_agree,
    region_holds,
    same_incident,
    swapped_roles,
    victims_as_target,
)
from sitrep.stages.link import inferred_window
from sitrep.stages.statements import cooperation_without_counterpart, heading_end
from sitrep.stages.tallies import tally_cue

KABUL = Place(text="Kabul", name="Kabul", geonameid=1138958, country="AFG", admin1="Kabul", lat=34.53, lon=69.17,
              feature="city", precision="town")
AFGHANISTAN = Place(text="Afghanistan", name="Afghanistan", geonameid=1149361, country="AFG", lat=33.0, lon=65.0,
                    feature="country", precision="country")
HERAT = Place(text="Herat", name="Herat", geonameid=1139715, country="AFG", admin1="Herat", lat=34.35, lon=62.2,
              feature="city", precision="town")
DAY = DateSpan("2017-05-31", "2017-05-31", "day", "Wednesday")


def code(text: str, published: str | None = "2020-03-05"):
    return sitrep.extract(text, published=published)


def violent(cameo="190", a1=None, a2=None, place=None, date=DAY, figures=(), sentence=0, trigger=(5, 10), text=""):
    ev = Evidence(text=text, start=sentence, end=sentence + 50, match_start=trigger[0], match_end=trigger[1])
    return Event(id=f"e{trigger[0]}", type=EventType(cameo=cameo, plover="ASSAULT"), actor1=a1, actor2=a2,
                 location=place, date=date, figures=list(figures), evidence=ev)


# --- tallies ------------------------------------------------------------------------------------------

def test_tally_cues_are_read_in_the_clause():
    assert tally_cue("killed 162,400 people since march 2011".split()) == "since"
    assert tally_cue("the death toll had reached 162,400 as of may 19".split()) == "death toll"
    assert tally_cue("an airstrike killed 12 civilians yesterday".split()) is None


def test_a_running_total_is_a_tally_with_its_period_and_creates_no_event():
    r = code("Violence in Syria has killed more than 162,400 people since March 2011.", published="2014-05-22")
    f = next(f for f in r.figures if f.value == 162400)
    assert f.cumulative and f.kind == "killed"
    assert (f.date.start, f.date.end) == ("2011-03-01", "2014-05-22")
    assert not [e for e in r.events if (e.type.cameo or "").startswith(("18", "19", "20"))]


def test_a_period_from_month_to_month_makes_a_tally():
    r = code("From January to June 2018, conflict killed 55 aid workers in Syria.", published="2018-08-20")
    f = next(f for f in r.figures if f.value == 55)
    assert f.cumulative and (f.date.start, f.date.end) == ("2018-01-01", "2018-06-30")
    assert f.event is None


def test_an_incident_toll_is_no_tally():
    r = code("An airstrike killed 12 civilians in Idlib yesterday.")
    f = next(f for f in r.figures if f.value == 12)
    assert not f.cumulative and f.event is not None


def test_the_evaluation_finds_a_tally_only_as_a_standalone_cumulative_figure():
    ev = Evidence("x", 0, 1, 0, 1)
    tally = Figure(kind="killed", value=93000, date=DateSpan("2011-03-01", "2013-06-17", "range", "since March 2011"),
                   evidence=ev, cumulative=True)
    exp = {"id": "t", "kind": "killed", "value": 93000, "date_start_range": ["2011-03-01", "2011-03-31"]}
    assert tally_problems(exp, tally) == []
    plain = Figure(kind="killed", value=93000, evidence=ev)
    assert "not flagged cumulative" in tally_problems(exp, plain)
    doc = Document(id="d", text="x")
    assert score_tallies(Result(document=doc, figures=[tally]), {"tallies": [exp]})[0]["found"]


# --- incidents --------------------------------------------------------------------------------------

def test_one_missile_strike_with_killed_and_injured_is_one_event():
    r = code("A Russian missile strike on the railway station in Kramatorsk killed 50 civilians, including five "
             "children, and injured more than 100 others.", published="2022-04-08")
    violent_events = [e for e in r.events if (e.type.cameo or "").startswith(("18", "19", "20"))]
    assert len(violent_events) == 1, [(e.type.cameo, e.trigger) for e in r.events]
    e = violent_events[0]
    assert sorted(f.kind for f in e.figures) == ["injured", "killed"]
    assert e.location.name == "Kramatorsk"


def test_mentions_of_one_incident_fold_to_the_most_specific_type_and_place():
    a = violent("190", place=AFGHANISTAN, figures=[Figure("killed", 90)], trigger=(5, 10))
    b = violent("183", place=KABUL, trigger=(60, 70), sentence=0)
    assert same_incident(a, b, 0)
    assert more_specific_type(a.type, b.type).cameo == "183"
    assert more_specific_type(EventType(cameo="195"), EventType(cameo="190")).cameo == "195"


def test_two_tolls_in_two_sentences_are_two_incidents():
    a = violent(figures=[Figure("killed", 5)])
    b = violent(figures=[Figure("killed", 3)], trigger=(80, 90))
    assert not same_incident(a, b, 1, refers_back=True)
    assert same_incident(a, violent(trigger=(80, 90)), 1, refers_back=True)
    # a next sentence that states its own date and refers to nothing before is another incident
    assert not same_incident(a, violent(trigger=(80, 90), text="On Wednesday a bomb went off."), 1, refers_back=False)


def test_places_and_dates_agree_when_one_is_inside_or_unstated():
    assert places_agree(AFGHANISTAN, KABUL) and places_agree(None, KABUL)
    assert not places_agree(KABUL, HERAT)
    assert dates_agree(DAY, DateSpan("2017-05-24", "2017-05-31", "week", None))  # inferred: no words
    assert not dates_agree(DAY, DateSpan("2017-05-20", "2017-05-20", "day", "20 May"))


def test_target_of_one_event_striking_in_the_other_is_not_the_same_incident():
    tur = Actor(text="Turkish forces", code="TURMIL", country="TUR", sector="MIL")
    strikes = violent(a2=tur)
    operation = violent(a1=tur, trigger=(80, 90))
    assert swapped_roles(strikes, operation) and not same_incident(strikes, operation, 1, refers_back=True)


def test_coordinated_actors_are_kept_as_associated_actors():
    r = code("Russian and Syrian warplanes bombed the town of Saraqib on Tuesday, killing nine civilians.")
    e = next(e for e in r.events if (e.type.cameo or "").startswith(("18", "19")))
    countries = {a.country for a in [e.actor1, *e.assoc_actor1] if a is not None}
    assert countries == {"RUS", "SYR"}, (e.actor1, e.assoc_actor1)
    assert {a1.country for a1, _ in associated(e)} == {"RUS", "SYR"}


def test_the_people_an_attack_killed_are_its_target_not_its_source():
    tur = Actor(text="Turkish forces", code="TURMIL", country="TUR", sector="MIL")
    killed = Figure("killed", 34, actor=Actor(text="Turkish soldiers", code="TURMIL", country="TUR", sector="MIL"))
    e = violent(a1=tur, figures=[killed])
    victims_as_target(e)
    assert e.actor1 is None and e.actor2 is tur
    syr = Actor(text="Syrian forces", code="SYRMIL", country="SYR", sector="MIL")
    other = violent(a1=syr, figures=[killed])
    victims_as_target(other)
    assert other.actor1 is syr and other.actor2 is None  # the source is not among the dead
    r = code("We stand by Turkey after the February 27 attack on Turkish forces in Idlib, which resulted in the "
             "death of dozens of Turkish soldiers.", published="2020-02-28")
    attack = next(e for e in r.events if e.type.plover == "ASSAULT")
    assert attack.actor2 is not None and attack.actor2.country == "TUR"
    assert attack.actor1 is None or attack.actor1.country != "TUR"


def test_a_sector_without_country_agrees_with_that_sector_of_a_country():
    civilians = Actor(text="civilians", code="CVL", sector="CVL")
    ukrainian = Actor(text="Ukrainian civilians", code="UKRCVL", country="UKR", sector="CVL")
    soldiers = Actor(text="Russian soldiers", code="RUSMIL", country="RUS", sector="MIL")
    assert _actors_agree(civilians, ukrainian)
    assert not _actors_agree(Actor(text="soldiers", code="MIL", sector="MIL"), ukrainian)
    assert not _actors_agree(soldiers, ukrainian)


def test_a_named_region_holds_the_towns_of_its_country_within_its_radius():
    region = Place(text="northwestern Syria", name="northwestern Syria", country="SYR", lat=35.9, lon=36.6,
                   precision="region")
    idlib = Place(text="Idlib", name="Idlib", geonameid=169389, country="SYR", lat=35.93, lon=36.63, precision="town")
    deir = Place(text="Deir ez-Zor", name="Deir ez-Zor", country="SYR", lat=35.33, lon=40.14, precision="town")
    assert region_holds(region, idlib) and places_agree(region, idlib)
    assert not region_holds(region, deir)
    assert not region_holds(region, KABUL)


def test_the_finer_of_two_stated_dates_wins_when_inside_the_other():
    years = DateSpan("2019-01-01", "2020-12-31", "range", "2019-2020")
    day = DateSpan("2019-12-19", "2019-12-19", "day", "on 19 December 2019")
    inferred = DateSpan("2020-02-07", "2020-02-07", "day", None)
    assert more_specific_date(years, day) is day
    assert more_specific_date(day, years) is day
    assert more_specific_date(inferred, years) is years
    assert more_specific_date(day, DateSpan("2019-12-25", "2019-12-25", "day", "25 December")) is day


def test_a_killing_and_a_wounding_of_one_sentence_that_refers_back_fold_into_the_strike():
    r = code("On 8 April 2022, a Russian missile strike hit the railway station of the Ukrainian city of Kramatorsk. "
             "The strike killed 63 civilians and wounded 150.", published="2022-04-09")
    tolls = [sorted((f.kind, f.value) for f in e.figures) for e in r.events if e.figures]
    assert tolls == [[("injured", 150), ("killed", 63)]], [(e.type.cameo, e.trigger) for e in r.events]


def test_an_obligation_is_no_act():
    r = code("The Assad regime and Russia must cease their attacks in Idlib.", published="2020-02-28")
    assert not [e for e in r.events if e.type.plover in ("RETREAT", "ASSAULT")]


# --- statements and senses -------------------------------------------------------------------------

def test_a_statement_about_an_attack_yields_the_attack_and_one_disapproval():
    r = code("The United States strongly condemns today's deadly attack in Kabul.", published="2017-05-31")
    attacks = [e for e in r.events if e.type.plover == "ASSAULT"]
    accusations = [e for e in r.events if e.type.plover == "ACCUSE"]
    assert len(attacks) == 1 and attacks[0].date.start == "2017-05-31" and attacks[0].location.name == "Kabul"
    assert len(accusations) >= 1 and all(e.actor1.country == "USA" for e in accusations)


def test_a_statement_referring_back_to_an_attack_already_told_adds_no_second_attack():
    r = code("A bomb exploded in Kabul on Wednesday, killing 90 people. The United States condemns this attack in "
             "the strongest possible terms.", published="2017-05-31")
    assert len([e for e in r.events if e.type.plover == "ASSAULT"]) == 1
    assert [e for e in r.events if e.type.plover == "ACCUSE"]


def test_hosting_refugees_is_no_visit():
    r = code("Turkey hosts more than 3.5 million refugees.")
    assert not [e for e in r.events if e.type.plover == "CONSULT"]


def test_a_photo_caption_codes_no_events():
    r = code(
        "Aid reached the camp on Monday.\n\nA man loads his belongings onto a truck in Idlib (AP Photo/Ghaith Alsayed)."
    )
    assert not [e for e in r.events if "truck" in (e.evidence.text if e.evidence else "")]


def test_a_heading_is_a_short_first_line_before_a_blank_line():
    assert heading_end("Deadly Truck Bomb Rocks Kabul\n\nA massive truck bomb exploded.") == len(
        "Deadly Truck Bomb Rocks Kabul"
    )
    assert heading_end("A massive truck bomb exploded in Kabul.\n\nMore follows.") == 0


def test_an_event_read_from_the_heading_sentence_alone_is_dropped():
    from types import SimpleNamespace

    from sitrep.stages.statements import in_heading_or_caption

    text = "Deadly Truck Bomb Rocks Kabul\n\nA massive truck bomb exploded in Kabul on Wednesday."
    analysis = SimpleNamespace(document=Document(id="d", text=text))
    heading = Event(id="e1", type=EventType(acled_event_type="Explosions/Remote violence"),
                    evidence=Evidence(text="Deadly Truck Bomb Rocks Kabul\n\n", start=0, end=31))
    lead = Event(id="e2", type=EventType(acled_event_type="Explosions/Remote violence"),
                 evidence=Evidence(text=text[31:], start=31, end=len(text)))
    assert in_heading_or_caption(analysis, heading)  # a sentence-level (classifier) event of the heading
    assert not in_heading_or_caption(analysis, lead)


def test_cooperation_needs_a_counterpart():
    mil = Actor(text="troops", code="AFGMIL", country="AFG", sector="MIL")
    assist = Event(id="e", type=EventType(cameo="060", plover="COOPERATE"), actor1=mil)
    assert cooperation_without_counterpart(assist)
    assist.actor2 = Actor(text="police", code="AFGCOP", country="AFG", sector="COP")
    assert not cooperation_without_counterpart(assist)


# --- dates -------------------------------------------------------------------------------------------

def test_a_finer_date_in_the_clause_wins_over_a_year_in_the_trigger_phrase():
    year = DateSpan("2007-01-01", "2007-12-31", "year", "2007")
    day = DateSpan("2007-08-14", "2007-08-14", "day", "August 14, 2007")
    assert finer_date(year, day) == day
    assert finer_date(day, year) == day
    r = code("The 2007 Yazidi communities bombings occurred on August 14, 2007, in northern Iraq.", published=None)
    e = next(e for e in r.events if e.type.plover == "ASSAULT")
    assert (e.date.start, e.date.precision) == ("2007-08-14", "day")


def test_an_event_that_names_no_date_happened_on_the_publication_day():
    w = inferred_window(sitrep.model.parse_published("2020-03-05"))
    assert (w.start, w.end, w.precision, w.text) == ("2020-03-05", "2020-03-05", "day", None)
    assert inferred_window(None) is None


# --- fusion on evidence -----------------------------------------------------------------------------

def test_an_unknown_place_is_not_agreement():
    assert not compare_places(None, KABUL).ok
    assert compare_places(AFGHANISTAN, KABUL).ok and not compare_places(AFGHANISTAN, KABUL).positive


def test_tolls_within_twenty_percent_are_evidence():
    assert compare_figures([Figure("killed", 90)], [Figure("killed", 80)]).positive
    assert not compare_figures([Figure("killed", 90)], [Figure("killed", 50)]).positive
    tally = Figure("killed", 85, cumulative=True)
    assert not compare_figures([Figure("killed", 90)], [tally]).positive  # a tally is no toll


def test_near_identical_wording_ignores_numbers_and_headlines():
    a = (
        "A massive truck bomb exploded Wednesday morning in the diplomatic section of Afghanistan's capital, "
        "killing at least 50 people"
    )
    b = (
        "Deadly Truck Bomb Rocks Kabul ISLAMABAD A massive truck bomb exploded Wednesday morning in the "
        "diplomatic section of Afghanistan's capital, killing at least ninety people"
    )
    assert text_similarity(a, b) >= 0.7
    assert text_similarity("An airstrike hit Idlib", "An airstrike hit Idlib") == 0.0  # too short to tell


def test_same_place_and_day_alone_do_not_fuse_but_a_matching_toll_does():
    a = violent(place=KABUL, figures=[Figure("killed", 90)], text="A truck bomb killed 90 people in Kabul.")
    b = violent(
        place=KABUL,
        figures=[Figure("killed", 150)],
        text="Over 150 died when a tanker exploded near the German embassy.",
    )
    assert not compare(a, DAY, b, DAY).ok
    c = violent(
        place=KABUL,
        figures=[Figure("killed", 80)],
        text="Officials said 80 were dead after the blast near the German embassy.",
    )
    comp = compare(a, DAY, c, DAY)
    assert comp.ok and "figures" in comp.rules and "within 20%" in comp.rules["figures"]


def _typed(acled, **kw):
    e = violent(**kw)
    e.type.acled_event_type = acled
    return e


def test_one_town_one_day_one_acled_type_and_compatible_tolls_fuse_without_a_shared_actor():
    bomb = "Explosions/Remote violence"
    a = _typed(bomb, place=KABUL, figures=[Figure("killed", 50)], text="A truck bomb exploded in Kabul.")
    b = _typed(bomb, place=KABUL, figures=[Figure("killed", 150)], text="Over 150 died in the blast.",
               date=DateSpan("2017-05-31", "2017-05-31", "day", "31 May 2017"))
    comp = compare(a, a.date, b, b.date)
    assert comp.ok and "place_day_type" in comp.rules and "Kabul" in comp.rules["place_day_type"]
    # another type, another town, a country-level place, or a contradicting toll: no evidence
    assert not compare(a, a.date, _typed("Battles", place=KABUL, text="x"), DAY).ok
    assert not compare(a, a.date, _typed(bomb, place=HERAT, text="x"), DAY).ok
    assert not compare(a, a.date, _typed(bomb, place=AFGHANISTAN, text="x"), DAY).ok
    assert not compare(a, a.date, _typed(bomb, place=KABUL, figures=[Figure("killed", 400)], text="x"), DAY).ok
    week = DateSpan("2017-05-25", "2017-05-31", "range", None)
    assert not compare(a, a.date, _typed(bomb, place=KABUL, text="x"), week).ok


def test_tolls_are_compatible_unless_one_is_over_four_times_the_other():
    assert tolls_compatible([Figure("killed", 50)], [Figure("killed", 150)])
    assert not tolls_compatible([Figure("killed", 5)], [Figure("killed", 150)])
    assert tolls_compatible([Figure("killed", 5)], [Figure("injured", 150)])


def test_a_fused_event_records_the_rules_that_fired():
    text = (
        "A massive truck bomb exploded Wednesday morning in the diplomatic section of the capital, "
        "killing at least 90 people."
    )
    results = []
    for i, n in enumerate((90, 88)):
        doc = Document(id=f"d{i}", text=text, published="2017-05-31", source=f"S{i}")
        e = violent(place=KABUL, figures=[Figure("killed", n)], text=text)
        e.id = f"d{i}#e1"
        results.append(Result(document=doc, events=[e]))
    fusion = fuse(Report(r.document.id, r) for r in results)
    assert len(fusion.events) == 1
    rules = {r.rule: r.value for r in fusion.events[0].rules}
    assert rules["family"] == "violence" and "text" in rules and "dates" in rules


def test_near_identical_copies_without_any_date_fuse_and_distinct_ones_do_not():
    text = "At approximately 10:30, two missiles hit near the railway station building in Kramatorsk, witnesses said."
    other = "Shelling damaged a school and a clinic in the western districts of Kharkiv overnight, officials reported."
    results = []
    for i, t in enumerate((text, text.replace("two", "2"), other)):
        doc = Document(id=f"d{i}", text=t, published=None, source=f"S{i}")
        e = violent(
            place=Place(text="Kramatorsk", name="Kramatorsk", country="UKR", precision="town"), date=None, text=t
        )
        e.id = f"d{i}#e1"
        results.append(Result(document=doc, events=[e]))
    fusion = fuse(Report(r.document.id, r) for r in results)
    groups = sorted(sorted(s.document for s in fe.sources) for fe in fusion.events)
    assert groups == [["d0", "d1"], ["d2"]]


def test_an_inferred_date_is_compared_as_the_day_before_publication_to_publication():
    from sitrep.fuse.fuse import _event_date

    doc = Document(id="d", text="x", published="2020-03-07")
    e = violent(date=DateSpan("2020-03-07", "2020-03-07", "day", None))
    assert (_event_date(e, doc).start, _event_date(e, doc).end) == ("2020-03-06", "2020-03-07")
    e.date = DateSpan("2020-03-05", "2020-03-05", "day", "on Thursday")
    assert _event_date(e, doc).start == "2020-03-05"
