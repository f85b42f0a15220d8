"""The evaluation suites of ``sitrep eval``. Each ``run_<suite>(shared, limit)`` returns a JSON-ready dict
with a ``headline`` (the figures the table prints) and details (per category / per label / confusions).

- ``petrarch``: UD-PETRARCH functional validation (``PETR_Validate_records_2_02.xml``) coded with its own
  fictional dictionaries. Scored as UD-PETRARCH's ``validation.py``: a record's expected codings
  (source, target, CAMEO code) found exactly = correct, the rest uncoded; produced non-null codings not
  expected = extra. correct% = correct / (correct + uncoded); extra% = extra / records. A ``noevents``
  record is correct when nothing is coded. Same-triple duplicates from one sentence count once.
- ``petrarch-gsr``: the 78 real sentences of ``PETR2_GSR_validation.xml`` with Sitrep's default (Phoenix)
  dictionaries: the same exact score plus dyad accuracy (source + target + CAMEO root) and event-code
  accuracy (the expected code produced, whoever the actors).
- ``plover``: the 322 PLOVER gold records: PLOVER type of the dictionary coder (the sentence's most
  confident event), of the classifier (k-fold cross-validated: never scored on records it trained on),
  and of the combination; source / target country + sector accuracy; ACLED types derived from PLOVER
  (event, mode) where unambiguous (``data/codebook/plover_to_acled.tsv``).
- ``cameo5``: ConfliBERT's 5-way CAMEO class: classifier by stratified 5-fold cross-validation, and the
  dictionary coder's CAMEO root mapped to the 5 classes (no training).
- ``seed``: share of the founding example's ``must`` and ``should`` facts found, and the extracted events,
  figures and relations that match no expected fact (``precision``; headline: unmatched events per
  expected event, see :func:`sitrep.evaluate.seed.precision`).
- ``reports``: the dev set of real reports (``benchmarks/data/reports``, issue 10): must/should recall,
  tallies, events per annotated incident, fusion pairwise recall and wrong merges, per split
  (:mod:`sitrep.evaluate.reports`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import SitrepError
from ..model import Document, Result, parse_published
from .case2021 import run_case2021
from .common import _pipeline, subset
from .metrics import classification_report, share
from .readers import (
    NULL_CODE,
    Coding,
    PetrarchRecord,
    read_cameo5,
    read_json,
    read_petrarch,
    read_plover,
)

PETR_DIR = Path("gold/petrarch")
VALIDATE_FILE = "PETR_Validate_records_2_02.xml"
GSR_FILE = "PETR2_GSR_validation.xml"
# CAMEO root -> ConfliBERT 5-way class (0 statement/appeal/intent, 1 consult/diplomatic cooperation,
# 2 material cooperation/aid/yield, 3 verbal conflict, 4 material conflict)
CAMEO5_OF_ROOT = {
    "01": 0, "02": 0, "03": 0, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2,
    "09": 3, "10": 3, "11": 3, "12": 3, "13": 3,
    "14": 4, "15": 4, "16": 4, "17": 4, "18": 4, "19": 4, "20": 4,
}


def _need(shared: Path, rel: Path) -> Path:
    p = Path(shared) / rel
    if not p.exists():
        raise SitrepError(f"{p}: gold file not found (is --shared the folder holding gold/?)")
    return p


def _run(pipeline, docs: list[Document]) -> list[Result]:
    return list(pipeline.pipe(docs))


# --- PETRARCH --------------------------------------------------------------------------------------

def produced_codings(result: Result) -> list[Coding]:
    """Non-null (source, target, CAMEO code) triples of a result, each distinct triple once.

    Events without any actor (Sitrep records "Hospitals have been bombed" or "the peace talks" as
    events of their own) have no dyad, so they have no PETRARCH form: PETRARCH codes a verb phrase
    only with a source or a target. They are left out, on both sides of the score."""
    from ..stages.incidents import associated

    out: dict[tuple, Coding] = {}
    for e in result.events:
        code = e.type.cameo
        if not code or code.startswith(NULL_CODE):
            continue
        for a1, a2 in associated(e):  # an incident's coordinated actors are dyads of their own
            if not (a1 and a1.code) and not (a2 and a2.code):
                continue
            c = Coding((a1.code if a1 and a1.code else NULL_CODE), (a2.code if a2 and a2.code else NULL_CODE), code)
            out.setdefault((c.source, c.target, c.event), c)
    return list(out.values())


def _match(expected: list[Coding], produced: list[Coding], key: Callable[[Coding], tuple]) -> int:
    """Expected codings found in ``produced`` under ``key`` (each produced coding used once)."""
    pool = Counter(key(p) for p in produced)
    found = 0
    for e in expected:
        k = key(e)
        if pool[k] > 0:
            pool[k] -= 1
            found += 1
    return found


KEYS: dict[str, Callable[[Coding], tuple]] = {
    "exact": lambda c: (c.source, c.target, c.event),
    "dyad_root": lambda c: (c.source, c.target, c.root),
    "event_code": lambda c: (c.event,),
    "event_root": lambda c: (c.root,),
}


def score_petrarch(records: list[PetrarchRecord], results: list[Result]) -> dict:
    cats: dict[str, Counter] = defaultdict(Counter)
    items = []
    for rec, res in zip(records, results):
        prod = produced_codings(res)
        row = Counter(records=1, expected=max(1, len(rec.codings)), produced=len(prod))
        if rec.noevents:
            for k in KEYS:
                row[f"found_{k}"] = 1 if not prod else 0
            row["extra"] = len(prod)
        else:
            for k, key in KEYS.items():
                row[f"found_{k}"] = _match(rec.codings, prod, key)
            row["extra"] = len(prod) - _match(prod, rec.codings, KEYS["exact"])
        cats[rec.category].update(row)
        cats["Total"].update(row)
        if row["found_exact"] < row["expected"] or row["extra"]:
            items.append({"id": rec.id, "text": rec.text,
                          "expected": ["noevents"] if rec.noevents else [vars(c) for c in rec.codings],
                          "produced": [vars(c) for c in prod]})

    def pct(c: Counter) -> dict:
        return {
            "records": c["records"], "expected": c["expected"], "correct": c["found_exact"],
            "uncoded": c["expected"] - c["found_exact"], "extra": c["extra"],
            "correct_share": share(c["found_exact"], c["expected"]),
            "extra_share": share(c["extra"], c["records"]),
            "dyad_root_share": share(c["found_dyad_root"], c["expected"]),
            "event_code_share": share(c["found_event_code"], c["expected"]),
            "event_root_share": share(c["found_event_root"], c["expected"]),
        }

    return {"categories": {k: pct(v) for k, v in cats.items() if k != "Total"}, "total": pct(cats["Total"]),
            "errors": items}


def _petrarch_lexicons(suite):
    from ..dictionaries.actors import ActorDictionary, AgentDictionary
    from ..dictionaries.bundle import Lexicons
    from ..dictionaries.cameo import VerbDictionary
    from ..dictionaries.codebook import Codebook

    env, base = suite.environment, suite.path.parent
    files = lambda key: [base / f.strip() for f in env.get(key, "").split(",") if f.strip()]  # noqa: E731
    for p in files("Verbfile") + files("Actorfile") + files("Agentfile"):
        if not p.exists():
            raise SitrepError(f"{p}: dictionary named in {suite.path.name} not found")
    return Lexicons(
        actors=ActorDictionary.from_files(files("Actorfile")),
        agents=AgentDictionary.from_files(files("Agentfile")),
        verbs=VerbDictionary.from_file(files("Verbfile")[0]),
        vocab=Codebook.load_default(),
    )


def _petrarch_docs(records: list[PetrarchRecord]) -> list[Document]:
    return [Document(id=r.id, text=r.text, published=parse_published(r.published)) for r in records]


def _petrarch_headline(t: dict) -> dict:
    """The same four measures for both PETRARCH suites: exact codings found (recall), extra codings per
    record (over-generation), and the two looser recalls (dyad + CAMEO root; the CAMEO code alone)."""
    return {"correct": t["correct_share"], "extra_per_record": t["extra_share"],
            "dyad_root": t["dyad_root_share"], "event_code": t["event_code_share"]}


def run_petrarch(shared: Path, limit: Optional[int] = None) -> dict:
    suite = read_petrarch(_need(shared, PETR_DIR / VALIDATE_FILE))
    records = subset(suite.evaluable(), limit)
    results = _run(_pipeline(_petrarch_lexicons(suite), classify=False), _petrarch_docs(records))
    s = score_petrarch(records, results)
    t = s["total"]
    return {
        "suite": "petrarch", "file": VALIDATE_FILE, "records": len(records),
        "dictionaries": "the suite's own PETR_Validate_*_2_02.txt (fictional actors)",
        "headline": _petrarch_headline(t),
        "anchor": {"UD-PETRARCH correct": 0.683, "UD-PETRARCH extra": 0.23},
        **s,
    }


def run_petrarch_gsr(shared: Path, limit: Optional[int] = None) -> dict:
    suite = read_petrarch(_need(shared, PETR_DIR / GSR_FILE))
    records = subset(suite.evaluable(), limit)
    results = _run(_pipeline(classify=False), _petrarch_docs(records))
    s = score_petrarch(records, results)
    t = s["total"]
    return {
        "suite": "petrarch-gsr", "file": GSR_FILE, "records": len(records),
        "dictionaries": "Sitrep's default (Phoenix-based) dictionaries",
        "headline": _petrarch_headline(t),
        **s,
    }


# --- PLOVER -----------------------------------------------------------------------------------------

def main_event(result: Result):
    """The event a one-sentence result is scored by: the most confident, first in the text on ties."""
    evs = [e for e in result.events if e.type.plover]
    if not evs:
        return None
    return max(enumerate(evs), key=lambda ie: (ie[1].confidence, -ie[0]))[1]


def _actor_ok(actor, gold_actors, field: str) -> bool:
    """Whether ``actor`` agrees with one of the gold actors on ``field`` ("country" or "sector").

    Country: the actor's ISO country, or the start of its CAMEO code (IGO..., NGO...), equals the gold
    code. Sector: equal, with "no sector" in the gold matching an actor without one. "both": one gold
    actor agrees on country and sector.
    """
    if actor is None:
        return False
    for g in gold_actors:
        gc = g.country or ""
        country = bool(gc) and (actor.country == gc or (actor.code or "").startswith(gc))
        # no sector in the gold means a plain country actor: the coder must not add one either
        sector = (g.sector or None) == (actor.sector or None)
        if {"country": country, "sector": sector, "both": country and sector}[field]:
            return True
    return False


def run_plover(shared: Path, limit: Optional[int] = None, classifier: bool = True) -> dict:
    from ..classify.labels import plover_2021

    records = read_plover(_need(shared, Path("gold/plover/PLOVER_GSR_CAMEO.json")))
    records = subset(records, limit)
    gold = [plover_2021(r.event) for r in records]
    docs = [Document(id=r.id, text=r.text, published=parse_published(r.date)) for r in records]
    # the dictionary coder alone: the shipped classifier was trained on these records (never scored here)
    results = _run(_pipeline(classify=False), docs)
    mains = [main_event(res) for res in results]
    dict_pred = [e.type.plover if e else None for e in mains]
    any_found = sum(g in {e.type.plover for e in res.events} for g, res in zip(gold, results))
    out: dict = {"suite": "plover", "records": len(records), "label_set": "PLOVER 2021 (v0.5 names converted)"}
    out["dictionary"] = classification_report(gold, dict_pred).to_dict()
    out["dictionary_any_event"] = share(any_found, len(records))

    actors = _plover_actor_scores(mains, records)
    out["actors"] = actors
    derived, et_idx, se_idx = _plover_acled_derived(records, mains, out)
    headline = {"dict_plover_macro_f1": out["dictionary"]["macro"]["f1"],
                "dict_plover_accuracy": out["dictionary"]["accuracy"],
                "source_country_sector": actors["source_country_sector"]["accuracy"],
                "target_country_sector": actors["target_country_sector"]["accuracy"]}

    if classifier and not limit:
        cv = _classifier_cv_plover(shared, records, gold, dict_pred, derived, et_idx, se_idx, out)
        headline.update(cv)
        headline.update(_pipeline_cv_plover(records, docs, gold, derived, et_idx, se_idx, out))
    out["acled_derived"].pop("_dict_et")
    out["acled_derived"]["n_event_type"] = len(et_idx)
    out["acled_derived"]["n_sub_event_type"] = len(se_idx)
    out["headline"] = headline
    out["headline_n"] = {k: _plover_headline_n(k, et_idx, se_idx, actors, len(records)) for k in headline}
    return out


def _plover_headline_n(key: str, et_idx: list, se_idx: list, actors: dict, n_records: int) -> int:
    """How many records a PLOVER headline figure was scored on."""
    if "acled_event" in key:
        return len(et_idx)
    if "acled_sub" in key:
        return len(se_idx)
    if key.startswith("source"):
        return actors["source_country_sector"]["n"]
    if key.startswith("target"):
        return actors["target_country_sector"]["n"]
    return n_records


def _plover_actor_scores(mains: list, records: list) -> dict:
    """Source and target actor country, sector and both, of each record's main event against the gold."""
    actors = {}
    for role in ("source", "target"):
        attr = "actor1" if role == "source" else "actor2"
        sel = [(m, getattr(r, role)) for m, r in zip(mains, records) if getattr(r, role)]
        for fld in ("country", "sector", "both"):
            ok = sum(_actor_ok(getattr(m, attr, None) if m else None, g, fld) for m, g in sel)
            key = f"{role}_{fld}" if fld != "both" else f"{role}_country_sector"
            actors[key] = {"n": len(sel), "accuracy": share(ok, len(sel))}
    return actors


