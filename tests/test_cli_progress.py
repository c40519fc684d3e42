"""The command line's progress bar: drawn on a terminal, silent otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.cli.progress import TerminalProgress, render
from annotator.store import Store
from tests.io.export_support import build_library


def test_render_shows_bar_percent_and_counts() -> None:
    assert render("Exporting", 3000, 10000) == (
        "Exporting [#########.....................]  30%  3,000/10,000")
    assert render("Exporting", 0, 0).endswith("100%  0/0")


def test_draws_on_a_terminal_and_clears_its_line() -> None:
    stream = io.StringIO()
    with TerminalProgress("Exporting", stream, enabled=True) as progress:
        assert progress(0, 10) is True
        assert progress(10, 10) is True  # the last step is always drawn
    text = stream.getvalue()
    assert text.startswith("\rExporting [") and "10/10" in text
    assert text.endswith("\r\x1b[2K")


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()  # isatty() is False, as for a pipe or a file
    with TerminalProgress("Exporting", stream) as progress:
        progress(5, 10)
        progress(10, 10)
    assert stream.getvalue() == ""


def test_export_in_a_script_prints_only_its_summary(capsys: pytest.CaptureFixture[str],
                                                    db_path: Path, original_text: str,
                                                    tmp_path: Path) -> None:
    with Store.open(db_path, author="tester") as store:
        build_library(store, original_text)
    code = main(["--db", str(db_path), "export", "--format", "csv", "-o",
                 str(tmp_path / "out.csv")])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out.startswith("Exported 5 claims")
