"""The geoparser's named rule functions, one test each (recognition, lookup, resolution, the index build)."""

from __future__ import annotations

import os

import pytest

from sitrep.geo import gazetteer as gz
from sitrep.geo.gazetteer import Candidate, Entry
from sitrep.geo.toponyms import Toponym


@pytest.fixture(scope="module")
def gaz(request):
    if not os.environ.get("SITREP_CACHE_DIR"):
        os.environ["SITREP_CACHE_DIR"] = str(request.config.cache.mkdir("sitrep-cache"))
    return gz.default_gazetteer()


def _entry(gid, name, feature="city", country="USA", admin1_id=None, admin2_id=None, pop=1000, lat=0.0, lon=0.0):
    return Entry(gid, name, feature, country, None, None, admin1_id, admin2_id, pop, lat, lon)


# --- recognition rules ------------------------------------------------------------------------------

def _ent(doc, text):
    return next(e for e in doc.ents if e.text == text)


def test_place_naming_org_takes_the_place_in_front_of_the_body(gaz, nlp):
    from sitrep.geo.toponyms import place_naming_org

    doc = nlp("A spokesman said Fargo Police Department officers closed the road.")
    org = next(e for e in doc.ents if "Police Department" in e.text)
    assert place_naming_org(org, gaz).text == "Fargo"


def test_tagger_slip_needs_a_place_position(gaz, nlp):
    from sitrep.geo.toponyms import tagger_slip

    doc = nlp("Thousands fled to Aleppo.")
    span = doc[3:4]
    assert tagger_slip(span, gaz).text == "Aleppo"  # object of "to"
    doc = nlp("Aleppo is a word.")
    assert tagger_slip(doc[0:1], gaz) is None  # subject: no place position


def test_untagged_place_reads_the_position_and_the_gazetteer(gaz, nlp):
    from sitrep.geo.toponyms import _Found, untagged_place

    doc = nlp("Fighting raged in Saraqib on Monday.")
    tok = next(t for t in doc if t.text == "Saraqib")
    span = untagged_place(tok, gaz, _Found())
    assert span is not None and span.text == "Saraqib"
    taken = _Found(taken={tok.i})
    assert untagged_place(tok, gaz, taken) is None  # already part of another toponym
    lower = next(t for t in doc if t.text == "raged")
    assert untagged_place(lower, gaz, _Found()) is None


def test_place_entities_split_at_commas_and_contain_each_other(gaz, nlp):
    from spacy.tokens import Span

    from sitrep.geo.toponyms import _Found, _place_entity

    doc = nlp("He lived in Alexandria, Va., for years.")
    ent = Span(doc, 3, 6, label="GPE")  # "Alexandria, Va."
    found = _Found()
    _place_entity(ent, gaz, found)
    assert [t.text for t in found.toponyms] == ["Alexandria", "Va."]
    assert found.containers[id(found.toponyms[0])] is found.toponyms[1]


# --- lookup ---------------------------------------------------------------------------------------

def test_lookup_keys_drop_level_and_city_words():
    keys = gz.lookup_keys("Idlib Governorate")
    assert gz.normalize("Idlib") in keys and gz.normalize("Idlib Governorate") in keys
    assert gz.normalize("Gaza") in gz.lookup_keys("Gaza City")
    assert gz.normalize("Idlib") in gz.lookup_keys("City of Idlib")


def test_exact_matches_skip_abbreviations_not_written_as_such(gaz):
    key = {gz.normalize("us")}
    assert 6252001 not in {c.entry.geonameid for c in gaz._exact(key, written_as_code=False, capitals=False)}
    assert 6252001 in {c.entry.geonameid for c in gaz._exact(key, written_as_code=False, capitals=True)}


def test_lookalikes_need_the_same_skeleton_and_a_similar_name(gaz):
    found = gaz._lookalikes({gz.normalize("Saraqeb")})
    assert any(c.entry.geonameid == 164816 and c.match == "loose" for c in found)
    assert gaz._lookalikes({gz.normalize("Qb")}) == []  # too short a skeleton


# --- resolution -----------------------------------------------------------------------------------

def test_pick_takes_the_best_and_its_margin():
    from sitrep.geo.resolver import _pick

    a, b = _entry(1, "A"), _entry(2, "B")
    r = _pick([Candidate(a, "name"), Candidate(b, "name")], [1.0, 3.5])
    assert r.entry is b and r.margin == pytest.approx(2.5)
    assert _pick([], []).entry is None