def _plover_acled_derived(records: list, mains: list, out: dict) -> tuple[list, list, list]:
    """ACLED labels derived from PLOVER (event, mode) and the dictionary coder's scores on them."""
    from ..classify.labels import NONE_LABEL, acled_from_plover

    derived = [acled_from_plover(r.event, r.mode) for r in records]
    et_idx = [i for i, (et, _) in enumerate(derived) if et]
    se_idx = [i for i, (et, se) in enumerate(derived) if se or et == NONE_LABEL]
    dict_et = [(m.type.acled_event_type if m and m.type.acled_event_type else NONE_LABEL) for m in mains]
    dict_se = [(m.type.acled_sub_event_type if m and m.type.acled_sub_event_type else NONE_LABEL) for m in mains]
    se_gold = [derived[i][1] or NONE_LABEL for i in se_idx]
    out["acled_derived"] = {
        "note": "gold ACLED types derived from PLOVER (event, mode) via data/codebook/plover_to_acled.tsv",
        "dictionary_event_type": classification_report([derived[i][0] for i in et_idx],
                                                       [dict_et[i] for i in et_idx]).to_dict(),
        "dictionary_sub_event_type": classification_report(se_gold, [dict_se[i] for i in se_idx]).to_dict(),
        "_dict_et": dict_et,
    }
    return derived, et_idx, se_idx


