"""The ``figures`` stage: casualty and humanitarian figures ("16 civilians were killed", "nearly one
million civilians have been forced to flee", "3.6 million Syrian refugees live in Turkey").

For each number in a sentence (digits, number words, vague plurals like "dozens", or "a"/"an" before a
person noun: "a child") the stage finds

1. the *counted noun* the number modifies ("Some 60 Turkish **soldiers**", "tens of thousands of
   **people**"). A noun that does not count people ("12 observation posts") means no figure;
2. the *kind* from the words that govern that noun -- a verb ("were **killed**", "**fled**", "forced to
   **flee**", "**lost** their lives"), a state noun or adjective ("3.6 million **refugees**", "**displaced**
   people", "were among the **dead**", "are in **need**"), a toll ("the death **toll** rose to 45") or a
   host noun ("**home** to 50,000 people") -- from the lexicon ``data/figures/kinds.tsv``. A number with
   no kind gives no figure;
3. the *group* (normalised plural, ``data/figures/groups.tsv``), the *actor* (the actor mention over the
   counted noun phrase: "Turkish soldiers" -> TUR MIL), the subgroups it *includes* ("including a
   child", "among them two women"), its *date* and *location* (mentions tied to the kind's clause, or,
   when the sentence has none, carried over from the preceding sentences of the same paragraph, as
   in "Since December, the largest mass flight ... in Idlib province is ongoing. ... Nearly one
   million civilians have been forced to flee.") and its evidence.

Numbers that are not counts are skipped: dates and years ("in 2018", "the 5 March meeting"), ages
("a 10-year-old boy" -- the boy is counted, as 1), money, percentages, ordinals, measures, "one of",
numbers in names ("Operation Olive Branch 2", "Resolution 2254") and model numbers ("F-16").

Figures are not attached to events here: the ``link`` stage does that.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from ..analysis import Analysis
from ..grammar.numbers import QuantityMatch, match_quantity, number_words
from ..model import DateSpan, Figure, FigurePart, Place
from ..nlp.spans import clause_head, evidence, ranked_mentions, span_tokens
from ..nlp.syntax import ACTIVE_SUBJECT_DEPS, negated, paragraph_start
from ..resources import read_table
from .lookup import date_for_token, figure_token

# spaCy entity labels under which a number is not a count of people
NOT_COUNT_ENTS = {"MONEY", "PERCENT", "ORDINAL", "QUANTITY", "TIME"}
NAME_ENTS = {"ORG", "PRODUCT", "EVENT", "LAW", "FAC", "WORK_OF_ART", "PERSON", "GPE", "LOC", "NORP"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}
CURRENCY = {"$", "€", "£", "¥", "₹", "us$"}
COPULAS = {"be", "remain", "become", "stay"}
PART_PREPS = {"including", "incl"}  # "16 civilians, including a child"
APPOS_PREPS = {"among", "including"}  # "five people, among them two women"
NOUNISH = {"NOUN", "PROPN", "ADJ", "NUM", "PRON"}
PATIENT_DEPS = {"nsubjpass", "dobj"}
MODIFIER_DEPS = {"nummod", "compound", "quantmod", "det", "amod", "nmod"}
CARRY_OVER_SENTENCES = 3  # how many preceding sentences of a paragraph may lend a date or place
# kinds whose verbs count only people: "killed at least eight top al-Qaeda leaders" counts leaders even
# though "leader" is not in groups.tsv ("floods affected 300 houses" does not count houses)
PERSON_ONLY_KINDS = {"killed", "injured", "abducted", "arrested", "detained"}


# --- lexicon --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KindRule:
    """One line of ``kinds.tsv``."""

    word: str
    pos: str  # "verb", "state", "toll" or "host:<preposition>"
    kind: str
    role: str  # for verbs: "object", "subject" or "any"
    requires: Optional[tuple[str, str]]  # (dependency label or "*", lemma) the verb must govern
    weak: bool


@dataclass(frozen=True)
class FigureLexicon:
    verbs: dict[str, tuple[KindRule, ...]]
    states: dict[str, KindRule]
    tolls: dict[str, KindRule]
    hosts: dict[tuple[str, str], KindRule]
    groups: dict[str, str]


def _rows(name: str) -> list[list[str]]:
    return read_table("figures", name)


@functools.lru_cache(maxsize=1)
def figure_lexicon() -> FigureLexicon:
    """The kind and group lexicons shipped in ``data/figures`` (loaded once)."""
    verbs: dict[str, list[KindRule]] = {}
    states: dict[str, KindRule] = {}
    tolls: dict[str, KindRule] = {}
    hosts: dict[tuple[str, str], KindRule] = {}
    for word, pos, kind, role, requires, weak in _rows("kinds.tsv"):
        req = tuple(requires.split(":", 1)) if requires != "-" else None
        rule = KindRule(word, pos, kind, role, req, weak == "yes")  # type: ignore[arg-type]
        if pos == "verb":
            verbs.setdefault(word, []).append(rule)
        elif pos == "state":
            states[word] = rule
        elif pos == "toll":
            tolls[word] = rule
        elif pos.startswith("host:"):
            hosts[(word, pos.split(":", 1)[1])] = rule
        else:
            raise ValueError(f"kinds.tsv: unknown pos {pos!r} for {word!r}")
    groups = {word: group for word, group in _rows("groups.tsv")}
    return FigureLexicon({k: tuple(v) for k, v in verbs.items()}, states, tolls, hosts, groups)


def _forms(token) -> tuple[str, ...]:
    return (token.lower_, token.lemma_.lower())


def group_of(token, lex: Optional[FigureLexicon] = None) -> Optional[str]:
    """The normalised group a counted noun names ("soldiers" -> "soldiers", "boy" -> "children"),
    "-" for people of no named group ("others"), None when the noun does not count people."""
    lex = lex or figure_lexicon()
    for child in token.lefts:
        if child.dep_ == "compound":
            for form in _forms(child):
                g = lex.groups.get(f"{form} {token.lemma_.lower()}") or lex.groups.get(f"{form} {token.lower_}")
                if g:
                    return g
    for form in _forms(token):
        if form in lex.groups:
            return lex.groups[form]
    if token.ent_type_ == "NORP" and token.tag_ in ("NNS", "NNPS"):
        return "people"  # "50 Palestinians"
    return None


def _state(token, lex: FigureLexicon) -> Optional[KindRule]:
    for form in _forms(token):
        if form in lex.states:
            return lex.states[form]
    return None


# --- finding quantities ---------------------------------------------------------------------------

@dataclass
class _Quantity:
    match: QuantityMatch
    span: Any  # spacy Span of the quantity's words (approximator included)
    number: Any  # the part of ``span`` from the number on
    start: int  # character offsets in the document
    end: int


def _candidate(token) -> bool:
    """Whether a number may start at ``token``."""
    if token.like_num or number_words().is_number_word(token.text):
        return True
    if token.lower_ in number_words().articles:
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is not None and number_words().is_number_word(nxt.text):
            return True  # "a dozen", "a few"
        return token.dep_ == "det" and token.head.tag_ in ("NN", "NNP") and group_of(token.head) not in (None, "-")
    return False


def _quantity_at(doc, sent, i: int) -> Optional[_Quantity]:
    """The quantity whose number starts at token ``i``, with any approximator before it."""
    text = sent.text  # (Doc.text is rebuilt on every access: read the sentence's once)
    base = sent.start_char
    text_end = min(sent.end_char, doc[i].idx + 160)
    for k in (4, 3, 2, 1):
        j = i - k
        if j < sent.start or doc[j].like_num:
            continue
        start = doc[j].idx
        m = match_quantity(text[start - base:text_end - base])
        if m is not None and m.quantity.qualifier is not None and start + m.end > doc[i].idx and not m.vague:
            return _as_quantity(doc, m, start, i)
    m = match_quantity(text[doc[i].idx - base:text_end - base])
    if m is None:
        return None
    return _as_quantity(doc, m, doc[i].idx, i)


def _as_quantity(doc, m: QuantityMatch, start: int, number_start: int) -> Optional[_Quantity]:
    span = doc.char_span(start, start + m.end, alignment_mode="expand")
    if span is None or len(span) == 0 or not span.start <= number_start < span.end:
        return None
    return _Quantity(m, span, doc[number_start:span.end], start, start + m.end)


def _not_a_count(q: _Quantity) -> bool:
    """Money, percentages, names, model numbers, "one of" and the like."""
    doc, span = q.span.doc, q.span
    for t in span:
        if t.ent_type_ in NOT_COUNT_ENTS or t.ent_type_ in NAME_ENTS:
            return True
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ in CURRENCY:
        return True
    if before is not None and before.text in ("-", "/") and not before.whitespace_ and span.start >= 2:
        if doc[span.start - 2].is_alpha and not doc[span.start - 2].whitespace_:
            return True  # F-16, Su-24
    root = q.number.root
    if root.head.pos_ == "PROPN" and root.head.i < root.i and root.dep_ in ("nummod", "appos", "compound", "npadvmod"):
        return True  # Operation Olive Branch 2, Resolution 2254
    if after is not None and after.lower_ == "of" and not q.match.vague:
        return True  # "one of", "two of the victims"
    for t in (before, after):
        if t is not None and t.lower_ in MONTHS and t.text[:1].isupper():
            return True  # "5 March", "March 5" (not "5 may have died")
    return False


def _is_year(q: _Quantity) -> bool:
    v = q.match.quantity.value
    text = q.span.text
    return v is not None and re.fullmatch(r"\d{4}", text) is not None and 1800 <= v <= 2100


# --- what is counted, and how ---------------------------------------------------------------------

@dataclass
class _Reading:
    kind: str
    trigger: Any  # the token that names the kind
    priority: int  # 0: verb/toll/host, 1: modifier of the counted noun, 2: the counted noun, 3: weak


def _verb_rule(verb, role: str, lex: FigureLexicon) -> Optional[KindRule]:
    """The lexicon rule that makes ``verb`` count its ``role`` ("subject", "patient") dependent."""
    rules: tuple[KindRule, ...] = ()
    for form in _forms(verb):
        rules = rules or lex.verbs.get(form, ())
    for rule in rules:
        if rule.role == "object":
            ok = role == "patient" or (role == "subject" and _bare_participle(verb))
        elif rule.role == "subject":
            ok = role == "subject"
        else:
            ok = True
        if not ok:
            continue
        if rule.requires is not None:
            dep, lemma = rule.requires
            if not any((dep == "*" or c.dep_ == dep) and lemma in _forms(c) for c in verb.children):
                continue
        return rule
    return None


def _bare_participle(verb) -> bool:
    """"(and) 40 wounded": a past participle with its patient as subject and no "have"."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _toll_rule(subject, lex: FigureLexicon) -> Optional[tuple[KindRule, Any]]:
    """"the death toll" -> killed; "the number of refugees" -> refugees."""
    for form in _forms(subject):
        if form in lex.tolls:
            return lex.tolls[form], subject
    if subject.lemma_.lower() in ("number", "total", "count", "figure"):
        for prep in subject.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    rule = _state(pobj, lex)
                    if rule is not None:
                        return rule, pobj
    return None


