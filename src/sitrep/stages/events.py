"""The ``events`` stage: who did what to whom, coded with CAMEO verb patterns and typed in PLOVER and ACLED.

For every sentence:

1. *Triggers.* Each verb is matched against the CAMEO verb dictionary (``lexicons.verbs.match``); each
   noun against the nominal trigger table (``cameo.nominal_code``: "bombings", "meeting", "ceasefire").
2. *One event per happening.* A nominal trigger that is the object of a coded verb ("held a crisis
   meeting") belongs to the verb's event; one in a prepositional phrase of a verb of the same family
   ("were killed in Russian bombings") merges into it and lends its more specific code.
3. *Roles.* Source (actor1) is the subject's actor, the passive agent ("by Syrian forces"), or the
   nominal's own modifier ("Russian bombings"); target (actor2) the object's actor, a prepositional object
   ("war on Damascus"), or the passive subject ("civilians were killed"). A pronoun subject takes the
   actor of the clause above it ("Turkey made it clear that it ..."). A pattern's ``$``/``+`` slots,
   when it has them, name source and target. Coordinated subjects of a meeting or agreement ("Erdogan
   and Putin held ...") become actor1 and actor2 (both directions under a ``%`` pattern). As in
   PETRARCH, coordinated sources and targets give one event per (source, target) pair
   (:func:`role_pairs`: "Arnor and Gondor welcomed ties with Osgiliath" is two events).
4. *Polarity.* A negated cooperative verb ("no longer intends to follow the agreement") is coded as a
   rejection (CAMEO 12); other negated or hypothetical events are dropped.
5. *Typing.* ``lexicons.vocab.event_type`` gives the PLOVER type and mode and the ACLED event and
   sub-event types from the CAMEO code and the actors' sectors.

Place and date come from the clause (``places.place_for_token``, ``dates.date_for_token``); the ``link``
stage fills in what the clause lacks and attaches figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..analysis import Analysis
from ..mentions import ActorMention
from ..model import Actor, DateSpan, Event
from ..nlp.spans import evidence, mentions_in
from ..nlp.syntax import OBJECT_DEPS, SUBJECT_DEPS, modality, negated

# prepositions that introduce the target of an action ("war on", "attack against", "talks with")
TARGET_PREPS = {"on", "against", "with", "to", "toward", "towards", "at", "upon", "into", "over", "for"}
SOURCE_PREPS = {"from", "by"}
# prepositions of an active verb whose object is the target only when the verb has no other
LAST_TARGET_PREPS = {"from", "about"}
# sectors that name groups of people rather than organised actors
PEOPLE_SECTORS = {"CVL", "REF", "OPP", "LAB", "EDU", "HLH", "MED", "REL"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
# CAMEO roots coded without any actor: material events whose victims or place make them worth recording
MATERIAL_ROOTS = {"14", "15", "17", "18", "19", "20"}
CONFLICT_FAMILY = {"18", "19", "20"}
# a ceasefire, agreement or meeting named without its parties ("the ceasefire", "today's meeting") is the
# outcome, or a mention, of the talks reported before it
AGREEMENT_ROOTS = {"03", "05", "08"}


@dataclass
class Trigger:
    token: Any  # spaCy Token
    code: str
    pattern: Optional[str]
    nominal: bool
    negated: bool = False
    tokens: list = field(default_factory=list)  # token indices the match used
    swap_roles: bool = False  # the pattern says the subject is the target ("civilians died in an airstrike")
    # tokens the pattern marked as source ($, first of %) / target (+, second of %); None: read the syntax
    source_slot: Optional[int] = None
    target_slot: Optional[int] = None
    compound: bool = False  # the pattern's % slot: "A and B" are each other's counterpart
    # second half of a paired code ("[042:043]": a visit and its hosting), coded target -> source
    paired_code: Optional[str] = None


def _root(code: str) -> str:
    return code[:2]


def _is_specific(a: str, b: str) -> bool:
    """True when CAMEO code ``a`` says more than ``b`` (longer code, or ``b`` is a root default)."""
    return len(a) > len(b) or (b.endswith("0") and not a.endswith("0"))


# CAMEO 03x "express intent to ..." mirrors the cooperative roots; threats (13x) mirror the material ones
INTENT_OF = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "14": "133", "17": "130",
             "18": "138", "19": "138", "20": "138", "15": "138"}


def find_triggers(analysis: Analysis, sent) -> list[Trigger]:
    from ..dictionaries.cameo import nominal_code

    verbs = analysis.lexicons.verbs
    triggers: list[Trigger] = []
    for tok in sent:
        match = None
        nominal = False
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in ("ROOT", "conj", "ccomp")):
            match = verbs.match(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("PERSON", "GPE", "NORP", "ORG"):
            match = nominal_code(tok)
            nominal = True
        if match is None or not match.code or not match.code[:2].isdigit():
            continue
        triggers.append(
            Trigger(
                token=tok,
                code=match.code,
                pattern=getattr(match, "pattern", None),
                nominal=nominal,
                negated=bool(getattr(match, "negated", False)) or negated(tok),
                tokens=list(getattr(match, "matched_tokens", []) or []),
                swap_roles=bool(getattr(match, "swap_roles", False)),
                source_slot=getattr(match, "source_slot", None),
                target_slot=getattr(match, "target_slot", None),
                compound="%" in (getattr(match, "pattern", None) or "").partition("[")[0],
                paired_code=getattr(match, "paired_code", None) or None,
            )
        )
    return _merge(triggers)


def _governing_verb(token):
    """The verb a noun is an argument of, directly or through one preposition."""
    head = token.head
    if token.dep_ in OBJECT_DEPS + tuple(SUBJECT_DEPS) and head.pos_ in ("VERB", "AUX"):
        return head, token.dep_
    if token.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.pos_ in ("VERB", "AUX"):
        return head.head, "pobj"
    return None, None


def _merge(triggers: list[Trigger]) -> list[Trigger]:
    by_token = {t.token.i: t for t in triggers}
    drop: set[int] = set()
    for t in triggers:
        if not t.nominal:
            continue
        verb, how = _governing_verb(t.token)
        if verb is None or verb.i not in by_token:
            continue
        v = by_token[verb.i]
        if how in OBJECT_DEPS or t.token.i in v.tokens:
            # "held a crisis meeting": the verb phrase is the event
            drop.add(t.token.i)
            if _root(v.code) == _root(t.code) and _is_specific(t.code, v.code):
                v.code = t.code
        elif how == "pobj" and _root(v.code) in CONFLICT_FAMILY and _root(t.code) in CONFLICT_FAMILY:
            # "were killed in Russian bombings": one event, the noun names the means
            drop.add(t.token.i)
            if _is_specific(t.code, v.code) or _root(t.code) == "19":
                v.code = t.code
            v.tokens.append(t.token.i)
    for t in triggers:
        # "shelled the town, killing five civilians": the participle states the attack's toll
        head = t.token.head
        if (not t.nominal and t.token.tag_ == "VBG" and t.token.dep_ in ("advcl", "conj", "xcomp")
                and head.i in by_token and head.i not in drop and _root(t.code) in CONFLICT_FAMILY
                and _root(by_token[head.i].code) in CONFLICT_FAMILY):
            drop.add(t.token.i)
            by_token[head.i].tokens.append(t.token.i)
    return [t for t in triggers if t.token.i not in drop]


# --- roles --------------------------------------------------------------------------------------------

def _actors_in(analysis: Analysis, token, exclude_tokens=()) -> list[ActorMention]:
    """Actor mentions inside the phrase headed by ``token``, in text order (coordinated ones included)."""
    doc = analysis.doc
    sub = [t for t in token.subtree if t.i not in exclude_tokens]
    if not sub:
        return []
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
    found = []
    for m in mentions_in(start, end, analysis.actors):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and all(t.i not in exclude_tokens for t in span):
            found.append(m)
    # a mention joined across the phrase's edge ("Doctors from two American aid groups", parsed with
    # "groups" heading the clause) still names the phrase's head
    found += [m for m in analysis.actors if m.start <= token.idx < m.end and m not in found
              and not (m.start >= start and m.end <= end)]
    return sorted(found, key=lambda m: m.start)


def _head_actor(analysis: Analysis, token) -> list[ActorMention]:
    """Actors of a noun phrase, without descending into its clauses (relative clauses, participles)."""
    blocked: set[int] = set()
    for t in token.subtree:
        if t.i != token.i and t.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            blocked.update(x.i for x in t.subtree)
    return _actors_in(analysis, token, blocked)


def stranded_subject(analysis: Analysis, verb) -> list[ActorMention]:
    """A coordinated verb whose subject the parser hung elsewhere: "..., and Turkey supports X" with
    "Turkey" attached to the previous clause. The actor standing between the conjunction and the verb."""
    if verb.dep_ != "conj" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return []
    left = verb.i - 1
    while left > verb.sent.start and verb.doc[left].dep_ != "cc" and verb.i - left < 8:
        left -= 1
    if verb.doc[left].dep_ != "cc":
        return []
    start, end = verb.doc[left].idx, verb.idx
    return sorted(mentions_in(start, end, analysis.actors), key=lambda m: m.start)


def _subject_actors(analysis: Analysis, verb) -> tuple[list[ActorMention], bool]:
    """Actors of the verb's subject; follows conjunctions, xcomp and pronouns up the tree."""
    stranded = stranded_subject(analysis, verb)
    if stranded:
        return stranded, False
    t = verb
    for _ in range(5):
        subjects = [c for c in t.children if c.dep_ in SUBJECT_DEPS]
        passive = any(c.dep_ in ("nsubjpass", "csubjpass", "auxpass") for c in t.children)
        for s in subjects:
            if s.pos_ == "PRON" and s.lower_ in ("it", "he", "she", "they", "we"):
                found = _pronoun_antecedent(analysis, t)
                if found:
                    return found, passive
                continue
            if s.dep_ == "expl":
                continue
            found = _head_actor(analysis, s)
            if found:
                return found, passive
        if subjects and not (t.dep_ in ("xcomp", "conj") and not any(
                s.pos_ != "PRON" for s in subjects)):
            return [], passive
        # "Arnor is about to restore ...": restore <xcomp- about <acomp- is -nsubj> Arnor
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and t.head.i != t.i:
            t = t.head
        elif t.dep_ in ("relcl", "acl") and t.head.i != t.i:
            return _head_actor(analysis, t.head), passive
        else:
            break
    return [], False