def _classifier_cv_plover(shared, records, gold, dict_pred, derived, et_idx, se_idx, out) -> dict:
    """Cross-validated classifier scores on the PLOVER records, and the dictionary+classifier combination."""
    from ..classify.embed import load_encoder

    enc = load_encoder()
    ex, p_folds = _plover_head_cv(shared, enc, records, gold, dict_pred, out)
    ax, a_folds, a_full = _acled_head_cv(shared, enc, records, derived, et_idx, se_idx, out)
    # the fold heads, for the pipeline's cross-validated run (_pipeline_cv_plover)
    out["_folds"] = _record_folds(records, ex, p_folds, ax, a_folds, a_full, enc)
    return {
        "cls_plover_macro_f1": out["classifier_cv"]["macro"]["f1"],
        "cls_plover_accuracy": out["classifier_cv"]["accuracy"],
        "combined_plover_macro_f1": out["combined_dictionary_then_classifier"]["macro"]["f1"],
        "dict_acled_event_acc": out["acled_derived"]["dictionary_event_type"]["accuracy"],
        "cls_acled_event_acc": out["acled_derived"]["classifier_cv_event_type"]["accuracy"],
        "combined_acled_event_acc": out["acled_derived"]["combined_event_type"]["accuracy"],
        "dict_acled_sub_acc": out["acled_derived"]["dictionary_sub_event_type"]["accuracy"],
        "cls_acled_sub_acc": out["acled_derived"]["classifier_cv_sub_event_type"]["accuracy"],
    }


