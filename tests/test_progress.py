"""Long waits show a spinner with a clock on stderr when it is a terminal, and nothing otherwise."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

SNIPPET = ("import time; from sitrep.progress import waiting\n"
           "with waiting('building the gazetteer index, once'):\n    time.sleep(1.0)\n")


def test_a_terminal_sees_what_is_being_waited_for():
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", SNIPPET], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=follower, env={**os.environ, "TERM": "xterm", "COLUMNS": "100"})
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    assert b"building the gazetteer index, once" in seen
    assert b"0:00:0" in seen  # the elapsed-time clock


def test_a_pipe_stays_quiet():
    res = subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, timeout=60)
    assert res.returncode == 0 and res.stderr == b""
