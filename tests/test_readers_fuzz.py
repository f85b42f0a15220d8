"""Property-based tests of every input reader (Hypothesis): any bytes in any supported file give
Documents or one-line input errors, never an exception; JSONL never loses or repeats a good record.

The number of examples tried per test shows in the test output (``--hypothesis-show-statistics`` is in
the pytest options); CI runs the ``ci`` profile (60 examples a test), ``benchmarks/fuzz_readers.py``
runs 10,000 and more.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readers_fuzz import (
    SUFFIXES,
    check_any_bytes,
    check_jsonl_keeps_every_good_record,
    file_bytes,
    garbage_lines,
    good_records,
)

settings.register_profile("ci", max_examples=60, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.mark.parametrize("suffix", SUFFIXES)
@given(data=file_bytes())
def test_any_bytes_give_documents_or_one_line_errors(suffix, data):
    check_any_bytes(data, suffix)


@given(records=good_records(), garbage=garbage_lines(), order=st.lists(st.integers(0, 50), max_size=12))
def test_jsonl_keeps_every_good_record_once_and_names_each_bad_line(records, garbage, order):
    check_jsonl_keeps_every_good_record(records, garbage, order)