def _complement_readings(verb, lex: FigureLexicon) -> list[_Reading]:
    """Kinds named after a copula: "are missing", "were among the dead", "are in need"."""
    out = []
    for c in verb.children:
        if c.dep_ in ("acomp", "attr", "oprd"):
            rule = _state(c, lex)
            if rule is not None:
                out.append(_Reading(rule.kind, c, 0))
        elif c.dep_ == "prep":
            for pobj in c.children:
                if pobj.dep_ != "pobj":
                    continue
                rule = _state(pobj, lex)
                if rule is not None:
                    out.append(_Reading(rule.kind, pobj, 3 if rule.weak else 0))
                for acl in pobj.children:  # "among those killed"
                    if acl.dep_ in ("acl", "relcl") and (r := _verb_rule(acl, "patient", lex)):
                        out.append(_Reading(r.kind, acl, 0))
    return out


def _weight(rule, strong: int) -> int:
    return 3 if rule.weak else strong


def _argument_readings(a, verb, dep: str, lex: FigureLexicon) -> Optional[list[_Reading]]:
    """Kinds a verb gives its subject or patient ("killed 16", "16 were killed", "forced to flee", "200
    are missing", "the toll reached 45"); None when the verb is negated (no figure at all)."""
    role = "subject" if dep in ACTIVE_SUBJECT_DEPS else "patient"
    if negated(verb, climb=False, never=False):
        return None
    out: list[_Reading] = []
    rule = _verb_rule(verb, role, lex)
    if rule is not None:
        out.append(_Reading(rule.kind, verb, _weight(rule, 0)))
    for x in verb.children:  # "forced to flee", "forced 10,000 people to flee"
        if x.dep_ == "xcomp" and (r := _verb_rule(x, "subject", lex)):
            out.append(_Reading(r.kind, x, _weight(r, 0)))
    if role == "subject" and verb.lemma_ in COPULAS:
        out.extend(_complement_readings(verb, lex))
    if role == "subject" and verb.tag_ in ("VBG", "VBN", "JJ") and (rule := _state(verb, lex)):
        out.append(_Reading(rule.kind, verb, _weight(rule, 0)))  # "200 people are missing"
    if role == "patient":
        out.extend(resultative_readings(verb, lex))
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != a.i), None)
    if role == "patient" and subj is not None and (t := _toll_rule(subj, lex)):
        out.append(_Reading(t[0].kind, t[1], 0))  # "the toll reached 45"
    return out


