"""A user's install: the wheel, the oldest pip we support, a fresh venv, a real command.

`make run` upgrades pip first, which once hid an app that died on every command when
installed with Debian 12's pip (it did not resolve an extra of a dependency).
"""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

from tests.packaging_support import build_wheel

OLDEST_PIP = "23.0.1"  # Debian 12's python3-pip; README: "Python 3.11+, pip 23+"
ARTICLE_HTML = """<!doctype html><html><head><title>Council votes | Daily</title></head>
<body><article><h1>Council votes on the budget</h1>
<p>The council approved the budget on Tuesday by seven votes to two.</p>
<p>The mayor said spending on roads would double over five years.</p></article></body></html>
"""


def run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=cwd,
                          check=False, timeout=900)


def test_wheel_installs_and_runs_with_the_oldest_supported_pip(tmp_path: Path) -> None:
    wheel, _output = build_wheel(tmp_path)

    env_dir = tmp_path / "v"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pinned = run(python, "-m", "pip", "install", "-q", f"pip=={OLDEST_PIP}")
    assert pinned.returncode == 0, pinned.stderr
    assert run(python, "-m", "pip", "--version").stdout.startswith(f"pip {OLDEST_PIP}")
    installed = run(python, "-m", "pip", "install", "-q", wheel)
    assert installed.returncode == 0, installed.stderr

    annotator = env_dir / "bin" / "annotator"
    db = tmp_path / "lib.sqlite3"
    listed = run(annotator, "--db", db, "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["id\tunchecked\tverified\tdisputed\ttitle"]
    page = tmp_path / "council.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    imported = run(annotator, "import", page, "--db", db)  # loads trafilatura and lxml
    assert imported.returncode == 0, imported.stderr
    listed = run(annotator, "list", "--db", db)
    assert "\tCouncil votes" in listed.stdout
