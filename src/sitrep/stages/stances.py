"""Stances, intentions and descriptions are not acts (issue 10, item 3), used by the ``statements`` stage.

A statement about an attack holds more than its acts: "We stand by our NATO Ally Turkey", "My
condolences to the families", "reviewing options to assist Turkey", "we seek to prevent further
brutality", "deliver weapons to help Ukraine defend its country", "urges all parties to refrain from
targeting civilian infrastructure", "the besieged city", "dueling political aims". The CAMEO dictionary
codes each of these as an event (SUPPORT, COOPERATE, REJECT, ASSAULT, ...); an analyst codes none of them.
Each rule is a function with its own test; word lists in ``data/statements/stances.json``:

* :func:`stance_expression`: a non-hostile verbal or cooperative event (CAMEO roots 01-08) whose trigger
  says where the speaker stands ("stand by", "condolences", "concern") is a stance, not an act;
* :func:`intended_not_done`: an event whose trigger verb is the infinitival complement of an intention or
  an appeal ("options **to assist**", "seek **to prevent**", "urges ... **to refrain** from targeting"),
  or, for a material or cooperative act, a purpose clause ("deliver weapons **to help** Ukraine
  defend"), is aimed at, not done (an expressive purpose is done by the act: "shunned work **to
  protest**"; an attempt is an act: "tried to hack"). The
  intention or appeal itself is coded by its own trigger ("calls on", "urges", "announces plans"): only
  what it governs is dropped;
* :func:`content_of_agreement`: a cooperative noun in the object of a cooperative verb ("agreed to a
  **cease-fire deal**") is what was agreed, told by the verb's event, not an event of its own;
* :func:`targeted_for_aid`: "8.7 million people **targeted for assistance**" is no attack;
* :func:`travel_to_a_place`: "ICRC staff **traveling to** the besieged city of Mariupol" is no visit
  (CONSULT): a visit goes to someone, a journey to a place;
* :func:`statement_content`: a statement (CAMEO 01) whose words go on to an appeal ("issued a
  Presidential Statement **calling for** Syrian authorities to facilitate ...") is that appeal; one that
  announces aid ("announces nearly $387 million in additional humanitarian **assistance**") is the aid;
* :func:`light_verb_attack`: a light verb whose object is an attack ("the Russian Air Force and Syrian Air
  Force **conducted airstrikes** against a Turkish Army convoy") codes that attack, not the cooperation
  the dictionary reads in "conduct";
* :func:`consult_sense`: a verb the dictionary codes as force whose "with" object is a partner
  ("**engaging with** our Turkish Allies") is a consultation (CAMEO 040): "engaged with rebels" stays force;
* :func:`stance_conjunct`: a verbal support coordinated with a stance ("We **stand by** our NATO Ally
  Turkey ... and fully **support** Turkey's justified self-defense actions") shares the stance;
* :func:`characterizes_told_act`: an event noun governed by a participle that ranks the main clause's act
  ("..., **marking** the first aerial **bombardment** in northwestern Syria since ...", "..., **making**
  it the deadliest **attack** since ...") is that act compared with others, not an event;
* :func:`intention_against`: an intention to cooperate (CAMEO 03) read from an intention verb whose aim
  works against its target ("as we **seek to prevent** further Assad regime and Russian brutality") is
  no intent to cooperate with that target;
* :func:`standing_relation`: a cooperative participle modifying a noun ("Bashar al-Assad, **backed by**
  Russian air power") describes a standing relation, not an act;
* :func:`descriptor_participle`: a trigger that is a bare participle modifying a noun ("the **besieged**
  city of Mariupol", "the two countries' often **dueling** political aims", "up to 100 soldiers
  **killed**") describes the noun; it tells no event.
"""

from __future__ import annotations

import functools

from ..analysis import Analysis
from ..model import Event
from ..resources import read_json

# dependency relations through which a verb's purpose or content reaches up to what governs it
_UP_DEPS = ("xcomp", "advcl", "acl", "conj", "pcomp", "prep", "ccomp", "relcl", "dobj", "pobj")
_MAX_STEPS = 8


@functools.lru_cache(maxsize=1)
def stances() -> dict:
    return read_json("statements", "stances.json")


def _root(e: Event) -> str:
    return (e.type.cameo or "")[:2]


