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
   actor of the clause above it ("Turkey made it clear that it ..."). Coordinated subjects of a meeting or
   agreement ("Erdogan and Putin held ...") become actor1 and actor2.
4. *Polarity.* A negated cooperative verb ("no longer intends to follow the agreement") is coded as a
   rejection (CAMEO 12); other negated or hypothetical events are dropped.
5. *Typing.* ``lexicons.vocab.event_type`` gives the PLOVER type and mode and the ACLED event and
   sub-event types from the CAMEO code and the actors' sectors.

Place and date come from the clause (``places.place_for_token``, ``dates.date_for_token``); the ``link``
stage fills in what the clause lacks and attaches figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Actor, Event
from ..pipeline import ActorMention, Analysis, stage
from ..resolve.attach import evidence, mentions_in

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
# prepositions that introduce the target of an action ("war on", "attack against", "talks with")
TARGET_PREPS = {"on", "against", "with", "to", "toward", "towards", "at", "upon", "into", "over", "for"}
SOURCE_PREPS = {"from", "by"}
# sectors that name groups of people rather than organised actors
PEOPLE_SECTORS = {"CVL", "REF", "OPP", "LAB", "EDU", "HLH", "MED", "REL"}
# conditional or hypothetical markers: an event under them did not (yet) happen
HYPOTHETICAL = {"if", "unless", "whether"}
MODALS = {"will", "would", "could", "may", "might", "shall", "'ll"}
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
# CAMEO roots coded without any actor: material events whose victims or place make them worth recording
MATERIAL_ROOTS = {"14", "15", "17", "18", "19", "20"}
CONFLICT_FAMILY = {"18", "19", "20"}
# a ceasefire, agreement or meeting named without its parties ("the ceasefire", "today's meeting") is the
# outcome, or a mention, of the talks reported before it
AGREEMENT_ROOTS = {"03", "05", "08"}


@dataclass
class Trigger:
    token: object  # spaCy Token
    code: str
    pattern: Optional[str]
    nominal: bool
    negated: bool = False
    tokens: list = field(default_factory=list)  # token indices the match used
    swap_roles: bool = False  # the pattern says the subject is the target ("civilians died in an airstrike")


def _root(code: str) -> str:
    return code[:2]


def _is_specific(a: str, b: str) -> bool:
    """True when CAMEO code ``a`` says more than ``b`` (longer code, or ``b`` is a root default)."""
    return len(a) > len(b) or (b.endswith("0") and not a.endswith("0"))


def negated(token) -> bool:
    """The token or the verbs it complements carry a negation ("did not attack", "no longer intends to")."""
    t = token
    for _ in range(4):
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in t.children):
            return True
        if t.dep_ in ("xcomp",) and t.head.i != t.i:
            t = t.head
        else:
            break
    return False


def modality(token) -> Optional[str]:
    """"future" for "will/would/could/may/might attack" (an intention or threat, not an event that
    happened), "conditional" under "if/unless/whether", else None."""
    t = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL for c in t.children):
            return "conditional"
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "ccomp"):
            break
        t = t.head
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children):
        return "future"
    if token.dep_ in ("xcomp",) and any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.head.children):
        return "future"
    return None


# CAMEO 03x "express intent to ..." mirrors the cooperative roots; threats (13x) mirror the material ones
INTENT_OF = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "14": "133", "17": "130",
             "18": "138", "19": "138", "20": "138", "15": "138"}


def find_triggers(analysis: Analysis, sent) -> list[Trigger]:
    from .cameo import nominal_code

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
            )
        )
    return _merge(triggers)


def _governing_verb(token):
    """The verb a noun is an argument of, directly or through one preposition."""
    head = token.head
    if token.dep_ in OBJECT_DEPS + SUBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
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
    return sorted(found, key=lambda m: m.start)


def _head_actor(analysis: Analysis, token) -> list[ActorMention]:
    """Actors of a noun phrase, without descending into its clauses (relative clauses, participles)."""
    blocked = set()
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
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp") and t.head.i != t.i:
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


