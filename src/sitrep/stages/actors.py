"""The ``actors`` stage: actor mentions of a parsed document (named entities, noun chunks headed by
agent nouns, nationality adjectives, capitals standing for their government), coded with the
dictionaries of :mod:`sitrep.dictionaries.actors`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..analysis import Analysis
from ..dictionaries.actors import (
    SKIP_TOKENS,
    ActorLexicons,
    ActorMatch,
    CountryTables,
    actor_lexicons,
    code_chunks,
    compose,
    content_tokens,
    norm_word,
    scan_phrases,
    tables,
    token_forms,
)
from ..grammar.datelines import Dateline, find_dateline
from ..mentions import ActorMention
from ..model import Actor
from .acronyms import acronym_mentions

_LOCATIVE_ENTS = {"GPE", "LOC", "FAC"}
_ACTOR_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


@dataclass
class _Segment:
    tokens: list  # spaCy tokens of one nominal (a noun chunk minus possessors, or a possessor)
    head: Any  # spaCy Token


def _segment_head(tokens):
    """The token of a segment whose syntactic head lies outside it (the last such one)."""
    ids = {tk.i for tk in tokens}
    outside = [tk for tk in tokens if tk.head.i not in ids or tk.head.i == tk.i]
    return outside[-1] if outside else tokens[-1]


def _segments(doc, lex: "ActorLexicons") -> list[_Segment]:
    """Nominal phrases to code: noun chunks, with possessors ("Assad's side") split off as their own,
    plus named entities outside any chunk. A multi-word dictionary name the parser split across
    chunks ("Presidents Recep | Tayyip Erdogan") is put back together, with a title just before it."""
    groups = _chunk_groups(doc)
    for sent in doc.sents:
        _rejoin_dictionary_names(doc, sent, groups, lex)
    out = []
    for g in sorted(groups, key=min):
        tokens = [doc[i] for i in sorted(g)]
        out.append(_Segment(tokens, _segment_head(tokens)))
    return out


def _chunk_groups(doc) -> list[set[int]]:
    """Token ids of each noun chunk (its possessors apart) and of each actor entity outside any chunk."""
    groups: list[set[int]] = []
    covered: set[int] = set()
    for chunk in doc.noun_chunks:
        poss_ids: set[int] = set()
        for tk in chunk:
            if tk.dep_ == "poss":
                ids = {x.i for x in tk.subtree if chunk.start <= x.i < chunk.end and x.dep_ != "case"}
                poss_ids |= {x.i for x in tk.subtree if chunk.start <= x.i < chunk.end}
                if ids:
                    groups.append(ids)
        rest = {x.i for x in chunk if x.i not in poss_ids and x.dep_ != "case"}
        if rest:
            groups.append(rest)
        covered.update(range(chunk.start, chunk.end))
    for ent in doc.ents:
        if ent.label_ in _ACTOR_ENTS and not any(i in covered for i in range(ent.start, ent.end)):
            groups.append({tk.i for tk in ent if tk.dep_ != "case"})
    return groups


def _rejoin_dictionary_names(doc, sent, groups: list[set[int]], lex: "ActorLexicons") -> None:
    """Merge the groups a multi-word dictionary name of ``sent`` spans into one group (in place)."""
    toks = [tk for tk in sent if tk.text not in SKIP_TOKENS]
    forms = [token_forms(tk) for tk in toks]
    for m in lex.actors.find_all(forms):
        if m.end - m.start < 2:
            continue
        ids = {toks[k].i for k in range(m.start, m.end)}
        touching = [g for g in groups if g & ids]
        if len(touching) == 1 and ids <= touching[0]:
            continue
        merged = set(ids)
        for g in touching:
            merged |= g
            groups.remove(g)
        _absorb_title(doc, groups, merged, lex)
        groups.append(merged)


def _absorb_title(doc, groups: list[set[int]], merged: set[int], lex: "ActorLexicons") -> None:
    """A group of agent words just before a name ("Presidents" + "Recep Tayyip Erdogan") joins it."""
    first = min(merged)
    for g in list(groups):
        if max(g) == first - 1 and all(lex.agents.lookup([token_forms(doc[i])]) for i in g
                                       if doc[i].pos_ != "DET"):
            merged |= g
            groups.remove(g)


def _role_of(tok, t: CountryTables) -> str:
    """Whether a place-name token stands as an actor ("actor") or a location ("place")."""
    roles = t.roles
    political = roles["political_lemmas"]
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    dep = tok.dep_
    if dep in roles["subject_deps"]:
        return "actor"
    if dep == "pobj":
        prep = tok.head
        p = prep.lower_
        gov = prep.head
        if p in roles["actor_preps"] or prep.dep_ == "agent":
            return "actor"
        if p in roles["locative_preps"]:
            return "place"
        if p in roles["governed_preps"]:
            if gov.lemma_.lower() in political:
                return "actor"
            # "declared war on Damascus": the preposition may hang on the verb, the noun is its object
            for ch in gov.children:
                if ch.dep_ in ("dobj", "attr") and ch.lemma_.lower() in political:
                    return "actor"
        return "place"
    if dep in ("dobj", "iobj", "dative"):
        return "actor" if tok.head.lemma_.lower() in political else "place"
    return "place"


def _mention_span(doc, toks) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def actors_stage(analysis: Analysis) -> None:
    """Find actor mentions in ``analysis.doc`` and append them to ``analysis.actors``."""
    doc = analysis.doc
    text = analysis.document.text  # the offsets' reference (spaCy's doc.text is rebuilt per access)
    lex = actor_lexicons(analysis.lexicons)
    t = tables()
    found = _segment_mentions(doc, text, lex, t, analysis.published)
    found = join_agents(doc, text, found, t, _owner_coder(doc, text, lex, analysis.published))
    found = sorted(found + acronym_mentions(text, found), key=lambda m: (m.start, -m.end))
    seen: set[tuple] = set()
    line = find_dateline(text, analysis.published)
    for m in found:
        if (m.start, m.end, m.actor.code) in seen or in_dateline_place(m, line):
            continue
        seen.add((m.start, m.end, m.actor.code))
        analysis.actors.append(known_by_surname(m, lex, t, analysis.published))


def known_by_surname(m: ActorMention, lex: "ActorLexicons", t: CountryTables, date) -> ActorMention:
    """Rule: a titled person of no known country ("President Biden", "Secretary Pompeo") is the one
    person of the actor dictionary whose name ends in that surname and holds a code on the report's
    date (:meth:`ActorDictionary.by_surname`): the title alone says GOV, the dictionary says whose."""
    actor = m.actor
    if actor.country or not actor.name or " " in actor.name.strip():
        return m
    entry = lex.actors.by_surname(actor.name, date)
    if entry is None:
        return m
    code = entry.code_on(date)
    country = t.country_of(code)
    if code is None or country is None:
        return m
    person = Actor(text=actor.text, name=entry.name, country=country,
                   sector=t.sector_of(code) or actor.sector, code=code)
    return ActorMention(m.start, m.end, m.text, person, m.metonym)


def in_dateline_place(m: ActorMention, line: Optional[Dateline]) -> bool:
    """Is ``m`` the place of the report's dateline ("KABUL, 31 May 2017 –")? A dateline says where the
    report was written: its capital is a place, never the government acting."""
    return line is not None and m.start < line.place_end and m.end > line.place_start


def _segment_mentions(doc, text: str, lex: "ActorLexicons", t: CountryTables, date) -> list[ActorMention]:
    """The mentions of every nominal, in text order; bare surnames of people named earlier included."""
    found: list[ActorMention] = []
    persons: dict[str, Actor] = {}  # surname / full name -> actor, for later bare surnames
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    for seg in _segments(doc, lex):
        toks = content_tokens(seg.tokens)
        if not toks:
            continue
        items = scan_phrases([token_forms(tk) for tk in toks], lex, date)
        for m in _code_segment(doc, text, seg, toks, items, t):
            found.append(m)
            _remember_person(people, m, persons)
        if not items:
            m2 = _unknown_person(doc, text, toks, persons)
            if m2 is not None:
                found.append(m2)
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def _owner_coder(doc, text: str, lex: "ActorLexicons", date) -> Callable:
    """``code_owner(token)`` for :func:`join_agents`: an owner phrase the mention finder left to the
    places stage ("soldiers from Gondor") coded from actor matches alone, else None."""

    def code_owner(tok) -> Optional[ActorMention]:
        toks = content_tokens([x for x in tok.subtree if x.i <= tok.i and x.dep_ not in ("case", "punct")])
        if not toks:
            return None
        items = scan_phrases([token_forms(x) for x in toks], lex, date)
        if not items or any(kind != "actor" for (_s, _e, kind, _v) in items):
            return None
        start, end = _mention_span(doc, toks)
        actor = compose(text[start:end], [v for (_s, _e, _k, v) in items if isinstance(v, ActorMatch)], [])
        return ActorMention(start, end, text[start:end], actor) if actor is not None else None

    return code_owner


# prepositions through which an actor owns an agent: "soldiers from Gondor", "ambassadors of Arnor",
# "lawmakers in Arnor and Gondor"
OWNER_PREPS = {"of", "from", "in"}


def _agent_only(m: ActorMention) -> bool:
    """A mention coded from agent words alone ("soldiers" -> MIL, "the government" -> GOV)."""
    return m.actor.name is None and m.actor.country is None and bool(m.actor.code)


def join_agents(doc, text: str, mentions: list[ActorMention], t: CountryTables,
                code_owner: Optional[Callable] = None) -> list[ActorMention]:
    """Join agent-only mentions to the actor their phrase names as owner, as PETRARCH codes a noun phrase
    as one actor: "Gondor's Prime Minister" -> GONGOV, "Soldiers from Gondor" -> GONMIL, "the
    ambassadors of Arnor, Osgiliath and Gondor" -> ARNGOV, OSGGOV, GONGOV (one per coordinated owner),
    "Lawmakers and officials in Arnor and Gondor" -> ARNLEG, GONLEG, ARNGOV, GONGOV, and a coordinated
    agent shares its neighbour's owner: "Danish media and government" -> DNKMED, DNKGOV. The owner
    mentions are absorbed into the joined ones (they are not separate participants).
    ``code_owner(token)`` codes an owner phrase that is not a mention (a country the places stage
    keeps as a place: "from Gondor"), or returns None."""
    spans, by_tok = _index_mentions(doc, mentions)
    absorbed: set[int] = set()
    replaced: dict[int, list[ActorMention]] = {}
    for m in mentions:
        span = spans.get(id(m))
        if span is None or not _agent_only(m):
            continue
        head = span.root
        own = _owners(head, by_tok, code_owner)
        if not own and head.dep_ == "conj":  # "lawmakers and officials in Arnor": the first conjunct's
            own = _owners(head.head, by_tok, code_owner)
        if own:
            replaced[id(m)] = [_joined(text, t, m, o, k == 0 and not head.dep_ == "conj") for k, o in enumerate(own)]
            absorbed |= {id(o) for o in own}
            continue
        shared = _neighbours_owner(m, head, by_tok, t)
        if shared is not None:
            replaced[id(m)] = [shared]
    out: list[ActorMention] = []
    for m in mentions:
        if id(m) in absorbed and id(m) not in replaced:
            continue
        out.extend(replaced.get(id(m), [m]))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def _index_mentions(doc, mentions: list[ActorMention]) -> tuple[dict[int, Any], dict[int, ActorMention]]:
    """Each mention's token span (by ``id``) and, for each token, the first mention covering it."""
    by_tok: dict[int, ActorMention] = {}
    spans: dict[int, Any] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        spans[id(m)] = span
        for tk in span:
            by_tok.setdefault(tk.i, m)
    return spans, by_tok


