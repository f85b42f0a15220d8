"""``sitrep eval geo``: the geoparser against the development geoparsing corpora.

Reads ``<shared>/gold/geo/*.dev.jsonl`` (LGL, TR-News, GeoWebNews: one document a line with ``text`` and
``toponyms: [{start, end, phrase, geonameid, lat, lon, ...}]``) and reports the field's standard metrics:

* **recognition** — precision, recall and F1 of the toponym spans Sitrep finds against the gold spans
  that carry a GeoNames id; *strict* needs identical offsets, *overlap* any shared character.
  Demonyms are counted as toponyms because the corpora annotate them ("Russian" -> Russia).
* **resolution on gold spans** — each gold span resolved with the rest of the document's gold toponyms as
  context (GeoWebNews's spans typed as expressions, non-toponyms, homonyms or languages are left out):
  exact GeoNames id, accuracy within 161 km (100 miles), mean and median error in km over the
  spans answered, and coverage (share answered). An unanswered span counts as wrong for accuracy.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError
from ..geo.accept import narrow_to_inner_places, reported
from ..geo.distance import distance_km
from ..geo.gazetteer import Gazetteer, default_gazetteer, level_hint
from ..geo.resolver import WEIGHTS, Weights, candidates_of, resolve_toponyms
from ..geo.toponyms import Toponym, find_toponyms

CORPORA = ("lgl", "tr_news", "gwn")
ACC_KM = 161.0


def load_corpus(path: Path, limit: Optional[int] = None) -> list[dict]:
    """The documents of one ``*.dev.jsonl`` file (the first ``limit`` when given)."""
    docs: list[dict] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if limit is not None and len(docs) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
                if "text" not in d or "toponyms" not in d:
                    raise InputError(f"{path}:{n}", "a gold document needs 'text' and 'toponyms'")
                docs.append(d)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    return docs


# GeoWebNews also marks words that are not place names: common nouns that stand for places ("the country",
# "restaurants"), non-toponyms, homonyms and language names. They are neither resolved nor used as context.
NOT_TOPONYMS = frozenset({"Non_Lit_Expression", "Literal_Expression", "Non_Toponym", "Homonym", "Language"})


def gold_toponyms(doc: dict, gaz: Gazetteer) -> tuple[list[Toponym], list[dict]]:
    """The gold spans as toponyms to resolve (demonyms marked, "X, Y" containers linked)."""
    spans = sorted((t for t in doc["toponyms"] if t.get("type") not in NOT_TOPONYMS), key=lambda t: t["start"])
    out = []
    for t in spans:
        phrase = t.get("phrase") or doc["text"][t["start"]:t["end"]]
        kind = "name"
        if gaz.demonym(phrase) is not None:
            kind = "demonym"
        out.append(Toponym(t["start"], t["end"], phrase, hint=level_hint(phrase), kind=kind))
    text = doc["text"]
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if text[a.end:b.start].strip() == "," and b.kind == "name":
            a.within = i + 1
    return out, spans


def _miss(doc: int, t: Toponym, gold: dict, answer, km: Optional[float], gaz: Gazetteer) -> dict:
    """One gold span resolved more than 161 km away (or not at all), with why: "wrong pick" (a candidate
    within 161 km existed), "no candidate near" (the gazetteer holds only other places of that name) or
    "no candidate"."""
    cands = candidates_of(t, gaz)
    if any(
        c.entry.lat is not None
        and c.entry.lon is not None
        and distance_km(c.entry.lat, c.entry.lon, gold["lat"], gold["lon"]) <= ACC_KM
        for c in cands
    ):
        why = "wrong pick"
    else:
        why = "no candidate near" if cands else "no candidate"
    return {"doc": doc, "text": t.text, "start": t.start, "gold_geonameid": gold["geonameid"],
            "gold_point": [gold["lat"], gold["lon"]], "type": gold.get("type"), "why": why,
            "answer": None if answer is None else {"name": answer.name, "geonameid": answer.geonameid,
                                                   "country": answer.country, "feature": answer.feature},
            "km": None if km is None else round(km)}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def eval_corpus(docs: list[dict], nlp=None, gaz: Optional[Gazetteer] = None, recognition: bool = True,
                weights: Optional[Weights] = None) -> dict:
    """Metrics for one corpus (a list of gold documents); ``weights`` replace the resolver's defaults."""
    gaz = gaz or default_gazetteer()
    # resolution on gold spans
    n = exact = within = answered = 0
    errors: list[float] = []
    misses: list[dict] = []
    for number, d in enumerate(docs):
        tops, spans = gold_toponyms(d, gaz)
        res = resolve_toponyms(tops, gaz, weights or WEIGHTS)
        for t, g, r in zip(tops, spans, res):
            if not g.get("geonameid"):
                continue
            n += 1
            e = r.entry
            km = None
            if e is not None and e.lat is not None and e.lon is not None:
                answered += 1
                exact += e.geonameid == g["geonameid"]
                km = distance_km(e.lat, e.lon, g["lat"], g["lon"])
                errors.append(km)
                within += km <= ACC_KM
            if km is None or km > ACC_KM:
                misses.append(_miss(number, t, g, e, km, gaz))
    out = {
        "documents": len(docs),
        "gold_toponyms": n,
        "resolution": {
            "exact_id": round(exact / n, 4) if n else 0.0,
            "acc_161km": round(within / n, 4) if n else 0.0,
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_km": round(statistics.median(errors), 1) if errors else None,
            "coverage": round(answered / n, 4) if n else 0.0,
            # the share of gold spans with any candidate within 161 km: what a perfect ranking would reach
            "ceiling_161km": round((within + sum(m["why"] == "wrong pick" for m in misses)) / n, 4) if n else 0.0,
        },
        "misses_by_cause": dict(sorted(Counter(m["why"] for m in misses).items())),
        "misses": misses,
    }
    if recognition:
        out.update(_recognition(docs, nlp, gaz, weights or WEIGHTS))
    return out


