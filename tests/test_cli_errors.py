"""Whatever goes wrong, the command line prints one line; an unexpected error's traceback goes to a log
file that the line names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fusefix import strike_reports
from sitrep.cli import one_line, run
from sitrep.store import Store


def _run(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["sitrep", *args])
    with pytest.raises(SystemExit) as exit_:
        run()
    return exit_.value.code


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_a_named_log(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "c.db")
    with Store(db) as store:
        store.add_results(strike_reports())
        store.refuse()

    def broken(self, filters=None):
        raise RuntimeError("boom with a\x1b[31m control sequence\n[SQL: INSERT INTO events ... evidence sentences]")

    monkeypatch.setattr(Store, "query", broken)
    monkeypatch.setenv("SITREP_LOG_DIR", str(tmp_path / "logs"))
    assert _run(monkeypatch, "query", "--db", db) == 70
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith("sitrep: internal error: RuntimeError: boom with a [31m control sequence (traceback in ")
    assert "Traceback" not in err and "\x1b" not in err and "SQL" not in err
    log = Path(line.split("(traceback in ")[1].rstrip(")"))
    assert log.parent == tmp_path / "logs"
    text = log.read_text()
    assert text.startswith(f"sitrep query --db {db}\nTraceback (most recent call last):")
    assert "RuntimeError: boom" in text


def test_one_line_flattens_and_bounds_untrusted_text():
    assert one_line("a\n\tb\r\nc") == "a b c"
    assert len(one_line("x" * 1000, 50)) == 50