def _owner_tokens(head) -> list:
    """Possessors of ``head`` and objects (with their later conjuncts) of its owner prepositions."""
    toks = []
    for c in head.children:
        if c.dep_ == "poss":
            toks.append(c)
        elif c.dep_ == "prep" and c.lower_ in OWNER_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    toks += [p] + [x for x in p.conjuncts if x.i > p.i]
    return toks


def _owners(head, by_tok: dict[int, ActorMention], code_owner: Optional[Callable]) -> list[ActorMention]:
    """The actor mentions (not agent-only) that own the agent noun ``head``, in order, each once."""
    found: list[ActorMention] = []
    for tk in _owner_tokens(head):
        m = by_tok.get(tk.i)
        if m is None and code_owner is not None:
            m = code_owner(tk)
        if m is None or _agent_only(m) or m in found:
            continue
        found.append(m)
    return found


def _joined(text: str, t: CountryTables, agent: ActorMention, owner: ActorMention, first: bool) -> ActorMention:
    """The owner's code extended by the agent's roles; the first owner's mention spans both phrases."""
    code = owner.actor.code or ""
    have = set(code_chunks(code))
    for c in code_chunks(agent.actor.code or ""):
        if c not in have:
            code += c
            have.add(c)
    start, end = ((min(agent.start, owner.start), max(agent.end, owner.end)) if first
                  else (owner.start, owner.end))
    actor = Actor(text=text[start:end], name=owner.actor.name, country=t.country_of(code) or owner.actor.country,
                  sector=t.sector_of(code), code=code)
    return ActorMention(start, end, text[start:end], actor)


