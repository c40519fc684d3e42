"""Start-up loads only what it uses: the shape behind bench/bench_startup.py's ratios.

Each check runs a fresh interpreter and lists the heavy modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ORIGINAL_REPORT

HEAVY = ("sqlalchemy", "alembic", "trafilatura", "lxml", "rapidfuzz", "importlib.metadata",
         "PySide6", "annotator.io.export")


def loaded_after(code: str, env_db: Path) -> set[str]:
    script = (f"{code}\nimport json, sys\n"
              f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
              f"{sorted({h.split('.')[0] for h in HEAVY})!r} or m in {list(HEAVY)!r})))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env={"ANNOTATOR_DB": str(env_db),
                                             "QT_QPA_PLATFORM": "offscreen", "PATH": "/bin"})
    names = set(json.loads(result.stdout.strip().splitlines()[-1]))
    return {h for h in HEAVY if h in names}


@pytest.fixture
def library(db_path: Path) -> Path:
    from annotator.cli import main

    assert main(["--db", str(db_path), "import", str(ORIGINAL_REPORT)]) == 0
    return db_path


def test_help_loads_nothing_heavy(library: Path) -> None:
    code = ("import contextlib, io\nfrom annotator.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    main(['--help'])")
    assert loaded_after(code, library) == set()


def test_list_loads_the_orm_and_nothing_else_heavy(library: Path) -> None:
    code = ("import contextlib, io\nfrom annotator.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert main(['list']) == 0")
    # SQLAlchemy loads importlib.metadata itself; the baseline of the ratio pays it too.
    assert loaded_after(code, library) - {"importlib.metadata"} == {"sqlalchemy"}


def test_the_window_paints_the_article_before_loading_the_store(library: Path) -> None:
    code = ("from PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "from annotator.qt.settings import Settings\n"
            "from annotator.qt.startup_preview import show_preview\n"
            f"settings = Settings({str(library.with_name('s.ini'))!r})\n"
            f"preview = show_preview({str(library)!r}, settings)\n"
            f"assert preview.view.toPlainText() == open({str(ORIGINAL_REPORT)!r}, "
            "encoding='utf-8').read()")
    assert loaded_after(code, library) == {"PySide6"}
