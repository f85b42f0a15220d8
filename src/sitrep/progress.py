"""Something on screen during long waits: a spinner with the elapsed time on stderr, shown only when
stderr is a terminal (pipes, files and CI logs stay quiet)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator, Optional


@contextmanager
def waiting(message: str, enabled: Optional[bool] = None) -> Iterator[None]:
    """Show ``message`` with a spinner and a clock on stderr while the block runs."""
    if not (sys.stderr.isatty() if enabled is None else enabled):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    progress.add_task(message, total=None)
    with progress:
        yield
