"""Issue 10: sentences end at blank lines, headings and list lines; key-figure lines are figures."""

from __future__ import annotations

import sitrep
from sitrep.nlp.load import heading_line, line_starts_sentence, list_line, load_nlp
from sitrep.stages.figures import figure_lexicon
from sitrep.stages.keyfigures import key_figure_line, label_kind

GLANCE = """Ukraine - Complex Emergency Fact Sheet #10, Fiscal Year (FY) 2022

SITUATION AT A GLANCE
1,611 Civilian Deaths Resulting from the Conflict (OHCHR, April 2022)
4.3 MILLION Refugees Fleeing Ukraine to Neighboring Countries (UNHCR, April 2022)
7.1 MILLION People Internally Displaced Across Ukraine (IOM, April 2022)

On April 4, unknown actors temporarily detained ICRC staff traveling to the city of Mariupol.
"""


def test_heading_line_is_upper_case_without_closing_punctuation():
    assert heading_line("SITUATION AT A GLANCE")
    assert heading_line("KEY DEVELOPMENTS")
    assert not heading_line("Attack on Turkish Forces in Idlib")
    assert not heading_line("THE UN SAID.")
    assert not heading_line("2,899")


def test_list_line_starts_with_a_number_or_bullet():
    assert list_line("4.3 MILLION Refugees Fleeing Ukraine")
    assert list_line("• 63 killed in Kramatorsk")
    assert not list_line("people in the city")


def test_line_starts_sentence_after_blank_line_heading_or_as_list_line():
    text = "Attack in Kabul\n\nA truck bomb exploded\nin the capital.\nHIGHLIGHTS\nAid arrives.\n12 deaths (UN)"
    assert line_starts_sentence(text, text.index("A truck"))  # after a blank line
    assert not line_starts_sentence(text, text.index("in the capital"))  # a wrapped line of prose
    assert line_starts_sentence(text, text.index("Aid arrives"))  # after a heading line
    assert line_starts_sentence(text, text.index("12 deaths"))  # a line of a list


def test_sentences_never_run_a_heading_into_the_lead():
    sents = [s.text.strip() for s in load_nlp()(GLANCE).sents]
    assert "SITUATION AT A GLANCE" in sents
    assert "1,611 Civilian Deaths Resulting from the Conflict (OHCHR, April 2022)" in sents
    assert sents[0] == "Ukraine - Complex Emergency Fact Sheet #10, Fiscal Year (FY) 2022"


def test_label_kind_reads_the_first_known_state_word():
    lex = figure_lexicon()
    assert label_kind("Civilian Deaths Resulting from the Conflict", lex) == ("killed", "civilians")
    assert label_kind("Refugees Fleeing Ukraine to Neighboring Countries", lex)[0] == "refugees"
    assert label_kind("USG Humanitarian Funding for the Syria Response", lex) is None


def test_key_figure_line_reads_number_kind_and_label():
    lex = figure_lexicon()
    line = "4.3 MILLION Refugees Fleeing Ukraine to Neighboring Countries (UNHCR, April 2022)"
    value, end, kind, _ = key_figure_line(line, lex)
    assert (value, kind) == (4_300_000, "refugees")
    assert key_figure_line("On April 4, unknown actors detained ICRC staff.", lex) is None
    assert key_figure_line("$387 MILLION in humanitarian assistance", lex) is None


def test_key_figures_of_a_fact_sheet_are_extracted_and_the_death_count_is_a_tally():
    res = sitrep.extract(GLANCE, published="2022-04-07")
    by_kind = {f.kind: f for f in res.figures if f.event is None}
    assert by_kind["refugees"].value == 4_300_000
    assert by_kind["displaced"].value == 7_100_000
    assert by_kind["killed"].value == 1611 and by_kind["killed"].cumulative
    assert not any(f.value == 1611 for e in res.events for f in e.figures)
