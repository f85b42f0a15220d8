"""CAMEO event codes from the Phoenix/PETRARCH verb dictionary, and from event nouns.

The PETRARCH-2 verb dictionary (``CAMEO.2.0.txt``, MIT, Open Event Data Alliance) has three parts:

* **synonym sets** -- ``&MILITARY`` followed by ``+ARMY``, ``+ARMED_FORCES`` ... lines;
* **verb blocks** -- ``--- KILL [190] ---`` followed by the verbs of the block (``KILL``,
  ``SLAY {SLAYS SLAIN SLAYING}``, compounds such as ``+CALL_OFF [160]`` or ``RE_+ARREST``) and the block's
  **patterns** -- ``- * (IN AIRSTRIKE) [:195]``: words before ``*`` stand for the subject, words after it for
  the verb's objects; ``(PREP noun)`` is a prepositional phrase, ``{MOD HEAD}`` a noun phrase (head last),
  ``&SET`` any member of a synonym set, ``$`` / ``+`` the source / target actor, ``%`` a compound
  ("A and B") subject, ``^`` a skipped word;
* codes in brackets: ``[190]``; ``[042:043]`` is a paired event (source->target 042, target->source 043);
  ``[:195]`` has only the reverse half (the grammatical subject is the *target*: "civilians died in an air
  strike"); ``[---]`` means "no event".

:class:`VerbDictionary` reads that format (``from_file``) or the compiled JSON shipped in
``sitrep/data/cameo/verbs.json`` (``load_default``) and codes a spaCy verb token in its dependency context
(:meth:`VerbDictionary.match`): the most specific pattern whose words are all found in the verb's phrase
wins, else the verb's own code. PETRARCH matched patterns against a constituency parse; here the same
roles are read from the dependency parse (subject, objects and particles, prepositional phrases attached
to the verb or its objects). PETRARCH-2 read ``$``/``+`` as literal words; here they are slots filled by a
noun of the phrase, and reported as ``source_slot``/``target_slot``. :meth:`VerbDictionary.combine`
applies the dictionary's verb transformations (``~ a (a b ATTACK) SAY = a b 015``) to a verb and the
clause it governs.

:func:`nominal_code` codes event *nouns* ("bombing", "ceasefire", "talks") from a small curated table
(``sitrep/data/cameo/nominal_triggers.tsv``).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from ..errors import InputError
from ..nlp.syntax import SUBJECT_DEPS, is_passive, negated
from ..resources import data_path, read_records

NULL_CODE = "---"
SLOTS = ("$", "+", "%", "^")

# dependency labels of the words PETRARCH reads as the verb's "post-verb nouns"
_POST_DEPS = {"dobj", "dative", "attr", "oprd", "acomp", "prt", "npadvmod", "xcomp", "obj", "iobj"}
_PREP_DEPS = {"prep", "agent"}
_POBJ_DEPS = {"pobj", "pcomp"}
_NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM", "X"}


# --- the dictionary's structures ------------------------------------------------------------------

@dataclass(frozen=True)
class VerbEntry:
    """One verb form of a block: ``word`` is the form the parser sees; ``front``/``back`` the other words
    of a compound verb (``RE_+ARREST`` -> front ("RE",); ``+CALL_OFF`` -> back ("OFF",))."""

    word: str
    front: tuple[str, ...]
    back: tuple[str, ...]
    block: str
    code: str
    line: str
    lemma: str = ""  # the primary form of the line ("SLAY" for "SLAIN")


@dataclass(frozen=True)
class Pattern:
    """A pattern of a verb block. ``pre``/``post`` are element lists (see :func:`parse_elements`)."""

    pre: tuple
    post: tuple
    code: str
    line: str
    order: int  # position in the file: on equal specificity the later pattern wins, as in PETRARCH
    # the literal words (not ``&SET``s) a sentence must hold for the pattern to match: noun heads,
    # prepositions and the heads of their nouns (see :func:`required_words`)
    required: frozenset = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", required_words(self.pre + self.post))


def required_words(elements: tuple) -> frozenset:
    """Words a phrase must contain for ``elements`` to match: each noun element's head and each
    preposition with its nouns' heads, when they are literal words. Every token they are matched against
    is in the verb's context, so a pattern with a word missing from the context cannot match."""
    words: set[str] = set()
    for el in elements:
        if el[0] == "np":
            words.add(el[1][-1])
        elif el[0] == "pp":
            words.add(el[1])
            words.update(np[1][-1] for np in el[2] if np[0] == "np" and np[1])
    return frozenset(w for w in words if not w.startswith("&"))


@dataclass
class VerbMatch:
    """What the dictionary makes of one verb (or event noun).

    ``code`` is the CAMEO code of the event from the grammatical subject (source) to the object (target);
    when ``swap_roles`` is true the pattern only had a reverse code (``[:195]``) and the subject is the
    *target* ("Sixteen civilians died in an air strike"). ``paired_code`` is the second half of a paired
    code (``[042:043]``: a visit and its hosting). ``pattern`` is the dictionary line that gave the code
    (the verb's own line when no pattern matched), ``verb`` the dictionary verb ("call off"),
    ``matched_tokens`` the indices (``Token.i``) of the words the code was read from, and
    ``source_slot``/``target_slot`` the indices of the tokens a pattern marked explicitly as source
    (``$``, first of a ``%`` pair) or target (``+``, second of a ``%`` pair) -- None when the pattern does
    not say; callers then fall back on syntax (subject/object).
    ``negated``: the verb (or a verb it depends on through ``xcomp``) carries a negation -- PETRARCH
    ignores negation; callers decide. ``passive``: the verb is in the passive voice.
    """

    code: str
    pattern: str
    verb: str
    matched_tokens: list[int] = field(default_factory=list)
    source_slot: Optional[int] = None
    target_slot: Optional[int] = None
    negated: bool = False
    passive: bool = False
    paired_code: Optional[str] = None
    swap_roles: bool = False
    block: str = ""
    name: Optional[str] = None  # the CAMEO label of ``code``, when the code is a CAMEO code

    @property
    def root(self) -> str:
        """The two-digit CAMEO root ("19" for "195")."""
        return self.code[:2]


# --- reading the text format ----------------------------------------------------------------------

def _strip_comment(line: str) -> str:
    """Drop a ``#`` comment (PETRARCH drops everything from the first ``#``)."""
    return line.split("#", 1)[0].rstrip()