def test_containers_favour_candidates_inside_them():
    from sitrep.geo.resolver import WEIGHTS, _apply_containers

    state = _entry(10, "Louisiana", "admin1", pop=4_000_000)
    inside = _entry(1, "Alexandria", admin1_id=10)
    outside = _entry(2, "Alexandria", country="EGY", pop=4_000_000)
    tops = [Toponym(0, 10, "Alexandria", within=1), Toponym(12, 15, "La.")]
    cands = [[Candidate(inside, "name"), Candidate(outside, "name")], [Candidate(state, "abbr")]]
    base = [[0.0, 0.0], [0.0]]
    _apply_containers(tops, cands, base, WEIGHTS)
    assert base[0] == [WEIGHTS.within, WEIGHTS.within_miss]


def test_hierarchy_bonus_links_a_town_and_its_county():
    from sitrep.geo.resolver import WEIGHTS, _hierarchy_bonus, _hierarchy_index

    county = _entry(50, "Henry County", "admin2")
    paris_tn = _entry(1, "Paris", admin2_id=50)
    paris_fr = _entry(2, "Paris", country="FRA", admin2_id=99)
    tops = [Toponym(0, 5, "Paris"), Toponym(10, 22, "Henry County")]
    cands = [[Candidate(paris_tn, "name"), Candidate(paris_fr, "name")], [Candidate(county, "name")]]
    ids, inner = _hierarchy_index(tops, cands, ["name:paris", "name:henry county"])
    assert _hierarchy_bonus(paris_tn, "name:paris", ids, inner, WEIGHTS) == WEIGHTS.contained
    assert _hierarchy_bonus(paris_fr, "name:paris", ids, inner, WEIGHTS) == 0.0
    assert _hierarchy_bonus(county, "name:henry county", ids, inner, WEIGHTS) == WEIGHTS.contained


def test_context_round_moves_belief_to_the_other_names_country():
    from sitrep.geo.resolver import WEIGHTS, _Context

    us = _entry(1, "Alexandria", country="USA", admin1_id=10)
    eg = _entry(2, "Alexandria", country="EGY", admin1_id=20)
    pineville = _entry(3, "Pineville", country="USA", admin1_id=10)
    tops = [Toponym(0, 10, "Alexandria"), Toponym(15, 24, "Pineville")]
    cands = [[Candidate(us, "name"), Candidate(eg, "name")], [Candidate(pineville, "name")]]
    ctx = _Context(tops, cands, ["name:alexandria", "name:pineville"], WEIGHTS)
    base = [[0.0, 0.0], [0.0]]
    scores = ctx.round(base, base)
    assert scores[0][0] > scores[0][1]  # the US Alexandria gains from Pineville's country and state
    assert scores[1][0] > 0  # Pineville gains from Alexandria's (half) belief in the US


# --- building the index ---------------------------------------------------------------------------

def test_alpha3_codes_prefer_current_countries():
    rows = {1: {"a2": "GE", "a3": "GEL", "gid": None}, 2: {"a2": "GE", "a3": "GEO", "gid": 614540}}
    assert gz._alpha3_codes(rows) == {"GE": "GEO"}


def test_capital_is_the_largest_place_of_that_name():
    cities = {"1": {"geonameid": 1, "name": "Damascus", "countrycode": "SY", "population": 2_000_000},
              "2": {"geonameid": 2, "name": "Damascus", "countrycode": "US", "population": 500},
              "3": {"geonameid": 3, "name": "Damascus", "countrycode": "SY", "population": 300}}
    assert gz._capital_ids(cities, {"SY": {"capital": "Damascus"}}) == {1}


# --- recognition beyond the tagger, abbreviations, focus (issue 12) -----------------------------------

@pytest.fixture(scope="module")
def geo(gaz, nlp):
    from sitrep.geo.geoparse import geoparse

    def run(text):
        mentions, _ = geoparse(nlp(text), gaz)
        return {m.text: m.place for m in mentions}

    return run


def test_transliterated_prefix_and_state_suffix(geo):
    places = geo("Armed men attacked displaced people in Ag Geneina, the capital of West Darfur State, Sudan.")
    assert (places["Ag Geneina"].country, places["Ag Geneina"].feature) == ("SDN", "city")
    assert (places["West Darfur State"].country, places["West Darfur State"].feature) == ("SDN", "admin1")


def test_words_written_apart_match_a_name_written_together(gaz):
    assert gz.normalize("Laascaanood") in gz.lookup_keys("Laas Caanood")
    assert any(c.entry.country == "SOM" for c in gaz.candidates("Laas Caanood", loose=False))


