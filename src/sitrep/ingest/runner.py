"""Ingest: read a corpus, extract each new report (in parallel), store it, then fuse the whole store.

Idempotent and resumable by construction:

- a report already in the store (same URL, or same whitespace-normalised text) is skipped before
  extraction, and the store refuses duplicates again when writing (unique keys), so two runs over the
  same inputs store each report once;
- each small batch of reports is written in one transaction together with its events and figures, so
  a run stopped at any point (Ctrl-C, ``kill -9``, power loss) leaves only complete reports behind and
  the next run picks up the rest;
- fusion is recomputed from the stored reports at the end of every run, in one transaction.

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

from ..errors import InputError, SitrepError
from ..model import Document, Result
from ..stages import DEFAULT_STAGES
from ..store.store import Store, content_hash
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


def _init_worker(stages: tuple[str, ...]) -> None:
    """Pool initializer: load spaCy and the lexicons once per worker process.

    Workers ignore SIGINT: on Ctrl-C the parent stops submitting work and shuts the pool down.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
                out.append(f"{d.id}: extraction failed: {type(exc).__name__}: {exc}")
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
                initargs=(stages,),
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
    """Ingest ``inputs`` (files, directories, JSONL, feeds) into ``store`` and re-fuse it.

    ``on_error`` is called with a one-line message for each input or report that could not be read or
    extracted; the rest of the batch goes on.
    """
    stats = IngestStats()
    t0 = time.perf_counter()
    seen_hashes: set[str] = set()
    seen_urls: set[str] = set()

    def error(msg: str) -> None:
        stats.errors.append(msg)
        if on_error:
            on_error(msg)

    extractor = _Extractor(workers, tuple(stages))
    bar = _Progress(progress)
    try:
        for wave in _waves(iter_documents(inputs, published, source), WAVE):
            docs: list[Document] = []
            for item in wave:
                if isinstance(item, InputError):
                    error(str(item))
                else:
                    docs.append(item)
            stats.read += len(docs)
            hashes = {id(d): content_hash(d.text) for d in docs}
            known_urls, known_hashes = store.known((d.url for d in docs if d.url), hashes.values())
            fresh: list[Document] = []
            for d in docs:
                h = hashes[id(d)]
                if h in known_hashes or h in seen_hashes or (d.url and (d.url in known_urls or d.url in seen_urls)):
                    stats.duplicates += 1
                    continue
                seen_hashes.add(h)
                if d.url:
                    seen_urls.add(d.url)
                fresh.append(d)
            bar.add_total(len(fresh))
            chunks = [fresh[i : i + CHUNK] for i in range(0, len(fresh), CHUNK)]
            for chunk, results in extractor.map(chunks):
                good = []
                for d, r in zip(chunk, results):
                    if isinstance(r, str):
                        error(r)
                    else:
                        good.append(r)
                added = store.add_results(good)
                stats.added += added
                stats.duplicates += len(good) - added
                stats.events += sum(len(r.events) for r in good)
                bar.advance(len(chunk), stats.events)
    except BrokenProcessPool:
        extractor.close(cancel=True)
        bar.stop()
        raise SitrepError(
            f"an extraction worker died (out of memory?) after {stats.added} new reports were stored; "
            "run the same command again to resume"
        ) from None
    except BaseException:
        extractor.close(cancel=True)
        bar.stop()
        raise
    extractor.close()
    bar.stop()
    if fuse:
        fusion = store.refuse()
        stats.fused_events, stats.series_points = len(fusion.events), len(fusion.series)
    stats.seconds = time.perf_counter() - t0
    return stats


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