_CODE_AT_END = re.compile(r"\[([^\[\]]*)\]\s*$")


def _clean_code(code: str) -> str:
    """A code field as written, minus stray characters (``[080!]`` -> ``080``); ``""`` -> ``---``."""
    code = re.sub(r"[^0-9A-Za-z:-]", "", code)
    return code or NULL_CODE


def _regular_forms(stem: str) -> list[str]:
    """The regular inflections PETRARCH generates for a verb without ``{...}``: -S, -ED, -ING."""
    forms = [stem]
    if not stem:
        return forms
    if stem[-1] in "SXZ" or stem.endswith(("CH", "SH")):
        forms.append(stem + "ES")
    elif stem[-1] == "Y" and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "IES")
    else:
        forms.append(stem + "S")
    if stem[-1] == "E":
        forms.append(stem + "D")
    elif stem[-1] == "Y" and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "IED")
    else:
        forms.append(stem + "ED")
    if stem[-1] == "E" and len(stem) > 1 and stem[-2] not in "AEIOU":
        forms.append(stem[:-1] + "ING")
    else:
        forms.append(stem + "ING")
    return forms


def _split_compound(form: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """``RE_+ARREST`` -> ("ARREST", ("RE",), ()); ``+CALL_OFF`` -> ("CALL", (), ("OFF",))."""
    if "_" not in form:
        return form.lstrip("+"), (), ()
    parts = [p for p in form.split("_") if p]
    verb_at = next((k for k, p in enumerate(parts) if p.startswith("+")), 0)
    verb = parts[verb_at].lstrip("+")
    return verb, tuple(parts[:verb_at]), tuple(p.lstrip("+") for p in parts[verb_at + 1:])


def _parse_verb_line(text: str, block: str, block_code: str, raw: str) -> list[VerbEntry]:
    code = block_code
    m = _CODE_AT_END.search(text)
    if m:
        code = _clean_code(m.group(1))
        text = text[: m.start()]
    listed: Optional[list[str]] = None
    if "{" in text:
        head, _, rest = text.partition("{")
        listed = rest.replace("}", " ").split()
        text = head
    words = text.split()
    if not words:
        return []
    primary = words[0]
    if not re.match(r"^[A-Z0-9+'&-]", primary) or primary.startswith(("*", "&")):
        return []  # not a verb line (a stray pattern without '-')
    verb, front, back = _split_compound(primary)
    forms: list[tuple[str, tuple, tuple]] = [(verb, front, back)]
    if listed is not None:
        forms += [_split_compound(w) for w in listed]
    else:
        forms += [(f, front, back) for f in _regular_forms(verb)[1:]]
    return [VerbEntry(w, f, b, block, code, raw, verb) for (w, f, b) in forms if w]


def parse_elements(tokens: Sequence[str]) -> tuple:
    """Parse one side of a pattern into elements.

    An element is ``("np", (atom, ..., head))`` -- a noun (phrase), head last; ``("pp", prep, (np, ...))``
    -- a prepositional phrase; or ``("slot", "$"|"+"|"%"|"^")``. An atom is a word or a ``&SET`` name.
    ``A_B`` is read as the phrase ``{A B}``.
    """
    elements: list = []
    k = 0
    while k < len(tokens):
        if tokens[k].startswith("("):
            el, k = _read_pp(tokens, k)
            if el is not None:
                elements.append(el)
            continue
        el, k = _read_np(tokens, k)
        if el[0] == "slot" or el[1]:
            elements.append(el)
    return tuple(elements)


def _words(token: str, strip: str = "") -> list[str]:
    """The words of a pattern token, ``_`` read as a space, ``strip`` characters removed at its ends."""
    return [w for w in token.strip(strip).replace("_", " ").split() if w]


def _read_np(tokens: Sequence[str], start: int) -> tuple[tuple, int]:
    """The noun element (or slot) starting at ``tokens[start]`` and the index after it; a ``{...}``
    phrase runs to the token that closes it."""
    tok = tokens[start]
    if tok.startswith("{"):
        words: list[str] = []
        j = start
        while j < len(tokens):
            t = tokens[j]
            words += _words(t, "{}()")
            j += 1
            if t.endswith("}"):
                break
        return ("np", tuple(words)), j
    if tok in SLOTS:
        return ("slot", tok), start + 1
    return ("np", tuple(_words(tok))), start + 1


def _read_pp(tokens: Sequence[str], k: int) -> tuple[Optional[tuple], int]:
    """The prepositional phrase ``(PREP noun ...)`` starting at ``tokens[k]`` (None when it names no
    preposition) and the index after it."""
    tok = tokens[k]
    prep = tok.strip("()")
    nps: list = []
    closed = tok.endswith(")") and len(tok) > 1
    k += 1
    while not closed and k < len(tokens):
        t = tokens[k]
        closed = t.endswith(")")
        inner = t.rstrip(")")
        if inner.startswith("{") and not inner.endswith("}"):
            np_, k, closed = _read_pp_phrase(tokens, k, inner, closed)
            nps.append(np_)
        elif inner:
            nps.append(_np_from_word(inner))
        k += 1
    return (("pp", prep, tuple(nps)) if prep else None), k


def _read_pp_phrase(tokens: Sequence[str], k: int, inner: str, closed: bool) -> tuple[tuple, int, bool]:
    """A ``{...}`` phrase inside a prepositional phrase, read until its closing brace: the noun element,
    the index of its last token and whether that token also closed the PP."""
    words = _words(inner, "{")
    while not inner.endswith("}") and not closed and k + 1 < len(tokens):
        k += 1
        t = tokens[k]
        closed = t.endswith(")")
        inner = t.rstrip(")")
        words += _words(inner, "{}")
    return ("np", tuple(words)), k, closed


def _np_from_word(word: str) -> tuple:
    """One noun element from a single pattern token (used inside prepositional phrases)."""
    if word in SLOTS:
        return ("slot", word)
    return ("np", tuple(w for w in word.strip("{}").replace("_", " ").split() if w))


def _element_synsets(elements: Iterable) -> set[str]:
    found: set[str] = set()
    for el in elements:
        if el[0] == "np":
            found |= {a for a in el[1] if a.startswith("&")}
        elif el[0] == "pp":
            if el[1].startswith("&"):
                found.add(el[1])
            found |= _element_synsets(el[2])
    return found


@dataclass(frozen=True)
class Transformation:
    """A verb transformation line: ``~ a (a b ATTACK) SAY = a b 015`` -- "A says A attacked B" is coded
    A->B 015 (claim responsibility). ``lower_source`` is "a" (the upper verb's source), "b" (someone else)
    or "_" (none: "A wants to attack B"); ``target`` names who the result's target is: "lower_target" or
    "lower_source"; ``code`` "Q" means the lower verb's own code."""

    upper_verb: str
    lower_verb: str
    lower_source: str
    target: str
    code: str
    line: str


@dataclass
class _RawDictionary:
    synsets: dict[str, list[tuple[str, ...]]]
    verbs: dict[str, list[VerbEntry]]
    blocks: dict[str, dict]  # name -> {"code": str, "patterns": [Pattern]}
    warnings: list[str]
    transformations: list[Transformation] = field(default_factory=list)


@dataclass
class _ParseState:
    """What the dictionary reader knows while it reads the file line by line."""

    source: str
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)
    blocks: dict[str, dict] = field(default_factory=dict)
    # block, pre, post, code, line, order
    raw_patterns: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    transformations: list[Transformation] = field(default_factory=list)
    mode: str = "none"  # "none", "synset" (reading + members) or "block" (reading verbs and patterns)
    synset: str = ""
    block: str = ""
    block_code: str = NULL_CODE
    order: int = 0


