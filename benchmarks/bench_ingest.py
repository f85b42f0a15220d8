"""Benchmark: ingest a corpus of distinct texts and compare with a bare spaCy parse of the same texts.

    .venv/bin/python benchmarks/bench_ingest.py [--corpus FILE.jsonl | --articles 2000] [--workers 2]
        [--engine process|ray] [--ray-address local] [--db PATH] [--no-extract]

``--corpus`` reads JSONL records with a ``text`` (e.g. /work/shared/gold/geo/tr_news.dev.jsonl: 88 real
news articles, none repeated); without it a synthetic corpus of ``--articles`` articles is written.

Each phase runs in its own child process so that its peak memory is its own:

1. ``parse``: ``nlp.pipe`` over the same texts with ``n_process`` = workers (the floor: no Sitrep stages,
   no storage);
2. ``extract``: the default pipeline over the same texts in the ingest's own pool of ``workers``
   processes, nothing stored (what the ingest costs above this is reading, storing and fusing);
3. ``ingest``: ``sitrep ingest`` with ``--engine`` into a fresh SQLite database (read + de-duplicate +
   extract + store + fuse);
4. ``reingest``: the same corpus again (everything is skipped as already stored).

Peak memory per worker is the largest peak RSS (``VmHWM``) of the processes doing the extraction (pool
workers; Ray's ``MapWorker`` actors), sampled from /proc while the phase runs; for Ray the peak of its
other processes (GCS, raylet, agents) is printed as well.

No sentence occurs twice in the synthetic corpus (the parse phase counts them): the classifier keeps a
per-sentence cache, and a corpus that repeats sentences would have it answer for work a corpus of distinct
reports needs (an earlier version of this benchmark repeated most sentences and read 2x too fast).

Prints articles/s, peak RSS (the parent and its largest worker) and the ratios of extract and ingest
to the bare parse, measured in one run, and each phase's CPU seconds (all its processes, model loading
included): on a machine shared with other jobs, whose load changes between phases, the ratio of CPU
times is the steadier measure of the work each phase does.
Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
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
SAYERS = ["local rescuers said", "a war monitor said", "medics said", "residents said", "activists reported",
          "a civil defence official said"]
SINCE = ["the offensive began", "the truce collapsed", "the new year", "December", "the last ceasefire",
         "the siege started"]
NEEDS = ["tents, food and blankets", "medicine and fuel", "clean water and blankets", "shelter and bread",
         "heating fuel and tents", "baby milk and medicine"]
TALKS = ["Moscow", "Ankara", "Geneva", "Astana", "Sochi", "Tehran"]


# An article's sentences: {town}, {other}, {attacker}, {target} and {day} are the article's own; the other
# slots are drawn for each sentence (see _sentence).
LEAD = "{attacker} struck {target} in {town} on {day}, killing {killed} people and wounding {injured}, {sayer}."
BODY = [
    "The attack was the deadliest in {town} since {since}, according to a monitor that counted {strikes} strikes "
    "on the area this year.",
    "Aid groups said some {fled} people had fled {town} and nearby villages towards {other} since {since}.",
    "Officials in {other} said {shelters} shelters were full and appealed for {needs}.",
]
OPTIONAL = [  # (probability, template)
    (0.6, "Turkey and Russia traded accusations over the fighting in {town}, and diplomats were due to meet in "
          "{talks} on {weekday} for round {round} of talks."),
    (0.5, "The United Nations said {millions} million people around {other} depend on humanitarian aid."),
]


def _sentence(rng: random.Random, seen: set[str], template: str, article: dict) -> str:
    """``template`` filled with the article's slots and fresh random ones, such that no earlier sentence of
    the corpus is the same: a real news corpus mostly repeats no sentence, so no per-sentence cache may
    answer for work such a corpus needs."""
    for _ in range(200):
        s = template.format(
            **article, killed=rng.randint(1, 60), injured=rng.randint(0, 120), sayer=rng.choice(SAYERS),
            since=rng.choice(SINCE), strikes=rng.randint(2, 900), fled=rng.randint(2, 900) * 100,
            shelters=rng.randint(3, 95), needs=rng.choice(NEEDS), talks=rng.choice(TALKS),
            weekday=rng.choice(DAYS), round=rng.randint(2, 60), millions=f"{rng.randint(1, 400) / 100:.2f}")
        if s not in seen:
            seen.add(s)
            return s
    raise RuntimeError(f"no new sentence from {template!r} after 200 draws; give the template more slots")


def synthetic_corpus(n: int, seed: int = 7) -> list[dict]:
    """``n`` news-like articles of 4-7 sentences about the war in Syria, no sentence used twice."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    for i in range(n):
        town, other = rng.sample(TOWNS, 2)
        article = {"town": town, "other": other, "attacker": rng.choice(ATTACKERS), "target": rng.choice(TARGETS),
                   "day": rng.choice(DAYS)}
        sentences = [_sentence(rng, seen, t, article) for t in [LEAD, *BODY]]
        sentences += [_sentence(rng, seen, t, article) for prob, t in OPTIONAL if rng.random() < prob]
        if rng.random() < 0.4:
            sentences.append(f"Report number {i} was filed from {other}.")
        out.append({
            "text": " ".join(sentences),
            "published": f"2020-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}",
            "source": rng.choice(SOURCES),
            "url": f"https://bench.example/{i}",
            "title": f"{article['attacker']} strike {town}",
        })
    return out