def _plover_head_cv(shared, enc, records, gold, dict_pred, out) -> tuple:
    """The PLOVER head scored out of fold, alone and behind the dictionary; returns its examples and folds."""
    from .train import FOLDS, fold_heads, out_of_fold, plover_examples

    ex = plover_examples(shared)
    X = enc.encode(ex.texts)
    p_folds = fold_heads(X, ex)
    g, p, sc = out_of_fold(X, ex, p_folds)
    by_text: dict[str, tuple] = {}
    for t, pr, score in zip([ex.texts[i] for i, f in enumerate(ex.fixed) if not f], p, sc):
        by_text.setdefault(t, (pr, score))
    cls = [by_text.get(r.text, (None, 0.0)) for r in records]
    cls_pred = [c[0] for c in cls]
    combined = [d if d else c for d, c in zip(dict_pred, cls_pred)]
    out["classifier_cv"] = classification_report(gold, cls_pred).to_dict()
    out["classifier_cv"]["protocol"] = (f"stratified {FOLDS}-fold cross-validation, near-duplicates in one fold; "
                                        "codebook descriptions always in training")
    out["combined_dictionary_then_classifier"] = classification_report(gold, combined).to_dict()
    # exploratory: the classifier overrides the dictionary when its probability reaches t (chosen on
    # these same records, so the best t is optimistic; reported as a curve, not as a headline)
    curve = {}
    for thr in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        pred_t = [c[0] if (c[1] >= thr or not d) else d for d, c in zip(dict_pred, cls)]
        r = classification_report(gold, pred_t)
        curve[str(thr)] = {"accuracy": r.accuracy, "macro_f1": r.macro["f1"]}
    out["override_curve_in_sample"] = curve
    return ex, p_folds


