"""Extraction workers that do not outlive the ingest that started them.

A worker process holds a spaCy pipeline (about 0.5 GB). When its parent dies without shutting the pool
down (``kill -9``, the OOM killer, a crash) nothing else would stop it, so each worker, in the pool's
initializer, arranges two ways to notice:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (through ctypes): the kernel kills the worker the moment
  its parent exits, however the parent died;
- everywhere: a daemon thread that checks once a second whether the parent is still its parent
  (``os.getppid()`` changes when a process is re-parented) and exits if not.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the Linux kernel to send ``sig`` to this process when its parent dies; False elsewhere or
    when it cannot be set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent_pid: int, interval: float = 1.0) -> threading.Thread:
    """Start a daemon thread that ends this process as soon as ``parent_pid`` is no longer its parent."""

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(interval)

    thread = threading.Thread(target=watch, name="sitrep-parent-watch", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent_pid: int) -> None:
    """Both of the above; exits at once when the parent is already gone."""
    set_parent_death_signal()
    if os.getppid() != parent_pid:  # died before the death signal was armed
        os._exit(1)
    watch_parent(parent_pid)
