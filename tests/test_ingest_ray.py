"""``sitrep ingest --engine ray``: the same database as the process engine, on a local Ray cluster that
listens on 127.0.0.1 only, and on a simulated multi-node cluster that loses a node mid-run.

Needs the optional extra (``pip install "sitrep[ray]"``); skips with that message without it. One local
cluster serves the tests of ``TestLocalCluster``; the multi-node test starts its own afterwards.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from pg import pg_server  # noqa: F401  (pytest fixture)
from sitrep.ingest.runner import ingest
from sitrep.stages import DICTIONARY_STAGES
from sitrep.store import Store

ray = pytest.importorskip("ray", reason='Ray is not installed: pip install "sitrep[ray]"')
pytest.importorskip("ray.data", reason='Ray Data is not installed: pip install "sitrep[ray]"')

from sitrep.ingest import ray_engine  # noqa: E402 - after the skip
from sitrep.ingest.ray_engine import ingest_ray, ray_session  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
N_FIXTURE_DOCS = 8
pytestmark = pytest.mark.slow


def _stored(path: str) -> dict[str, str]:
    """Every stored report's extraction (the JSON of its result) by content hash."""
    with Store(path) as store, store.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT content_hash, result FROM documents").fetchall())


def _event_rows(path: str) -> list[tuple]:
    with Store(path) as store, store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.content_hash, e.* FROM events e JOIN documents d ON d.id = e.document_id").fetchall()
    # the row ids differ with the order of storing, and PostgreSQL adds a PostGIS point; nothing else may
    return sorted(tuple(v for k, v in r._mapping.items() if k not in ("id", "document_id", "geom")) for r in rows)


TOWNS = ["Saraqib", "Ariha", "Maarat al-Numan", "Jisr al-Shughur", "Atarib", "Sarmin", "Binnish", "Kafr Nabl"]


def _corpus(path: Path, n: int, sentences: int = 1) -> set[str]:
    """``n`` distinct short reports of ``sentences`` sentences each, as JSONL at ``path``; their texts."""
    texts = set()
    with path.open("w") as fh:
        for i in range(n):
            town, other = TOWNS[i % len(TOWNS)], TOWNS[(i + 3) % len(TOWNS)]
            text = " ".join(
                f"Syrian government forces shelled {town if j % 2 else other} on Tuesday, killing {i + j + 2} "
                f"people and wounding {3 * i + j}, rescuers said." for j in range(sentences))
            texts.add(text)
            fh.write(json.dumps({"text": text, "published": "2020-02-11", "url": f"https://desk.example/{i}"}) + "\n")
    return texts


# --- which sockets a process tree listens on, from /proc (no ss/netstat needed) -----------------------

def _listening_inodes() -> dict[str, str]:
    """Socket inode -> local address of every listening TCP socket (IPv4 and IPv6)."""
    out = {}
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                out[fields[9]] = _address(fields[1].split(":")[0], v6)
    return out


def _address(hexaddr: str, v6: bool) -> str:
    """The IP address of a /proc/net/tcp* entry (little-endian 32-bit words)."""
    words = [bytes.fromhex(hexaddr[i : i + 8])[::-1] for i in range(0, len(hexaddr), 8)]
    raw = b"".join(words)
    if not v6:
        return ".".join(str(b) for b in raw)
    if raw[:12] == b"\0" * 10 + b"\xff\xff":  # IPv4-mapped
        return ".".join(str(b) for b in raw[12:])
    return "::1" if raw == b"\0" * 15 + b"\1" else raw.hex()


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier and p not in tree}
        tree |= frontier
    return tree


def _listening(pids: set[int]) -> list[tuple[int, str]]:
    """(pid, local address) of each TCP socket the processes ``pids`` listen on."""
    sockets = _listening_inodes()
    found = []
    for pid in pids:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        for link in links:
            m = re.fullmatch(r"socket:\[(\d+)\]", link)
            if m and m.group(1) in sockets:
                found.append((pid, sockets[m.group(1)]))
    return found


# --- a local cluster ---------------------------------------------------------------------------------

@pytest.fixture(scope="class")
def local_cluster():
    """A private local cluster with 2 CPUs, started the way ``sitrep ingest --engine ray`` starts it."""
    if ray.is_initialized():
        ray.shutdown()
    with ray_session("local", cpus=2):
        yield
    assert not ray.is_initialized()


@pytest.fixture(scope="class")
def both_engines(local_cluster, tmp_path_factory):
    """The fixture reports ingested by the process engine and by the Ray engine, into two databases."""
    d = tmp_path_factory.mktemp("ray")
    paths = {"process": str(d / "process.db"), "ray": str(d / "ray.db")}
    stats = {}
    with Store(paths["process"]) as store:
        stats["process"] = ingest([str(FIXTURES)], store, workers=1, published="2020-03-05")
    with Store(paths["ray"]) as store:
        stats["ray"] = ingest_ray([str(FIXTURES)], store, workers=2, published="2020-03-05", batch_size=2)
    return paths, stats