def _peak_mb() -> tuple[float, float]:
    """Peak RSS in MB of this process and of its largest (finished) child process."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


class TreeMemory:
    """Samples the peak RSS (``VmHWM``) of every descendant of this process from /proc, twice a second."""

    def __init__(self) -> None:
        self.peaks: dict[int, tuple[str, float]] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds (user + system) at the last sample
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def _loop(self) -> None:
        while not self.stop.wait(0.5):
            self.sample()

    def sample(self) -> None:
        parents: dict[int, int] = {}
        ticks: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(entry)] = int(fields[1])
                    ticks[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                except (OSError, IndexError, ValueError):
                    continue
        mine, frontier = set(), {os.getpid()}
        while frontier:
            frontier = {p for p, pp in parents.items() if pp in frontier and p not in mine}
            mine |= frontier
        for pid in mine:
            try:
                name = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
                hwm = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                           if line.startswith("VmHWM:"))
            except (OSError, StopIteration):
                continue
            self.peaks[pid] = (name, max(int(hwm.split()[1]) / 1024, self.peaks.get(pid, ("", 0.0))[1]))
            self.cpu[pid] = ticks.get(pid, 0.0)

    def ray_cpu(self) -> tuple[float, float]:
        """CPU seconds of the Ray actors, and of Ray's other processes, as last sampled."""
        actors = sum(c for pid, c in self.cpu.items() if "MapWorker" in self.peaks[pid][0])
        return actors, sum(self.cpu.values()) - actors

    def workers_mb(self) -> float:
        """The largest peak among extraction workers: Ray actors, else any python child."""
        ray = [mb for name, mb in self.peaks.values() if "MapWorker" in name]
        return max(ray or [mb for name, mb in self.peaks.values() if "python" in name] or [0.0])

    def others_mb(self) -> float:
        """The sum of the peaks of the processes that are not extraction workers (Ray's own helpers)."""
        return sum(mb for name, mb in self.peaks.values() if "MapWorker" not in name)


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _texts(corpus: Path) -> list[str]:
    return [json.loads(line)["text"] for line in corpus.read_text().splitlines() if line.strip()]


def phase_parse(corpus: Path, workers: int) -> dict:
    from sitrep.nlp.load import load_nlp

    texts = _texts(corpus)
    nlp = load_nlp()
    with TreeMemory() as tree:
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32, n_process=workers))
        seconds = time.perf_counter() - t0
    own, kids = _peak_mb()
    sentences = [s.text for doc in docs for s in doc.sents]
    return {"articles": len(texts), "seconds": seconds, "cpu": sum(_cpu_seconds()),
            "tokens": sum(len(d) for d in docs), "peak_mb": own,
            "peak_worker_mb": max(kids, tree.workers_mb()), "sentences": len(sentences),
            "distinct_sentences": len(set(sentences))}