def _dictionary_lines(lines: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(stripped line, text without its trailing comment) of each line that says something: blank lines,
    ``#`` lines and ``<!-- ... -->`` blocks are skipped."""
    in_xml_comment = False
    for raw in lines:
        stripped = raw.rstrip("\n").strip()
        if in_xml_comment:
            if "-->" in stripped:
                in_xml_comment = False
            continue
        if stripped.startswith("<!--"):
            in_xml_comment = "-->" not in stripped
            continue
        if not stripped or stripped.startswith("#"):
            continue
        text = _strip_comment(stripped)
        if text:
            yield stripped, text


def _read_block_header(st: _ParseState, text: str) -> None:
    """``--- KILL [190] ---``: a new verb block and its default code."""
    parts = text.strip("- ").split()
    st.block = parts[0] if parts else ""
    m = re.search(r"\[([^\]]*)\]", text)
    st.block_code = _clean_code(m.group(1) if m else "")
    st.blocks.setdefault(st.block, {"code": st.block_code, "patterns": []})
    st.mode = "block"


def _read_synset_header(st: _ParseState, text: str) -> None:
    """``&MILITARY``: a new synonym set."""
    st.synset = text.split()[0]
    st.synsets.setdefault(st.synset, [])
    st.mode = "synset"


def _read_synset_member(st: _ParseState, text: str) -> None:
    """``+ARMED_FORCES``: a member of the current synonym set; a one-word member also adds its regular
    plural unless the member or the set ends with ``_`` (no inflection)."""
    term = text[1:].strip()
    words = tuple(_words(term))
    if not words:
        return
    st.synsets[st.synset].append(words)
    if not term.endswith("_") and not st.synset.endswith("_") and len(words) == 1:
        plural = _plural(words[0])
        if plural:
            st.synsets[st.synset].append((plural,))


def _read_transformation_line(st: _ParseState, text: str, stripped: str) -> None:
    """``~ a (a b ATTACK) SAY = a b 015``: a verb transformation (a warning when unreadable)."""
    t = _parse_transformation(text)
    if t is None:
        st.warnings.append(f"{st.source}: unreadable verb transformation: {stripped!r}")
    else:
        st.transformations.append(t)


def _read_pattern_line(st: _ParseState, text: str, stripped: str) -> None:
    """``- * (IN AIRSTRIKE) [:195]``: a pattern of the current block, kept raw until every synonym set
    is known (a warning outside a block or without ``*`` and a code)."""
    if st.mode != "block":
        st.warnings.append(f"{st.source}: pattern outside a verb block: {stripped!r}")
        return
    m = _CODE_AT_END.search(text)
    body = text[1: m.start()] if m else text[1:]
    if not m or "*" not in body:
        st.warnings.append(f"{st.source}: pattern without '*' or [code]: {stripped!r}")
        return
    pre, _, post = body.partition("*")
    st.order += 1
    st.raw_patterns.append((st.block, pre, post, _clean_code(m.group(1)), " ".join(text.split()), st.order))


def _read_verb_line(st: _ParseState, text: str) -> None:
    """A verb of the current block (with its forms and compounds), each distinct form once."""
    for entry in _parse_verb_line(text, st.block, st.block_code, " ".join(text.split())):
        same = st.verbs.setdefault(entry.word, [])
        if not any(e.front == entry.front and e.back == entry.back for e in same):
            same.append(entry)


def _read_line(st: _ParseState, stripped: str, text: str) -> None:
    """Dispatch one dictionary line to its reader by its first character and the current mode."""
    if text.startswith("---"):
        _read_block_header(st, text)
    elif text.startswith("&"):
        _read_synset_header(st, text)
    elif st.mode == "synset" and text.startswith("+"):
        _read_synset_member(st, text)
    elif text.startswith("~"):
        _read_transformation_line(st, text, stripped)
    else:
        if st.mode == "synset":
            st.mode = "none"
        if text.startswith("-"):
            _read_pattern_line(st, text, stripped)
        elif st.mode == "block":
            _read_verb_line(st, text)


def _compile_patterns(st: _ParseState) -> None:
    """Parse the raw patterns into their blocks; a pattern naming an undefined synonym set is dropped
    with a warning. Compounds are tried before the single word, longest first."""
    for blk, pre, post, code, line, order in st.raw_patterns:
        pre_el = parse_elements(pre.split())
        post_el = parse_elements(post.split())
        missing = _element_synsets(pre_el + post_el) - set(st.synsets)
        if missing:
            st.warnings.append(f"{st.source}: undefined synonym set {', '.join(sorted(missing))} in {line!r}")
            continue
        st.blocks[blk]["patterns"].append(Pattern(pre_el, post_el, code or NULL_CODE, line, order))
    for entries in st.verbs.values():
        entries.sort(key=lambda e: -(len(e.front) + len(e.back)))


def _parse_text(lines: Iterable[str], source: str) -> _RawDictionary:
    st = _ParseState(source)
    for stripped, text in _dictionary_lines(lines):
        _read_line(st, stripped, text)
    _compile_patterns(st)
    return _RawDictionary(st.synsets, st.verbs, st.blocks, st.warnings, st.transformations)


def _parse_transformation(text: str) -> Optional[Transformation]:
    """``~ a (a b ATTACK) SAY = a b 015`` -> Transformation (None when the line has another shape)."""
    left, eq, right = text[1:].partition("=")
    lhs = left.replace("(", " ").replace(")", " ").split()
    rhs = right.split()
    if not eq or len(lhs) != 5 or len(rhs) != 3:
        return None
    upper_src, low_src, low_tgt, low_verb, up_verb = lhs
    res_src, res_tgt, code = rhs
    if res_src != upper_src:
        return None
    if res_tgt == low_src and low_src != upper_src:
        target = "lower_source"
    elif res_tgt == low_tgt or low_tgt == ".":
        target = "lower_target"
    else:
        return None
    lower_source = "a" if low_src == upper_src else ("_" if low_src == "_" else "b")
    return Transformation(up_verb, low_verb, lower_source, target, code, " ".join(text.split()))


def _plural(noun: str) -> Optional[str]:
    if not noun or not noun[-1].isalpha():
        return None
    if noun.endswith("Y") and len(noun) > 1 and noun[-2] not in "AEIOU":
        return noun[:-1] + "IES"
    if noun.endswith(("S", "X", "Z", "CH", "SH")):
        return noun + "ES"
    return noun + "S"


# --- matching -------------------------------------------------------------------------------------

def _keys(token) -> frozenset[str]:
    """The spellings a pattern word may take to match ``token``: text, lemma, hyphenated compound."""
    keys = {token.text.upper(), token.lemma_.upper()}
    doc = token.doc
    i = token.i
    # "cease-fire" is three tokens: cease - fire; "sit-in" likewise
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        keys.add(f"{doc[i - 2].text}-{token.text}".upper())
    if i + 2 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_ and not doc[i + 1].whitespace_:
        keys.add(f"{token.text}-{doc[i + 2].text}".upper())
    return frozenset(keys)


def _modifiers(token) -> list:
    """Words modifying a noun: its left subtree and right-hand compound/amod children."""
    mods = [t for t in token.subtree if t.i < token.i]
    mods += [c for c in token.rights if c.dep_ in ("compound", "amod", "nummod")]
    return mods


def _adjacent(mod_ids: list[int], head) -> bool:
    """Is the phrase's last modifier right before its head ("economic relations", not "economic trade
    relations")? Punctuation and coordinated modifiers in between are allowed ("death and injury toll")."""
    doc = head.doc
    last = max((i for i in mod_ids if i < head.i), default=None)
    if last is None:
        return True
    between = doc[last + 1: head.i]
    return all(t.is_punct for t in between) or any(t.pos_ == "CCONJ" for t in between)


def _with_conj(tokens: Iterable) -> list:
    out = []
    for t in tokens:
        out.append(t)
        out += [c for c in t.conjuncts if c.i > t.i]
    return out


def _subjects(verb) -> list:
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return _with_conj(subj)
        if v.dep_ in ("xcomp", "conj", "advcl") and v.head.i != v.i:
            v = v.head
            continue
        break
    return []


@dataclass
class _Context:
    """The words of a verb's phrase, sorted by the role PETRARCH gives them."""

    pre: list  # subject heads (and, for passives, the "by" agent), left adverbs
    pre_pool: list  # pre + their modifiers
    post: list  # objects, particles, xcomp, right adverbs (and, for passives, the subject)
    post_pool: list
    preps: list  # prep tokens attached to the verb phrase
    keys: dict  # token.i -> frozenset of spellings


def _context(verb) -> _Context:
    passive = is_passive(verb)
    subjects = _subjects(verb)
    pre = list(_agent_pobjs(verb) if passive else subjects)
    if not passive:  # as in PETRARCH, a passive verb's "pre-verb" side is only its by-agent
        pre += [c for c in verb.children if c.i < verb.i and c.dep_ in ("advmod", "npadvmod", "neg")]
    post = _post_side(verb, subjects, passive)
    preps = _verb_preps(verb, post)
    pre_pool = _pool(pre)
    post_pool = _pool(post)
    keys: dict[int, frozenset] = {}
    for t in pre_pool + post_pool + preps:
        keys[t.i] = _keys(t)
    for p in preps:
        for t in _pool([g for g in p.children if g.dep_ in _POBJ_DEPS]):
            keys[t.i] = _keys(t)
    return _Context(pre, pre_pool, post, post_pool, preps, keys)


def _agent_pobjs(verb) -> list:
    """The nouns of a passive verb's agent phrase ("by the army", also "from")."""
    out = []
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("by", "from")):
            out += _with_conj([g for g in c.children if g.dep_ in _POBJ_DEPS])
    return out