RESULTATIVE_DEPS = ("ccomp", "xcomp", "oprd", "acomp")


def resultative_readings(verb, lex: FigureLexicon) -> list[_Reading]:
    """Kinds a verb's object complement gives its object: "leaving 980,000 civilians **displaced**",
    "left five people **dead**", "rendered 2,000 families **homeless**"."""
    out = []
    for c in verb.children:
        if c.dep_ in RESULTATIVE_DEPS and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            rule = _state(c, lex)
            if rule is not None:
                out.append(_Reading(rule.kind, c, _weight(rule, 0)))
    return out


def _oblique_readings(a, lex: FigureLexicon) -> tuple[list[_Reading], Optional[Any]]:
    """Kinds from the phrase a number is the object of ("home to", "deaths of", "rose to 45")."""
    out: list[_Reading] = []
    governor = None
    prep = a.head if a.dep_ == "pobj" else None
    host = prep.head if prep is not None else a.head
    if prep is not None and (rule := lex.hosts.get((host.lemma_.lower(), prep.lower_))):
        out.append(_Reading(rule.kind, host, _weight(rule, 0)))  # "home to", "deaths of"
    if host.pos_ in ("VERB", "AUX") and (prep is None or prep.lower_ in ("to", "at")):
        governor = host
        subj = next((c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and (t := _toll_rule(subj, lex)):
            out.append(_Reading(t[0].kind, t[1], 0))  # "the death toll rose to 45"
    return out, governor


def _counted_readings(counted, lex: FigureLexicon) -> list[_Reading]:
    """Kinds the counted noun carries itself or through its modifiers ("the 16 people killed", "people
    who fled", "displaced people", "refugees", "deaths")."""
    out: list[_Reading] = []
    for c in counted.children:
        if c.dep_ in ("acl", "relcl"):
            if c.dep_ == "acl":
                role = "patient" if c.tag_ == "VBN" else "subject"
            else:
                role = "patient" if any(d.dep_ == "nsubjpass" for d in c.children) else "subject"
            r = _verb_rule(c, role, lex)
            if r is not None and not negated(c, climb=False, never=False):
                out.append(_Reading(r.kind, c, _weight(r, 1)))
        elif c.dep_ in ("amod", "compound") and (rule := _state(c, lex)):
            out.append(_Reading(rule.kind, c, _weight(rule, 1)))
    rule = _state(counted, lex)
    if rule is not None:
        out.append(_Reading(rule.kind, counted, _weight(rule, 2)))
    return out


def _readings(anchor, counted, lex: FigureLexicon, quantity_tokens: frozenset[int] = frozenset()
              ) -> tuple[list[_Reading], Optional[Any]]:
    """Every kind the sentence gives the counted people, and the verb governing them (if any)."""
    out: list[_Reading] = []
    a = anchor
    while a.dep_ in ("conj", "appos") and a.head.i != a.i:
        a = a.head
    governor = None
    dep, verb = a.dep_, a.head
    if dep == "pobj" and a.head.i in quantity_tokens:
        # the approximator parsed as a preposition: "kidnapped [up to] 16 advisers", "killed [over] 100"
        while (verb.i in quantity_tokens or verb.dep_ in ("prt", "prep")) and verb.head.i != verb.i:
            verb = verb.head
        dep = "dobj" if a.i > verb.i else "nsubj"
    if dep in ACTIVE_SUBJECT_DEPS or dep in PATIENT_DEPS:
        governor = verb
        found = _argument_readings(a, verb, dep, lex)
        if found is None:
            return [], governor
        out.extend(found)
    elif dep in ("pobj", "attr"):
        found, governor = _oblique_readings(a, lex)
        out.extend(found)
    if counted is not None:
        out.extend(_counted_readings(counted, lex))
    return out, governor


# --- attaching mentions ---------------------------------------------------------------------------

def _ancestors(token) -> set[int]:
    out = {token.i}
    while token.head.i != token.i:
        token = token.head
        out.add(token.i)
    return out


def _in_sentence(doc, token, mentions: Sequence) -> Optional[Any]:
    """The closest mention of ``token``'s sentence in its clause or a clause governing it ("On Monday,
    officials said 16 people were killed"), not in a clause below or beside it."""
    allowed = _ancestors(clause_head(token))
    for m in ranked_mentions(doc, token, mentions):
        span = span_tokens(doc, m.start, m.end)
        if span is not None and len(span) and clause_head(span.root).i in allowed:
            return m
    return None


def _carried_over(doc, sent, mentions: Sequence, paragraph_start: int) -> Optional[Any]:
    """The most prominent mention (nearest the root) of the closest preceding sentence of the same
    paragraph that has one."""
    # (spaCy may run a heading into the paragraph's first sentence: only the paragraph's part counts)
    sents = [s for s in doc.sents if s.end_char > paragraph_start and s.end_char <= sent.start_char]
    for prev in reversed(sents[-CARRY_OVER_SENTENCES:]):
        best = None
        for m in mentions:
            if max(prev.start_char, paragraph_start) <= m.start and m.end <= prev.end_char:
                span = span_tokens(doc, m.start, m.end)
                if span is None or len(span) == 0:
                    continue
                key = (len(_ancestors(span.root)), m.start)
                if best is None or key < best[0]:
                    best = (key, m)
        if best is not None:
            return best[1]
    return None


def _date_for(analysis: Analysis, token) -> Optional[DateSpan]:
    found = date_for_token(analysis, token)
    if found is not None:
        return getattr(found, "date", found)
    m = _mention_for(analysis, token, analysis.dates)
    return m.date if m is not None else None


def _place_for(analysis: Analysis, token) -> Optional[Place]:
    m = _mention_for(analysis, token, analysis.places)
    return m.place if m is not None else None


def _mention_for(analysis: Analysis, token, mentions: Sequence) -> Optional[Any]:
    """The mention of ``token``'s clause (or a governing one), else one carried over from the
    paragraph's preceding sentences."""
    m = _in_sentence(analysis.doc, token, mentions)
    if m is None:
        start = paragraph_start(analysis.document.text, token.idx)
        m = _carried_over(analysis.doc, token.sent, mentions, start)
    return m


def _actor_for(analysis: Analysis, counted, q: _Quantity):
    """The actor mention over the counted noun phrase ("Turkish soldiers" -> TUR MIL)."""
    if counted is None:
        return None
    left = [t for c in counted.lefts if c.dep_ in ("amod", "compound", "nmod", "poss") for t in c.subtree]
    start = min([counted.idx] + [t.idx for t in left])
    end = counted.idx + len(counted.text)
    best = None
    for m in analysis.actors:
        if m.end <= start or m.start >= end or (m.start >= q.start and m.end <= q.end):
            continue
        key = (0 if m.start <= counted.idx < m.end else 1, -(m.end - m.start))
        if best is None or key < best[0]:
            best = (key, m)
    return best[1].actor if best is not None else None


def counted_noun_of(token):
    """The noun a figure's number (or vague quantity word) counts: "multiple Turkish **personnel**"."""
    t = token
    while t.dep_ in ("nummod", "quantmod", "amod", "compound", "advmod") and t.head.i != t.i and t.pos_ != "NOUN":
        t = t.head
    return t if t.pos_ in ("NOUN", "PROPN") else None


def nationality_actor(analysis: Analysis, counted):
    """The country a capitalised adjective before the counted noun names, when no actor mention covers the
    phrase ("multiple **Turkish** personnel" -> TUR): the counted people are of that country. Applied by
    :func:`figures_stage` to figures the actor mentions gave no actor."""
    if counted is None:
        return None
    from ..dictionaries.actors import code_phrase

    for t in counted.lefts:
        if t.dep_ in ("amod", "compound", "nmod") and t.text[:1].isupper() and t.is_alpha and t.i != counted.sent.start:
            actor = code_phrase(t.text, analysis.published, lexicons=analysis.lexicons)
            if actor is not None and actor.country and actor.sector is None:
                return actor
    return None


# --- subgroups ------------------------------------------------------------------------------------

def _parts(head, governor, lex: FigureLexicon) -> tuple[list[FigurePart], set[int]]:
    """Subgroups named after the counted people: "including a child", "among them two women"."""
    nouns: list[Any] = []
    owners = [head] + ([governor] if governor is not None else [])
    for owner in owners:
        for c in owner.children:
            if c.dep_ == "prep" and c.lower_ in PART_PREPS:
                nouns.extend(p for p in c.children if p.dep_ == "pobj" and p.pos_ != "PRON")
            elif c.dep_ == "appos" and any(p.dep_ == "prep" and p.lower_ in APPOS_PREPS for p in c.children):
                nouns.append(c)  # "among them two women"
    expanded = []
    for n in nouns:
        expanded.append(n)
        expanded.extend(t for t in n.subtree if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN"))
    parts: list[FigurePart] = []
    used: set[int] = set()
    for n in expanded:
        value = None
        nums = [c for c in n.lefts if c.dep_ in ("nummod", "det")]
        if nums:
            m = match_quantity(n.doc[nums[0].i:n.i].text)
            if m is not None and (not m.article or nums[0].dep_ == "det"):
                value = m.quantity.value
        group = group_of(n, lex)
        if group in (None, "-"):
            continue  # "including the head of Amnesty International": a person, not a subgroup
        parts.append(FigurePart(group, value))
        used.update(t.i for t in n.subtree if t.dep_ != "conj")
        used.add(n.i)
    return parts, used


# --- the stage ------------------------------------------------------------------------------------

@dataclass
class _Found:
    figure: Figure
    governor: Optional[Any]
    trigger: Any
    counted: Optional[Any]


def find_figures(analysis: Analysis) -> list[Figure]:
    """All figures of the document, in text order."""
    doc = analysis.doc
    lex = figure_lexicon()
    figures: list[Figure] = []
    for sent in doc.sents:
        found: list[_Found] = []
        used: set[int] = set()
        for token in sent:
            if token.i in used or not _candidate(token):
                continue
            item = _figure_at(analysis, sent, token.i, lex, used)
            if item is not None:
                found.append(item)
        _share_groups(found)
        figures.extend(f.figure for f in found)
    return figures


def _counted_noun(q: _Quantity, root):
    """The noun a number counts: the noun it modifies ("16 civilians"), or after "of" for a vague
    amount ("tens of thousands of people"); None otherwise."""
    if root.dep_ in MODIFIER_DEPS and root.head.pos_ in NOUNISH and root.head.i >= q.span.end:
        return root.head
    counted = None
    if q.match.vague:
        for prep in (c for t in q.span for c in t.children):
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= q.span.end:
                counted = next((p for p in prep.children if p.dep_ == "pobj"), None)
    return counted


def _figure_at(analysis: Analysis, sent, i: int, lex: FigureLexicon, used: set[int]) -> Optional[_Found]:
    doc = analysis.doc
    q = _quantity_at(doc, sent, i)
    if q is None:
        return None
    used.update(t.i for t in q.span)  # "thousands" in "tens of thousands" is read once, here
    if _not_a_count(q):
        return None
    is_date = any(t.ent_type_ == "DATE" for t in q.span)
    root = q.number.root  # the number, not its approximator ("up to" may hang off the verb)
    counted = _counted_noun(q, root)
    anchor = counted if counted is not None and root.dep_ in MODIFIER_DEPS else root
    group = group_of(counted, lex) if counted is not None else None
    unknown_noun = counted is not None and group is None and _state(counted, lex) is None
    if (is_date or _is_year(q)) and group is None:
        return None  # "in 2018", "the 5 March meeting", "a 10-year-old"
    if q.match.article and (
        group in (None, "-") or counted.tag_ not in ("NN", "NNP") or any(c.dep_ == "nummod" for c in counted.children)
    ):
        return None  # "a" counts one only before a singular person noun ("a child", not "a further 1553")
    readings, governor = _readings(anchor, counted, lex, frozenset(t.i for t in q.span))
    if not readings:
        return None
    best = min(readings, key=lambda r: r.priority)
    trigger = best.trigger
    if unknown_noun:  # "12 observation posts" is no figure; "killed eight leaders" is
        if not (best.priority == 0 and best.kind in PERSON_ONLY_KINDS and counted.tag_ == "NNS"):
            return None
        group = counted.lower_
    if _either_or(trigger, best.kind, lex):
        return None  # "20 people were killed or wounded": neither kind is sure
    attach_to = trigger if trigger.pos_ in ("VERB", "AUX") or governor is None else governor
    parts, part_tokens = _parts(counted if counted is not None else anchor, governor, lex)
    used.update(part_tokens)
    quantity = q.match.quantity
    end = max(q.end, counted.idx + len(counted.text)) if counted is not None else q.end
    figure = Figure(
        kind=best.kind,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        approximate=quantity.approximate,
        qualifier=quantity.qualifier,
        group=group if group != "-" else None,
        actor=_actor_for(analysis, counted, q),
        includes=parts,
        date=_date_for(analysis, attach_to),
        location=_place_for(analysis, attach_to),
        evidence=evidence(doc, q.start, end),
    )
    return _Found(figure, governor, trigger, counted)


def _either_or(trigger, kind: str, lex: FigureLexicon) -> bool:
    """Whether the kind's verb is coordinated with a verb of another kind that shares its people:
    "20 people were killed or wounded", "killed and injured dozens" (killed and injured together).
    "23 people were killed and 40 wounded" gives each verb its own people and is not ambiguous."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return False
    either = any(c.dep_ == "cc" and c.lower_ == "or" for t in (trigger, *trigger.conjuncts) for c in t.children)
    for other in trigger.conjuncts:
        rules = [r for role in ("patient", "subject") if (r := _verb_rule(other, role, lex))]
        if not rules or kind in {r.kind for r in rules}:
            continue
        # the deps that would hold the other verb's own people (an active subject is the perpetrator)
        deps = {"dobj", "nsubjpass"}
        if any(r.role != "object" for r in rules) or _bare_participle(other):
            deps.add("nsubj")
        shares = not any(c.dep_ in deps for c in other.children)
        if either or shares:
            return True
    return False


def _share_groups(found: list[_Found]) -> None:
    """"23 people were killed and 40 wounded": the 40 are people too (coordinated verbs)."""
    for f in found:
        if f.counted is not None or f.governor is None:
            continue
        for other in found:
            if other is f or other.governor is None or other.figure.group is None:
                continue
            g1, g2 = f.governor, other.governor
            if (g1.dep_ == "conj" and g1.head.i == g2.i) or (g2.dep_ == "conj" and g2.head.i == g1.i):
                f.figure.group = other.figure.group
                f.figure.actor = f.figure.actor or other.figure.actor
                break


def figures_stage(analysis: Analysis) -> None:
    """Pipeline stage: add the document's casualty and humanitarian figures to ``analysis.figures``."""
    found = find_figures(analysis)
    for f in found:
        if f.actor is None and (tok := figure_token(analysis, f)) is not None:
            f.actor = nationality_actor(analysis, counted_noun_of(tok))
    analysis.figures.extend(found)
