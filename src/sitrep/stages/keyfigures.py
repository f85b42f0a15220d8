"""Key-figure lines: the "AT A GLANCE" / "KEY FIGURES" block of a situation report (issue 10).

A fact sheet opens with lines such as ``4.3 MILLION Refugees Fleeing Ukraine to Neighboring Countries
(UNHCR, April 2022)``: a number, a title-case label and, in brackets, the source and the month. The
tagger reads title case poorly ("Refugees Fleeing" parsed as a name), so the sentence grammar of
:mod:`sitrep.stages.figures` misses them. :func:`key_figure_line` reads such a line on its own: the
number, and the kind from the first label word the figure lexicon knows as a state ("deaths" ->
killed, "refugees" -> refugees, "displaced" -> displaced); the ``tallies`` stage then decides whether it
is a running total. A line the sentence grammar already read is left to it.
"""

from __future__ import annotations

import re
from typing import Optional

from ..analysis import Analysis
from ..grammar.numbers import match_quantity
from ..model import Figure
from ..nlp.spans import evidence
from .figures import FigureLexicon, figure_lexicon

# a number (digits, optionally "million"/"thousand" in any case), a label, an optional "(source, date)"
KEY_LINE = re.compile(
    r"^[ \t]*[•·*–-]?[ \t]*(?P<num>\d[\d.,]*(?:[ \t]+(?:million|thousand|billion))?)[ \t]+"
    r"(?P<label>[A-Za-z][^()\n]*?)[ \t]*(?:\((?P<note>[^()\n]*)\))?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
MAX_LABEL_WORDS = 12


def label_kind(label: str, lex: FigureLexicon) -> Optional[tuple[str, Optional[str]]]:
    """(kind, group) of a key-figure label: the first word the lexicon knows as a state, in the
    singular or as written ("Civilian Deaths" -> killed, civilians); None when no word gives a kind."""
    words = [w.casefold() for w in re.findall(r"[A-Za-z]+", label)]
    if not words or len(words) > MAX_LABEL_WORDS:
        return None
    kind = next((lex.states[f].kind for w in words for f in (w, w[:-1] if w.endswith("s") else w)
                 if f in lex.states), None)
    if kind is None:
        return None
    group = next((lex.groups[w] for w in words if w in lex.groups and lex.groups[w] != "-"), None)
    return kind, group


def key_figure_line(line: str, lex: FigureLexicon) -> Optional[tuple[int, int, str, Optional[str]]]:
    """(value, end of the label, kind, group) when ``line`` is a key-figure line, else None."""
    m = KEY_LINE.match(line)
    if m is None:
        return None
    q = match_quantity(m.group("num"))
    if q is None or q.quantity.value is None:
        return None
    found = label_kind(m.group("label"), lex)
    if found is None:
        return None
    return q.quantity.value, m.end("label"), found[0], found[1]


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def key_figures(analysis: Analysis) -> list[Figure]:
    """Figures of the document's key-figure lines that no figure already reads."""
    lex = figure_lexicon()
    taken = [(f.evidence.match_start, f.evidence.match_end) for f in analysis.figures
             if f.evidence is not None and f.evidence.match_start is not None]
    out = []
    for start, line in _lines(analysis.document.text):
        found = key_figure_line(line, lex)
        if found is None:
            continue
        value, label_end, kind, group = found
        end = start + label_end
        if any(s is not None and e is not None and s < end and start < e for s, e in taken):
            continue
        offset = start + len(line) - len(line.lstrip())
        out.append(Figure(kind=kind, value=value, group=group, evidence=evidence(analysis.doc, offset, end)))
    return out


def key_figures_stage(analysis: Analysis) -> None:
    """Pipeline stage: add the figures of key-figure lines the sentence grammar missed."""
    analysis.figures.extend(key_figures(analysis))
