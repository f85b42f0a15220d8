"""The ``incidents`` stage: one incident, one event (issue 10).

A statement about one missile strike ("dozens killed including children, over a hundred injured") is
often coded as several events: an ASSAULT at the town, a 202 carrying the killed at country level, a 182
carrying the injured. An analyst codes one event. Violent events (CAMEO 18, 19, 20) told in one sentence,
or in the next sentence when that one refers back to it ("The bomb ...") and they carry no tolls of one
kind that would tell them apart, become one
event when nothing in them disagrees:

* :func:`same_incident`: near in the text, both violent, places and dates compatible, perpetrators
  compatible (coded from one trigger, "Russian and Syrian warplanes", they are coordinated actors);
* :func:`continues`: in the next sentence, a violent mention with no date of its own goes on telling of
  the dated incident before it ("... Between 36 and 60 soldiers were also wounded");
* :func:`undated_at_same_town`: a violent mention told later with no date of its own, at the very town
  of a dated violent event, is a detail of it ("At approximately 10:30, two missiles hit near the
  railway station building in Kramatorsk");
* :func:`consequence_of`: a participle clause telling what an act did ("detained ICRC staff ...,
  preventing the aid workers from facilitating the evacuation") is part of that act;
* :func:`coordinated_material`: a material act (cooperation, aid, coercion, violence) coded once per
  coordinated actor from one trigger ("The ICRC and UN evacuate hundreds of people") is one event with
  associated actors; a verbal act keeps PETRARCH's one event per actor (see ``docs/schema.md``);
* :func:`repeated_mention`: the same trigger word and code told again anywhere in the document (a
  summary repeating the body), with nothing in them disagreeing, is the same event;
* :func:`merge_into`: the kept event takes the most specific type (:func:`more_specific_type`) and
  place, a stated date over an inferred one, every figure, and the other's actors: a missing actor is
  filled, a different one on the same side is kept as an *associated* actor (``assoc_actor1/2``, as
  ACLED's ``assoc_actor_1/2``);
* :func:`refine_place`: a violent event placed only at country level (or not at all) takes the most
  specific place inside that country named in its sentence, else in the next sentence of its paragraph
  ("...the Ukrainian city of Kramatorsk", "...of Afghanistan's capital. The blast ripped through ... Kabul");
* :func:`victims_of_result`: the people an attack's relative clause says it killed ("the attack, which
  resulted in the death of multiple Turkish personnel") are its target;
* :func:`toll_actor_as_target`: else, people of one country its toll counts ("multiple Turkish personnel")
  are its target;
* :func:`adopt_orphan_figures`: a killed/injured figure of the sentence that no event took belongs to
  the sentence's only violent event ("killing 63 civilians ... and wounding 150").
"""

from __future__ import annotations

from typing import Optional

from ..analysis import Analysis
from ..geo.distance import distance_km
from ..model import PLACE_PRECISIONS, Actor, DateSpan, Event, EventType, Place
from .stances import trigger_span

VIOLENT_ROOTS = ("18", "19", "20")
# material acts (cooperation, aid, yielding, force, reduced relations, coercion, violence): one act done by
# coordinated actors ("The ICRC and UN evacuate hundreds of people") is one event with associated actors.
# Verbal acts (CAMEO 01-05, 09-14) keep PETRARCH's one event per actor ("Russia and Turkey agreed ...").
MATERIAL_ROOTS = ("06", "07", "08", "15", "16", "17", "18", "19", "20")
TOLL_KINDS = ("killed", "injured", "missing", "casualties")
# how far from a named region's centre a place may lie and be inside it (fusion's radius for a region)
REGION_RADIUS_KM = 300.0


def violent(e: Event) -> bool:
    return (e.type.cameo or "")[:2] in VIOLENT_ROOTS


def _rank(p: Optional[Place]) -> int:
    if p is None:
        return len(PLACE_PRECISIONS) + 1
    return PLACE_PRECISIONS.index(p.precision) if p.precision in PLACE_PRECISIONS else len(PLACE_PRECISIONS)