def _post_side(verb, subjects: list, passive: bool) -> list:
    """The verb's post-verb words: objects, particles, xcomp, right adverbs (a passive's subject first),
    with conjuncts, and the objects of an xcomp verb ("vowed to wage war")."""
    post_heads = [c for c in verb.children if c.dep_ in _POST_DEPS
                  or (c.dep_ in ("advmod", "neg") and c.i > verb.i)
                  or (c.dep_ == "ccomp" and c.pos_ in ("ADJ", "NOUN"))]
    if passive:  # the grammatical subject of a passive stands where the object would
        post_heads = [s for s in subjects if s.dep_ != "conj"] + post_heads
    post = _with_conj(post_heads)
    for x in [t for t in post if t.dep_ == "xcomp"]:
        post += _with_conj([c for c in x.children if c.dep_ in _POST_DEPS or c.dep_ == "neg"])
    return post


def _verb_preps(verb, post: list) -> list:
    """Prepositional phrases on the verb, on its objects, and chained on their objects (three levels)."""
    preps = []
    frontier = [verb] + [t for t in post if t.dep_ == "xcomp"] + [t for t in post if t.pos_ in _NOMINAL_POS]
    seen: set[int] = set()
    for _ in range(3):
        nxt = []
        for c in (c for head in frontier for c in head.children):
            if not (c.dep_ in _PREP_DEPS or (c.dep_ == "dative" and c.tag_ == "IN")) or c.i in seen:
                continue
            seen.add(c.i)
            preps.append(c)
            if c.dep_ != "agent":  # the by-agent's own modifiers are not the verb's phrases
                nxt += [g for g in c.children if g.dep_ in _POBJ_DEPS]
        frontier = nxt
    return preps