def _acled_head_cv(shared, enc, records, derived, et_idx, se_idx, out) -> tuple:
    """The ACLED head scored out of fold on the PLOVER-derived labels, alone and behind the dictionary;
    returns its examples, fold heads and the head trained on all ACLED examples."""
    from ..classify.labels import NONE_LABEL, acled_event_type
    from .train import acled_examples, fold_heads, out_of_fold, train_head

    ax = acled_examples(shared)
    XA = enc.encode(ax.texts)
    a_folds = fold_heads(XA, ax)
    ag, ap, _ = out_of_fold(XA, ax, a_folds)
    a_by_text: dict[str, Optional[str]] = {}
    for t, pr in zip([ax.texts[i] for i, f in enumerate(ax.fixed) if not f], ap):
        a_by_text.setdefault(t, pr)
    se_gold = [derived[i][1] or NONE_LABEL for i in se_idx]
    se_pred = [a_by_text.get(records[i].text) for i in se_idx]
    out["acled_derived"]["classifier_cv_sub_event_type"] = classification_report(se_gold, se_pred).to_dict()
    # event type of every record with a derived event type; records not in the ACLED training set
    # (event type known, sub-event not) get a prediction from a head trained on all ACLED examples
    missing = [i for i in et_idx if records[i].text not in a_by_text]
    a_full = train_head(XA, ax.texts, ax.labels)
    if missing:
        texts = [records[i].text for i in missing]
        for i, (lab, _) in zip(missing, a_full.predict(a_full.features(enc.encode(texts), texts))):
            a_by_text[records[i].text] = lab
    et_gold = [derived[i][0] for i in et_idx]
    et_pred = [acled_event_type(a_by_text.get(records[i].text)) or NONE_LABEL for i in et_idx]
    out["acled_derived"]["classifier_cv_event_type"] = classification_report(et_gold, et_pred).to_dict()
    # combination: the dictionary's ACLED type when its main event has one, else the classifier's
    dict_et = out["acled_derived"]["_dict_et"]
    comb = [d if d != NONE_LABEL else c for d, c in zip([dict_et[i] for i in et_idx], et_pred)]
    out["acled_derived"]["combined_event_type"] = classification_report(et_gold, comb).to_dict()
    out["acled_derived"]["classifier_event_type_note"] = (
        f"{len(missing)} of {len(et_idx)} records (event type derivable, sub-event not) are not in the ACLED "
        "training set and are scored with the head trained on all ACLED examples: still held out")
    return ax, a_folds, a_full


