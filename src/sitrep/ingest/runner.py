"""Ingest: read a corpus, extract each new report (in parallel), store it, then fuse the whole store.

Idempotent and resumable by construction:

- a report already in the store (same URL, or same whitespace-normalised text) is skipped before
  extraction, and the store refuses duplicates again when writing (unique keys), so two runs over the
  same inputs store each report once;
- each small batch of reports is written in one transaction together with its events and figures, so
  a run stopped at any point (Ctrl-C, ``kill -9``, power loss) leaves only complete reports behind and
  the next run picks up the rest;
- fusion is recomputed from the stored reports after committed batches (when that is cheap, see
  :func:`fusion_due`) and at the end of every run, each time in one transaction; a reader that finds
  reports the fusion does not cover yet (``Store.fusion_lag``, after ``kill -9``) fuses them first.

Extraction runs in a ``ProcessPoolExecutor`` (spawned workers, each loading the pipeline once in its
``initializer``); the parent process is the only writer.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ..classify.embed import THREADS_ENV
from ..errors import InputError, SitrepError
from ..model import Document, Result
from ..stages import DEFAULT_STAGES
from ..store.store import Store, content_hash
from .lifeline import die_with_parent
from .readers import iter_input_files, read_documents

WAVE = 512  # reports read and de-duplicated at a time (bounds memory on large corpora)
CHUNK = 8  # reports per extraction task and per store transaction


@dataclass
class IngestStats:
    read: int = 0  # documents read from the inputs
    duplicates: int = 0  # skipped: already stored, or repeated in the inputs
    added: int = 0  # newly stored
    events: int = 0  # events extracted from the newly stored reports
    errors: list[str] = field(default_factory=list)  # one line each: "INPUT: problem"
    fused_events: int = 0
    series_points: int = 0
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0


# --- workers -----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _worker_pipeline(stages: tuple[str, ...]):
    from ..pipeline import Pipeline

    return Pipeline(stages=stages)


def one_classifier_thread() -> None:
    """In a worker process: the classifier runs on one thread unless the user chose otherwise (the
    workers already occupy every core; more threads per worker contend with the other workers)."""
    os.environ[THREADS_ENV] = os.environ.get(THREADS_ENV) or "1"


def _init_worker(stages: tuple[str, ...], parent_pid: Optional[int] = None) -> None:
    """Pool initializer: exit with the parent however it dies, then load spaCy and the lexicons once.

    Workers ignore SIGINT: on Ctrl-C the parent stops submitting work and shuts the pool down.
    """
    if parent_pid is not None:
        die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_classifier_thread()
    _worker_pipeline(stages)


def extract_chunk(documents: Sequence[Document], stages: tuple[str, ...]) -> list[Result | str]:
    """Extract each document; a document that makes the pipeline fail becomes a one-line error."""
    pipeline = _worker_pipeline(stages)
    try:
        return list(pipeline.pipe(documents, batch_size=len(documents) or 1))
    except Exception:  # noqa: BLE001 - find the culprit one document at a time
        out: list[Result | str] = []
        for d in documents:
            try:
                out.append(pipeline(d))
            except Exception as exc:  # noqa: BLE001
                detail = " ".join(str(exc).split())[:300]
                out.append(f"{d.id}: extraction failed: {type(exc).__name__}: {detail}")
        return out


class _Extractor:
    """Runs :func:`extract_chunk` in this process (``workers <= 1``) or in a process pool."""

    def __init__(self, workers: int, stages: tuple[str, ...]):
        self.stages = stages
        self.pool: Optional[ProcessPoolExecutor] = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(stages, os.getpid()),
            )
        self.workers = max(1, workers)

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[tuple[list[Document], list[Result | str]]]:
        """Results chunk by chunk, in input order, with a bounded number of chunks in flight."""
        if self.pool is None:
            for chunk in chunks:
                yield chunk, extract_chunk(chunk, self.stages)
            return
        pending: deque[tuple[list[Document], Future]] = deque()
        for chunk in chunks:
            pending.append((chunk, self.pool.submit(extract_chunk, chunk, self.stages)))
            if len(pending) >= 2 * self.workers:
                done_chunk, fut = pending.popleft()
                yield done_chunk, fut.result()
        while pending:
            done_chunk, fut = pending.popleft()
            yield done_chunk, fut.result()

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


# --- reading -----------------------------------------------------------------------------------------

def iter_documents(
    inputs: Iterable[str], published: Optional[str] = None, source: Optional[str] = None
) -> Iterator[Document | InputError]:
    """Every document of every input (directories recursively); problems are yielded, not raised."""
    for item in iter_input_files(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        yield from read_documents(item, published=published, source=source)


def _waves(items: Iterator[Document | InputError], size: int) -> Iterator[list[Document | InputError]]:
    wave: list[Document | InputError] = []
    for item in items:
        wave.append(item)
        if len(wave) >= size:
            yield wave
            wave = []
    if wave:
        yield wave


# --- ingest ------------------------------------------------------------------------------------------

FUSION_SHARE = 0.2  # re-fuse after a committed batch unless fusing would take more than this share of the time


class IngestInterrupted(SitrepError):
    """Ctrl-C or SIGTERM during an ingest; the message gives the counts and what to do."""

    exit_code = 130


def fusion_due(seconds_since_last: float, last_cost: float, unfused: int) -> bool:
    """Rule: fuse after a committed batch when there is something new and the last fusion's cost is at
    most ``FUSION_SHARE`` of the time since (small stores: every batch; large ones: every few batches)."""
    return unfused > 0 and last_cost <= FUSION_SHARE * seconds_since_last


class _Run:
    """The bookkeeping of one ingest: de-duplication, storing, errors, periodic fusion, counts."""

    def __init__(self, store: Store, stats: IngestStats, on_error, fuse: bool):
        self.store, self.stats, self.on_error, self.fuse = store, stats, on_error, fuse
        self.seen_hashes: set[str] = set()
        self.seen_urls: set[str] = set()
        self.failed = 0  # reports that could not be extracted
        self.unfused = 0
        self.last_fusion, self.fusion_cost = time.monotonic(), 0.0

    def error(self, msg: str) -> None:
        self.stats.errors.append(msg)
        if self.on_error:
            self.on_error(msg)

    def fresh(self, wave: list[Document | InputError]) -> list[Document]:
        """The documents of ``wave`` not stored yet and not seen earlier in this run; errors reported."""
        docs = [item for item in wave if isinstance(item, Document)]
        for item in wave:
            if isinstance(item, InputError):
                self.error(str(item))
        self.stats.read += len(docs)
        hashes = {id(d): content_hash(d.text) for d in docs}
        known_urls, known_hashes = self.store.known((d.url for d in docs if d.url), hashes.values())
        out: list[Document] = []
        for d in docs:
            h = hashes[id(d)]
            if (
                h in known_hashes
                or h in self.seen_hashes
                or (d.url and (d.url in known_urls or d.url in self.seen_urls))
            ):
                self.stats.duplicates += 1
                continue
            self.seen_hashes.add(h)
            if d.url:
                self.seen_urls.add(d.url)
            out.append(d)
        return out

    def store_chunk(self, results: list[Result | str]) -> None:
        good = []
        for r in results:
            if isinstance(r, str):
                self.failed += 1
                self.error(r)
            else:
                good.append(r)
        added = self.store.add_results(good)
        self.stats.added += added
        self.unfused += added
        self.stats.duplicates += len(good) - added
        self.stats.events += sum(len(r.events) for r in good)
        if self.fuse and fusion_due(time.monotonic() - self.last_fusion, self.fusion_cost, self.unfused):
            self.fuse_now()

    def count_stored(self, added: int, events: int) -> None:
        """Count a report another process stored (a Ray actor writing to PostgreSQL): ``added`` is 0 when
        it was already there."""
        self.stats.added += added
        self.stats.duplicates += 1 - added
        self.unfused += added
        self.stats.events += events if added else 0

    def fuse_now(self) -> None:
        started = time.monotonic()
        fusion = self.store.refuse()
        self.stats.fused_events, self.stats.series_points = len(fusion.events), len(fusion.series)
        self.last_fusion = time.monotonic()
        self.fusion_cost, self.unfused = self.last_fusion - started, 0

    def counts(self) -> str:
        s = self.stats
        pending = s.read - s.duplicates - s.added - self.failed
        try:
            total = f" ({self.store.counts()['documents']} in the database)"
        except Exception:  # noqa: BLE001 - the database may be what failed
            total = ""
        return (f"{s.added} new documents stored by this run{total}, {pending} read but not stored, inputs "
                "not read yet not counted; run the same command again to ingest the rest (stored documents "
                "are skipped)")


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    published: Optional[str] = None,
    source: Optional[str] = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    progress: bool = False,
    on_error: Optional[Callable[[str], None]] = None,
    fuse: bool = True,
) -> IngestStats:
    """Ingest ``inputs`` (files, directories, JSONL, feeds, PDFs) into ``store``, fusing as it goes.

    ``on_error`` is called with a one-line message for each input or report that could not be read or
    extracted; the rest of the batch goes on. Each committed batch is fused when that is cheap
    (:func:`fusion_due`), and the whole store once more at the end.
    """
    stats = IngestStats()
    t0 = time.perf_counter()
    run = _Run(store, stats, on_error, fuse)
    _ensure_gazetteer(progress)  # built here, with a spinner, not silently (or twice) in the workers
    extractor = _Extractor(workers, tuple(stages))
    bar = _Progress(progress)
    try:
        for wave in _waves(iter_documents(inputs, published, source), WAVE):
            fresh = run.fresh(wave)
            bar.add_total(len(fresh))
            for chunk, results in extractor.map([fresh[i : i + CHUNK] for i in range(0, len(fresh), CHUNK)]):
                run.store_chunk(results)
                bar.advance(len(chunk), stats.events)
    except BaseException as exc:
        extractor.close(cancel=True)
        bar.stop()
        _raise_stopped(exc, run)
    extractor.close()
    bar.stop()
    return finish_run(run, fuse, bool(run.unfused), t0)


def finish_run(run: _Run, fuse: bool, new: bool, t0: float) -> IngestStats:
    """The end of an ingest (either engine): fuse once if anything ``new`` was stored or fusion lags
    behind the store, else read the fused counts; the run's time."""
    stats = run.stats
    if fuse and (new or run.store.fusion_lag()):
        run.fuse_now()
    elif fuse:
        counts = run.store.counts()
        stats.fused_events, stats.series_points = counts["fused_events"], counts["series"]
    stats.seconds = time.perf_counter() - t0
    return stats


