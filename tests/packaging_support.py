"""Building the wheel as a packager would: from a clean copy of the source tree.

Building in the checkout itself reuses its build/ folder, where a module renamed since
the last build still lies and would ship twice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info",
                                     "__pycache__", ".*_cache", "out", "*.pyc")


def build_wheel(workdir: Path, *extra_args: str) -> tuple[Path, str]:
    """The wheel built from a clean copy of the repository, and pip's output."""
    source = workdir / "source"
    shutil.copytree(REPO_ROOT, source, ignore=_NOT_SOURCE)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         *extra_args, "-w", str(workdir / "dist"), str(source)],
        capture_output=True, text=True, check=False, cwd=workdir,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = (workdir / "dist").glob("annotator-*.whl")
    return wheel, result.stdout + result.stderr
