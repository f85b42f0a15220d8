"""Actor coding: dictionaries, date-bounded codes, code_phrase and the ``actors`` stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.analysis import Analysis
from sitrep.dictionaries.actors import (
    ActorDictionary,
    AgentDictionary,
    DatedCode,
    code_phrase,
    parse_dict_date,
    readable_name,
    tables,
)
from sitrep.dictionaries.bundle import Lexicons
from sitrep.errors import InputError
from sitrep.model import Document
from sitrep.stages.actors import actors_stage

PUBLISHED = dt.date(2020, 3, 5)


# --- dictionary format ------------------------------------------------------------------------------

class TestDatedCodes:
    def test_two_digit_years_pivot_at_30_like_tabari(self):
        assert parse_dict_date("300101") == dt.date(2030, 1, 1)
        assert parse_dict_date("310101") == dt.date(1931, 1, 1)
        assert parse_dict_date("20070101") == dt.date(2007, 1, 1)

    def test_range_includes_start_and_excludes_end(self):
        c = DatedCode.parse("RUSELI 700101-990809")
        assert c == DatedCode("RUSELI", dt.date(1970, 1, 1), dt.date(1999, 8, 9))
        assert c.valid_on(dt.date(1970, 1, 1)) and c.valid_on(dt.date(1999, 8, 8))
        assert not c.valid_on(dt.date(1999, 8, 9))

    def test_open_ended_and_plain_codes(self):
        after = DatedCode.parse("RUSGOV >080508")
        before = DatedCode.parse("SYRELI <000717")
        plain = DatedCode.parse("RUSELI")
        assert after.valid_on(dt.date(2008, 5, 8)) and not after.valid_on(dt.date(2008, 5, 7))
        assert before.valid_on(dt.date(2000, 7, 16)) and not before.valid_on(dt.date(2000, 7, 17))
        assert plain.valid_on(dt.date(1900, 1, 1)) and plain.valid_on(None)
        assert DatedCode.parse("IGOUNO  >070201").start == dt.date(2007, 2, 1)

    @pytest.mark.parametrize("bad", ["", "X 9008223", "X 20121204", "X >1-2"])
    def test_malformed_code_raises(self, bad):
        with pytest.raises(ValueError):
            DatedCode.parse(bad)


DICT_TEXT = """\
# a comment line
<!-- a comment
spanning lines -->
VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
+PRESIDENT_PUTIN_
\t[RUSELI 700101-990809]
\t[RUSGOV >080508]
\t[RUSELI]
TURKEY_  [TUR]
+TURKISH_
RUSSIAN_FEDERATION_  [RUS]
+RUSSIAN
THE_EUROPEAN_UNION_
+THE_EU_
\t[IGOEUREEC]
NO_CODE_HERE_
GHOST_  [GHO 9008223] [GHO]
TURKEY_  [TRK]
GEORGE_BUSH_
+PRESIDENT_BUSH
	[USAGOV 890120-930120]
GEORGE_W._BUSH_
+PRESIDENT_BUSH_
	[USAGOV 010120-090120]
	[USAELI]
