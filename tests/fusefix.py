"""Hand-built Results for the fusion, store and export tests (independent of extraction quality)."""

from __future__ import annotations

from typing import Optional

from sitrep.model import Actor, DateSpan, Document, Event, EventType, Evidence, Figure, Place, Result

IDLIB = dict(name="Idlib", country="SYR", admin1="Idlib", lat=35.9306, lon=36.6339, geonameid=169389, precision="town")
MAARAT_MISRIN = dict(
    name="Maarat Misrin", country="SYR", admin1="Idlib", lat=35.9950, lon=36.6630, geonameid=172408, precision="town"
)
ATARIB = dict(
    name="Al-Atarib", country="SYR", admin1="Aleppo", lat=36.1389, lon=36.8303, geonameid=174170, precision="town"
)
MOSCOW = dict(
    name="Moscow", country="RUS", admin1="Moscow", lat=55.7522, lon=37.6156, geonameid=524901, precision="town"
)

RUSMIL = dict(text="Russian warplanes", name="Russia", country="RUS", sector="MIL", code="RUSMIL")
TURMIL = dict(text="Turkish drones", name="Turkey", country="TUR", sector="MIL", code="TURMIL")
SYRMIL = dict(text="Syrian government forces", name="Syria", country="SYR", sector="MIL", code="SYRMIL")
CIVILIANS = dict(text="civilians", sector="CVL", code="CVL")
PUTIN = dict(text="Vladimir Putin", name="Vladimir Putin", country="RUS", sector="GOV", code="RUSGOV")
ERDOGAN = dict(text="Recep Tayyip Erdogan", name="Recep Tayyip Erdogan", country="TUR", sector="GOV", code="TURGOV")

ASSAULT = dict(plover="ASSAULT", cameo="195", plover_mode="aerial", acled_event_type="Explosions/Remote violence",
               acled_sub_event_type="Air/drone strike", cameo_name="Employ aerial weapons")
CONSULT = dict(plover="CONSULT", cameo="040", cameo_name="Consult")


def day(d: str) -> DateSpan:
    return DateSpan(d, d, "day", None)


def event(
    eid: str,
    etype: dict,
    actor1: Optional[dict],
    actor2: Optional[dict],
    place: Optional[dict],
    date: Optional[DateSpan],
    sentence: str,
    killed: Optional[int] = None,
    killed_range: Optional[tuple[int, int]] = None,
) -> Event:
    figures = []
    if killed is not None or killed_range:
        low, high = killed_range or (None, None)
        figures.append(Figure(kind="killed", value=killed, low=low, high=high, group="civilians", event=eid,
                              evidence=Evidence(sentence, 0, len(sentence))))
    return Event(
        id=eid,
        type=EventType(**etype),
        actor1=Actor(**actor1) if actor1 else None,
        actor2=Actor(**actor2) if actor2 else None,
        location=Place(text=place["name"], **place) if place else None,
        date=date,
        figures=figures,
        evidence=Evidence(sentence, 0, len(sentence)),
        confidence=0.7,
        trigger="bombed",
        coder="test",
    )


def result(doc_id: str, published: str, source: str, events: list[Event], figures: list[Figure] = (),
           url: Optional[str] = None) -> Result:
    text = " ".join(e.evidence.text for e in events) or " ".join(f.evidence.text for f in figures)
    text = f"{text} ({source}, {doc_id})"
    return Result(document=Document(id=doc_id, text=text, published=published, source=source, url=url,
                                    title=f"{source} report"),
                  events=list(events), figures=list(figures))


def displaced(value: int, as_of: str, since: str = "2019-12-01", approximate: bool = True) -> Figure:
    sentence = f"About {value} people have been displaced in Idlib since December."
    return Figure(kind="displaced", value=value, approximate=approximate, group="people",
                  date=DateSpan(since, as_of, "range", "since December"),
                  location=Place(text="Idlib", name="Idlib", country="SYR", admin1="Idlib", lat=35.93, lon=36.63,
                                 geonameid=169389, precision="admin1"),
                  evidence=Evidence(sentence, 0, len(sentence)))


def strike_reports() -> list[Result]:
    """Three reports of one Russian strike on Idlib (15, 16, 19 killed) and distinct events beside them."""
    return [
        result(
            "levant",
            "2020-03-05",
            "Levant Wire",
            [
                event(
                    "e1",
                    ASSAULT,
                    RUSMIL,
                    CIVILIANS,
                    IDLIB,
                    day("2020-03-05"),
                    "Russian air strikes killed 15 civilians in Idlib on Thursday morning.",
                    killed=15,
                ),
                event("e2", CONSULT, PUTIN, ERDOGAN, MOSCOW, day("2020-03-05"), "Putin and Erdogan met in Moscow."),
            ],
            figures=[displaced(950_000, "2020-03-05")],
            url="https://levant.example/1",
        ),
        result(
            "gulf",
            "2020-03-06",
            "Gulf Herald",
            [
                # a day-after report whose date resolver put the strike on the publication day
                event(
                    "e1",
                    ASSAULT,
                    RUSMIL,
                    CIVILIANS,
                    MAARAT_MISRIN,
                    day("2020-03-06"),
                    "Russian warplanes bombed Maarat Misrin, killing 19 civilians.",
                    killed=19,
                ),
                event(
                    "e2",
                    CONSULT,
                    ERDOGAN,
                    PUTIN,
                    MOSCOW,
                    day("2020-03-05"),
                    "Erdogan held talks with Putin in Moscow on Thursday.",
                ),
            ],
            figures=[displaced(960_000, "2020-03-05")],
            url="https://gulf.example/2",
        ),
        result(
            "wire",
            "2020-03-05",
            "Northern Wire",
            [
                event(
                    "e1",
                    ASSAULT,
                    dict(RUSMIL, code="RUS", sector=None, text="Russian bombings"),
                    CIVILIANS,
                    IDLIB,
                    day("2020-03-05"),
                    "At least 16 civilians, including a child, were killed in Russian bombings in Idlib.",
                    killed=16,
                    killed_range=(16, 18),
                )
            ],
            figures=[displaced(1_000_000, "2020-03-05")],
            url="https://wire.example/3",
        ),
        # distinct: Turkish drones on Syrian forces, same province, the day before
        result(
            "desk",
            "2020-03-04",
            "Syria Desk",
            [
                event(
                    "e1",
                    ASSAULT,
                    TURMIL,
                    SYRMIL,
                    dict(IDLIB, name="Saraqib", lat=35.8624, lon=36.8044, geonameid=170017),
                    day("2020-03-04"),
                    "Turkish drones struck Syrian government forces near Saraqib, killing nine soldiers.",
                    killed=9,
                )
            ],
        ),
        # distinct: Russian strikes in Aleppo province, three days earlier
        result(
            "aleppo",
            "2020-03-02",
            "Aleppo Monitor",
            [
                event(
                    "e1",
                    ASSAULT,
                    RUSMIL,
                    CIVILIANS,
                    ATARIB,
                    day("2020-03-02"),
                    "Russian air strikes killed seven civilians in al-Atarib.",
                    killed=7,
                )
            ],
        ),
    ]