def _raise_stopped(exc: BaseException, run: _Run) -> None:
    """Re-raise why an ingest stopped early as a one-line error with the counts and what to do."""
    if isinstance(exc, BrokenProcessPool):
        raise SitrepError(f"an extraction worker died (out of memory?); {run.counts()}") from None
    if isinstance(exc, KeyboardInterrupt):
        raise IngestInterrupted(f"interrupted: {run.counts()}") from None
    if isinstance(exc, SitrepError) and not isinstance(exc, IngestInterrupted):
        raise SitrepError(f"{exc}; {run.counts()}") from None
    raise exc


def _ensure_gazetteer(progress: bool) -> None:
    """Build the gazetteer index now if this is its first use (15-55 s, shown when ``progress``)."""
    from ..geo.gazetteer import _build_lock, build, default_path
    from ..progress import waiting

    path = default_path()
    if not path.exists():
        with waiting(f"building the gazetteer index, once (15-55 s): {path}", enabled=progress), _build_lock(path):
            if not path.exists():  # another process may have built it while we waited
                build(path)


def default_workers() -> int:
    """Two workers on a machine with at least two cores, else one (in-process)."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


class _Progress:
    """A rich progress bar on stderr: documents done, documents/s, events found."""

    def __init__(self, enabled: bool):
        self.progress = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TextColumn("{task.fields[events]} events"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("ingest", total=0, rate=0.0, events=0)
        self.t0 = time.perf_counter()
        self.progress.start()

    def add_total(self, n: int) -> None:
        if self.progress is not None:
            task = self.progress.tasks[0]
            self.progress.update(self.task, total=(task.total or 0) + n)

    def advance(self, n: int, events: int) -> None:
        if self.progress is not None:
            done = self.progress.tasks[0].completed + n
            rate = done / max(1e-9, time.perf_counter() - self.t0)
            self.progress.update(self.task, advance=n, rate=rate, events=events)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
