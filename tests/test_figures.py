"""Specification of the ``figures`` stage: casualty and humanitarian figures read from news sentences."""

from __future__ import annotations

import re

import pytest

from sitrep.analysis import Analysis
from sitrep.mentions import ActorMention, DateMention, PlaceMention
from sitrep.model import Actor, DateSpan, Document, FigurePart, Place
from sitrep.stages import figures as figures_module
from sitrep.stages import get_stage
from sitrep.stages.figures import figures_stage, find_figures, group_of


def analyse(nlp, text, *, actors=(), places=(), dates=(), published="2020-03-05"):
    """An Analysis of ``text`` with hand-made mentions: each is (surface, object[, occurrence index])
    and is placed on that occurrence of the surface text (all occurrences when the index is omitted)."""

    def spans(surface, which):
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
        assert found, f"{surface!r} not in text"
        return found if which is None else [found[which]]

    a = Analysis(
        document=Document(id="t", text=text, published=published),
        doc=nlp(text),
        lexicons=None,
    )
    for surface, actor, *which in actors:
        for s, e in spans(surface, which[0] if which else None):
            a.actors.append(ActorMention(s, e, surface, actor))
    for surface, place, *which in places:
        for s, e in spans(surface, which[0] if which else None):
            a.places.append(PlaceMention(s, e, surface, place))
    for surface, date, *which in dates:
        for s, e in spans(surface, which[0] if which else None):
            a.dates.append(DateMention(s, e, surface, date))
    a.actors.sort(key=lambda m: m.start)
    a.places.sort(key=lambda m: m.start)
    a.dates.sort(key=lambda m: m.start)
    return a


def figures_of(nlp, text, **mentions):
    return find_figures(analyse(nlp, text, **mentions))


def brief(f):
    return (f.kind, f.value, f.low, f.high, f.approximate, f.group)


IDLIB = Place(text="Idlib", name="Idlib", country="SYR", feature="admin1", precision="admin1")
SYRIA = Place(text="Syria", name="Syria", country="SYR", feature="country", precision="country")
TURKEY = Place(text="Turkey", name="Turkey", country="TUR", feature="country", precision="country")
TODAY = DateSpan("2020-03-05", "2020-03-05", "day")


# --- the founding example -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_figures(nlp, seed_text):
    a = analyse(
        nlp,
        seed_text,
        actors=[
            ("Turkish soldiers", Actor("Turkish soldiers", "Turkey", "TUR", "MIL", "TURMIL")),
            ("Syrian refugees", Actor("Syrian refugees", "Syria", "SYR", "REF", "SYRREF")),
            ("civilians", Actor("civilians", None, None, "CVL", "CVL")),
        ],
        places=[("Idlib", IDLIB), ("Syria", SYRIA), ("Turkey", TURKEY)],
        dates=[
            ("Since December", DateSpan("2019-12-01", "2020-03-05", "range")),
            ("today", TODAY),
            ("February", DateSpan("2020-02-01", "2020-02-29", "month")),
            ("January", DateSpan("2020-01-01", "2020-01-31", "month")),
            ("this morning", TODAY),
            ("2018", DateSpan("2018-01-01", "2018-12-31", "year")),
            ("2016", DateSpan("2016-01-01", "2016-12-31", "year")),
        ],
    )
    figures_stage(a)
    return a.figures


def test_seed_yields_exactly_the_analysts_figures(seed_figures):
    assert sorted((f.kind, f.value) for f in seed_figures) == sorted([
        ("displaced", 1_000_000), ("killed", 60), ("population", 3_000_000), ("killed", 16),
        ("refugees", 3_600_000), ("population", 3_000_000),
    ])


def by_kind_value(figs, kind, value):
    (f,) = [f for f in figs if f.kind == kind and f.value == value]
    return f


def test_seed_sixteen_civilians_including_a_child(seed_figures):
    f = by_kind_value(seed_figures, "killed", 16)
    assert (f.group, f.approximate, f.includes) == ("civilians", False, [FigurePart("children", 1)])
    assert f.date == TODAY  # "As late as this morning"
    assert f.location == IDLIB  # "in Russian bombings in Idlib"
    assert f.actor is not None and f.actor.sector == "CVL"
    assert f.evidence.text.startswith("As late as this morning")