def _pool(tokens: list) -> list:
    out = list(tokens)
    ids = {t.i for t in out}
    for t in tokens:
        for m in _modifiers(t):
            if m.i not in ids:
                ids.add(m.i)
                out.append(m)
    return out


def _fill_slots(slot_requests: list, ctx: _Context, verb, taken: set) -> Optional[tuple]:
    """Fill a matched pattern's ``$``/``+``/``%`` slots with nouns of the verb's phrase: (score, tokens,
    source index, target index), or None when a slot finds no noun. ``^`` slots are skipped."""
    source = target = None
    score, tokens = 0, []
    for req in slot_requests:
        kind, pool = req[0], req[1]
        if kind == "^":
            continue
        if kind == "%":
            subj = [t for t in ctx.pre if t.dep_ in SUBJECT_DEPS or t.dep_ == "conj"]
            if len(subj) < 2:
                return None
            source, target = subj[0].i, subj[1].i
            tokens += [source, target]
            score += 2
            continue
        if req[-1] == "post":  # a post-verb slot may also be the object of a remaining preposition
            pool = pool + [g for p in ctx.preps if p.i > verb.i and p.i not in taken
                           for g in p.children if g.dep_ in _POBJ_DEPS]
        cand = next((t for t in pool if t.i not in taken and t.pos_ in _NOMINAL_POS), None)
        if cand is None:
            return None
        taken.add(cand.i)
        tokens.append(cand.i)
        score += 1
        if kind == "$":
            source = cand.i
        else:
            target = cand.i
    return score, tokens, source, target


