#!/usr/bin/env python
"""Informal check of the CAMEO verb coder against PETRARCH's validation records.

For each ``<Sentence>`` of a PETRARCH validation file, the text is parsed with spaCy and every verb is coded
with :meth:`VerbDictionary.match`. The sentence's code is the dictionary's verb transformation of a verb
and the clause it governs when one applies ("said it attacked" -> 015, :meth:`VerbDictionary.combine`),
else the code of the *main* verb: is the first verb (breadth-first from the root) that gets
a code. Reported: how often the main verb's code is one of the gold event codes, how often any verb's code
is, and the same at the level of the CAMEO root (first two digits). Actors are not coded here (see
``sitrep eval petrarch``).

Usage:
  .venv/bin/python scripts/eval_cameo_verbs.py                       # both suites, default files
  .venv/bin/python scripts/eval_cameo_verbs.py --suite validate -v   # list the misses
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "gold" / "petrarch"

SUITES = {
    # name: (records file, verb dictionary or None for the shipped Phoenix dictionary)
    "validate": ("PETR_Validate_records_2_02.xml", "PETR_Validate_verbs_2_02.txt"),
    "gsr": ("PETR2_GSR_validation.xml", None),
}


@dataclass
class Record:
    id: str
    text: str
    codes: set[str]
    evaluate: bool


_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_records(path: Path) -> list[Record]:
    """Tolerant reader: the files are not well-formed XML (banners, self-closing <Sentence/> with children)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    records = []
    for chunk in re.split(r"(?=<Sentence\s)", raw)[1:]:
        head = chunk[: chunk.index(">")]
        attrs = dict(_ATTR.findall(head))
        text_m = re.search(r"<Text>(.*?)</Text>", chunk, flags=re.S)
        if not text_m:
            continue
        codes = set()
        for ec in re.findall(r"<EventCoding\s([^>]*)>", chunk):
            a = dict(_ATTR.findall(ec))
            if a.get("eventcode"):
                codes.add(a["eventcode"])
        text = " ".join(html.unescape(text_m.group(1)).split())
        records.append(Record(attrs.get("id", "?"), text, codes, attrs.get("evaluate", "true") != "false"))
    return records


def verbs_in_order(doc):
    """Verb tokens breadth-first from each sentence root (the main verb first)."""
    for sent in doc.sents:
        queue = deque([sent.root])
        while queue:
            t = queue.popleft()
            if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
                yield t
            queue.extend(t.children)


def main_code(matches) -> str | None:
    """The sentence's event code: the first coded verb, passing over statements (CAMEO 01x: "said",
    "reported") when another verb is coded -- PETRARCH likewise lets the reported event win over SAY."""
    for m in matches:
        if not m.code.startswith("01"):
            return m.code
    return matches[0].code if matches else None


def transformed_code(verbs, doc) -> str | None:
    """The first code the dictionary's verb transformations give a verb and the clause it governs
    ("Hamas said it attacked" -> 015). Who the lower clause's subject is, is guessed from syntax: none for
    an xcomp ("wants to attack"), the same actor for a pronoun ("said it"), another actor otherwise."""
    for upper_tok in verbs_in_order(doc):
        upper = verbs.match(upper_tok, include_null=True)
        if upper is None:
            continue
        for child in upper_tok.children:
            if child.dep_ not in ("ccomp", "xcomp"):
                continue
            lower = verbs.match(child)
            if lower is None:
                continue
            subj = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            source = "none" if not subj else ("same" if subj[0].pos_ == "PRON" else "other")
            combined = verbs.combine(upper, lower, source)
            if combined:
                return combined[0]
    return None


def evaluate(suite: str, verbose: bool = False, nlp=None, transform: bool = True) -> dict:
    from sitrep.dictionaries.cameo import VerbDictionary

    records_name, verbs_name = SUITES[suite]
    verbs = VerbDictionary.from_file(GOLD / verbs_name) if verbs_name else VerbDictionary.load_default()
    if nlp is None:
        from sitrep.nlp.load import load_nlp

        nlp = load_nlp()
    records = [r for r in read_records(GOLD / records_name) if r.evaluate and r.codes]
    main_hit = any_hit = root_hit = coded = 0
    for rec, doc in zip(records, nlp.pipe(r.text for r in records)):
        found = []
        for tok in verbs_in_order(doc):
            m = verbs.match(tok)
            if m is not None:
                found.append((tok, m))
        if found:
            coded += 1
        main = (transformed_code(verbs, doc) if transform else None) or main_code([m for _, m in found])
        ok = main in rec.codes
        main_hit += ok
        any_hit += any(m.code in rec.codes for _, m in found)
        root_hit += main is not None and any(main[:2] == c[:2] for c in rec.codes)
        if verbose and not ok:
            got = ", ".join(f"{t.text}={m.code}" for t, m in found[:4]) or "-"
            print(f"  {rec.id:24} gold={','.join(sorted(rec.codes)):10} got {got} | {rec.text[:90]}")
    n = len(records)
    return {"suite": suite, "sentences": n, "coded": coded, "main": main_hit, "any": any_hit, "root": root_hit}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="share of PETRARCH validation sentences whose verb code is right")
    ap.add_argument("--suite", choices=sorted(SUITES), action="append")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the sentences coded wrong")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    for suite in args.suite or sorted(SUITES, reverse=True):
        r = evaluate(suite, args.verbose)
        n = r["sentences"]
        print(f"{suite}: {n} sentences with events; sentence code right {r['main']}/{n} = {r['main'] / n:.1%}; "
              f"any verb right {r['any'] / n:.1%}; 2-digit root right {r['root'] / n:.1%}; "
              f"some verb coded {r['coded'] / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