"""


@pytest.fixture()
def small_dict(tmp_path) -> ActorDictionary:
    p = tmp_path / "small.actors.txt"
    p.write_text(DICT_TEXT, encoding="utf-8")
    return ActorDictionary.from_files([p])


class TestActorDictionary:
    def test_codes_follow_the_date(self, small_dict):
        assert small_dict.lookup(["Vladimir", "Putin"], PUBLISHED).code == "RUSGOV"
        assert small_dict.lookup(["Putin"], dt.date(1995, 6, 1)).code == "RUSELI"
        # between the bounded codes the undated default applies
        assert small_dict.lookup(["Putin"], dt.date(2003, 1, 1)).code == "RUSELI"
        # unknown publication date: the current code
        assert small_dict.lookup(["Putin"], None).code == "RUSGOV"

    def test_longest_match_and_synonyms_share_the_entry(self, small_dict):
        m = small_dict.lookup(["President", "Putin", "said"], PUBLISHED)
        assert (m.start, m.end) == (0, 2)
        assert m.entry.root.startswith("VLADIMIR_PUTIN")
        assert m.entry.name == "Vladimir Putin"

    def test_trailing_underscore_is_a_whole_word_no_underscore_a_stem(self, small_dict):
        assert small_dict.lookup(["Russians"]).code == "RUS"  # RUSSIAN is a stem
        assert small_dict.lookup(["Turkishness"]) is None  # TURKISH_ is a whole word

    def test_leading_article_is_optional(self, small_dict):
        assert small_dict.lookup(["EU"]).code == "IGOEUREEC"
        assert small_dict.lookup(["the", "EU"]).code == "IGOEUREEC"

    def test_later_definition_wins_and_problems_are_listed(self, small_dict):
        assert small_dict.lookup(["Turkey"]).code == "TRK"
        assert small_dict.lookup(["Turkish"]).code == "TUR"  # its old block still holds the synonym
        assert small_dict.lookup(["no", "code", "here"]) is None
        assert small_dict.lookup(["ghost"]).code == "GHO"  # the bad dated code is skipped
        assert any("NO_CODE_HERE" in p for p in small_dict.problems)
        assert any("9008223" in p for p in small_dict.problems)

    def test_same_words_as_stem_and_whole_word_later_wins(self, small_dict):
        m = small_dict.lookup(["President", "Bush"], dt.date(2008, 8, 4))
        assert (m.entry.name, m.code) == ("George W. Bush", "USAGOV")

    def test_missing_file_is_a_one_line_input_error(self, tmp_path):
        with pytest.raises(InputError, match="no such dictionary file"):
            ActorDictionary.from_files([tmp_path / "absent.txt"])

    def test_find_all_scans_left_to_right(self, small_dict):
        found = small_dict.find_all("Turkish and Russian leaders".split())
        assert [(m.start, m.code) for m in found] == [(0, "TUR"), (2, "RUS")]


class TestAgentDictionary:
    def test_plurals_substitutions_and_prefix_codes(self, tmp_path):
        p = tmp_path / "a.agents.txt"
        p.write_text(
            "!PERSON! = MAN, MEN, WOMAN\n"
            "SOLDIER [~MIL]\nPOLICE {} [~COP]\nARMY {} [~MIL]\nCOUNTRY [~GOV]\n"
            "CONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_BODY [NGO~]\nWITHOUT CODE\n",
            encoding="utf-8",
        )
        g = AgentDictionary.from_files([p])
        assert g.lookup(["soldiers"]).value == "~MIL"
        assert g.lookup(["countries"]).value == "~GOV"
        assert g.lookup(["polices"]) is None and g.lookup(["police"]).value == "~COP"
        assert g.lookup(["congressmen"]).value == "~LEG"
        assert g.lookup(["human", "rights", "body"]).value == "NGO~"
        assert any("without [code]" in x for x in g.problems)


def test_default_dictionaries_load_with_few_problems():
    actors = ActorDictionary.load_default()
    agents = AgentDictionary.load_default()
    assert len(actors) > 30_000 and len(agents) > 4_000
    assert len(actors.problems) < 100  # the Phoenix files have a few malformed dates
    assert actors is ActorDictionary.load_default()  # cached


def test_code_tables_map_cameo_to_iso_and_read_sectors():
    t = tables()
    assert t.country_of("ROMGOV") == "ROU"
    assert t.country_of("TURMIL") == "TUR"
    assert t.country_of("IGOEUREEC") is None
    assert t.sector_of("RUSMIL") == "MIL"
    assert t.sector_of("SYRGOVMIL") == "GOV"
    assert t.sector_of("IGOUNOREFHCR") == "IGO"
    assert t.sector_of("RUS") is None  # a bare state, as PLOVER codes it
    assert t.sector_of("CVL") == "CVL"
    assert t.demonyms["TURKISH"] == "TUR" and t.capitals["DAMASCUS"] == "SYR"


def test_readable_names():
    assert readable_name("BASHAR_AL-ASSAD") == "Bashar al-Assad"
    assert readable_name("THE_EUROPEAN_UNION_") == "European Union"
    assert readable_name("RECEP_TAYYIP_ERDOGAN_") == "Recep Tayyip Erdogan"


# --- code_phrase ---------------------------------------------------------------------------------

PHRASES = [
    # phrase, code, country, sector
    ("Turkish soldiers", "TURMIL", "TUR", "MIL"),
    ("President Recep Tayyip Erdogan", "TURGOV", "TUR", "GOV"),
    ("Turkish President Erdogan", "TURGOV", "TUR", "GOV"),
    ("Vladimir Putin", "RUSGOV", "RUS", "GOV"),
    ("Syrian President Bashar al-Assad", "SYRGOV", "SYR", "GOV"),
    ("Syrian regime forces", "SYRMIL", "SYR", "MIL"),
    ("Syrian government forces", "SYRMIL", "SYR", "MIL"),
    ("the EU", "IGOEUREEC", None, "IGO"),
    ("the United Nations", "IGOUNO", None, "IGO"),
    ("civilians", "CVL", None, "CVL"),
    ("Damascus", "SYRGOV", "SYR", "GOV"),
    ("Russian bombings", "RUSMIL", "RUS", "MIL"),
    ("Russia", "RUS", "RUS", None),
    ("Syrian refugees", "SYRREF", "SYR", "REF"),
    ("Some 60 Turkish soldiers", "TURMIL", "TUR", "MIL"),
    ("Iraqi police", "IRQCOP", "IRQ", "COP"),
    ("US troops", "USAMIL", "USA", "MIL"),
    ("the Kremlin", "RUSGOV", "RUS", "GOV"),
    ("Hezbollah", "LBNREB", "LBN", "REB"),
    ("the US leader", "USAGOV", "USA", "GOV"),
]


@pytest.mark.parametrize("phrase,code,country,sector", PHRASES)
def test_code_phrase(nlp, phrase, code, country, sector):
    a = code_phrase(phrase, PUBLISHED, nlp=nlp)
    assert a is not None
    assert (a.code, a.country, a.sector) == (code, country, sector)
    assert a.text == phrase


def test_code_phrase_names(nlp):
    assert code_phrase("Turkish soldiers", PUBLISHED, nlp=nlp).name == "Turkey"
    assert code_phrase("Presidents Recep Tayyip Erdogan", PUBLISHED, nlp=nlp).name == "Recep Tayyip Erdogan"
    assert code_phrase("the EU", PUBLISHED, nlp=nlp).name == "European Union"
    assert code_phrase("NATO", PUBLISHED, nlp=nlp).name == "NATO"


def test_code_phrase_resolves_at_the_given_date(nlp):
    assert code_phrase("Vladimir Putin", dt.date(1995, 1, 1), nlp=nlp).code == "RUSELI"
    assert code_phrase("Vladimir Putin", None, nlp=nlp).code == "RUSGOV"


def test_rebel_and_jihadist_groups_are_rebels(nlp):
    a = code_phrase("rebel and jihadist groups", PUBLISHED, nlp=nlp)
    assert a.sector == "REB" and a.country is None


def test_code_phrase_unknown_and_bad_input(nlp):
    assert code_phrase("the weather", PUBLISHED, nlp=nlp) is None
    assert code_phrase("Tuesday", PUBLISHED, nlp=nlp) is None  # ~NON in PLOVER's agents
    with pytest.raises(InputError, match="not a noun phrase"):
        code_phrase("  ", PUBLISHED, nlp=nlp)


def test_unknown_person_under_a_known_title(nlp):
    a = code_phrase("French President Emmanuel Macron", PUBLISHED, nlp=nlp)
    assert (a.code, a.name) == ("FRAGOV", "Emmanuel Macron")


# --- the stage ---------------------------------------------------------------------------------------

def run_stage(nlp, text: str, published=PUBLISHED) -> Analysis:
    lex = Lexicons(actors=ActorDictionary.load_default(), agents=AgentDictionary.load_default(),
                   verbs=None, vocab=None)
    analysis = Analysis(
        document=Document(id="t", text=text, published=published and published.isoformat()),
        doc=nlp(text), lexicons=lex,
    )
    actors_stage(analysis)
    return analysis


def mention(analysis: Analysis, text: str, nth: int = 0):
    hits = [m for m in analysis.actors if m.text == text]
    assert len(hits) > nth, f"no mention {text!r}; got {[m.text for m in analysis.actors]}"
    return hits[nth]


@pytest.fixture(scope="module")
def seed(nlp, shared_dir):
    text = (shared_dir / "seed" / "idlib-2020-03-05.txt").read_text(encoding="utf-8")
    return run_stage(nlp, text)


class TestFoundingExample:
    def test_heads_of_state_at_publication_date(self, seed):
        codes = {m.actor.name: m.actor.code for m in seed.actors if m.actor.name}
        assert codes["Recep Tayyip Erdogan"] == "TURGOV"
        assert codes["Vladimir Putin"] == "RUSGOV"
        assert codes["Bashar al-Assad"] == "SYRGOV"

    def test_title_and_split_name_form_one_mention(self, seed):
        m = mention(seed, "Presidents Recep Tayyip Erdogan")
        assert m.actor.code == "TURGOV"

    def test_surnames_resolve_to_the_full_name(self, seed):
        assert mention(seed, "Erdogan").actor.name == "Recep Tayyip Erdogan"
        assert mention(seed, "Putin").actor.code == "RUSGOV"

    def test_groups(self, seed):
        assert mention(seed, "Turkish soldiers").actor.code == "TURMIL"
        a = mention(seed, "Syrian government forces").actor
        assert (a.country, a.sector) == ("SYR", "MIL")
        a = mention(seed, "Syrian regime forces").actor
        assert (a.country, a.sector) == ("SYR", "MIL")
        assert mention(seed, "civilians").actor.sector == "CVL"
        assert mention(seed, "EU").actor.code.startswith("IGOEU")
        assert mention(seed, "jihadist groups").actor.sector == "REB"

    def test_nationality_on_a_military_action_is_the_military(self, seed):
        a = mention(seed, "Russian").actor
        assert (a.country, a.sector, a.code) == ("RUS", "MIL", "RUSMIL")

    def test_damascus_declared_war_on_is_the_government(self, seed):
        ms = [m for m in seed.actors if m.text == "Damascus"]
        assert len(ms) == 2  # "declared war on Damascus", "attacks from Damascus"
        assert all(m.metonym and m.actor.code == "SYRGOV" for m in ms)

    def test_places_are_not_actors(self, seed):
        texts = {m.text for m in seed.actors}
        assert "Moscow" not in texts  # "a crisis meeting in Moscow"
        assert "Idlib" not in texts and "Idlib province" not in texts
        assert "Syria" not in texts  # "killed in Syria", "in Syrian territory"
        assert "Europe" not in texts

    def test_mentions_point_into_the_text(self, seed):
        text = seed.document.text
        for m in seed.actors:
            assert text[m.start:m.end] == m.text == m.actor.text


class TestMetonymy:
    @pytest.mark.parametrize("sentence,place,code", [
        ("Ankara said it would respond.", "Ankara", "TURGOV"),
        ("Erdogan held talks with Moscow on Tuesday.", "Moscow", "RUSGOV"),
        ("Turkey condemned Damascus for the attack.", "Damascus", "SYRGOV"),
        ("Iran urged Baghdad to act.", "Baghdad", "IRQGOV"),
    ])
    def test_capital_in_an_actor_role_is_its_government(self, nlp, sentence, place, code):
        m = mention(run_stage(nlp, sentence), place)
        assert m.metonym and m.actor.code == code and m.actor.sector == "GOV"

    @pytest.mark.parametrize("sentence,place", [
        ("Protesters gathered in Damascus.", "Damascus"),
        ("The delegation flew to Moscow.", "Moscow"),
        ("Millions of Syrian refugees live in Turkey today.", "Turkey"),
    ])
    def test_location_prepositions_make_places(self, nlp, sentence, place):
        assert place not in {m.text for m in run_stage(nlp, sentence).actors}

    def test_coordinated_nationalities_are_separate_actors(self, nlp):
        a = run_stage(nlp, "Russian and Syrian warplanes hit the town.")
        assert mention(a, "Russian").actor.code == "RUSMIL"
        assert mention(a, "Syrian").actor.code == "SYRMIL"

    def test_unknown_minister_and_later_surname(self, nlp):
        a = run_stage(nlp, "Turkish Defence Minister Hulusi Akar visited the border. Akar said troops were ready.")
        assert mention(a, "Akar").actor.code == "TURGOV"
        assert mention(a, "Akar").actor.name == "Hulusi Akar"


# --- PETRARCH's fictional validation dictionaries --------------------------------------------------

def test_petrarch_validation_dictionaries(shared_dir):
    base = shared_dir / "gold" / "petrarch"
    actors = ActorDictionary.from_files([base / "PETR_Validate_actors_2_02.txt"])
    agents = AgentDictionary.from_files([base / "PETR_Validate_agents_2_02.txt"])
    assert len(actors) > 150 and len(agents) > 100
    assert actors.problems == []
    assert actors.lookup(["Hamas", "gunmen"]).code == "PSEHMSMIL"
    assert actors.lookup(["Arnor"]).code == "ARN"
    assert actors.lookup(["Argentinians"]).code == "ARG"  # ARGENTIN is a stem
    assert actors.lookup(["Palestinian"]).code == "PAL"  # a later block redefines it
    assert actors.lookup(["Boromir"]).code is None  # [---]: no code


def _gsr_records(path: Path):
    import re

    raw = path.read_text(encoding="utf-8")
    for m in re.finditer(r'<Sentence [^>]*date="(\d{8})"[^>]*>(.*?)</Sentence>', raw, re.S):
        date, body = m.group(1), m.group(2)
        pairs = re.findall(r'<EventCoding[^>]*sourcecode="([^"]*)"[^>]*targetcode="([^"]*)"', body)
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        codes = {c for pair in pairs for c in pair if c and c != "---"}
        if text and codes and text.group(1).strip():
            yield dt.date(int(date[:4]), int(date[4:6]), int(date[6:])), " ".join(text.group(1).split()), codes


def test_petrarch_gold_standard_recall_floor(nlp, shared_dir):
    """PETR2_GSR_validation: real news sentences coded with the Phoenix dictionaries. The gold codes
    places as targets ("the unrest in Iran" -> IRN), which Sitrep leaves to the places stage, so this
    is a floor against regressions, not an accuracy figure (measured: 56.7% exact, 76.1% country)."""
    gold = exact = country = 0
    for date, text, codes in _gsr_records(shared_dir / "gold" / "petrarch" / "PETR2_GSR_validation.xml"):
        got = {m.actor.code for m in run_stage(nlp, text, date).actors}
        for c in codes:
            gold += 1
            exact += c in got
            country += any((g or "")[:3] == c[:3] for g in got)
    assert gold > 100
    assert exact / gold >= 0.50
    assert country / gold >= 0.70


def test_dictionary_copies_match_shared(shared_dir):
    from sitrep.resources import data_path

    for name in ("Phoenix.Countries.actors.txt", "Phoenix.agents.txt"):
        src = shared_dir / "lexicons" / "phoenix" / name
        assert Path(data_path("actors", name)).read_bytes() == src.read_bytes()