class VerbDictionary:
    """A PETRARCH-2 format verb dictionary, compiled for matching spaCy tokens.

    >>> verbs = VerbDictionary.load_default()
    >>> m = verbs.match(doc[1])      # doc = nlp("Israel launched air strikes on Gaza.")
    >>> m.code, m.pattern, m.verb, m.block
    ('195', '- * {AIR STRIKE} [195]', 'launch', 'START')
    """

    def __init__(self, raw: _RawDictionary, source: str = ""):
        self.source = source
        self.synsets = raw.synsets
        self.verbs = raw.verbs
        self.blocks = raw.blocks
        self.warnings = raw.warnings
        self.transformations = raw.transformations
        # synset name -> {head word -> [modifier tuples]} for fast membership tests
        self._syn_index: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for name, terms in self.synsets.items():
            index: dict[str, list[tuple[str, ...]]] = {}
            for words in terms:
                index.setdefault(words[-1], []).append(words[:-1])
            self._syn_index[name] = index

    # -- construction ------------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: Union[str, Path]) -> "VerbDictionary":
        """Read a verb dictionary in PETRARCH-2 text format (``CAMEO.2.0.txt``) or its compiled JSON."""
        path = Path(path)
        if not path.is_file():
            raise InputError(str(path), "verb dictionary not found")
        if path.suffix == ".json":
            return cls.from_json(path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InputError(str(path), f"cannot read verb dictionary ({exc.strerror})") from None
        raw = _parse_text(text.splitlines(), path.name)
        if not raw.blocks or not raw.verbs:
            raise InputError(str(path), "no verb blocks ('--- NAME [code] ---') found: not a PETRARCH verb dictionary")
        return cls(raw, str(path))

    @classmethod
    def from_json(cls, path: Union[str, Path]) -> "VerbDictionary":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"cannot read compiled verb dictionary: {exc}") from None
        if data.get("format") != 1:
            raise InputError(str(path), "unknown compiled verb dictionary format")
        synsets = {k: [tuple(w) for w in v] for k, v in data["synsets"].items()}
        verbs = {
            w: [VerbEntry(w, tuple(e[0]), tuple(e[1]), e[2], e[3], e[4], e[5]) for e in entries]
            for w, entries in data["verbs"].items()
        }
        blocks = {
            name: {
                "code": b["code"],
                "patterns": [Pattern(_tuplify(p[0]), _tuplify(p[1]), p[2], p[3], p[4]) for p in b["patterns"]],
            }
            for name, b in data["blocks"].items()
        }
        transformations = [Transformation(*t) for t in data.get("transformations", [])]
        return cls(_RawDictionary(synsets, verbs, blocks, list(data.get("warnings", [])), transformations), str(path))

    def to_json(self) -> dict:
        """The compiled form written to ``sitrep/data/cameo/verbs.json``."""
        return {
            "format": 1,
            "source": Path(self.source).name,
            "synsets": {k: [list(w) for w in v] for k, v in self.synsets.items()},
            "verbs": {
                w: [[list(e.front), list(e.back), e.block, e.code, e.line, e.lemma] for e in entries]
                for w, entries in self.verbs.items()
            },
            "blocks": {
                name: {"code": b["code"], "patterns": [[p.pre, p.post, p.code, p.line, p.order] for p in b["patterns"]]}
                for name, b in self.blocks.items()
            },
            "transformations": [
                [t.upper_verb, t.lower_verb, t.lower_source, t.target, t.code, t.line] for t in self.transformations
            ],
            "warnings": self.warnings,
        }

    @classmethod
    def load_default(cls) -> "VerbDictionary":
        """The Phoenix CAMEO 2.0 verb dictionary shipped with Sitrep (cached)."""
        return _default_dictionary()

    # -- statistics --------------------------------------------------------------------------------

    @property
    def n_patterns(self) -> int:
        return sum(len(b["patterns"]) for b in self.blocks.values())

    # -- lookup ------------------------------------------------------------------------------------

    def entries_for(self, token) -> list[VerbEntry]:
        """Dictionary entries whose verb word is ``token`` (by its text, else its lemma)."""
        for key in (token.text.upper(), token.lemma_.upper()):
            if key in self.verbs:
                return self.verbs[key]
        return []

    def _entry(self, token) -> tuple[Optional[VerbEntry], list[int]]:
        """The entry for ``token``, compounds first (their other words must surround the verb)."""
        for e in self.entries_for(token):
            used: list[int] = []
            if e.back and not self._back_ok(token, e.back, used):
                continue
            if e.front and not self._front_ok(token, e.front, used):
                continue
            return e, used
        return None, []

    @staticmethod
    def _back_ok(token, back: tuple[str, ...], used: list[int]) -> bool:
        doc = token.doc
        j = token.i + 1
        seq = []
        for w in back:
            if j < len(doc) and w in (doc[j].text.upper(), doc[j].lemma_.upper()):
                seq.append(j)
                j += 1
            else:
                seq = []
                break
        if seq:
            used += seq
            return True
        if len(back) == 1:  # "called the talks off": a particle child anywhere
            for c in token.children:
                if c.dep_ in ("prt", "advmod", "prep") and c.text.upper() == back[0]:
                    used.append(c.i)
                    return True
        return False

    @staticmethod
    def _front_ok(token, front: tuple[str, ...], used: list[int]) -> bool:
        doc = token.doc
        j = token.i - 1
        if j >= 0 and doc[j].text == "-":
            j -= 1
        seq = []
        for w in reversed(front):
            if j >= 0 and doc[j].text.upper() == w:
                seq.append(j)
                j -= 1
            else:
                return False
        used += seq
        return True

    def match(self, verb_token, include_null: bool = False, any_pos: bool = False) -> Optional[VerbMatch]:
        """The CAMEO code the dictionary gives ``verb_token`` in its sentence, or None.

        None when the token is not tagged as a verb (as in PETRARCH, which codes only words the parser
        calls verbs; ``any_pos=True`` lifts this), when the verb is not in the dictionary, or when its
        code is ``---`` (no event); with ``include_null=True`` the latter returns a match with
        ``code == "---"`` instead.
        """
        if not any_pos and not (verb_token.pos_ in ("VERB", "AUX") or verb_token.tag_.startswith("VB")):
            return None
        entry, compound_tokens = self._entry(verb_token)
        if entry is None:
            return None
        ctx = _context(verb_token)
        present = frozenset().union(*ctx.keys.values())
        best: Optional[tuple] = None
        for pattern in self.blocks.get(entry.block, {}).get("patterns", ()):
            if not pattern.required <= present:
                continue  # a word it needs is not in the phrase (the same answer, without trying it)
            found = self._match_pattern(pattern, ctx, verb_token)
            if found is None:
                continue
            score, tokens, src, tgt = found
            key = (score, pattern.order)
            if best is None or key > best[0]:
                best = (key, pattern, tokens, src, tgt)
        verb_words = " ".join(entry.front + (entry.lemma or entry.word,) + entry.back)
        matched = sorted({verb_token.i, *compound_tokens})
        if best is not None:
            _, pattern, tokens, src, tgt = best
            code_field, line = pattern.code, pattern.line
            matched = sorted(set(matched) | set(tokens))
        else:
            code_field, line, src, tgt = entry.code, entry.line, None, None
        active, _, reverse = code_field.partition(":")
        active, reverse = active.strip(), reverse.strip()
        swap = False
        if not active and reverse:
            code, swap = reverse, True
        else:
            code = active or NULL_CODE
        paired = reverse if (active and reverse and reverse != NULL_CODE) else None
        if code == NULL_CODE and not include_null:
            return None
        return VerbMatch(
            code=code,
            pattern=line,
            verb=verb_words.lower().replace("+", ""),
            matched_tokens=matched,
            source_slot=src,
            target_slot=tgt,
            negated=negated(verb_token, via_aux=True),
            passive=is_passive(verb_token),
            paired_code=paired,
            swap_roles=swap,
            block=entry.block,
            name=cameo_name(code),
        )

    # -- pattern matching --------------------------------------------------------------------------

    def _atom_ok(self, atom: str, token, keys: dict, mods: Optional[list] = None) -> Optional[list[int]]:
        """Does ``token`` spell ``atom`` (a word or a ``&SET``)? Returns the tokens used, or None."""
        tk = keys.get(token.i) or _keys(token)
        if not atom.startswith("&"):
            return [token.i] if atom in tk else None
        index = self._syn_index.get(atom, {})
        for spelling in tk:
            for term_mods in index.get(spelling, ()):
                if not term_mods:
                    return [token.i]
                used = self._mods_ok(term_mods, mods if mods is not None else _modifiers(token), keys)
                if used is not None:
                    return [token.i] + used
        return None

    def _mods_ok(self, atoms: Sequence[str], mods: list, keys: dict) -> Optional[list[int]]:
        used: list[int] = []
        for atom in atoms:
            hit = None
            for m in mods:
                if m.i in used:
                    continue
                hit = self._atom_ok(atom, m, keys, mods=[x for x in mods if x.i < m.i])
                if hit:
                    break
            if not hit:
                return None
            used += hit
        return used

    def _np_ok(self, words: tuple, candidates: list, keys: dict, taken: set) -> Optional[list[int]]:
        head, mods = words[-1], words[:-1]
        for t in candidates:
            if t.i in taken:
                continue
            got = self._atom_ok(head, t, keys)
            if not got:
                continue
            if mods:
                extra = self._mods_ok(mods, _modifiers(t), keys)
                if extra is None or not _adjacent(extra, t):
                    continue
                got = got + extra
            return got
        return None

    def _pp_ok(self, el: tuple, preps: list, keys: dict, taken: set) -> Optional[tuple[list[int], list]]:
        _, prep, nps = el
        for p in preps:
            if p.i in taken or not self._atom_ok(prep, p, keys):
                continue
            pobjs = _with_conj([g for g in p.children if g.dep_ in _POBJ_DEPS])
            pool = _pool(pobjs)
            used = [p.i]
            slots = []
            ok = True
            local_taken = set(taken) | {p.i}
            for np in nps:
                if np[0] == "slot":
                    slots.append((np[1], pobjs, "pp"))
                    continue
                got = self._np_ok(np[1], pool, keys, local_taken)
                if got is None:
                    ok = False
                    break
                used += got
                local_taken |= set(got)
            if ok:
                return used, slots
        return None

    def _match_pattern(self, pattern: Pattern, ctx: _Context, verb) -> Optional[tuple]:
        taken: set[int] = {verb.i}
        tokens: list[int] = []
        score = 0
        slot_requests: list[tuple] = []
        for side, elements in (("pre", pattern.pre), ("post", pattern.post)):
            got = self._match_side(side, elements, ctx, verb, taken, slot_requests)
            if got is None:
                return None
            score += got[0]
            tokens += got[1]
        filled = _fill_slots(slot_requests, ctx, verb, taken)
        if filled is None:
            return None
        slot_score, slot_tokens, source, target = filled
        score += slot_score
        tokens += slot_tokens
        if score == 0:
            return None
        return score, tokens, source, target

    def _match_side(self, side: str, elements: tuple, ctx: _Context, verb, taken: set,
                    slot_requests: list) -> Optional[tuple[int, list[int]]]:
        """Match one side of a pattern: its score and tokens (None when an element is missing). Found
        tokens are added to ``taken``; slots are appended to ``slot_requests`` for :func:`_fill_slots`."""
        pool = ctx.pre_pool if side == "pre" else ctx.post_pool
        heads = ctx.pre if side == "pre" else ctx.post
        preps = [p for p in ctx.preps if (p.i < verb.i) == (side == "pre")]
        score, tokens = 0, []
        for el in elements:
            if el[0] == "np":
                got = self._np_ok(el[1], heads, ctx.keys, taken) or self._np_ok(el[1], pool, ctx.keys, taken)
                if got is None:
                    return None
                score += 2 * len(el[1])
            elif el[0] == "pp":
                res = self._pp_ok(el, preps, ctx.keys, taken)
                if res is None:
                    return None
                got, slots = res
                slot_requests += slots
                score += 1 + 2 * (len(got) - 1)
            else:
                slot_requests.append((el[1], pool if side == "post" else ctx.pre_pool, side))
                continue
            taken |= set(got)
            tokens += got
        return score, tokens

    # -- verb transformations ----------------------------------------------------------------------

    def _verb_is(self, m: VerbMatch, word: str) -> bool:
        """Does match ``m`` stand for the dictionary verb ``word`` (its block, or its code family)?"""
        entries = [e for e in self.verbs.get(word, ()) if not e.front and not e.back]
        if not entries:
            return False
        e = entries[0]
        if m.block == e.block:
            return True
        code = e.code.partition(":")[0] or NULL_CODE
        if code == NULL_CODE or not m.code or m.code == NULL_CODE:
            return False
        family = code[:2] if len(code) == 3 and code.endswith("0") else code
        return m.code.startswith(family)

    def combine(self, upper: Optional[VerbMatch], lower: Optional[VerbMatch], lower_source: str
                ) -> Optional[tuple[str, str, str]]:
        """Apply the dictionary's verb transformations to a verb (``upper``: "said", "wants") and the verb
        of the clause it governs (``lower``: "attacked").

        ``lower_source`` says who the lower clause's subject is: ``"same"`` as the upper verb's subject
        ("Hamas said it attacked the convoy"), ``"other"`` ("Israel said Hamas attacked the convoy") or
        ``"none"`` ("Russia wants to attack"). Returns ``(code, target, line)`` -- the combined code
        ("015", "112", "138" ...; the lower code where the rule says ``Q``), whose target is the
        ``"lower_target"`` or the ``"lower_source"``, and the rule's line -- or None when no rule applies.
        ``upper`` may be a null-code match (``match(..., include_null=True)``: "tried to assassinate").
        """
        key = {"same": "a", "other": "b", "none": "_"}.get(lower_source)
        if key is None:
            raise ValueError(f"lower_source must be 'same', 'other' or 'none', not {lower_source!r}")
        if upper is None or lower is None:
            return None
        for t in self.transformations:
            if t.lower_source != key or not self._verb_is(upper, t.upper_verb):
                continue
            if t.lower_verb != "Q" and not self._verb_is(lower, t.lower_verb):
                continue
            code = lower.code if t.code == "Q" else t.code
            return code, t.target, t.line
        return None

    # -- without a parse ---------------------------------------------------------------------------

    def match_lemma_phrase(self, words: Sequence[str]) -> Optional[VerbMatch]:
        """Code a phrase given as words, without a parse: ``["declare", "war", "on", "Syria"]``.

        The first word found in the dictionary is the verb; words before it stand for the subject,
        words after it for objects; ``(PREP noun)`` elements need the preposition followed by the noun.
        Plural nouns are also tried singular. Token indices in the result are positions in ``words``.
        """
        upper = [w.upper() for w in words]
        vi = next((i for i, w in enumerate(upper) if w in self.verbs), None)
        if vi is None:
            return None
        found = self._lemma_entry(upper, vi)
        if found is None:
            return None
        entry, used_extra = found
        forms = [_word_forms(w) for w in upper]
        best = None
        for pattern in self.blocks.get(entry.block, {}).get("patterns", ()):
            got = self._lemma_pattern(pattern, forms, vi, {vi, *used_extra})
            if got is not None and got[0] > 0 and (best is None or (got[0], pattern.order) > best[0]):
                best = ((got[0], pattern.order), pattern, got[1])
        tokens: list = []
        code_field, line = entry.code, entry.line
        if best is not None:
            _, pattern, tokens = best
            code_field, line = pattern.code, pattern.line
        return _lemma_verb_match(entry, code_field, line, sorted({vi, *used_extra, *tokens}), upper[:vi + 1])

    def _lemma_entry(self, upper: list[str], vi: int) -> Optional[tuple[VerbEntry, list[int]]]:
        """The first verb entry of ``upper[vi]`` whose compound words stand around it, with their indices."""
        for e in self.verbs[upper[vi]]:
            after = upper[vi + 1: vi + 1 + len(e.back)]
            before = upper[max(0, vi - len(e.front)): vi]
            if tuple(after) == e.back and tuple(before) == e.front:
                return e, list(range(vi + 1, vi + 1 + len(e.back))) + list(range(vi - len(e.front), vi))
        return None

    def _lemma_find(self, forms: list[set[str]], atom: str, lo: int, hi: int, taken: set) -> Optional[int]:
        """The first free position in ``[lo, hi)`` whose word is ``atom`` (or a member of the synonym set
        ``atom``, its modifiers found earlier in the phrase)."""
        for j in range(lo, hi):
            if j in taken:
                continue
            if atom.startswith("&"):
                index = self._syn_index.get(atom, {})
                before = set().union(*forms[:j]) if j else set()
                if any(all(m in before for m in mods) for f in forms[j] for mods in index.get(f, ())):
                    return j
            elif atom in forms[j]:
                return j
        return None

    def _lemma_pattern(self, pattern: Pattern, forms: list[set[str]], vi: int,
                       taken: set) -> Optional[tuple[int, list[int]]]:
        """Score and positions of ``pattern`` on the words (None when one of its words is missing): noun
        words anywhere on their side; a prepositional phrase's words in order."""
        score, got = 0, []
        for side, elements in (("pre", pattern.pre), ("post", pattern.post)):
            lo, hi = (0, vi) if side == "pre" else (vi + 1, len(forms))
            for el in elements:
                if el[0] == "slot":
                    continue
                atoms = _element_atoms(el)
                start = lo
                for atom in atoms:
                    j = self._lemma_find(forms, atom, start if el[0] == "pp" else lo, hi, taken)
                    if j is None:
                        return None
                    taken.add(j)
                    got.append(j)
                    if el[0] == "pp":
                        start = j + 1
                score += 2 * len(atoms)
        return score, got


