"""The one loader for the data files shipped in ``sitrep/data``.

Every vocabulary, lexicon and table is a file under ``sitrep/data/<family>/``; code reads them through
these functions only. Tables are tab-separated, UTF-8, with ``#`` comment lines and blank lines ignored.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``sitrep/data`` (``data_path("actors", "countries.tsv")``)."""
    return Path(str(resources.files("sitrep") / "data")).joinpath(*parts)


def content_lines(path: Path) -> list[str]:
    """The lines of a text file that are neither blank nor ``#`` comments, without line ends."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line.rstrip("\r\n") for line in fh]
    return [line for line in lines if line.strip() and not line.startswith("#")]


def read_table(*parts: str, header: bool = False, strip: bool = False, path: Path | None = None
               ) -> list[list[str]]:
    """Rows of a tab-separated data file (``path`` instead of ``parts`` for a file elsewhere).

    ``header=True`` drops the first content line; ``strip=True`` strips every cell.
    """
    lines = content_lines(path if path is not None else data_path(*parts))
    if header:
        lines = lines[1:]
    rows = [line.split("\t") for line in lines]
    return [[cell.strip() for cell in row] for row in rows] if strip else rows


def read_records(*parts: str, path: Path | None = None) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header line, as dicts keyed by the header's names."""
    lines = content_lines(path if path is not None else data_path(*parts))
    if not lines:
        return []
    names = lines[0].split("\t")
    return [dict(zip(names, (line.split("\t") + [""] * len(names))[: len(names)])) for line in lines[1:]]


def read_json(*parts: str, path: Path | None = None) -> Any:
    """A JSON data file."""
    target = path if path is not None else data_path(*parts)
    return json.loads(target.read_text(encoding="utf-8"))