def _object_actors(analysis: Analysis, token, exclude: set[int]) -> list[ActorMention]:
    """Target candidates: direct objects, then prepositional objects (of the verb or of its object)."""
    cands = []
    for c in token.children:
        if c.dep_ in OBJECT_DEPS:
            cands.append(c)
        elif c.dep_ == "xcomp":  # "intends to follow the agreement": the complement's objects
            cands.extend(g for g in c.children if g.dep_ in OBJECT_DEPS)
    for c in list(token.children) + [g for o in cands for g in o.children]:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            cands.extend(p for p in c.children if p.dep_ == "pobj")
    for cand in cands:
        found = [m for m in _head_actor(analysis, cand) if id(m) not in exclude]
        if found:
            return found
    # wider: anything in the object's full subtree ("the agreement ... in exchange for EU assistance"),
    # states and organisations before the groups of people a clause mentions in passing
    for cand in cands:
        found = [m for m in _actors_in(analysis, cand) if id(m) not in exclude]
        if found:
            return sorted(found, key=lambda m: m.actor.sector in PEOPLE_SECTORS)
    return []


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


def assign_roles(analysis: Analysis, trig: Trigger) -> tuple[Optional[Actor], Optional[Actor]]:
    tok = trig.token
    if trig.nominal:
        sources = _modifier_actors(analysis, tok)
        targets = [m for m in _nominal_targets(analysis, tok) if m not in sources]
        if not sources and len(targets) >= 2:  # "talks between Russia and Turkey"
            sources, targets = targets[:1], targets[1:]
        src = sources[0] if sources else None
        tgt = targets[0] if targets else (sources[1] if len(sources) > 1 else None)
        return (src.actor if src else None), (tgt.actor if tgt else None)

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
        sources = subjects
        exclude = {id(m) for m in sources}
        targets = _object_actors(analysis, tok, exclude)
    if trig.swap_roles:
        sources, targets = targets, sources
    src = sources[0] if sources else None
    tgt = next((m for m in targets if src is None or m.actor.code != src.actor.code or m.actor.name != src.actor.name), None)
    if tgt is None and len(sources) > 1 and _root(trig.code) in COOPERATIVE_ROOTS:
        tgt = sources[1]  # "Erdogan and Putin held a meeting"
    return (src.actor if src else None), (tgt.actor if tgt else None)


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
            if date is not None and e.date is not None and date.end < e.date.start:
                return None
            return e
    return None


def _outcome_of(talks: Optional[Event], date) -> bool:
    """An agreement or ceasefire is the talks' outcome only when it is dated at or after them."""
    return talks is not None and date is not None and talks.date is not None and date.start >= talks.date.start


def _event_date(analysis: Analysis, tok):
    from ..resolve.dates import date_for_token

    # a date inside the trigger's own phrase ("the ceasefire that will begin at midnight") wins
    if tok.pos_ in ("NOUN", "PROPN"):
        sub = list(tok.subtree)
        inside = mentions_in(sub[0].idx, sub[-1].idx + len(sub[-1]), analysis.dates)
        if inside:
            return inside[0].date
    return date_for_token(analysis, tok)


@stage("events")
def code_events(analysis: Analysis) -> None:
    from ..resolve.places import place_for_token

    vocab = analysis.lexicons.vocab
    n = len(analysis.events)
    for sent in analysis.doc.sents:
        for trig in find_triggers(analysis, sent):
            tok = trig.token
            code = trig.code
            mode = modality(tok)
            if mode == "conditional":
                continue
            if mode == "future" and not trig.nominal:
                # "Turkey will attack": a threat or a stated intention, coded as such (CAMEO 03x/13x)
                if _root(code) not in INTENT_OF:
                    continue
                code = INTENT_OF[_root(code)]
            if trig.negated:
                if _root(code) in COOPERATIVE_ROOTS and not trig.nominal:
                    code = "120"  # refusing to cooperate is a rejection
                else:
                    continue
            a1, a2 = assign_roles(analysis, trig)
            if not _keep(trig, a1, a2):
                continue
            idx = [tok.i] + [i for i in trig.tokens if i != tok.i]
            start = min(analysis.doc[i].idx for i in idx)
            last = analysis.doc[max(idx)]
            end = last.idx + len(last)
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