def _element_atoms(el: tuple) -> tuple:
    """The words of a noun element, or of a prepositional phrase (the preposition first)."""
    if el[0] == "np":
        return el[1]
    return (el[1],) + tuple(a for np in el[2] if np[0] == "np" for a in np[1])


def _lemma_verb_match(entry: VerbEntry, code_field: str, line: str, tokens: list[int],
                      upto_verb: list[str]) -> Optional[VerbMatch]:
    """The :class:`VerbMatch` of a phrase coded without a parse (None for a null code). ``code_field`` is
    the pattern's or verb's ``active:reverse`` code; ``upto_verb`` the upper-cased words to the verb."""
    active, _, reverse = code_field.partition(":")
    swap = not active.strip() and bool(reverse.strip())
    code = reverse.strip() if swap else (active.strip() or NULL_CODE)
    if code == NULL_CODE:
        return None
    return VerbMatch(
        code=code,
        pattern=line,
        verb=" ".join(entry.front + (entry.lemma or entry.word,) + entry.back).lower(),
        matched_tokens=tokens,
        negated=any(u in ("NOT", "NEVER", "N'T") for u in upto_verb),
        paired_code=reverse.strip() if (active.strip() and reverse.strip() and reverse.strip() != NULL_CODE) else None,
        swap_roles=swap,
        block=entry.block,
        name=cameo_name(code),
    )


