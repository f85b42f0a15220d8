"""The document's focus: the country and the first-level region most of its place mentions lie in.

Local news names its own region's towns without saying where they are ("Athens" in a Texas paper,
"Dublin" in an Ohio one). Once the other clues have been weighed, a name's candidates inside the country
and the admin-1 region that most of the *other* mentions of the document were resolved to gain a bonus,
so that a same-named bigger place elsewhere wins only on stronger evidence. Each mention votes (a name
repeated four times counts four times: the place a text keeps coming back to is its focus).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from .gazetteer import Entry

# A mention votes only when it was matched by one of the place's names (not a part of a longer name nor
# a look-alike spelling): those are the guesses most often wrong.
VOTING_MATCHES = ("name", "alt", "abbr")


@dataclass(frozen=True)
class Focus:
    """The focus country (ISO alpha-3) and admin-1 region (GeoNames id) of the other mentions."""

    country: Optional[str] = None
    admin1: Optional[int] = None


def _admin1_of(e: Entry) -> Optional[int]:
    return e.geonameid if e.feature == "admin1" else e.admin1_id


def mention_votes(entries: Sequence[Optional[Entry]], matches: Sequence[Optional[str]], groups: Sequence[str],
                  kinds: Sequence[str]) -> list[tuple[str, Optional[str], Optional[int]]]:
    """One vote (name group, country, admin-1 id) per mention resolved by one of its place's names."""
    votes: list[tuple[str, Optional[str], Optional[int]]] = []
    for e, m, g, k in zip(entries, matches, groups, kinds):
        if e is None or k != "name" or m not in VOTING_MATCHES or not e.country:
            continue
        admin1 = _admin1_of(e) if e.feature != "country" else None
        votes.append((g, e.country, admin1))
    return votes


def focus_without(votes: Sequence[tuple[str, Optional[str], Optional[int]]], group: str,
                  share: float = 0.5) -> Focus:
    """The focus of the mentions outside ``group``: the country holding more than ``share`` of their
    votes, and within it the admin-1 region holding more than ``share`` of the votes cast in that country
    (None where no country or region holds that much)."""
    countries = Counter(c for g, c, _ in votes if g != group)
    n = sum(countries.values())
    if not n:
        return Focus()
    country, top = countries.most_common(1)[0]
    if top <= share * n:
        return Focus()
    regions = Counter(a for g, c, a in votes if g != group and c == country and a is not None)
    m = sum(regions.values())
    admin1 = None
    if m:
        a, top_a = regions.most_common(1)[0]
        admin1 = a if top_a > share * m else None
    return Focus(country, admin1)


def focus_bonus(e: Entry, focus: Focus, country_bonus: float, admin1_bonus: float) -> float:
    """What lying in the document's focus country and admin-1 region adds to candidate ``e``."""
    if focus.country is None or e.country != focus.country:
        return 0.0
    bonus = country_bonus
    if focus.admin1 is not None and _admin1_of(e) == focus.admin1:
        bonus += admin1_bonus
    return bonus