@pytest.mark.usefixtures("local_cluster")
class TestLocalCluster:
    def test_the_local_cluster_listens_on_the_loopback_address_only(self):
        found = _listening(_descendants(os.getpid()))
        assert len({pid for pid, _ in found}) >= 2, f"expected the GCS and raylet among {found}"
        assert {addr for _, addr in found} == {"127.0.0.1"}, found

    def test_ray_stores_exactly_what_the_process_engine_stores(self, both_engines):
        paths, stats = both_engines
        assert stats["ray"].added == stats["process"].added == N_FIXTURE_DOCS
        assert stats["ray"].errors == stats["process"].errors == []
        assert _stored(paths["ray"]) == _stored(paths["process"])
        events = _event_rows(paths["ray"])
        assert events and events == _event_rows(paths["process"])
        assert stats["ray"].events == stats["process"].events == len(events)
        assert (stats["ray"].fused_events, stats["ray"].series_points) == (
            stats["process"].fused_events, stats["process"].series_points)

    def test_running_it_again_adds_nothing(self, both_engines):
        paths, _ = both_engines
        with Store(paths["ray"]) as store:
            again = ingest_ray([str(FIXTURES)], store, workers=2, published="2020-03-05")
            assert (again.added, again.duplicates, again.read) == (0, N_FIXTURE_DOCS, N_FIXTURE_DOCS)
            assert store.counts()["documents"] == N_FIXTURE_DOCS

    @pytest.mark.postgres
    def test_with_postgresql_the_actors_store_the_same_reports_once(self, both_engines, pg_server):  # noqa: F811
        from pg import new_database

        paths, _ = both_engines
        url = new_database(pg_server)
        with Store(url) as store:
            first = ingest_ray([str(FIXTURES)], store, workers=2, published="2020-03-05")
            again = ingest_ray([str(FIXTURES)], store, workers=2, published="2020-03-05")
            counts = store.counts()
        assert (first.added, first.errors, again.added, again.duplicates) == (N_FIXTURE_DOCS, [], 0, N_FIXTURE_DOCS)
        assert counts["documents"] == N_FIXTURE_DOCS
        assert _stored(url) == _stored(paths["process"])
        assert _event_rows(url) == _event_rows(paths["process"])

    def test_a_report_that_keeps_crashing_workers_becomes_one_error_and_the_rest_goes_on(self, tmp_path):
        """Ray's own retries are bounded; a batch that still fails is tried again one report per batch,
        and a report that fails every attempt is reported once, in one line, and skipped."""
        from sitrep.ingest.runner import IngestStats, _Progress, _Run
        from sitrep.model import Document

        docs = [Document(id=f"r{i}", text=f"report {i}") for i in range(6)]
        attempts: list[tuple[int, list[int]]] = []

        class Crashing(ray_engine._Driver):
            def _attempt(self, todo, batch_size):
                """A worker dies on report r1 whatever its batch: r1's whole batch never comes back."""
                attempts.append((batch_size, sorted(todo)))
                keys = sorted(todo)
                batches = [keys[i : i + batch_size] for i in range(0, len(keys), batch_size)]
                yield from (k for b in batches if 1 not in b for k in b)

        errors: list[str] = []
        with Store(str(tmp_path / "p.db")) as store:
            run = _Run(store, IngestStats(), errors.append, fuse=False)
            Crashing(ray, run, _Progress(False), tuple(DICTIONARY_STAGES), 2, 3, None).round(docs)
        assert attempts == [(3, [0, 1, 2, 3, 4, 5]), (1, [0, 1, 2]), (1, [1])]
        assert errors == ["r1: extraction crashed a Ray worker 3 times; skipped"]
        assert run.failed == 1


# --- several nodes, one lost mid-run ------------------------------------------------------------------

def test_a_node_lost_mid_run_still_stores_every_report_once(tmp_path):
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    ray_engine.require_ray(local=True)  # the simulated nodes stay on 127.0.0.1 too
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False,
                                                            "object_store_memory": 128 * 2**20})
    try:
        nodes = [cluster.add_node(num_cpus=1, object_store_memory=128 * 2**20) for _ in range(2)]
        ray.init(address=cluster.address, log_to_driver=False)
        corpus = tmp_path / "c.jsonl"
        texts = _corpus(corpus, 40, sentences=8)
        stored_batches = []

        def lose_a_node(n: int) -> None:
            stored_batches.append(n)
            if len(stored_batches) == 1:  # the first batch is stored: one of the two machines goes away
                cluster.remove_node(nodes[1])

        with Store(str(tmp_path / "multi.db")) as store:
            stats = ingest_ray([str(corpus)], store, workers=2, batch_size=2, stages=DICTIONARY_STAGES,
                               on_batch=lose_a_node)
            with store.engine.connect() as conn:
                rows = [t for (t,) in conn.exec_driver_sql("SELECT text FROM documents")]
        assert len(stored_batches) > 1
        assert sorted(rows) == sorted(texts)  # every report, each once
        assert stats.added == len(texts) and stats.errors == []
    finally:
        ray.shutdown()
        cluster.shutdown()
