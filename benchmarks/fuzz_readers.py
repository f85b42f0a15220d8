"""Fuzz every input reader with Hypothesis, far longer than the tests do, and count the outcomes.

For each reader (the file suffixes of ``tests/readers_fuzz.SUFFIXES``) it feeds generated files (any
bytes, and near misses of JSON, JSONL, feeds, HTML and PDF) through ``read_documents`` and counts the
examples, the Documents and one-line input errors they gave, and any exception (a failure: Hypothesis
then shrinks it and it is printed). Then the JSONL property: good records mixed with garbage lines all
come out once, in order, every bad line named.

    python benchmarks/fuzz_readers.py [--examples 10000]    # in all, shared between the properties
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from readers_fuzz import (  # noqa: E402
    SUFFIXES,
    check_any_bytes,
    check_jsonl_keeps_every_good_record,
    file_bytes,
    garbage_lines,
    good_records,
)


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, database=None, derandomize=False, print_blob=True,
                    suppress_health_check=list(HealthCheck))


def fuzz_reader(suffix: str, n: int) -> dict:
    counts: Counter = Counter()

    @_settings(n)
    @given(data=file_bytes())
    def prop(data):
        counts["examples"] += 1
        docs = check_any_bytes(data, suffix)
        counts["documents"] += len(docs)
        counts["with_document"] += bool(docs)

    return _run(prop, counts, f"reader {suffix}")


def fuzz_jsonl(n: int) -> dict:
    counts: Counter = Counter()

    @_settings(n)
    @given(records=good_records(), garbage=garbage_lines(), order=st.lists(st.integers(0, 50), max_size=12))
    def prop(records, garbage, order):
        counts["examples"] += 1
        counts["good_records"] += len(records)
        counts["garbage_lines"] += len(garbage)
        check_jsonl_keeps_every_good_record(records, garbage, order)

    return _run(prop, counts, "jsonl good records kept")


def _run(prop, counts: Counter, name: str) -> dict:
    t0 = time.perf_counter()
    failure = None
    try:
        prop()
    except Exception as exc:  # noqa: BLE001 - a falsified property: report it
        failure = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
    return {"property": name, **counts, "failure": failure, "seconds": round(time.perf_counter() - t0, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=10_000, help="examples in all (default 10,000)")
    args = ap.parse_args()
    share = -(-args.examples // (len(SUFFIXES) + 1))
    rows = [fuzz_reader(s, share) for s in SUFFIXES] + [fuzz_jsonl(share)]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    total = sum(r.get("examples", 0) for r in rows)
    failed = [r["property"] for r in rows if r["failure"]]
    print(f"{total} examples in all ({share} asked per property, {len(rows)} properties); "
          f"{len(failed)} falsified: {', '.join(failed) or 'none'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