def _record_folds(records, ex, p_folds, ax, a_folds, a_full, encoder) -> list:
    """For each record, a classifier whose PLOVER and ACLED heads were both trained without it: the heads
    of the folds holding it out (the ACLED head trained on all ACLED examples for records outside the
    ACLED training set). Classifiers are shared between records with the same pair of folds."""
    from ..classify import Classifier

    def fold_of(folds, examples, text):
        for k, (_, held) in enumerate(folds):
            if any(examples.texts[i] == text for i in held):
                return k
        return None

    made: dict = {}
    out = []
    for r in records:
        key = (fold_of(p_folds, ex, r.text), fold_of(a_folds, ax, r.text))
        if key[0] is None:
            raise SitrepError(f"record {r.id}: not in any PLOVER cross-validation fold")
        if key not in made:
            acled = a_folds[key[1]][0] if key[1] is not None else a_full
            made[key] = Classifier.from_heads(p_folds[key[0]][0], acled, encoder)
        out.append(made[key])
    return out


def _pipeline_cv_plover(records, docs, gold, derived, et_idx, se_idx, out) -> dict:
    """What users get, cross-validated: the full pipeline (dictionary + ``classify`` stage) run on each
    record with classifier heads trained without that record, scored like the dictionary rows."""
    from ..classify.labels import NONE_LABEL
    from ..stages import classify as typing_

    classifiers = out.pop("_folds")
    results: list = [None] * len(records)
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(classifiers):
        groups.setdefault(id(c), []).append(i)
    for idx in groups.values():
        for i, res in zip(idx, _run(_pipeline(classifier=classifiers[idx[0]]), [docs[i] for i in idx])):
            results[i] = res
    mains = [main_event(res) for res in results]
    pred = [e.type.plover if e else None for e in mains]
    et = [(m.type.acled_event_type if m and m.type.acled_event_type else NONE_LABEL) for m in mains]
    se = [(m.type.acled_sub_event_type if m and m.type.acled_sub_event_type else NONE_LABEL) for m in mains]
    se_gold = [derived[i][1] or NONE_LABEL for i in se_idx]
    rep: dict[str, Any] = {
        "protocol": ("the default pipeline (classify stage: PLOVER the dictionary's, ACLED policy "
                     f"{typing_.ACLED_POLICY!r}; the dictionary's ACLED type stands for CAMEO prefixes of "
                     f"{typing_.SPECIFIC_PREFIX}+ digits and actor-conditioned rules) with per-record classifier "
                     "heads trained without the record"),
        "plover": classification_report(gold, pred).to_dict(),
        "acled_event_type": classification_report([derived[i][0] for i in et_idx], [et[i] for i in et_idx]).to_dict(),
        "acled_sub_event_type": classification_report(se_gold, [se[i] for i in se_idx]).to_dict(),
        "coders": dict(Counter(m.coder if m else "(no event)" for m in mains)),
    }
    out["pipeline_cv"] = rep
    return {
        "pipeline_plover_macro_f1": rep["plover"]["macro"]["f1"],
        "pipeline_plover_accuracy": rep["plover"]["accuracy"],
        "pipeline_acled_event_acc": rep["acled_event_type"]["accuracy"],
        "pipeline_acled_event_macro_f1": rep["acled_event_type"]["macro"]["f1"],
        "pipeline_acled_sub_acc": rep["acled_sub_event_type"]["accuracy"],
        "pipeline_acled_sub_macro_f1": rep["acled_sub_event_type"]["macro"]["f1"],
    }


# --- ConfliBERT 5-way ---------------------------------------------------------------------------------

