"""The small rules of the ingest runner and of its workers' lifeline, one by one."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sitrep.ingest.runner import FUSION_SHARE, fusion_due


def test_fusion_is_due_when_it_costs_at_most_a_fifth_of_the_time_since_the_last():
    assert FUSION_SHARE == 0.2
    assert fusion_due(seconds_since_last=1.0, last_cost=0.0, unfused=8)  # first batch: fuse at once
    assert fusion_due(seconds_since_last=10.0, last_cost=2.0, unfused=8)
    assert not fusion_due(seconds_since_last=9.0, last_cost=2.0, unfused=8)  # would cost > 20% of the time
    assert not fusion_due(seconds_since_last=100.0, last_cost=0.1, unfused=0)  # nothing new


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


ORPHAN = """
import os, sys, time
from sitrep.ingest.lifeline import watch_parent
parent = os.getpid()
pid = os.fork()
if pid == 0:
    watch_parent(parent, interval=0.1)   # the fallback alone, without the kernel's death signal
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
os._exit(0)
"""


def test_the_watchdog_alone_ends_a_process_whose_parent_died():
    res = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True, timeout=60)
    child = int(res.stdout.strip())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


ARM = """
import ctypes, signal
from sitrep.ingest.lifeline import set_parent_death_signal
armed = set_parent_death_signal()
sig = ctypes.c_int(0)
ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0)  # PR_GET_PDEATHSIG
print(armed, sig.value == signal.SIGKILL)
"""


def test_linux_arms_the_parent_death_signal():
    if not sys.platform.startswith("linux"):
        return
    res = subprocess.run([sys.executable, "-c", ARM], capture_output=True, text=True, timeout=60)  # not on pytest
    assert res.stdout.split() == ["True", "True"], res.stderr