def _neighbours_owner(m: ActorMention, head, by_tok: dict[int, ActorMention], t: CountryTables
                      ) -> Optional[ActorMention]:
    """"Danish media and government": a coordinated agent takes the owner of the agent before it."""
    left = by_tok.get(head.head.i) if head.dep_ == "conj" else None
    if left is None or left is m or _agent_only(left) or not left.actor.sector:
        return None
    chunks = code_chunks(left.actor.code or "")  # the agent noun's role is the code's last chunk
    base = "".join(chunks[:-1]) if chunks and chunks[-1] in t.sectors else ""
    if not base or base == left.actor.code:
        return None
    code = base + (m.actor.code or "")
    return ActorMention(m.start, m.end, m.text, Actor(
        text=m.text, name=left.actor.name, country=t.country_of(code) or left.actor.country,
        sector=m.actor.sector, code=code))


def _code_segment(doc, text: str, seg: _Segment, toks, items, t: CountryTables) -> list[ActorMention]:
    """The mentions of one nominal, given its dictionary matches."""
    if not items:
        return []
    head = seg.head
    head_pos = next((k for k, tk in enumerate(toks) if tk.i == head.i), len(toks) - 1)
    head_item = next((it for it in items if it[0] <= head_pos < it[1]), None)
    if head_item is not None:
        return _code_actor_head(doc, text, toks, items, head, head_pos, head_item, t)
    if head.ent_type_ == "PERSON":
        return _code_titled_person(doc, text, toks, items, head_pos)
    return _code_modifiers(doc, text, toks, items, head_pos, t)