def places_agree(a: Optional[Place], b: Optional[Place]) -> bool:
    """Unstated, the same place, or one inside the other as far as the places tell (same country, and
    the same admin-1 region when both are at least that precise)."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if (a.geonameid is not None and a.geonameid == b.geonameid) or (a.name and a.name == b.name):
        return True
    coarse, fine = (a, b) if _rank(a) >= _rank(b) else (b, a)
    if coarse.precision == "country":
        return True
    if coarse.precision in ("admin1", "region") and coarse.admin1 and fine.admin1:
        return coarse.admin1 == fine.admin1
    return region_holds(coarse, fine)


def region_holds(region: Place, p: Place) -> bool:
    """A named region of no single admin-1 ("northwestern Syria") holds a place of its country within
    the radius fusion allows a region (as far as coordinates tell)."""
    if region.precision != "region" or region.admin1 or not (region.country and region.country == p.country):
        return False
    if None in (region.lat, region.lon, p.lat, p.lon):
        return False
    return distance_km(region.lat, region.lon, p.lat, p.lon) <= REGION_RADIUS_KM  # type: ignore[arg-type]


def dates_agree(a: Optional[DateSpan], b: Optional[DateSpan]) -> bool:
    """Unstated or inferred (no words), or overlapping spans."""
    if a is None or b is None or a.text is None or b.text is None:
        return True
    if a.start is None or a.end is None or b.start is None or b.end is None:  # unknown precision
        return True
    return a.start[:10] <= b.end[:10] and b.start[:10] <= a.end[:10]


def _actors_agree(x: Optional[Actor], y: Optional[Actor]) -> bool:
    """Unstated, one code extending the other, the same country with compatible sectors, or the same
    sector where one gives no country ("civilians" / "Ukrainian civilians")."""
    if x is None or y is None:
        return True
    if x.code and y.code and (x.code.startswith(y.code) or y.code.startswith(x.code)):
        return True
    if bool(x.country) != bool(y.country):
        return bool(x.sector) and x.sector == y.sector
    if not x.country:
        return False
    return x.country == y.country and (x.sector == y.sector or not (x.sector and y.sector))


def _trigger(e: Event) -> tuple:
    ev = e.evidence
    return (ev.match_start, ev.match_end) if ev is not None else (None, None)


def _tolls(e: Event) -> set[str]:
    return {f.kind for f in e.figures if f.kind in TOLL_KINDS}


def stated(d: Optional[DateSpan]) -> bool:
    """Whether a date is stated in words (not inferred from the publication date, nor missing)."""
    return d is not None and d.text is not None


def dated_in_sentence(e: Event) -> bool:
    """Whether the event's date is stated in its own sentence (not carried over from one before it)."""
    d, ev = e.date, e.evidence
    return d is not None and d.text is not None and ev is not None and d.text in ev.text


def continues(a: Event, b: Event) -> bool:
    """Whether ``b``, told in the sentence after ``a``, goes on telling of ``a``'s incident: ``b``'s
    sentence states no date while ``a`` has a stated one ("On 27 February ... airstrikes against a
    Turkish Army convoy ... Between 36 and 60 soldiers were also wounded")."""
    return stated(a.date) and not dated_in_sentence(b)


def same_incident(a: Event, b: Event, sentence_gap: int, refers_back: bool = False) -> bool:
    """Whether ``b`` tells of the incident ``a`` tells of (``sentence_gap``: 0 same sentence, 1 next;
    in the next sentence only when ``b`` refers back to it: "... a truck bomb exploded. The bomb ripped
    through ...", or :func:`continues` it)."""
    if not (violent(a) and violent(b)) or sentence_gap > 1:
        return False
    if sentence_gap == 1 and not (refers_back or continues(a, b)):
        return False
    if sentence_gap == 1 and _tolls(a) & _tolls(b):
        return False  # two tolls of one kind in two sentences: two incidents
    if not (places_agree(a.location, b.location) and dates_agree(a.date, b.date)):
        return False
    if _trigger(a) == _trigger(b):
        return True  # one trigger coded for several actors: coordinated actors of one incident
    if swapped_roles(a, b):
        return False  # the target of one strikes in the other: a response, not the same incident
    return _actors_agree(a.actor1, b.actor1) and _actors_agree(a.actor2, b.actor2)


