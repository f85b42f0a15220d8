"""The ``relations`` stage: who supports, opposes or is allied with whom.

Relations are standing ties, not events: "Turkey supports rebel groups", "Russia fights on Assad's
side", "the conflict between Syrian regime forces and Turkey". The triggers are data
(``data/relations/triggers.tsv``); this module only reads the dependency tree around them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Iterable

from ..analysis import Analysis
from ..mentions import ActorMention
from ..model import Actor, Relation
from ..nlp.spans import evidence, mentions_in
from ..nlp.syntax import modality, negated
from ..resources import read_table
from .events import stranded_subject


@dataclass(frozen=True)
class RelationTrigger:
    lemma: str
    form: str  # verb | noun | side
    kind: str
    preps: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], RelationTrigger]:
    out = {}
    rows = read_table("relations", "triggers.tsv", header=True)
    for row in rows:
        lemma, form, kind, preps = (row + [""] * 4)[:4]
        trig = RelationTrigger(lemma, form, kind, tuple(p for p in preps.split(",") if p))
        out[(lemma, "noun" if form == "noun" else form)] = trig
    return out


def _phrase_actors(analysis: Analysis, token) -> list[ActorMention]:
    sub = list(token.subtree)
    blocked = {x.i for t in sub if t.i != token.i and t.dep_ in ("relcl", "acl", "advcl") for x in t.subtree}
    kept = [t for t in sub if t.i not in blocked]
    if not kept:
        return []
    found = mentions_in(kept[0].idx, kept[-1].idx + len(kept[-1]), analysis.actors)
    doc = analysis.doc
    return sorted(
        (
            m
            for m in found
            if all(t.i not in blocked for t in doc.char_span(m.start, m.end, alignment_mode="expand") or [])
        ),
        key=lambda m: m.start,
    )


def _subject(analysis: Analysis, verb) -> list[ActorMention]:

    stranded = stranded_subject(analysis, verb)
    if stranded:
        return stranded
    t = verb
    for _ in range(4):
        subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
        for s in subs:
            found = _phrase_actors(analysis, s)
            if found:
                return found
        if t.dep_ in ("acl", "relcl") and t.head.i != t.i:  # "groups fighting against X": the noun acts
            return _phrase_actors(analysis, t.head)
        if t.dep_ in ("conj", "xcomp") and t.head.i != t.i and not subs:
            t = t.head
            continue
        break
    return []


def _pobjs(token, preps: Iterable[str]):
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            yield from (p for p in c.children if p.dep_ == "pobj")


def _objects(analysis: Analysis, verb, preps) -> list[ActorMention]:
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            found = _phrase_actors(analysis, c)
            if found:
                return found
            for p in _pobjs(c, preps):  # "declared war on Damascus"
                found = _phrase_actors(analysis, p)
                if found:
                    return found
    for p in _pobjs(verb, preps):
        found = _phrase_actors(analysis, p)
        if found:
            return found
    return []


def _same(a: Actor, b: Actor) -> bool:
    return (a.code, a.name) == (b.code, b.name) or (a.code is not None and a.code == b.code)


def find_relations(analysis: Analysis, sent) -> list[tuple[str, Actor, Actor, int, int]]:
    table = triggers()
    found: list[tuple[str, ActorMention, ActorMention, Any]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and (lemma, "verb") in table:
            if negated(tok) or modality(tok) == "conditional":
                continue  # "did not attack", "if they attack": no standing tie
            trig = table[(lemma, "verb")]
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            subj = _subject(analysis, tok)
            if passive:
                agents = [a for p in _pobjs(tok, ("by",)) for a in _phrase_actors(analysis, p)]
                pairs = [(agents[0], subj[0])] if agents and subj else []
            else:
                obj = _objects(analysis, tok, trig.preps or ("against", "with", "on"))
                pairs = [(subj[0], obj[0])] if subj and obj else []
            found.extend((trig.kind, a, b, tok) for a, b in pairs)
        elif tok.pos_ == "NOUN" and (lemma, "noun") in table:
            trig = table[(lemma, "noun")]
            members = [a for p in _pobjs(tok, trig.preps) for a in _phrase_actors(analysis, p)]
            if len(members) >= 2:
                found.append((trig.kind, members[0], members[1], tok))
            elif len(members) == 1:
                owners = [a for c in tok.children if c.dep_ in ("poss", "amod") for a in _phrase_actors(analysis, c)]
                if owners:
                    found.append((trig.kind, owners[0], members[0], tok))
        elif lemma == "side" and tok.pos_ == "NOUN" and tok.head.lower_ in ("on",):
            side = table.get(("side", "side"))
            owners = [a for c in tok.children if c.dep_ == "poss" for a in _phrase_actors(analysis, c)]
            owners += [a for p in _pobjs(tok, ("of",)) for a in _phrase_actors(analysis, p)]
            clause = tok.head.head
            while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                clause = clause.head
            subj = _subject(analysis, clause)
            if side and owners and subj:
                found.append((side.kind, subj[0], owners[0], tok))
    return [
        (kind, a.actor, b.actor, tok.idx, tok.idx + len(tok))
        for kind, a, b, tok in found
        if not _same(a.actor, b.actor)
    ]


def relations_stage(analysis: Analysis) -> None:
    seen: set[tuple] = set()
    for sent in analysis.doc.sents:
        for kind, a1, a2, start, end in find_relations(analysis, sent):
            key = (kind, a1.code, a1.name, a2.code, a2.name)
            if key in seen:
                continue
            seen.add(key)
            analysis.relations.append(
                Relation(kind=kind, actor1=a1, actor2=a2, evidence=evidence(analysis.doc, start, end))
            )