def _code_actor_head(doc, text: str, toks, items, head, head_pos: int, head_item, t: CountryTables
                     ) -> list[ActorMention]:
    """The nominal's head is an actor or agent: one mention, from the first match to the head."""
    used = [it for it in items if it[0] <= head_pos]
    span_toks = toks[items[0][0]: head_item[1]]
    # a lone place name: decide actor/place/metonym by its role in the sentence
    if len(used) == 1 and used[0][2] == "actor":
        place = _place_like(span_toks, used[0][3], t)
        if place is not None:
            return _place_mention(doc, text, span_toks, place, used[0][3], t)
    # "Idlib province", "the Aleppo city council": a place with an agent noun counts only in an
    # actor role ("Idlib province declared ...": SYRCVL, as PLOVER codes a province)
    if any(it[2] == "actor" and _place_like(toks[it[0]:it[1]], it[3], t) for it in used):
        if _role_of(head, t) != "actor":
            return []
    actors = [it for it in used if it[2] == "actor" and it[3].code]
    agents = [it[3] for it in used if it[2] == "agent"]
    if head_item[2] == "agent" and _coordinated_nationalities(actors, span_toks, t):
        return _one_mention_per_nationality(doc, text, toks, actors, agents)
    start, end = _mention_span(doc, span_toks)
    actor = compose(text[start:end], [it[3] for it in actors], agents)
    return [] if actor is None else [ActorMention(start, end, text[start:end], actor)]


def _coordinated_nationalities(actors, span_toks, t: CountryTables) -> bool:
    """Two or more different countries joined by a conjunction on one agent noun ("Russian and Syrian
    warplanes")."""
    countries = {t.country_of(it[3].code) for it in actors}
    return len(actors) >= 2 and len(countries) == len(actors) and any(tk.dep_ == "cc" for tk in span_toks)


def _one_mention_per_nationality(doc, text: str, toks, actors, agents) -> list[ActorMention]:
    """"Russian and Syrian warplanes" -> RUSMIL, SYRMIL: one mention per nationality word."""
    out = []
    for it in actors:
        start, end = _mention_span(doc, toks[it[0]:it[1]])
        actor = compose(text[start:end], [it[3]], agents)
        if actor is not None:
            out.append(ActorMention(start, end, text[start:end], actor))
    return out


def _code_titled_person(doc, text: str, toks, items, head_pos: int) -> list[ActorMention]:
    """An unknown person with a title or nationality: "Turkish Defence Minister Hulusi Akar"."""
    person = [tk for tk in toks if tk.ent_type_ == "PERSON" and tk.i >= toks[items[0][0]].i]
    span_toks = toks[items[0][0]: head_pos + 1]
    actors = [it[3] for it in items if it[2] == "actor"]
    agents = [it[3] for it in items if it[2] == "agent"]
    start, end = _mention_span(doc, span_toks)
    actor = compose(text[start:end], actors, agents)
    if actor is None or not person:
        return []
    actor.name = " ".join(tk.text for tk in person)
    return [ActorMention(start, end, text[start:end], actor)]