def run_cameo5(shared: Path, limit: Optional[int] = None, folds: int = 5, dictionary: bool = True) -> dict:
    from ..classify.embed import load_encoder
    from .train import Examples, cross_validate

    data = read_cameo5(_need(shared, Path("gold/conflibert/cameo_class_train.tsv")))
    data = subset(data, limit)
    ex = Examples()
    for s in data:
        ex.add(s.text, str(s.label), False, "cameo_class_train.tsv")
    X = load_encoder().encode(ex.texts)
    g, p, _ = cross_validate(X, ex, folds=folds)
    out: dict = {"suite": "cameo5", "records": len(data),
                 "protocol": f"stratified {folds}-fold cross-validation (seeded); a head per fold, "
                             "scored on the held-out fold",
                 "classifier_cv": classification_report(g, p).to_dict()}
    headline = {"cls_macro_f1": out["classifier_cv"]["macro"]["f1"], "cls_accuracy": out["classifier_cv"]["accuracy"]}
    if dictionary:
        results = _run(_pipeline(classify=False), [Document(id=f"c5-{i}", text=s.text) for i, s in enumerate(data)])
        pred = []
        for res in results:
            m = main_event(res) or next((e for e in res.events if e.type.cameo), None)
            root = (m.type.cameo or "")[:2] if m else ""
            pred.append(str(CAMEO5_OF_ROOT[root]) if root in CAMEO5_OF_ROOT else None)
        out["dictionary"] = classification_report([str(s.label) for s in data], pred).to_dict()
        headline["dict_macro_f1"] = out["dictionary"]["macro"]["f1"]
        headline["dict_accuracy"] = out["dictionary"]["accuracy"]
    out["headline"] = headline
    return out


# --- seed -----------------------------------------------------------------------------------------------

def run_seed(shared: Path, limit: Optional[int] = None) -> dict:
    from .seed import outcome_dicts, precision, score, summary

    expected = read_json(_need(shared, Path("seed/idlib-2020-03-05.expected.json")))
    text = _need(shared, Path("seed") / expected.get("document", "idlib-2020-03-05.txt")).read_text(encoding="utf-8")
    result = _pipeline()(Document(id=expected.get("document", "seed"), text=text, published=expected.get("published")))
    outcomes = score(result, expected)
    s = summary(outcomes)
    prec = precision(result, expected)
    ev = prec["events"]
    return {"suite": "seed", "records": len(outcomes), "summary": s,
            "headline": {"must": s["must"]["share"], "should": s["should"]["share"],
                         "extra_events_per_expected_event": ev["extra_per_expected"]},
            "headline_n": {"must": s["must"]["total"], "should": s["should"]["total"],
                           "extra_events_per_expected_event": ev["expected"]},
            "facts": outcome_dicts(outcomes), "precision": prec}


def run_reports(shared: Path, limit: Optional[int] = None) -> dict:
    from .reports import run_reports as _run_reports

    return _run_reports(shared, limit)


def run_geo(shared: Path, limit: Optional[int] = None) -> dict:
    from .geo import run_geo_eval

    corpora = run_geo_eval(shared, limit=limit)
    headline, counts = {}, {}
    for name, m in corpora.items():
        headline[f"{name}_acc161"] = m["resolution"]["acc_161km"]
        headline[f"{name}_exact_id"] = m["resolution"]["exact_id"]
        if "recognition" in m:  # strict span F1 of the toponyms found in the raw text
            headline[f"{name}_recognition_f1"] = m["recognition"]["strict"]["f1"]
        counts.update({k: m["gold_toponyms"] for k in headline if k.startswith(f"{name}_")})
    return {"suite": "geo", "records": sum(m["documents"] for m in corpora.values()), "corpora": corpora,
            "headline": headline, "headline_n": counts}


def run_geo_e2e(shared: Path, limit: Optional[int] = None) -> dict:
    """``sitrep eval geo --end-to-end``: recognition and resolution together (see evaluate.geo.EndToEnd)."""
    out = run_geo(shared, limit)
    out["suite"] = "geo-e2e"
    for name, m in out["corpora"].items():
        e2e = m["end_to_end"]
        for part in ("all", "held_out"):
            out["headline"][f"{name}_e2e_{part}_acc161"] = e2e[part]["acc_161km"]
            out["headline"][f"{name}_e2e_{part}_f1"] = e2e[part]["f1"]
            n_gold = e2e[part]["gold"]
            out["headline_n"][f"{name}_e2e_{part}_acc161"] = out["headline_n"][f"{name}_e2e_{part}_f1"] = n_gold
    return out


SUITES: dict[str, Callable[..., dict]] = {
    "petrarch": run_petrarch,
    "petrarch-gsr": run_petrarch_gsr,
    "plover": run_plover,
    "cameo5": run_cameo5,
    "seed": run_seed,
    "geo": run_geo,
    "reports": run_reports,
    "geo-e2e": run_geo_e2e,
    "case2021": run_case2021,
}