def _pronoun_antecedent(analysis: Analysis, clause) -> list[ActorMention]:
    """The actor a subject pronoun stands for: the subject actor of an enclosing clause, else the last
    actor named before it in the sentence or the previous one."""
    t = clause
    while t.head.i != t.i:
        t = t.head
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON":
                found = _head_actor(analysis, c)
                if found:
                    return found[:1]
    before = [m for m in analysis.actors if m.end <= clause.idx and m.start >= clause.sent.start_char - 400]
    return before[-1:] if before else []


def _first_actors(analysis: Analysis, tokens, exclude: set[int], finder=None) -> list[ActorMention]:
    """The actors ``finder`` (default :func:`_head_actor`) finds for the first of ``tokens`` that has any
    not in ``exclude``; [] when none has."""
    finder = finder or _head_actor
    for tok in tokens:
        found = [m for m in finder(analysis, tok) if id(m) not in exclude]
        if found:
            return found
    return []


def _object_candidates(token) -> list:
    """Direct objects (and a complement's: "intends to follow the agreement"), then prepositional
    objects of the verb or of its objects."""
    cands = []
    for c in token.children:
        if c.dep_ in OBJECT_DEPS:
            cands.append(c)
        elif c.dep_ == "xcomp":
            cands.extend(g for g in c.children if g.dep_ in OBJECT_DEPS)
    for c in list(token.children) + [g for o in cands for g in o.children]:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            cands.extend(p for p in c.children if p.dep_ == "pobj")
    return cands