def _code_modifiers(doc, text: str, toks, items, head_pos: int, t: CountryTables) -> list[ActorMention]:
    """The head is something else: modifiers before it may still name an actor ("Syrian offensive")."""
    out = []
    actor: Optional[Actor]
    head_lemma = toks[head_pos].lemma_.lower() if head_pos < len(toks) else ""
    for s, e, kind, v in items:
        if kind != "actor" or e > head_pos:
            continue
        span_toks = toks[s:e]
        place = _place_like(span_toks, v, t)
        if _is_demonym(span_toks, place, t):
            if head_lemma not in t.event_nouns:
                continue  # "Syrian territory", "the Syrian war": a place descriptor
            start, end = _mention_span(doc, span_toks)
            actor = compose(text[start:end], [v], [], t.event_nouns[head_lemma])
        else:
            if place is not None:
                continue  # "the Moscow meeting", "Idlib residents"
            start, end = _mention_span(doc, span_toks)
            actor = compose(text[start:end], [v], [])
        if actor is not None:
            out.append(ActorMention(start, end, text[start:end], actor))
    return out


def _is_demonym(span_toks, place: Optional[tuple[str, str]], t: CountryTables) -> bool:
    """A nationality word ("Syrian"), or a country name used as a modifier ("the Turkey offensive")."""
    nationality = all(tk.ent_type_ in ("NORP", "") for tk in span_toks) and any(
        tk.pos_ in ("ADJ", "PROPN") and (tk.ent_type_ == "NORP" or norm_word(tk.text) in t.demonyms)
        for tk in span_toks)
    return nationality or (place is not None and place[0] == "country" and span_toks[-1].dep_ in ("compound", "amod"))


def _place_like(span_toks, match: Optional[ActorMatch], t: CountryTables) -> Optional[tuple[str, str]]:
    """("capital"|"country"|"place", iso3) when the words name a place rather than an agent.

    Phoenix codes many cities as their bare country (``+IDLIB`` under ``SYRIA_``); such a match whose
    words are not the country's name or a nationality word is a place, left to the places stage.
    """
    key = norm_word(" ".join(tk.text for tk in span_toks))
    if key in t.country_names:
        return ("country", t.country_names[key])
    if key in t.capitals:
        return ("capital", t.capitals[key])
    if key in t.demonyms or any(tk.ent_type_ == "NORP" for tk in span_toks):
        return None
    code = match.code if match is not None else None
    # a three-letter code that is no known country is an actor of the dictionary's own (a group, or
    # a state of a dictionary written for another world), not a town filed under its country
    if code and len(code) == 3 and not t.country_of(code) and code not in t.sectors:
        return None
    # a name the dictionary gives a role ("Erdogan": TURGOV) is a person even where the tagger says GPE
    if all(tk.ent_type_ in _LOCATIVE_ENTS for tk in span_toks) and not (code and len(code) > 3):
        return ("place", "")
    if code and len(code) == 3 and t.country_of(code) and not any(
            tk.ent_type_ in ("PERSON", "ORG") for tk in span_toks):
        return ("place", "")
    return None


def _place_mention(doc, text: str, span_toks, place: tuple[str, str], match: ActorMatch,
                   t: CountryTables) -> list[ActorMention]:
    kind, iso3 = place
    root = max(span_toks, key=lambda tk: tk.i if tk.head not in span_toks else -1)
    role = _role_of(root, t)
    start, end = _mention_span(doc, span_toks)
    words = text[start:end]
    if role != "actor":
        return []
    if kind == "capital":
        actor = Actor(text=words, name=t.names.get(iso3), country=iso3, sector="GOV", code=iso3 + "GOV")
        return [ActorMention(start, end, words, actor, metonym=True)]
    if kind == "country":
        coded = compose(words, [match], [])
        return [ActorMention(start, end, words, coded)] if coded is not None else []
    return []  # another place ("Aleppo") in an actor role: left to the places stage


def _remember_person(people, m: ActorMention, persons: dict[str, Actor]) -> None:
    """Record the full names (2+ words) a mention covers, under the name and under the surname."""
    for ent in people:
        if ent.start_char >= m.start and ent.end_char <= m.end and len(ent) >= 2:
            persons.setdefault(norm_word(ent[-1].text), m.actor)
            persons.setdefault(norm_word(ent.text), m.actor)


def _unknown_person(doc, text: str, toks, persons: dict[str, Actor]) -> Optional[ActorMention]:
    """A bare surname introduced earlier under its full name ("Akar" after "Hulusi Akar")."""
    ents = [tk for tk in toks if tk.ent_type_ == "PERSON"]
    if not ents:
        return None
    key = norm_word(" ".join(tk.text for tk in ents))
    actor = persons.get(key) or persons.get(norm_word(ents[-1].text))
    if actor is None:
        return None
    start, end = _mention_span(doc, ents)
    words = text[start:end]
    return ActorMention(start, end, words, Actor(text=words, name=actor.name, country=actor.country,
                                                  sector=actor.sector, code=actor.code))