def trigger_span(analysis: Analysis, e: Event):
    """The tokens of the event's trigger phrase, or None for an event read from a whole sentence."""
    ev = e.evidence
    if ev is None or ev.match_start is None or ev.match_end is None:
        return None
    span = analysis.doc.char_span(ev.match_start, ev.match_end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _holds(words: list[str], phrase: list[str]) -> bool:
    return any(words[i:i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


def stance_expression(analysis: Analysis, e: Event) -> bool:
    """A non-hostile verbal or cooperative event whose trigger (or its verb's object: "express
    concern") names a stance."""
    data = stances()
    if _root(e) not in data["stance_roots"]:
        return False
    span = trigger_span(analysis, e)
    if span is None:
        return False
    objects = [c for c in span.root.children if c.dep_ in ("dobj", "obj")]
    words = [t.lemma_.casefold() for t in span] + [o.lemma_.casefold() for o in objects]
    return any(_holds(words, p.split()) for p in data["stance_phrases"])


def _infinitive(token) -> bool:
    """A verb with its own 'to' ("to assist"), as the complement or purpose of another word."""
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def aimed_at(token, purpose: bool = True) -> bool:
    """Whether ``token`` lies under an infinitive (or a gerund after a preposition: "aimed at preventing")
    that an intention or appeal governs, or (with ``purpose``) under a purpose clause, walking up through
    complements, conjuncts and prepositions."""
    heads = stances()["intention_heads"]
    t = token
    for _ in range(_MAX_STEPS):
        if t.dep_ not in _UP_DEPS or t.head.i == t.i:
            return False
        if _infinitive(t) and ((purpose and t.dep_ == "advcl") or t.head.lemma_.casefold() in heads):
            return True
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.lemma_.casefold() in heads:
            return True  # "aimed at preventing", "efforts at reaching"
        t = t.head
    return False


def intended_not_done(analysis: Analysis, e: Event) -> bool:
    """The event's trigger verb is aimed at (see :func:`aimed_at`), not done."""
    span = trigger_span(analysis, e)
    if span is None:
        return False
    root = span.root
    if root.lemma_.casefold() in stances()["intention_heads"]:
        return False  # the intention or appeal itself
    return aimed_at(root, purpose=_root(e) in stances()["purpose_roots"])


def descriptor_participle(analysis: Analysis, e: Event) -> bool:
    """The trigger is a one-word participle modifying a noun: before it ("the besieged city"), or after it
    with no words of its own but an adverb ("aims often dueling", "100 soldiers killed"; "soldiers
    killed in yesterday's attack" tells the attack)."""
    span = trigger_span(analysis, e)
    if span is None or len(span) != 1:
        return False
    t = span[0]
    if t.tag_ not in stances()["descriptor_tags"]:
        return False
    return t.dep_ == "amod" or (t.dep_ == "acl" and all(c.dep_ in ("advmod", "neg", "punct") for c in t.children))


def light_verb_attack(analysis: Analysis, e: Event, attack_nouns: dict) -> str | None:
    """The attack code (from ``attack_nouns``) a cooperative event read from a light verb stands for, or
    None: "conducted airstrikes" -> 195."""
    if _root(e) not in stances()["stance_roots"]:
        return None
    span = trigger_span(analysis, e)
    if span is None:
        return None
    verb = span.root
    if verb.pos_ != "VERB" or verb.lemma_.casefold() not in stances()["light_verbs"]:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None and verb.lemma_.casefold() == "carry":  # "carried out an attack"
        obj = next((g for c in verb.children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj"), None)
        obj = obj or next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    return attack_nouns.get(obj.lower_) if obj is not None else None


def content_of_agreement(analysis: Analysis, e: Event, events: list[Event]) -> bool:
    """A cooperative event read from a noun inside the object of another cooperative event's verb in the
    same sentence ("agreed to a cease-fire deal": the cease-fire and the deal are what was agreed)."""
    roots = stances()["stance_roots"]
    span = trigger_span(analysis, e)
    if _root(e) not in roots or span is None or span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    mine = {t.i for t in span}
    for o in events:
        other = trigger_span(analysis, o) if o is not e and _root(o) in roots else None
        if other is None or other.root.pos_ != "VERB" or other.root.sent.start != span.root.sent.start:
            continue
        objects = [c for c in other.root.children if c.dep_ in ("dobj", "obj", "prep", "dative")]
        if mine & {t.i for c in objects for t in c.subtree}:
            return True
    return False


def targeted_for_aid(analysis: Analysis, e: Event) -> bool:
    """A violent event read from "target(ed) for <aid>": people a plan means to reach, not an attack."""
    span = trigger_span(analysis, e)
    if span is None or (e.type.cameo or "")[:2] not in ("18", "19", "20"):
        return False
    verb = span.root
    if verb.lemma_.casefold() != "target":
        return False
    purposes = stances()["aid_purposes"]
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(g.lower_ in purposes for g in c.subtree)
               for c in verb.children)


def travel_to_a_place(analysis: Analysis, e: Event) -> bool:
    """A visit (CAMEO 04) read from a verb of going to a place named in the text ("to the besieged city of
    Mariupol"), with no purpose of its own ("traveled to Moscow to meet Putin" is a visit): a journey,
    not a meeting."""
    span = trigger_span(analysis, e)
    if span is None or _root(e) != "04" or span.root.lemma_.casefold() not in stances()["travel_verbs"]:
        return False
    verb = span.root
    if any(_infinitive(c) for c in verb.children):
        return False
    goals = [list(c.subtree) for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "toward", "towards")]
    return bool(goals) and all(any(g[0].idx <= m.start and m.end <= g[-1].idx + len(g[-1]) for m in analysis.places)
                               for g in goals)


def statement_content(analysis: Analysis, e: Event) -> str | None:
    """The code of what a plain statement (CAMEO 01) says: an appeal its object or verb goes on with, or
    aid its object names; None when it says nothing of either."""
    span = trigger_span(analysis, e)
    if span is None or _root(e) != "01":
        return None
    data = stances()
    verb = span.root
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + [t for t in span if t.i != verb.i]
    for o in [verb, *objects]:
        for c in o.children:
            if c.dep_ in ("acl", "advcl", "xcomp") and c.lemma_.casefold() in data["content_appeals"]:
                return data["content_appeals"][c.lemma_.casefold()]
    for o in objects:
        if o.dep_ in ("dobj", "obj") and any(t.lemma_.casefold() in data["content_aid"] for t in o.subtree):
            return data["content_aid_code"]
    return None


def consult_sense(analysis: Analysis, e: Event) -> str | None:
    """The consultation code for a violent event read from a ``consult_senses`` verb whose "with" object is
    a partner noun, else None."""
    span = trigger_span(analysis, e)
    if span is None or _root(e) not in ("18", "19", "20"):
        return None
    data = stances()
    verb = span.root
    partners = data["consult_senses"].get(verb.lemma_.casefold())
    if partners is None:
        return None
    objects = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children
               if g.dep_ == "pobj"]
    with_partner = any(o.lower_ in partners or o.lemma_.casefold() in partners for o in objects)
    return data["consult_code"] if with_partner else None


def _stance_words(verb) -> list[str]:
    return [verb.lemma_.casefold()] + [c.lemma_.casefold() for c in verb.children if c.dep_ in ("prep", "prt", "dobj")]


def stance_conjunct(analysis: Analysis, e: Event) -> bool:
    """A verbal event (``stance_conjunct_roots``) whose trigger verb is coordinated with a stance verb."""
    data = stances()
    span = trigger_span(analysis, e)
    if span is None or _root(e) not in data["stance_conjunct_roots"]:
        return False
    verb = span.root
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    words = _stance_words(verb.head)
    return any(_holds(words, p.split()) for p in data["stance_phrases"])


def characterizes_told_act(analysis: Analysis, e: Event, events: list[Event]) -> bool:
    """The event's trigger noun is the object or complement of a participle clause of ``characterizing_verbs``
    ("marking the first aerial bombardment") attached to the trigger verb of another event of ``events``
    of its family ("airstrikes **targeted** ..., marking ..."): that event tells the act."""
    span = trigger_span(analysis, e)
    if span is None or span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = span.root
    verb = noun.head
    if not (noun.dep_ in ("dobj", "ccomp", "oprd", "attr") and verb.tag_ == "VBG" and verb.dep_ == "advcl"
            and verb.lemma_.casefold() in stances()["characterizing_verbs"]):
        return False
    main = verb.head.i
    return any(o is not e and _family(o) == _family(e) and (sp := trigger_span(analysis, o)) is not None
               and main in {t.i for t in sp} for o in events)


def _family(e: Event) -> str:
    """Violence (CAMEO 18-20) is one family; any other root is its own."""
    return "violent" if _root(e) in ("18", "19", "20") else _root(e)


def intention_against(analysis: Analysis, e: Event) -> bool:
    """An intent to cooperate (CAMEO 03) read from an intention verb whose infinitival aim is an
    adversative verb (``adversative_complements``)."""
    data = stances()
    span = trigger_span(analysis, e)
    if span is None or _root(e) != "03" or span.root.lemma_.casefold() not in data["intention_heads"]:
        return False
    return any(c.dep_ in ("xcomp", "ccomp") and c.lemma_.casefold() in data["adversative_complements"]
               for c in span.root.children)


def standing_relation(analysis: Analysis, e: Event) -> bool:
    """A cooperative event read from a participle of ``standing_relation_participles`` that modifies a
    noun (not a clause's own verb)."""
    data = stances()
    span = trigger_span(analysis, e)
    if span is None or _root(e) not in data["stance_roots"]:
        return False
    t = span.root
    return (t.tag_ == "VBN" and t.dep_ in ("acl", "amod", "appos")
            and t.lemma_.casefold() in data["standing_relation_participles"])