def test_seed_some_sixty_turkish_soldiers(seed_figures, seed_text):
    f = by_kind_value(seed_figures, "killed", 60)
    assert (f.group, f.approximate, f.qualifier, f.low, f.high) == ("soldiers", True, "some", None, None)
    assert (f.actor.country, f.actor.sector) == ("TUR", "MIL")
    assert f.location == SYRIA
    assert (f.date.start, f.date.precision) == ("2020-02-01", "month")
    assert seed_text[f.evidence.match_start:f.evidence.match_end] == "Some 60 Turkish soldiers"


def test_seed_nearly_one_million_forced_to_flee(seed_figures):
    f = by_kind_value(seed_figures, "displaced", 1_000_000)
    assert (f.approximate, f.qualifier, f.high, f.group) == (True, "nearly", 1_000_000, "civilians")
    # the sentence names neither: both come from the paragraph's first sentence
    assert f.date == DateSpan("2019-12-01", "2020-03-05", "range")
    assert f.location == IDLIB


def test_seed_refugees_in_turkey(seed_figures):
    f = by_kind_value(seed_figures, "refugees", 3_600_000)
    assert (f.group, f.approximate) == ("refugees", False)
    assert f.actor.country == "SYR"
    assert f.location == TURKEY
    assert f.date == TODAY


def test_seed_population_of_idlib_twice_each_with_its_evidence(seed_figures):
    pops = [f for f in seed_figures if f.kind == "population"]
    assert [f.value for f in pops] == [3_000_000, 3_000_000]
    assert all(f.group == "civilians" and f.location == IDLIB for f in pops)
    assert pops[0].evidence.start != pops[1].evidence.start
    assert "here live three million civilians" in pops[0].evidence.text
    assert "civilians living in Idlib" in pops[1].evidence.text
    # "as the Syrian offensive escalated in January" dates the offensive, not the population
    assert pops[0].date is None


# --- news sentences -------------------------------------------------------------------------------

SENTENCES = [
    ("At least 23 people were killed and 40 wounded in an airstrike on a market.",
     [("killed", 23, 23, None, False, "people"), ("injured", 40, None, None, False, "people")]),
    ("The UN said 2,000 families had fled.", [("displaced", 2000, None, None, False, "families")]),
    ("Police arrested 15 protesters.", [("arrested", 15, None, None, False, "protesters")]),
    ("A 10-year-old boy was among the dead.", [("killed", 1, None, None, False, "children")]),
    ("Three soldiers died.", [("killed", 3, None, None, False, "soldiers")]),
    ("Between 10 and 20 fighters lost their lives.", [("killed", None, 10, 20, True, "fighters")]),
    ("Fighting forced 10,000 people to flee their homes.", [("displaced", 10000, None, None, False, "people")]),
    ("Tens of thousands of people have left their homes.",
     [("displaced", None, 20000, None, True, "people")]),
    ("The town is home to 50,000 people.", [("population", 50000, None, None, False, "people")]),
    ("The death toll rose to 45 on Monday.", [("killed", 45, None, None, False, None)]),
    ("More than 200 people are missing after the floods.", [("missing", 200, 200, None, True, "people")]),
    ("Gunmen abducted 30 students from a school.", [("abducted", 30, None, None, False, "students")]),
    ("About 2.5 million people are in need of humanitarian assistance.",
     [("affected", 2_500_000, None, None, True, "people")]),
    ("One hundred and twenty people were evacuated.", [("evacuated", 120, None, None, False, "people")]),
    ("Security forces detained dozens of demonstrators.", [("detained", None, 24, None, True, "protesters")]),
    ("Hundreds of thousands were displaced.", [("displaced", None, 200_000, None, True, None)]),
    ("The 16 people killed in the strike were buried.", [("killed", 16, None, None, False, "people")]),
    ("Some 1.2m people fled the fighting.", [("displaced", 1_200_000, None, None, True, "people")]),
    ("The camp hosts 40,000 internally displaced people.", [("displaced", 40000, None, None, False, "people")]),
    ("Israeli strikes killed 50 Palestinians.", [("killed", 50, None, None, False, "people")]),
    ("Air strikes killed several dozens of Islamic State fighters.",
     [("killed", None, 36, None, True, "fighters")]),
    ("Rebels kidnapped up to 16 Russian civilian advisers.", [("abducted", 16, None, 16, True, "advisers")]),
    ("US drones have killed at least eight top al-Qaeda leaders.", [("killed", 8, 8, None, False, "leaders")]),
    ("Germany will take a further 1553 refugees from Greece.", [("refugees", 1553, None, None, False, "refugees")]),
    ("Shelling killed one Turkish soldier and wounded two others.",
     [("killed", 1, None, None, False, "soldiers"), ("injured", 2, None, None, False, None)]),
]