def _complement_subject(analysis: Analysis, token, exclude: set[int]) -> list[ActorMention]:
    """A verb of saying or judging without an object ("allowed that Mordor isn't ..."): as in PETRARCH,
    the subject of its complement clause is the target. Only a clause that follows the verb: a report's
    tag ("..., an official said") has no target."""
    for c in token.children:
        if c.dep_ == "ccomp" and c.i > token.i:
            subjects = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ != "PRON"]
            found = _first_actors(analysis, subjects, exclude)
            if found:
                return found
    return []


def _object_actors(analysis: Analysis, token, exclude: set[int]) -> list[ActorMention]:
    """Target candidates: direct objects, then prepositional objects (of the verb or of its object)."""
    cands = _object_candidates(token)
    found = _first_actors(analysis, cands, exclude)
    if found:
        return found
    # wider: anything in the object's full subtree ("the agreement ... in exchange for EU assistance"),
    # states and organisations before the groups of people a clause mentions in passing
    found = _first_actors(analysis, cands, exclude, _actors_in)
    if found:
        return sorted(found, key=lambda m: m.actor.sector in PEOPLE_SECTORS)
    # last: what the verb is about or away from ("departed from Libya", "warned about the Prince"); as
    # in PETRARCH, the first actor of the verb phrase is its target when nothing else is
    last = [p for c in token.children if c.dep_ == "prep" and c.lower_ in LAST_TARGET_PREPS
            for p in c.children if p.dep_ == "pobj"]
    found = _first_actors(analysis, last, exclude) or _complement_subject(analysis, token, exclude)
    if found:
        return found
    # a country the actors stage left as a place ("contribute money to Australia", "departed from
    # Libya", "deplored Libya"), or its capital ("fired shells at Seoul"): named as the verb's object,
    # recipient, counterpart or aim, it is the state (PETRARCH codes it so). The place itself stays what
    # the places stage made it.
    for p in [c for c in cands if c.dep_ in ("pobj", "dobj")] + last:
        country = _country_actor(analysis, p)
        if country is not None:
            return [country]
    return []


