"""Helpers for the ``sitrep serve`` tests: a uvicorn server on 127.0.0.1 in a thread (stopped by the
fixture that started it) and Debian's chromium driven by Playwright (skipped where either is absent)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class LiveServer:
    """Serve an ASGI app on 127.0.0.1 (a free port) until :meth:`stop`."""

    def __init__(self, app):
        import uvicorn

        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False)
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def launch_chromium(playwright):
    """Debian's chromium through Playwright, or a skip naming what to install."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(
        executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
        args=CHROMIUM_FLAGS,
        headless=True,
    )


def synthetic_fusion(n: int, seed: int = 7):
    """``n`` synthetic fused events (and no series) spread over Syria and 2020, for paging, streaming and
    load tests. They are written with ``Store.replace_fusion`` as fusion would write them; their source
    reports name documents that are not stored (no extraction is run)."""
    import random

    from sitrep.fuse.model import FigureReport, FusedEvent, FusedFigure, Fusion, SourceReport
    from sitrep.model import Actor, DateSpan, EventType, Evidence, Place

    rng = random.Random(seed)
    types = [
        ("ASSAULT", "195", "Explosions/Remote violence"),
        ("COERCE", "170", "Strategic developments"),
        ("PROTEST", "141", "Protests"),
        ("CONSULT", "040", None),
    ]
    events = []
    for i in range(n):
        plover, cameo, acled = types[i % len(types)]
        day = f"2020-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
        sentence = f"Synthetic report {i}: forces struck town {i % 50}, killing {i % 20} people."
        killed = i % 20
        events.append(
            FusedEvent(
                id=f"fe-syn{i:08d}",
                family="violence" if plover == "ASSAULT" else "other",
                type=EventType(cameo=cameo, plover=plover, acled_event_type=acled),
                actor1=Actor(text="Syrian forces", name="Syria", country="SYR", sector="MIL", code="SYRMIL"),
                actor2=Actor(text="civilians", sector="CVL", code="CVL"),
                location=Place(
                    text=f"Town {i % 50}",
                    name=f"Town {i % 50}",
                    country="SYR",
                    admin1="Idlib",
                    lat=round(35 + rng.random() * 2, 4),
                    lon=round(36 + rng.random() * 2, 4),
                    precision="town",
                ),
                date=DateSpan(day, day, "day", None),
                figures=[FusedFigure("killed", killed, killed, killed, [FigureReport(f"sha256:syn{i}", killed)])],
                sources=[
                    SourceReport(
                        document=f"sha256:syn{i}",
                        event="e1",
                        source=f"Wire {i % 5}",
                        url=f"https://wire{i % 5}.example/{i}",
                        published=day,
                        evidence=Evidence(sentence, 0, len(sentence)),
                    )
                ],
                reasons=["single report"],
            )
        )
    return Fusion(events=events)