@pytest.mark.parametrize("text,expected", SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_sentence_figures(nlp, text, expected):
    assert [brief(f) for f in figures_of(nlp, text)] == expected


def test_the_perpetrators_are_not_counted(nlp):
    # "Turkish soldiers" did the killing: only the civilians are a figure
    assert [brief(f) for f in figures_of(nlp, "Five Turkish soldiers killed 16 civilians.")] == [
        ("killed", 16, None, None, False, "civilians")
    ]


def test_subgroups_are_parts_not_separate_figures(nlp):
    (f,) = figures_of(nlp, "The attack killed 12 people, including three children.")
    assert f.includes == [FigurePart("children", 3)]
    (f,) = figures_of(nlp, "Five people were killed, among them two women.")
    assert f.includes == [FigurePart("women", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "The ceasefire was agreed in 2018.",
        "Donors met at the 5 March meeting.",
        "The donors pledged $3 million aid.",
        "Turkey has 12 observation posts in Idlib.",
        "One of the soldiers said the war was over.",
        "Operation Olive Branch 2 began in January.",
        "Five percent of the population voted.",
        "An F-16 crashed near the base.",
        "No civilians were hurt.",
        "The Syrian war soon enters its tenth year.",
        "Officials met 40 journalists in Geneva.",
        "Floods affected 300 houses.",
        # killed and wounded counted together: neither kind is sure
        "Lebanon said 20 people were killed or wounded.",
        "The attack killed and injured dozens of people.",
    ],
)
def test_no_figure(nlp, text):
    assert figures_of(nlp, text) == []


# --- attaching places, dates and actors -----------------------------------------------------------

def test_place_and_date_of_the_clause(nlp):
    text = "Some 60 Turkish soldiers were killed in Syria in February."
    (f,) = figures_of(
        nlp, text,
        places=[("Syria", SYRIA)],
        dates=[("February", DateSpan("2020-02-01", "2020-02-29", "month"))],
        actors=[("Turkish soldiers", Actor("Turkish soldiers", "Turkey", "TUR", "MIL", "TURMIL"))],
    )
    assert f.location == SYRIA and f.date.start == "2020-02-01" and f.actor.code == "TURMIL"


def test_a_governing_clause_dates_the_figure(nlp):
    text = "On Monday, officials said 16 people were killed."
    monday = DateSpan("2020-03-02", "2020-03-02", "day")
    (f,) = figures_of(nlp, text, dates=[("Monday", monday)])
    assert f.date == monday


def test_carry_over_stops_at_the_paragraph(nlp):
    text = "Fighting raged in Idlib on Monday.\n\nNearly 900 families fled."
    (f,) = figures_of(
        nlp, text, places=[("Idlib", IDLIB)], dates=[("Monday", DateSpan("2020-03-02", "2020-03-02", "day"))]
    )
    assert f.kind == "displaced" and f.location is None and f.date is None
    (g,) = figures_of(nlp, text.replace("\n\n", " "), places=[("Idlib", IDLIB)])
    assert g.location == IDLIB


def test_works_without_other_stages(nlp, seed_text):
    # no actors, places or dates: figures still come out, unattached
    figs = figures_of(nlp, seed_text)
    assert len(figs) == 6
    assert all(f.actor is None and f.location is None for f in figs)


def test_group_normalisation(nlp):
    doc = nlp("The boy, two policemen, three aid workers and 50 Syrians.")
    by_text = {t.text: t for t in doc}
    assert group_of(by_text["boy"]) == "children"
    assert group_of(by_text["policemen"]) == "police"
    assert group_of(by_text["workers"]) == "aid workers"
    assert group_of(by_text["Syrians"]) == "people"


def test_registered_as_the_figures_stage():
    assert get_stage("figures").fn is figures_stage
    assert figures_module.figure_lexicon().groups["civilian"] == "civilians"