def _country_actor(analysis: Analysis, token) -> Optional[ActorMention]:
    """The state a noun phrase names when the phrase is exactly a country's name ("Australia", "the
    United States") or its capital ("Seoul"), coded by the actor dictionary; None otherwise (towns,
    anything else). Callers use it only for the target of a verb, never for where something happened."""
    from ..dictionaries.actors import compose, norm_word, tables

    toks = [t for t in token.subtree if t.dep_ != "det" and not t.is_punct]
    key = norm_word(" ".join(t.text for t in toks))
    if not toks or toks[-1].i != token.i or (key not in tables().country_names and key not in tables().capitals):
        return None
    match = analysis.lexicons.actors.lookup([t.text for t in toks], analysis.published)
    if match is None or match.end != len(toks) or not match.code:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    text = analysis.document.text[start:end]
    actor = compose(text, [match], [])
    return ActorMention(start, end, text, actor) if actor is not None else None


def _agent_actors(analysis: Analysis, verb) -> list[ActorMention]:
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in SOURCE_PREPS):
            for p in c.children:
                if p.dep_ == "pobj":
                    found = _head_actor(analysis, p)
                    if found:
                        return found
    return []


def _modifier_actors(analysis: Analysis, noun) -> list[ActorMention]:
    """Who a nominal event belongs to: "Russian bombings", "Turkey's offensive", "attacks from Damascus"."""
    mods = [c for c in noun.children if c.dep_ in ("amod", "poss", "compound", "nmod")]
    found = []
    for m in mods:
        found.extend(_actors_in(analysis, m))
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS | {"by"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    found.extend(_head_actor(analysis, p))
    return sorted(found, key=lambda m: m.start)


def _nominal_targets(analysis: Analysis, noun) -> list[ActorMention]:
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS | {"between", "among"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_actors_in(analysis, p))
    return out


def _slot_actors(analysis: Analysis, index: Optional[int], exclude: set[int]) -> list[ActorMention]:
    """Actors of the phrase a pattern slot points at, coordinated ones included."""
    if index is None:
        return []
    return _first_actors(analysis, [analysis.doc[index]], exclude)


def _role_mentions(analysis: Analysis, trig: Trigger) -> tuple[list[ActorMention], list[ActorMention], bool]:
    """Source and target mentions of a trigger (each list in text order, coordinated actors included),
    and whether the sources are each other's counterparts ("Gondor and Osgiliath renewed ties")."""
    tok = trig.token
    if trig.nominal:
        sources = _modifier_actors(analysis, tok)
        targets = [m for m in _nominal_targets(analysis, tok) if m not in sources]
        if not sources and len(targets) >= 2:  # "talks between Russia and Turkey"
            sources, targets = targets[:1], targets[1:]
        if not targets and len(sources) > 1:
            targets = sources[1:2]
        return sources[:1], targets[:1], False

    subjects, passive = _subject_actors(analysis, tok)
    if passive:
        sources = _agent_actors(analysis, tok)
        if not sources:  # "killed in Russian bombings": the means names the perpetrator
            for i in trig.tokens:
                sources = _modifier_actors(analysis, analysis.doc[i])
                if sources:
                    break
        targets = subjects
    else:
        # a pattern's $ / + slots name the source / target ("- * +ARREST [111]"); else the syntax does
        sources = (None if trig.compound else _slot_actors(analysis, trig.source_slot, set())) or subjects
        exclude = {id(m) for m in sources}
        slotted = [] if trig.compound else _slot_actors(analysis, trig.target_slot, exclude)
        targets = slotted or _object_actors(analysis, tok, exclude)
    if trig.swap_roles:
        sources, targets = targets, sources
    mutual = not targets and len(sources) > 1 and (trig.compound or _root(trig.code) in COOPERATIVE_ROOTS)
    return sources, targets, mutual


def _coordinated(analysis: Analysis, mentions: list[ActorMention]) -> list[ActorMention]:
    """The first mention and those standing alongside it ("Mordor, Rohan and Bree"; "ties between Gondor
    and Osgiliath"; "Arnor and the evil awful Gondor"), not actors the phrase merely mentions in a
    prepositional phrase or a possessor ("an attack ... in south Ithilen"): a mention is dropped when
    the way up from it to the first mention's head passes through such a dependent."""
    if len(mentions) < 2:
        return mentions
    doc = analysis.doc

    def root(m: ActorMention):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span.root if span is not None else None

    first = root(mentions[0])
    if first is None:
        return mentions[:1]
    span = doc.char_span(mentions[0].start, mentions[0].end, alignment_mode="expand")
    assert span is not None  # root(mentions[0]) found it
    above = {tk.i for tk in span} | {a.i for a in first.ancestors}
    group = [mentions[0]]
    for m in mentions[1:]:
        t = root(m)
        ok = t is not None
        while ok and t.i not in above:
            if t.dep_ in ("pobj", "poss", "dobj", "nsubj", "nsubjpass", "relcl", "acl") or t.head.i == t.i:
                ok = False
            t = t.head
        if ok:
            group.append(m)
    return group


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    return a.actor.code == b.actor.code and a.actor.name == b.actor.name


def _distinct(mentions: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for m in mentions:
        if not any(_same_actor(m, o) for o in out):
            out.append(m)
    return out


def role_pairs(analysis: Analysis, trig: Trigger) -> list[tuple[Optional[Actor], Optional[Actor]]]:
    """Every (source, target) pair a trigger codes, as PETRARCH does: one pair per coordinated source
    and coordinated target ("Arnor and Gondor welcomed ties with Osgiliath" -> ARN->OSG, GON->OSG;
    "welcomed ties between Gondor and Osgiliath" -> ->GON, ->OSG). The coordinated subjects of a
    cooperative verb without an object are each other's counterparts: one event from the first
    ("Erdogan and Putin held a meeting": TUR->RUS), both directions where the dictionary's pattern
    says so with its ``%`` slot, as PETRARCH codes it. The first pair is the main reading."""
    sources, targets, mutual = _role_mentions(analysis, trig)
    srcs = _distinct(_coordinated(analysis, sources))
    targets = _coordinated(analysis, targets)
    pairs: list[tuple[Optional[ActorMention], Optional[ActorMention]]]
    if mutual and len(srcs) > 1 and trig.compound:
        # the pattern's % slot: "A and B renewed ties" is coded both ways (A->B and B->A)
        pairs = [(a, b) for a in srcs for b in srcs if a is not b]
    elif mutual and len(srcs) > 1:
        # "Erdogan and Putin held a meeting": one meeting, the first named as its source
        pairs = [(srcs[0], b) for b in srcs[1:]]
    else:
        pairs = []
        heads: list[Optional[ActorMention]] = list(srcs) or [None]
        for a in heads:
            tgts = _distinct([m for m in targets if a is None or not _same_actor(m, a)])
            pairs += [(a, b) for b in tgts] or [(a, None)]
    return [(a.actor if a else None, b.actor if b else None) for a, b in pairs]


# --- the stage ----------------------------------------------------------------------------------------

def _confidence(trig: Trigger, a1, a2) -> float:
    c = 0.35
    c += 0.2 if trig.pattern and trig.pattern not in ("", "*", "default") else 0.1
    c += 0.2 if a1 is not None else 0.0
    c += 0.15 if a2 is not None else 0.0
    c -= 0.1 if trig.nominal else 0.0
    return round(max(0.05, min(c, 0.95)), 2)


def _keep(trig: Trigger, a1, a2) -> bool:
    root = _root(trig.code)
    if root in MATERIAL_ROOTS:
        return True
    if trig.nominal and root in ("03", "04", "05", "08"):  # meetings, agreements, ceasefires named as nouns
        return True
    return a1 is not None and (a2 is not None or root not in ("01",))


def _last_talks(analysis: Analysis, date) -> Optional[Event]:
    """The last consultation reported before, if it could have produced this outcome (an agreement dated
    before the talks, "the agreement reached in 2016", is not theirs)."""
    for e in reversed(analysis.events):
        if (e.type.cameo or "")[:2] == "04" and e.actor1 is not None and e.actor2 is not None:
            if (date is not None and date.end is not None and e.date is not None and e.date.start is not None
                    and date.end < e.date.start):
                return None
            return e
    return None


def _outcome_of(talks: Optional[Event], date) -> bool:
    """An agreement or ceasefire is the talks' outcome only when it is dated at or after them."""
    if talks is None or date is None or talks.date is None:
        return False
    return date.start is not None and talks.date.start is not None and date.start >= talks.date.start


def _event_date(analysis: Analysis, tok):
    from .lookup import date_for_token

    # a date inside the trigger's own phrase ("the ceasefire that will begin at midnight") wins, unless
    # the clause dates it more finely within that span ("the 2007 bombings occurred on August 14, 2007")
    clause = date_for_token(analysis, tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        sub = list(tok.subtree)
        inside = mentions_in(sub[0].idx, sub[-1].idx + len(sub[-1]), analysis.dates)
        if inside:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                clause = date_for_token(analysis, tok.head)  # "the 2007 bombings occurred on August 14"
            return finer_date(inside[0].date, clause)
    return clause


def finer_date(outer: Optional[DateSpan], inner: Optional[DateSpan]) -> Optional[DateSpan]:
    """``inner`` when it lies within ``outer`` and is shorter (a day within a year), else ``outer``; a
    known date over one of unknown precision."""
    if inner is None or outer is None:
        return outer
    if outer.start is None or outer.end is None or inner.start is None or inner.end is None:
        return outer if outer.start is not None else inner
    within = outer.start[:10] <= inner.start[:10] and inner.end[:10] <= outer.end[:10]
    shorter = (inner.start[:10], inner.end[:10]) != (outer.start[:10], outer.end[:10])
    return inner if within and shorter else outer


def stated_code(trig: Trigger) -> Optional[str]:
    """The code a trigger stands for as stated: None for a condition ("if Turkey attacks"), an
    obligation ("Russia must cease its attacks": a demand, not an act) or a denied act; a stated future
    act is an intention or threat (CAMEO 03x/13x); refusing to cooperate is a rejection (120)."""
    code = trig.code
    mode = modality(trig.token)
    if mode in ("conditional", "obligation"):
        return None
    if mode == "future" and not trig.nominal:
        if _root(code) not in INTENT_OF:
            return None
        code = INTENT_OF[_root(code)]
    if trig.negated:
        if _root(code) in COOPERATIVE_ROOTS and not trig.nominal:
            return "120"
        return None
    return code


def code_events(analysis: Analysis) -> None:
    from .lookup import place_for_token

    n = len(analysis.events)
    for sent in analysis.doc.sents:
        for trig in find_triggers(analysis, sent):
            tok = trig.token
            code = stated_code(trig)
            if code is None:
                continue
            pairs = [(a1, a2) for a1, a2 in role_pairs(analysis, trig) if _keep(trig, a1, a2)]
            if not pairs:
                continue
            idx = [tok.i] + [i for i in trig.tokens if i != tok.i]
            start = min(analysis.doc[i].idx for i in idx)
            last = analysis.doc[max(idx)]
            end = last.idx + len(last)
            for a1, a2 in pairs:
                n = _append_event(analysis, trig, code, a1, a2, start, end, n, place_for_token)
            # a paired code ("[042:043]": "Arnor visited Gondor" is also Gondor hosting Arnor) codes the
            # second half with the roles swapped, as PETRARCH does -- only for the event as stated (not a
            # stated intention or a refusal) and only between two actors. A symmetric pair ("[046:046]",
            # "[193:193]") is one mutual happening with both actors already on it: coded once.
            if trig.paired_code and code == trig.code and trig.paired_code != code:
                for a1, a2 in pairs:
                    if a1 is not None and a2 is not None:
                        n = _append_event(analysis, trig, trig.paired_code, a2, a1, start, end, n,
                                          place_for_token)


def _append_event(analysis: Analysis, trig: Trigger, code: str, a1, a2, start: int, end: int, n: int,
                  place_for_token) -> int:
    """Append the event of one (source, target) pair of a trigger; returns the new event count."""
    tok = trig.token
    vocab = analysis.lexicons.vocab
    date = _event_date(analysis, tok)
    location = place_for_token(analysis, tok)
    if a1 is None and a2 is None and trig.nominal and _root(code) in AGREEMENT_ROOTS | {"04"}:
        talks = _last_talks(analysis, date)
        if talks is not None and (_root(code) == "04" or _outcome_of(talks, date)):
            a1, a2 = talks.actor1, talks.actor2
            if _root(code) == "04" and date is None:  # "the meeting": the same talks
                date = talks.date
            location = location or talks.location  # agreed where they met
    n += 1
    analysis.events.append(
        Event(
            id=f"{analysis.document.id}#e{n}",
            type=vocab.event_type(code, a1, a2),
            actor1=a1,
            actor2=a2,
            location=location,
            date=date,
            evidence=evidence(analysis.doc, start, end),
            confidence=_confidence(trig, a1, a2),
            trigger=analysis.document.text[start:end],
            coder="dictionary",
        )
    )
    return n