def _recognition(docs: list[dict], nlp, gaz: Gazetteer, weights: Weights) -> dict:
    """Recognition scores (strict and overlapping spans) and the end-to-end figures of one corpus."""
    from ..nlp.load import load_nlp

    out: dict = {}
    nlp = nlp or load_nlp()
    tp_strict = tp_overlap = n_pred = n_gold = 0
    e2e = EndToEnd()
    for number, (d, parsed) in enumerate(zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16))):
        gold = {(t["start"], t["end"]) for t in d["toponyms"] if t.get("geonameid")}
        found = find_toponyms(parsed, gaz, demonyms=True)
        resolved = resolve_toponyms(found, gaz, weights)
        narrow_to_inner_places(found, resolved, gaz)
        keep = reported(parsed, found, resolved)  # what the geoparser outputs: see sitrep.geo.accept
        found, resolved = [found[i] for i in keep], [resolved[i] for i in keep]
        e2e.add(number, d, found, resolved)
        pred = {(t.start, t.end) for t in found}
        n_pred += len(pred)
        n_gold += len(gold)
        tp_strict += len(gold & pred)
        tp_overlap += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
    out["recognition"] = {
        "strict": _prf(tp_strict, n_pred, n_gold),
        "overlap": _prf(tp_overlap, n_pred, n_gold),
        "predicted": n_pred,
    }
    out["end_to_end"] = e2e.metrics()
    return out


# Every HOLDOUT-th document of each corpus (the 5th, 10th, ...) is never looked at while tuning.
HOLDOUT = 5


def held_out(number: int) -> bool:
    """Is document ``number`` (0-based, in file order) in the part never tuned on?"""
    return number % HOLDOUT == HOLDOUT - 1


class EndToEnd:
    """Recognition and resolution together: each gold span with a GeoNames id is right when a found toponym
    has the same offsets and resolves within 161 km; a span not found, found with other words or resolved
    wrong counts as wrong. Kept for all documents and for the tuned and held-out parts apart."""

    PARTS = ("all", "tuned", "held_out")

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {p: Counter() for p in self.PARTS}
        self.misses: list[dict] = []

    def add(self, number: int, doc: dict, found: list, resolved: list) -> None:
        parts = ("all", "held_out" if held_out(number) else "tuned")
        by_span = {(t.start, t.end): (t, r) for t, r in zip(found, resolved)}
        gold = [g for g in doc["toponyms"] if g.get("geonameid")]
        for c in parts:
            self.counts[c]["predicted"] += len(found)
            self.counts[c]["gold"] += len(gold)
        for g in gold:
            why = _e2e_outcome(g, by_span, found)
            for c in parts:
                self.counts[c][why] += 1
            if why != "right":
                self.misses.append({"doc": number, "held_out": held_out(number), "text": g.get("phrase"),
                                    "start": g["start"], "type": g.get("type"), "why": why})

    def metrics(self) -> dict:
        out: dict[str, Any] = {}
        for part, c in self.counts.items():
            found = c["gold"] - c["not found"] - c["other words"]
            out[part] = {"gold": c["gold"], **_prf(found, c["predicted"], c["gold"]),
                         "acc_161km": round(c["right"] / c["gold"], 4) if c["gold"] else 0.0,
                         "misses_by_cause": {k: v for k, v in sorted(c.items()) if k in E2E_CAUSES}}
        out["misses"] = self.misses
        return out


