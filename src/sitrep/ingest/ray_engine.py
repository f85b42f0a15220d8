"""Ingest on Ray: ``sitrep ingest --engine ray [--ray-address local|auto|ray://...]``.

Ray is an optional extra (``pip install "sitrep[ray]"``). The driver (this process) reads the inputs,
skips what is already stored and, for each round of up to ``ROUND`` new reports, runs one Ray Data
``map_batches`` over them with a fixed pool of actors (``ActorPoolStrategy(size=N)``, one CPU each).
Each actor loads the pipeline once, in its constructor; documents travel as JSON, results come back as
JSON. Then:

- SQLite: the driver is the only writer; it stores the results batch by batch, one transaction each;
- PostgreSQL: the actors store their own results (the unique keys on content hash and URL make a
  retried batch harmless) and send back only what they stored;
- fusion runs once, at the end.

Failures are bounded: an actor is restarted at most ``MAX_RESTARTS`` times and a batch retried at most
``MAX_TASK_RETRIES`` times by Ray; a batch that still fails is skipped (Ray Data's
``max_errored_blocks``) and its reports are tried again, one per batch, so that a report that crashes a
worker ends up as one one-line error and the others of its batch are still stored. A run interrupted at
any point leaves only complete reports behind, and running it again stores the rest (no duplicates).

``address="local"`` starts a private cluster that listens on 127.0.0.1 only and is shut down at the end;
any other address (``auto``, ``ray://host:10001``, ``host:6379``) joins an existing cluster.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from contextlib import ExitStack, contextmanager
from typing import Any, Callable, Iterator, Optional, Sequence

from ..errors import SitrepError
from ..model import Document, Result, from_dict, to_dict
from ..stages import DEFAULT_STAGES
from ..store.store import Store
from .runner import (
    CHUNK,
    IngestStats,
    _ensure_gazetteer,
    _Progress,
    _raise_stopped,
    _Run,
    _worker_pipeline,
    extract_chunk,
    finish_run,
    iter_documents,
    one_classifier_thread,
)

RAY_EXTRA = 'pip install "sitrep[ray]"'
ROUND = 4096  # new reports per Ray Data run (bounds the driver's memory; actors start once per round)
MAX_RESTARTS = 1  # an actor whose process died is restarted this many times
MAX_TASK_RETRIES = 1  # a batch whose actor died is retried this many times
ATTEMPTS = 3  # rounds over the reports still missing: whole batches first, then one report per batch
OBJECT_STORE_MB = 256  # a local cluster's shared-memory object store (documents and results are small)
# what an existing cluster's workers need to find the same data as this process
FORWARDED_ENV = ("SITREP_CACHE_DIR", "SITREP_SHARED")


def require_ray(local: bool = True) -> Any:
    """The ``ray`` module, or a one-line error saying how to install it.

    ``local``: keep the clusters this process starts on the loopback address. Ray reads
    ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER`` when it is imported: when it is 0, a node takes 127.0.0.1 as
    its address and its servers (GCS, raylet, object manager, workers) listen there, not on every
    interface (checked with ``ss -ltn`` by tests/test_ingest_ray.py).
    """
    if local:
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
        # Ray runs its workers at niceness 15 by default; the actors here do the whole job, at the same
        # priority as the process engine's workers (read by the raylet this process starts)
        os.environ.setdefault("RAY_worker_niceness", "0")
    try:
        import ray
        import ray.data  # noqa: F401 - the extra is ray[data]
    except ImportError:
        raise SitrepError(f"--engine ray needs Ray, which is not installed: {RAY_EXTRA}") from None
    if local:  # imported earlier, before the variable was set: the same switch, where Ray reads it
        from ray._private import ray_constants

        ray_constants.ENABLE_RAY_CLUSTER = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its INFO and WARNING lines are for its own bars
    return ray


@contextmanager
def ray_session(address: str = "local", cpus: int = 2) -> Iterator[Any]:
    """Ray, initialised for the length of the block (a cluster already initialised by the caller is used
    as it is and left running).

    ``local``: a new private cluster with ``cpus`` CPUs on 127.0.0.1 only (the GCS, raylet and object
    manager bind the loopback address; ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` keeps it single-node),
    no dashboard, a small object store; it stops with the block.
    """
    ray = require_ray(local=address == "local")
    if ray.is_initialized():
        yield ray
        return
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address == "local":
        kwargs.update(address="local", num_cpus=cpus, object_store_memory=OBJECT_STORE_MB * 2**20)
    else:
        env = {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ}
        kwargs.update(address=address, runtime_env={"env_vars": env} if env else None)
    try:
        ray.init(**kwargs)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise SitrepError(f"--ray-address {address}: cannot start or join a Ray cluster: "
                          f"{' '.join(str(exc).split())[:300]}") from None
    try:
        yield ray
    finally:
        ray.shutdown()


# --- documents and results as JSON (what travels between the driver and the actors) ------------------

def document_json(doc: Document) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False)


def document_from_json(data: str) -> Document:
    return from_dict(Document, json.loads(data))


def outcome_json(item: Result | str, stored: Optional[bool] = None) -> str:
    """What an actor sends back for one report: its result, or that it stored it (PostgreSQL), or an error."""
    if isinstance(item, str):
        return json.dumps({"error": item})
    if stored is not None:
        return json.dumps({"stored": stored, "events": len(item.events)})
    return json.dumps({"result": to_dict(item)}, ensure_ascii=False)


class RayExtractor:
    """A Ray Data actor: the pipeline (and, for PostgreSQL, a store) loaded once, in the constructor.

    The stages and the database are class attributes of a subclass made by :func:`extractor_class`, so
    the class is all that travels to the actors.
    """

    stages: tuple[str, ...] = tuple(DEFAULT_STAGES)
    db: Optional[str] = None

    def __init__(self) -> None:
        one_classifier_thread()
        _worker_pipeline(self.stages)
        self.store = Store(self.db) if self.db else None

    def __call__(self, batch: dict) -> dict:
        docs = [document_from_json(str(d)) for d in batch["doc"]]
        items = extract_chunk(docs, self.stages)
        if self.store is None:
            out = [outcome_json(item) for item in items]
        else:
            results = [r for r in items if not isinstance(r, str)]
            stored = {id(r) for r in results if self.store.add_results([r])}
            out = [outcome_json(r) if isinstance(r, str) else outcome_json(r, id(r) in stored) for r in items]
        return {"key": batch["key"], "out": out}


def extractor_class(stages: tuple[str, ...], db: Optional[str]) -> type:
    return type("RayExtractor", (RayExtractor,), {"stages": stages, "db": db})


# --- the driver ---------------------------------------------------------------------------------------

class _Driver:
    """One Ray ingest: rounds of new reports through an actor pool, stored (or counted) as they come."""

    def __init__(self, ray: Any, run: _Run, bar: _Progress, stages: tuple[str, ...], workers: int,
                 batch_size: int, on_batch: Optional[Callable[[int], None]]):
        self.ray, self.run, self.bar, self.stages = ray, run, bar, stages
        self.workers, self.batch_size, self.on_batch = workers, batch_size, on_batch
        self.db = run.store.target if run.store.backend == "postgresql" else None
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.max_errored_blocks = -1  # a batch that failed all its retries is skipped, and tried again below
        ctx.execution_options.preserve_order = True

    def round(self, docs: list[Document]) -> None:
        """Extract and store ``docs``; what still fails after ``ATTEMPTS`` becomes one error line each."""
        todo = dict(enumerate(docs))
        for attempt in range(ATTEMPTS):
            if not todo:
                return
            for key in self._attempt(todo, 1 if attempt else self.batch_size):
                todo.pop(key, None)
        for doc in todo.values():
            self.run.failed += 1
            self.run.error(f"{doc.id}: extraction crashed a Ray worker {ATTEMPTS} times; skipped")
            self.bar.advance(1, self.run.stats.events)

    def _attempt(self, todo: dict[int, Document], batch_size: int) -> Iterator[int]:
        """One Ray Data run over ``todo``; yields the keys of the reports it dealt with."""
        ray = self.ray
        items = [{"key": k, "doc": document_json(d)} for k, d in todo.items()]
        blocks = min(len(items), max(4 * self.workers, len(items) // batch_size), 1000)
        ds = ray.data.from_items(items, override_num_blocks=blocks)
        with warnings.catch_warnings():  # Ray 2.60 has no named parameter for the restarts yet
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = ds.map_batches(
                extractor_class(self.stages, self.db), batch_size=batch_size, num_cpus=1,
                compute=ray.data.ActorPoolStrategy(size=self.workers), batch_format="numpy",
                max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES,
            )
        try:
            for batch in ds.iter_batches(batch_size=CHUNK, batch_format="numpy", prefetch_batches=2):
                keys = [int(k) for k in batch["key"]]
                self._store([json.loads(str(o)) for o in batch["out"]])
                self.bar.advance(len(keys), self.run.stats.events)
                if self.on_batch is not None:
                    self.on_batch(len(keys))
                yield from keys
        except ray.exceptions.RayError:
            return  # what came back is stored; the rest is tried again

    def _store(self, outcomes: list[dict]) -> None:
        if self.db is None:
            self.run.store_chunk([o["error"] if "error" in o else from_dict(Result, o["result"]) for o in outcomes])
            return
        for o in outcomes:  # stored by the actor itself
            if "error" in o:
                self.run.failed += 1
                self.run.error(o["error"])
            else:
                self.run.count_stored(int(o["stored"]), o["events"])


def _rounds(run: _Run, items: Iterator, size: int) -> Iterator[list[Document]]:
    """The new reports of ``items`` in lists of up to ``size`` (de-duplicated against the store)."""
    from .runner import WAVE, _waves

    pending: list[Document] = []
    for wave in _waves(items, WAVE):
        pending.extend(run.fresh(wave))
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending


def ingest_ray(
    inputs: Sequence[str],
    store: Store,
    *,
    address: str = "local",
    workers: int = 2,
    batch_size: int = CHUNK,
    published: Optional[str] = None,
    source: Optional[str] = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    progress: bool = False,
    on_error: Optional[Callable[[str], None]] = None,
    fuse: bool = True,
    on_batch: Optional[Callable[[int], None]] = None,
) -> IngestStats:
    """Like :func:`sitrep.ingest.runner.ingest`, with the extraction on a Ray cluster of ``workers`` actors.

    ``on_batch`` (for tests and monitoring) is called with the number of reports after each stored batch.
    """
    import time

    stats = IngestStats()
    t0 = time.perf_counter()
    run = _Run(store, stats, on_error, fuse=False)  # fused once, at the end
    _ensure_gazetteer(progress)
    bar = _Progress(progress)
    try:
        with ExitStack() as cluster:
            driver: Optional[_Driver] = None
            for docs in _rounds(run, iter_documents(inputs, published, source), ROUND):
                if driver is None:  # Ray starts only when there is something new to extract
                    ray = cluster.enter_context(ray_session(address, workers))
                    driver = _Driver(ray, run, bar, tuple(stages), workers, batch_size, on_batch)
                bar.add_total(len(docs))
                driver.round(docs)
    except BaseException as exc:
        bar.stop()
        _raise_stopped(exc, run)
    bar.stop()
    return finish_run(run, fuse, bool(stats.added), t0)