def coordinated_material(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` are one material act coded once per coordinated actor: the same trigger
    words, the same code, a material root (:data:`MATERIAL_ROOTS`), places and dates that agree."""
    if a.evidence is None or b.evidence is None or _trigger(a) != _trigger(b) or _trigger(a) == (None, None):
        return False
    if a.type.cameo != b.type.cameo or (a.type.cameo or "")[:2] not in MATERIAL_ROOTS:
        return False
    return a.evidence.start == b.evidence.start and places_agree(a.location, b.location) and dates_agree(a.date, b.date)


def repeated_mention(a: Event, b: Event) -> bool:
    """Whether ``b`` tells again, elsewhere in the document, what ``a`` told (a fact sheet's highlights
    repeat its body: "SARG regained control ... following a military offensive"): the same CAMEO code and
    trigger word, actors that agree on both sides, places that agree (for a violent event, one of them
    named below country level), dates that agree (an inferred date agrees with any), and no toll of one
    kind in both."""
    if a.type.cameo != b.type.cameo or not a.trigger or (a.trigger or "").casefold() != (b.trigger or "").casefold():
        return False
    if violent(a) and min(_rank(a.location), _rank(b.location)) >= PLACE_PRECISIONS.index("country"):
        return False
    if not (places_agree(a.location, b.location) and dates_agree(a.date, b.date)) or _tolls(a) & _tolls(b):
        return False
    return _actors_agree(a.actor1, b.actor1) and _actors_agree(a.actor2, b.actor2)


def undated_at_same_town(a: Event, b: Event) -> bool:
    """Whether ``b``, a violent mention told later with no date of its own, happened at the very town (or
    finer place) where ``a``, a violent event with a stated date, happened, with actors that agree: a
    detail of the same incident ("On 8 April 2022, a Russian missile strike hit the railway station of ...
    Kramatorsk. ... At approximately 10:30, two missiles hit near the railway station building in
    Kramatorsk")."""
    if not (violent(a) and violent(b)) or not stated(a.date) or dated_in_sentence(b):
        return False
    pa, pb = a.location, b.location
    if pa is None or pb is None or pa.geonameid is None or pa.geonameid != pb.geonameid:
        return False
    if max(_rank(pa), _rank(pb)) > PLACE_PRECISIONS.index("town") or _tolls(a) & _tolls(b):
        return False
    return _actors_agree(a.actor1, b.actor1) and _actors_agree(a.actor2, b.actor2) and not swapped_roles(a, b)


def swapped_roles(a: Event, b: Event) -> bool:
    """An actor that is the target of one event and the perpetrator of the other ("strikes on Turkish
    troops ... led Turkey to launch an operation")."""
    def same(x: Optional[Actor], y: Optional[Actor]) -> bool:
        return x is not None and y is not None and bool(x.country) and x.country == y.country
    return same(a.actor2, b.actor1) or same(a.actor1, b.actor2)


def more_specific_type(a: EventType, b: EventType) -> EventType:
    """The more specific of two codes: a longer CAMEO code, else one that is not a root's generic
    '0' code ("195 air strike" over "190 use force")."""
    ca, cb = a.cameo or "", b.cameo or ""
    if len(cb) != len(ca):
        return b if len(cb) > len(ca) else a
    return b if ca.endswith("0") and not cb.endswith("0") else a


def more_specific_date(a: Optional[DateSpan], b: Optional[DateSpan]) -> Optional[DateSpan]:
    """A stated date over an inferred or missing one; of two stated dates, one lying within the other
    and shorter ("in 2019-2020" / "on 19 December 2019"), else the first."""
    if a is None or (a.text is None and b is not None and b.text is not None):
        return b
    if b is None or b.text is None:
        return a
    if a.start is None or a.end is None or b.start is None or b.end is None:  # a known date over an unknown one
        return a if a.start is not None else b
    within = a.start[:10] <= b.start[:10] and b.end[:10] <= a.end[:10]
    return b if within and (b.start[:10], b.end[:10]) != (a.start[:10], a.end[:10]) else a


def _add_actor(keep: Event, side: int, other: Optional[Actor]) -> None:
    if other is None:
        return
    mine = keep.actor1 if side == 1 else keep.actor2
    assoc = keep.assoc_actor1 if side == 1 else keep.assoc_actor2
    if mine is None:
        setattr(keep, f"actor{side}", other)
    elif not _actors_agree(mine, other) and all(not _actors_agree(x, other) for x in assoc):
        assoc.append(other)


def merge_into(keep: Event, other: Event) -> None:
    """Fold ``other`` into ``keep`` (see the module docstring)."""
    keep.type = more_specific_type(keep.type, other.type)
    _add_actor(keep, 1, other.actor1)
    _add_actor(keep, 2, other.actor2)
    for x in other.assoc_actor1:
        _add_actor(keep, 1, x)
    for x in other.assoc_actor2:
        _add_actor(keep, 2, x)
    if _rank(other.location) < _rank(keep.location):
        keep.location = other.location
    keep.date = more_specific_date(keep.date, other.date)
    seen = {(f.kind, f.value, f.evidence.match_start if f.evidence else None) for f in keep.figures}
    for f in other.figures:
        if (f.kind, f.value, f.evidence.match_start if f.evidence else None) not in seen:
            f.event = keep.id
            keep.figures.append(f)
    keep.confidence = max(keep.confidence, other.confidence)


def _sentence_index(analysis: Analysis) -> dict[int, int]:
    return {s.start_char: i for i, s in enumerate(analysis.doc.sents)}


def _gap(index: dict[int, int], a: Event, b: Event) -> int:
    ia = index.get(a.evidence.start if a.evidence else -1)
    ib = index.get(b.evidence.start if b.evidence else -1)
    return 99 if ia is None or ib is None else abs(ib - ia)


DEFINITE = ("the", "this", "that", "these", "those")


def refers_back(analysis: Analysis, e: Event) -> bool:
    """Whether the event is told with a definite noun phrase that refers to one already told: its
    trigger noun, or its verb's subject, is determined by "the"/"this"/"that" ("The blast ...", "The
    bomb ripped through ...")."""
    span = trigger_span(analysis, e)
    if span is None:
        return False
    root = span.root
    nouns = [root] if root.pos_ in ("NOUN", "PROPN") else [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for n in nouns for c in n.children)


def consequence_of(analysis: Analysis, a: Event, b: Event) -> bool:
    """Whether ``b``'s trigger is a participle clause of ``a``'s trigger verb telling what the act did
    ("unknown actors temporarily **detained** ICRC staff ..., **preventing** the aid workers from
    facilitating the evacuation"): a result of ``a``, told by it, not an act of its own."""
    sa, sb = trigger_span(analysis, a), trigger_span(analysis, b)
    if sa is None or sb is None or sa.root.pos_ != "VERB":
        return False
    t = sb.root
    return (t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj") and t.head.i == sa.root.i
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children))


def _tells_of(analysis: Analysis, m: Event, e: Event, gap: int, back: bool) -> bool:
    return (same_incident(m, e, gap, back) or repeated_mention(m, e) or coordinated_material(m, e)
            or undated_at_same_town(m, e) or (gap == 0 and consequence_of(analysis, m, e)))


def fold_incidents(analysis: Analysis) -> list[Event]:
    """The document's events with the mentions of one incident folded into its first event: a mention
    joins an incident when it tells of the same incident as any mention already folded into it, and, told
    in another sentence, its perpetrator is not the incident's target nor the other way round
    (:func:`swapped_roles`: "The strikes led to the Turkish Armed Forces launching Operation Spring Shield") ("The
    strike killed 63 civilians and wounded 150": the wounding joins the killing, which refers back)."""
    index = _sentence_index(analysis)
    groups: list[tuple[Event, list[Event]]] = []  # the kept event, and every mention folded into it
    for e in analysis.events:
        back = refers_back(analysis, e)
        host = next((k for k, told in groups if not (_gap(index, k, e) and swapped_roles(k, e))
                     and any(_tells_of(analysis, m, e, _gap(index, m, e), back) for m in told)),
                    None)
        if host is None:
            groups.append((e, [e]))
        else:
            next(told for k, told in groups if k is host).append(e)
            merge_into(host, e)
    return [k for k, _ in groups]


def adopt_orphan_figures(analysis: Analysis) -> None:
    """Tolls no event took go to the only violent event of their sentence (tallies never)."""
    taken = {id(f) for e in analysis.events for f in e.figures}
    for f in analysis.figures:
        if id(f) in taken or f.cumulative or f.kind not in TOLL_KINDS or f.evidence is None:
            continue
        hosts = [
            e for e in analysis.events if violent(e) and e.evidence is not None and e.evidence.start == f.evidence.start
        ]
        if len(hosts) == 1 and f.kind not in _tolls(hosts[0]):
            f.event = hosts[0].id
            hosts[0].figures.append(f)


def _sentences_after(analysis: Analysis, e: Event) -> list:
    sents = list(analysis.doc.sents)
    start = e.evidence.start if e.evidence else None
    i = next((k for k, s in enumerate(sents) if s.start_char == start), None)
    if i is None:
        return []
    out = [sents[i]]
    if i + 1 < len(sents) and "\n\n" not in analysis.document.text[sents[i].end_char:sents[i + 1].start_char]:
        out.append(sents[i + 1])
    return out


def refine_place(analysis: Analysis, e: Event) -> None:
    """Give a country-level (or unplaced) violent event the most specific place of its country named in
    its sentence, else in the next sentence of the same paragraph."""
    if not violent(e) or (e.location is not None and e.location.precision != "country"):
        return
    country = e.location.country if e.location is not None else None
    for sent in _sentences_after(analysis, e):
        inside = [m.place for m in analysis.places if sent.start_char <= m.start and m.end <= sent.end_char
                  and m.place.precision != "country" and (country is None or m.place.country == country)]
        if inside:
            e.location = min(inside, key=_rank)
            return


def victims_as_target(e: Event) -> None:
    """The people a violent event killed or injured are its target, not its perpetrator: an event with
    no target whose source is the very actor its toll counts ("the attack on Turkish forces, which
    resulted in the death of dozens of Turkish soldiers" coded with Turkish forces as source) takes that
    actor as its target instead."""
    if not violent(e) or e.actor2 is not None or e.actor1 is None:
        return
    counted = [f.actor for f in e.figures if f.kind in ("killed", "injured") and f.actor is not None]
    if any(a.country and a.country == e.actor1.country and a.sector == e.actor1.sector for a in counted):
        e.actor1, e.actor2 = None, e.actor1
        e.assoc_actor1, e.assoc_actor2 = [], e.assoc_actor1


def toll_actor_as_target(e: Event) -> None:
    """A violent event with no target whose killed or injured figures count people of one country, not
    its perpetrator's ("the attack, which resulted in the death of multiple Turkish personnel"), takes
    those people as its target."""
    if not violent(e) or e.actor2 is not None:
        return
    counted = [f.actor for f in e.figures if f.kind in ("killed", "injured", "casualties") and f.actor is not None
               and f.actor.country]
    countries = {a.country for a in counted}
    if len(countries) == 1 and not (e.actor1 is not None and e.actor1.country in countries):
        e.actor2 = counted[0]


RESULT_VERBS = ("result", "cause", "leave", "claim")
RESULT_NOUNS = ("death", "deaths", "killing", "killings", "injury", "injuries", "wounding", "life", "lives")


def victims_of_result(analysis: Analysis, e: Event) -> None:
    """A violent event with no target whose trigger noun is followed by what it caused to people ("the
    attack, which resulted in the death of multiple Turkish personnel") takes those people as target."""
    if not violent(e) or e.actor2 is not None or e.evidence is None or e.evidence.match_start is None:
        return
    span = analysis.doc.char_span(e.evidence.match_start, e.evidence.match_end or e.evidence.match_start + 1,
                                  alignment_mode="expand")
    if span is None or not len(span):
        return
    verbs = [c for c in span.root.children if c.dep_ in ("relcl", "acl") and c.lemma_.casefold() in RESULT_VERBS]
    nouns = [t for v in verbs for t in v.subtree if t.lower_ in RESULT_NOUNS]
    for n in nouns:
        sub = list(n.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        found = [m.actor for m in analysis.actors if lo <= m.start and m.end <= hi and m.actor.country]
        if found and not (e.actor1 is not None and e.actor1.country == found[0].country):
            e.actor2 = found[0]
            return


def incidents_stage(analysis: Analysis) -> None:
    """Pipeline stage: one event per incident, carrying all its figures and actors."""
    for e in analysis.events:
        refine_place(analysis, e)
    analysis.events = fold_incidents(analysis)
    ids = {e.id for e in analysis.events}
    for f in analysis.figures:
        if f.event and f.event not in ids:
            f.event = next((e.id for e in analysis.events if any(x is f for x in e.figures)), None)
    adopt_orphan_figures(analysis)
    for e in analysis.events:
        victims_as_target(e)
        victims_of_result(analysis, e)
        toll_actor_as_target(e)


def associated(e: Event) -> list[tuple[Optional[Actor], Optional[Actor]]]:
    """Every (actor1, actor2) dyad an event stands for, associated actors included."""
    firsts = [e.actor1, *e.assoc_actor1] if e.actor1 is not None else [None]
    seconds = [e.actor2, *e.assoc_actor2] if e.actor2 is not None else [None]
    return [(a, b) for a in firsts for b in seconds]