E2E_CAUSES = ("not found", "other words", "no answer", "wrong pick")


def _e2e_outcome(g: dict, by_span: dict, found: list) -> str:
    """"right", or why not: "not found" (no toponym overlaps the span), "other words" (one overlaps with
    other offsets), "no answer" (found, not resolved) or "wrong pick" (resolved more than 161 km away)."""
    hit = by_span.get((g["start"], g["end"]))
    if hit is None:
        overlaps = any(t.start < g["end"] and g["start"] < t.end for t in found)
        return "other words" if overlaps else "not found"
    e = hit[1].entry
    if e is None or e.lat is None:
        return "no answer"
    return "right" if distance_km(e.lat, e.lon, g["lat"], g["lon"]) <= ACC_KM else "wrong pick"


def run_geo_eval(shared_dir, limit: Optional[int] = None, recognition: bool = True) -> dict:
    """Evaluate on ``<shared_dir>/gold/geo/{lgl,tr_news,gwn}.dev.jsonl``; ``limit`` documents per corpus.

    Returns ``{corpus: metrics}`` (see :func:`eval_corpus`).
    """
    root = Path(shared_dir) / "gold" / "geo"
    if not root.is_dir():
        raise InputError(str(root), "no geoparsing gold folder here")
    gaz = default_gazetteer()
    results = {}
    for name in CORPORA:
        path = root / f"{name}.dev.jsonl"
        if path.exists():
            results[name] = eval_corpus(load_corpus(path, limit), gaz=gaz, recognition=recognition)
    if not results:
        raise InputError(str(root), "no *.dev.jsonl corpora found")
    return results


def format_table(results: dict) -> str:
    """The metrics as a plain-text table, one corpus a row."""
    head = (f"{'corpus':<9} {'docs':>5} {'gold':>5} | {'rec P':>6} {'rec R':>6} {'rec F1':>6} {'ovl F1':>6} | "
            f"{'exact':>6} {'@161km':>6} {'mean km':>8} {'median':>7} {'cover':>6} {'ceil.':>6}")
    lines = [head, "-" * len(head)]
    for name, m in results.items():
        rec = m.get("recognition")
        r = m["resolution"]
        rs = (f"{rec['strict']['precision']:>6.1%} {rec['strict']['recall']:>6.1%} {rec['strict']['f1']:>6.1%} "
              f"{rec['overlap']['f1']:>6.1%}") if rec else f"{'-':>6} {'-':>6} {'-':>6} {'-':>6}"
        mean = f"{r['mean_km']:>8.0f}" if r["mean_km"] is not None else f"{'-':>8}"
        med = f"{r['median_km']:>7.0f}" if r["median_km"] is not None else f"{'-':>7}"
        lines.append(f"{name:<9} {m['documents']:>5} {m['gold_toponyms']:>5} | {rs} | "
                     f"{r['exact_id']:>6.1%} {r['acc_161km']:>6.1%} {mean} {med} {r['coverage']:>6.1%} "
                     f"{r['ceiling_161km']:>6.1%}")
    return "\n".join(lines)


def print_geo_eval(results: dict) -> None:
    """Print :func:`format_table` of ``run_geo_eval`` results."""
    print(format_table(results))


def format_end_to_end(results: dict) -> str:
    """The end-to-end figures, one row per corpus and part (all documents, tuned part, held-out part)."""
    head = (f"{'corpus':<9} {'part':<9} {'gold':>5} | {'rec P':>6} {'rec R':>6} {'rec F1':>6} | {'@161km':>6} | "
            "misses by cause")
    lines = [head, "-" * len(head)]
    for name, m in results.items():
        e2e = m.get("end_to_end")
        if not e2e:
            continue
        for part in EndToEnd.PARTS:
            r = e2e[part]
            causes = ", ".join(f"{k} {v}" for k, v in r["misses_by_cause"].items())
            lines.append(f"{name:<9} {part:<9} {r['gold']:>5} | {r['precision']:>6.1%} {r['recall']:>6.1%} "
                         f"{r['f1']:>6.1%} | {r['acc_161km']:>6.1%} | {causes}")
    return "\n".join(lines)