def _word_forms(word: str) -> set[str]:
    """A word and its likely singular (for matching without a lemmatiser)."""
    forms = {word}
    if word.endswith("IES") and len(word) > 4:
        forms.add(word[:-3] + "Y")
    elif word.endswith("ES") and len(word) > 3:
        forms |= {word[:-2], word[:-1]}
    elif word.endswith("S") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def _tuplify(x):
    if isinstance(x, list):
        return tuple(_tuplify(v) for v in x)
    return x


@functools.lru_cache(maxsize=1)
def _default_dictionary() -> VerbDictionary:
    path = data_path("cameo", "verbs.json")
    if not path.is_file():
        from ..errors import SitrepError

        raise SitrepError(f"{path}: compiled verb dictionary missing; run scripts/build_cameo_data.py")
    return VerbDictionary.from_json(path)


# --- CAMEO code names -----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """CAMEO event code -> its label (``"195"`` -> ``"Employ aerial weapons"``)."""
    path = data_path("vocab", "CAMEO.eventcodes.clean.tsv")
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 2 and row[0].isdigit():
                names[row[0]] = row[1].strip()
    return names


def cameo_name(code: Optional[str]) -> Optional[str]:
    """The label of a CAMEO code, None when the code is not a CAMEO code."""
    if not code:
        return None
    return cameo_names().get(code)


# --- nominal triggers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class NominalTrigger:
    term: str  # lower-case lemma or phrase ("air strike")
    code: str
    name: str


@functools.lru_cache(maxsize=1)
def nominal_triggers() -> dict[str, NominalTrigger]:
    """The event-noun table: term -> trigger (``sitrep/data/cameo/nominal_triggers.tsv``)."""
    path = data_path("cameo", "nominal_triggers.tsv")
    table: dict[str, NominalTrigger] = {}
    for row in read_records(path=path):
        term = _norm_term(row["term"])
        table[term] = NominalTrigger(term, row["code"].strip(), row["name"].strip())
    return table


def _norm_term(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _singulars(word: str) -> list[str]:
    out = [word]
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    elif word.endswith("es") and len(word) > 3:
        out += [word[:-1], word[:-2]]
    elif word.endswith("s") and len(word) > 3:
        out.append(word[:-1])
    return out


def nominal_code(noun) -> Optional[VerbMatch]:
    """The CAMEO code of an event noun: a spaCy token ("bombings" in its sentence) or a string.

    For a token, modifiers are tried first so that "car bombing" (1832) beats "bombing" (195) and
    "air strike" is read as one term; "no ceasefire" is marked ``negated``.
    """
    table = nominal_triggers()
    if isinstance(noun, str):
        words = _norm_term(noun).split()
        if not words:
            return None
        for k in range(len(words)):
            phrase = words[k:]
            for last in _singulars(phrase[-1]):
                term = " ".join(phrase[:-1] + [last])
                if term in table:
                    t = table[term]
                    return VerbMatch(code=t.code, pattern=f"nominal: {t.term}", verb=t.term,
                                     matched_tokens=list(range(k, len(words))), name=t.name)
        return None
    token = noun
    heads = [token.lower_, token.lemma_.lower()]
    doc = token.doc
    mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    candidates: list[tuple[str, list[int]]] = []
    for m in sorted(mods, key=lambda c: c.i):
        span = list(range(m.i, token.i + 1))
        words = [doc[j].lower_ for j in span if doc[j].text != "-"]
        for h in heads:
            candidates.append((_norm_term(" ".join(words[:-1] + [h])), span))
            candidates.append((_norm_term(" ".join([m.lemma_.lower(), h])), [m.i, token.i]))
    for h in heads:
        candidates.append((h, [token.i]))
        candidates += [(s, [token.i]) for s in _singulars(h)[1:]]
    for term, span in candidates:
        found = table.get(term) or table.get(term.replace(" ", ""))
        if found is not None:
            t = found
            negated = any(c.dep_ in ("neg", "det") and c.lower_ in ("no", "not", "never") for c in token.children)
            return VerbMatch(code=t.code, pattern=f"nominal: {t.term}", verb=t.term,
                             matched_tokens=sorted(set(span)), negated=negated, name=t.name)
    return None
