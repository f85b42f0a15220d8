"""The geoparser's whole output on the geo dev files, one line per toponym, and its digest: run it before and
after a change meant to make the geoparser faster (or a merge), and compare the files.

    python benchmarks/geo_digest.py OUT.txt [--parses PARSES.spacy] [--gazetteer INDEX.sqlite]

Each line holds a document's index and, for every toponym :func:`~sitrep.geo.toponyms.find_toponyms` finds,
its offsets, text, hint, kind, direction, container, the entry :func:`~sitrep.geo.resolver.resolve_toponyms`
picks with its score and margin written to the last digit; then the place mentions and focus place of
:func:`~sitrep.geo.geoparse.geoparse`. ``--parses`` keeps the spaCy parses in a DocBin file (made on the
first run, read on the next) so that two runs compare the geoparser alone on the same parses.

Two runs agree to the last digit only with the same hash seed (``PYTHONHASHSEED=0``: a name's lookup keys
are a set, and the order of its candidates moves the last digit of sums) and the same index file
(``--gazetteer``: the order of rows under one name depends on the process that built the index).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("lgl", "tr_news", "gwn")


def parses(nlp, texts: list[str], path: str | None) -> list:
    """The parses of ``texts``, read from ``path`` when it exists, else made (and written there)."""
    from spacy.tokens import DocBin

    if path and Path(path).exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    if path:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return docs


def lines(i: int, doc, gaz) -> list[str]:
    """The digest lines of one document."""
    from sitrep.geo.geoparse import geoparse
    from sitrep.geo.resolver import resolve_toponyms
    from sitrep.geo.toponyms import find_toponyms

    toponyms = find_toponyms(doc, gaz, demonyms=True)
    out = []
    for t, r in zip(toponyms, resolve_toponyms(toponyms, gaz)):
        out.append(json.dumps([i, t.start, t.end, t.text, t.hint, t.kind, t.direction, t.within, t.phrase_start,
                               r.entry.geonameid if r.entry else None, repr(r.score), repr(r.margin)]))
    mentions, focus = geoparse(doc, gaz)
    out.append(json.dumps([i, "geoparse", [(m.start, m.end, m.text, repr(m.place)) for m in mentions],
                           repr(focus)]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="where to write the lines")
    ap.add_argument("--parses", help="DocBin file of the parses (made when missing)")
    ap.add_argument("--gazetteer", help="an index file (default: the cache's)")
    ap.add_argument("--shared", default=str(SHARED), help="folder holding gold/geo")
    args = ap.parse_args()

    from sitrep.geo.gazetteer import Gazetteer, default_gazetteer
    from sitrep.nlp.load import load_nlp

    texts = [json.loads(line)["text"] for name in CORPORA
             for line in (Path(args.shared) / "gold" / "geo" / f"{name}.dev.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    docs = parses(load_nlp(), texts, args.parses)
    gaz = Gazetteer(Path(args.gazetteer), build_if_missing=False) if args.gazetteer else default_gazetteer()
    t = time.perf_counter()
    out = [line for i, doc in enumerate(docs) for line in lines(i, doc, gaz)]
    secs = time.perf_counter() - t
    Path(args.out).write_text("\n".join(out) + "\n", "utf-8")
    digest = hashlib.sha256(Path(args.out).read_bytes()).hexdigest()[:16]
    print(f"{len(docs)} documents, {len(out)} lines in {secs:.1f} s; sha256 {digest}")


if __name__ == "__main__":
    main()