def phase_extract(corpus: Path, workers: int) -> dict:
    """The ingest's extraction alone: its pool, its chunks, nothing read from files or stored."""
    from sitrep.ingest.runner import CHUNK, _Extractor
    from sitrep.model import Document
    from sitrep.stages import DEFAULT_STAGES

    docs = [Document(id=str(i), text=t) for i, t in enumerate(_texts(corpus))]
    with TreeMemory() as tree:
        t0 = time.perf_counter()
        extractor = _Extractor(workers, tuple(DEFAULT_STAGES))
        list(extractor.map([docs[i : i + CHUNK] for i in range(0, len(docs), CHUNK)]))
        extractor.close()
        seconds = time.perf_counter() - t0
    own, kids = _peak_mb()
    return {"articles": len(docs), "seconds": seconds, "cpu": sum(_cpu_seconds()), "peak_mb": own,
            "peak_worker_mb": max(kids, tree.workers_mb())}


def phase_ingest(corpus: Path, workers: int, db: str, engine: str, address: str) -> dict:
    from sitrep.ingest.runner import ingest
    from sitrep.store import Store

    with Store(db) as store, TreeMemory() as tree:
        t0 = time.perf_counter()
        if engine == "ray":
            from sitrep.ingest.ray_engine import ingest_ray

            stats = ingest_ray([str(corpus)], store, address=address, workers=workers, progress=sys.stderr.isatty())
        else:
            stats = ingest([str(corpus)], store, workers=workers, progress=sys.stderr.isatty())
        seconds = time.perf_counter() - t0
        counts = store.counts()
        with store.engine.connect() as conn:  # every stored extraction, in a fixed order
            stored = sorted(conn.exec_driver_sql("SELECT content_hash, result FROM documents").fetchall())
    own, kids = _peak_mb()
    me, kids_cpu = _cpu_seconds()  # Ray's processes are sampled (not all of them are waited for here)
    cpu = me + (sum(tree.ray_cpu()) if engine == "ray" else kids_cpu)
    return {"articles": stats.read, "added": stats.added, "cpu": cpu, "skipped": stats.duplicates,
            "errors": len(stats.errors),
            "seconds": seconds, "events": counts["events"], "fused_events": counts["fused_events"],
            "series_points": counts["series"], "peak_mb": own,
            "peak_worker_mb": tree.workers_mb() if engine == "ray" else max(kids, tree.workers_mb()),
            "others_mb": tree.others_mb() if engine == "ray" else 0.0,
            "fingerprint": hashlib.sha256(json.dumps([list(r) for r in stored]).encode()).hexdigest()[:16]}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark phase {args[:2]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _write_corpus(path: Path, sources: list[str], articles: int) -> str:
    """The benchmark's corpus at ``path``: the distinct texts of ``sources`` (JSONL) or a synthetic one."""
    records: list[dict] = []
    if sources:
        seen: set[str] = set()
        for source in sources:
            for line in Path(source).read_text(encoding="utf-8").splitlines():
                record = json.loads(line) if line.strip() else {}
                text = record.get("text")
                if isinstance(text, str) and text.strip() and text not in seen:
                    seen.add(text)
                    records.append({k: record[k] for k in ("text", "title", "published", "source", "url")
                                    if isinstance(record.get(k), str)})
        label = f"{len(records)} distinct texts from {', '.join(Path(s).name for s in sources)}"
    else:
        records = synthetic_corpus(articles)
        label = f"{articles} synthetic articles"
    with path.open("w") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return label


def _report(label: str, workers: int, parse: dict, extract: dict | None, runs: dict[str, tuple[dict, dict]]) -> None:
    def rate(r: dict, n: str = "articles") -> float:
        return r[n] / r["seconds"]

    def cpu(r: dict) -> str:
        return f"{r['cpu']:.0f} CPU s"

    print(f"corpus: {label}, {parse['tokens']} tokens, {parse['sentences']} sentences "
          f"({parse['distinct_sentences']} distinct); workers: {workers}; load: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"bare spaCy parse : {rate(parse):7.1f} articles/s  ({parse['seconds']:.1f} s, {cpu(parse)})  "
          f"peak RSS {parse['peak_mb']:.0f} MB, per worker {parse['peak_worker_mb']:.0f} MB")
    if extract:
        print(f"extract only     : {rate(extract):7.1f} articles/s  ({extract['seconds']:.1f} s, {cpu(extract)})  "
              f"per worker {extract['peak_worker_mb']:.0f} MB  ratio to parse {rate(extract) / rate(parse):.2f}, "
              f"CPU time {extract['cpu'] / parse['cpu']:.2f}x the parse's")
    for engine, (first, again) in runs.items():
        others = f", Ray's other processes {first['others_mb']:.0f} MB" if first["others_mb"] else ""
        print(f"ingest ({engine:7}): {rate(first, 'added'):7.1f} articles/s  ({first['seconds']:.1f} s, {cpu(first)})  "
              f"peak RSS {first['peak_mb']:.0f} MB, per worker {first['peak_worker_mb']:.0f} MB{others}; "
              f"{first['added']} stored, {first['events']} events -> {first['fused_events']} fused, "
              f"{first['errors']} errors; results {first['fingerprint']}")
        print(f"   re-ingest (all skipped): {again['seconds']:.1f} s, {again['skipped']} skipped, "
              f"{again['added']} added")
        print(f"   CPU time {first['cpu'] / parse['cpu']:.2f}x the parse's; "
              f"ratio ingest / bare parse throughput: {rate(first, 'added') / rate(parse):.2f}"
              + (f"; ingest / extract only: {rate(first, 'added') / rate(extract):.2f}" if extract else ""))
    if len(runs) == 2:
        (p, _), (r, _) = runs["process"], runs["ray"]
        print(f"ray / process throughput: {rate(r, 'added') / rate(p, 'added'):.2f}, CPU time "
              f"{r['cpu'] / p['cpu']:.2f}x; identical stored results: "
              f"{p['fingerprint'] == r['fingerprint']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", default=[], metavar="FILE.jsonl",
                    help="JSONL records with a 'text' (repeatable; repeated texts are dropped)")
    ap.add_argument("--articles", type=int, default=2000, help="synthetic articles when no --corpus is given")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", choices=["process", "ray", "both"], default="process")
    ap.add_argument("--ray-address", default="local")
    ap.add_argument("--no-extract", action="store_true", help="skip the extract-only phase")
    ap.add_argument("--db", help="database to ingest into (default: a new SQLite file in a temp dir)")
    ap.add_argument("--phase", choices=["parse", "extract", "ingest"], help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.phase:
        corpus = Path(args.file)
        out = (phase_parse(corpus, args.workers) if args.phase == "parse" else
               phase_extract(corpus, args.workers) if args.phase == "extract" else
               phase_ingest(corpus, args.workers, args.db, args.engine, args.ray_address))
        print(json.dumps(out))
        return

    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    corpus = tmp / "corpus.jsonl"
    label = _write_corpus(corpus, args.corpus, args.articles)
    common = ["--file", str(corpus), "--workers", str(args.workers)]
    parse = _child(["--phase", "parse", *common])
    extract = None if args.no_extract else _child(["--phase", "extract", *common])
    runs = {}
    for engine in (["process", "ray"] if args.engine == "both" else [args.engine]):
        db = args.db or str(tmp / f"bench-{engine}.db")
        run = [*common, "--engine", engine, "--ray-address", args.ray_address, "--db", db]
        runs[engine] = (_child(["--phase", "ingest", *run]), _child(["--phase", "ingest", *run]))
    _report(label, args.workers, parse, extract, runs)


if __name__ == "__main__":
    main()