def test_laas_caanood_is_in_somalia(geo):
    places = geo("Fighting broke out in Laas Caanood between clan militias and Somaliland forces.")
    assert places["Laas Caanood"].country == "SOM"


def test_a_look_alike_in_the_named_country_beats_a_same_name_place_elsewhere(geo, gaz):
    from sitrep.geo.resolver import add_focus_lookalikes, candidates_of

    places = geo("Regime shelling hit Sarman in Idlib countryside, Syria.")
    assert (places["Sarman"].country, places["Sarman"].admin1) == ("SYR", "Idlib")
    tops = [Toponym(0, 6, "Sarman"), Toponym(10, 15, "Syria")]
    cands = [candidates_of(t, gaz) for t in tops]
    assert not any(c.entry.country == "SYR" for c in cands[0])
    add_focus_lookalikes(tops, cands, gaz)
    assert any(c.entry.country == "SYR" and c.match == "loose" for c in cands[0])


def test_titao_is_found_in_burkina_faso(geo):
    assert geo("Gunmen killed 12 civilians in Titao, in northern Burkina Faso.")["Titao"].country == "BFA"


@pytest.mark.parametrize("text, absent", [
    ("The UN said aid convoys reached the area.", "UN"),
    ("Delegates met at the UN to discuss the ceasefire.", "UN"),
    ("John Smith, M.D., treated the wounded.", "M.D."),
    ("NATO and the EU condemned the strikes.", "EU"),
])
def test_organisation_acronyms_are_not_places(geo, text, absent):
    assert absent not in geo(text)


def test_abbreviations_with_support_stay_places(geo):
    places = geo("He was arrested in Baltimore, Md., on Friday. Trade rules differ in the EU.")
    assert places["Md."].admin1 == "Maryland"
    assert "EU" in places
    assert geo("U.S. troops left the base.")["U.S."].country == "USA"


def test_unsupported_abbreviation_rule(gaz, nlp):
    from sitrep.geo.toponyms import unsupported_abbreviation

    doc = nlp("The UN said it would help.")
    assert unsupported_abbreviation(doc, Toponym(4, 6, "UN"), gaz, is_container=False)
    doc = nlp("Police in Baltimore, Md. said so.")
    md = Toponym(doc.text.index("Md."), doc.text.index("Md.") + 3, "Md.")
    assert unsupported_abbreviation(doc, md, gaz, is_container=False)
    assert not unsupported_abbreviation(doc, md, gaz, is_container=True)


def test_western_europe_is_a_region_not_a_sri_lankan_province(geo):
    places = geo("Migrants arrived in Western Europe.")
    assert list(places) == ["Western Europe"]
    assert places["Western Europe"].precision == "region" and places["Western Europe"].country is None


def test_the_drc_is_one_country_and_no_county(geo):
    for text in ("Clashes erupted in the Democratic Republic of the Congo, where the army fought rebels.",
                 "Clashes erupted in the Democratic Republic of Congo on Monday."):
        places = geo(text)
        assert [p.country for p in places.values()] == ["COD"], places


def test_gazetteer_names_need_evidence(gaz, nlp):
    from sitrep.geo.toponyms import _Found, gazetteer_spans, place_evidence

    doc = nlp("Villagers fled to Kafr Nabl after the strikes.")
    spans = [s.text for s in gazetteer_spans(doc, gaz, _Found(), set())]
    assert spans in ([], ["Kafr Nabl"])  # the tagger may already give it; if not, "to" is the evidence
    doc = nlp("Secretary Kerry met the press.")
    assert [s.text for s in gazetteer_spans(doc, gaz, _Found(), {"USA"})] == []
    doc = nlp("Shelling hit Sarmin town on Monday.")
    span = next(s for s in [doc[2:3]])
    assert place_evidence(span, gaz.candidates("Sarmin", loose=False), set())  # a place noun follows


def test_document_countries_come_from_country_names_and_demonyms(gaz):
    from sitrep.geo.toponyms import document_countries

    tops = [Toponym(0, 5, "Syria"), Toponym(10, 17, "Turkish", kind="demonym")]
    assert document_countries(tops, gaz) == {"SYR", "TUR"}


def test_a_lower_case_level_word_gives_the_level_not_the_words(nlp):
    from sitrep.geo.toponyms import level_after

    doc = nlp("Aid reached Idlib province and two Georgia counties.")
    assert level_after(doc[3]) == "admin1"
    assert level_after(doc[7]) is None
