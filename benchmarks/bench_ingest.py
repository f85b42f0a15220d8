"""Benchmark: ingest a synthetic corpus (default 2,000 articles) and compare with a bare spaCy parse.

    .venv/bin/python benchmarks/bench_ingest.py [--articles 2000] [--workers 2] [--db PATH]

Each phase runs in its own child process so that its peak memory is its own:

1. ``parse``: ``nlp.pipe`` over the same texts with ``n_process`` = workers (the floor: no Sitrep stages,
   no storage);
2. ``ingest``: ``sitrep.ingest.runner.ingest`` into a fresh SQLite database (read + de-duplicate +
   extract in a process pool + store + fuse);
3. ``reingest``: the same corpus again (everything is skipped as already stored).

Prints articles/s, peak RSS (the parent and its largest worker) and the ratio of ingest to the bare
parse, measured in one run. Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOWNS = ["Saraqib", "Ariha", "Maarat al-Numan", "Jisr al-Shughur", "Atarib", "Sarmin", "Binnish", "Kafr Nabl",
         "Idlib", "Aleppo", "Hama", "Homs", "Daraa", "Raqqa", "Deir ez-Zor", "Tal Abyad", "Afrin", "Manbij"]
ATTACKERS = ["Russian warplanes", "Syrian government forces", "Turkish drones", "Rebel fighters",
             "Islamic State militants", "Kurdish forces", "Israeli jets", "pro-government militias"]
TARGETS = ["civilians", "a market", "a hospital", "a school", "a displacement camp", "army positions",
           "a rebel checkpoint", "a bakery"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["Levant Wire", "Gulf Herald", "Northern Wire", "Anatolia Daily", "Syria Desk", "Aleppo Monitor"]


def synthetic_corpus(n: int, seed: int = 7) -> list[dict]:
    """``n`` distinct news-like articles of 4-7 sentences about the war in Syria."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        town, other = rng.sample(TOWNS, 2)
        attacker, target, day = rng.choice(ATTACKERS), rng.choice(TARGETS), rng.choice(DAYS)
        killed, injured = rng.randint(1, 40), rng.randint(0, 80)
        fled = rng.randint(2, 900) * 100
        sentences = [
            f"{attacker} struck {target} in {town} on {day}, killing {killed} people and wounding {injured}, "
            f"local rescuers said.",
            f"The attack was the deadliest in {town} since the offensive began, according to a war monitor.",
            f"Aid groups said some {fled} people had fled {town} and nearby villages towards {other} since January.",
            f"Officials in {other} said shelters were full and appealed for tents, food and blankets.",
        ]
        if rng.random() < 0.6:
            sentences.append(f"Turkey and Russia traded accusations over the fighting, and diplomats were due to "
                             f"meet in Moscow on {rng.choice(DAYS)}.")
        if rng.random() < 0.5:
            sentences.append(f"The United Nations said {rng.randint(1, 40) / 10:.1f} million people in the region "
                             f"depend on humanitarian aid.")
        if rng.random() < 0.4:
            sentences.append(f"Report number {i} was filed from {other}.")
        out.append({
            "text": " ".join(sentences),
            "published": f"2020-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
            "source": rng.choice(SOURCES),
            "url": f"https://bench.example/{i}",
            "title": f"{attacker} strike {town}",
        })
    return out


def _peak_mb() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest (finished) child process."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def phase_parse(corpus: Path, workers: int) -> dict:
    from sitrep.nlp.load import load_nlp

    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    nlp = load_nlp()
    t0 = time.perf_counter()
    n_words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=workers))
    seconds = time.perf_counter() - t0
    own, kids = _peak_mb()
    return {"articles": len(texts), "seconds": seconds, "tokens": n_words, "peak_mb": own, "peak_worker_mb": kids}


def phase_ingest(corpus: Path, workers: int, db: str) -> dict:
    from sitrep.ingest.runner import ingest
    from sitrep.store import Store

    with Store(db) as store:
        t0 = time.perf_counter()
        stats = ingest([str(corpus)], store, workers=workers, progress=sys.stderr.isatty())
        seconds = time.perf_counter() - t0
        counts = store.counts()
    own, kids = _peak_mb()
    return {"articles": stats.read, "added": stats.added, "skipped": stats.duplicates, "errors": len(stats.errors),
            "seconds": seconds, "events": counts["events"], "fused_events": counts["fused_events"],
            "series_points": counts["series"], "peak_mb": own, "peak_worker_mb": kids}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark phase {args[:2]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", help="database to ingest into (default: a new SQLite file in a temp dir)")
    ap.add_argument("--phase", choices=["parse", "ingest"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.phase == "parse":
        print(json.dumps(phase_parse(Path(args.corpus), args.workers)))
        return
    if args.phase == "ingest":
        print(json.dumps(phase_ingest(Path(args.corpus), args.workers, args.db)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    corpus = tmp / "corpus.jsonl"
    with corpus.open("w") as fh:
        for record in synthetic_corpus(args.articles):
            fh.write(json.dumps(record) + "\n")
    db = args.db or str(tmp / "bench.db")
    common = ["--corpus", str(corpus), "--workers", str(args.workers)]
    parse = _child(["--phase", "parse", *common])
    first = _child(["--phase", "ingest", *common, "--db", db])
    again = _child(["--phase", "ingest", *common, "--db", db])

    def rate(r: dict, n: str = "articles") -> float:
        return r[n] / r["seconds"]

    print(f"corpus: {args.articles} synthetic articles, {parse['tokens']} tokens; workers: {args.workers}")
    print(f"bare spaCy parse : {rate(parse):7.1f} articles/s  ({parse['seconds']:.1f} s)  "
          f"peak RSS {parse['peak_mb']:.0f} MB (+ worker {parse['peak_worker_mb']:.0f} MB)")
    print(f"sitrep ingest    : {rate(first, 'added'):7.1f} articles/s  ({first['seconds']:.1f} s)  "
          f"peak RSS {first['peak_mb']:.0f} MB (+ worker {first['peak_worker_mb']:.0f} MB)  "
          f"{first['events']} events -> {first['fused_events']} fused, {first['series_points']} series points, "
          f"{first['errors']} errors")
    print(f"re-ingest (all skipped): {rate(again):7.1f} articles/s ({again['seconds']:.1f} s, "
          f"{again['skipped']} skipped, {again['added']} added)")
    print(f"ratio ingest / bare parse throughput: {rate(first, 'added') / rate(parse):.2f} "
          f"(ingest takes {first['seconds'] / parse['seconds']:.1f}x the time of the bare parse)")


if __name__ == "__main__":
    main()
