"""The wheel carries what an installed (non-editable) app needs: samples and migrations."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

from tests.packaging_support import REPO_ROOT, build_wheel


def test_every_package_directory_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "annotator").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_wheel_contains_samples_and_migrations(tmp_path: Path) -> None:
    wheel, output = build_wheel(tmp_path, "-v")
    # The build says nothing a packager would have to worry about (e.g. the old
    # `project.license` table form, deprecated by setuptools, or data outside a package).
    assert "Warning" not in output
    names = set(zipfile.ZipFile(wheel).namelist())
    samples = sorted(p.name for p in (REPO_ROOT / "resources" / "samples").glob("*.txt"))
    assert samples, "resources/samples must hold the sample articles"
    for sample in samples:
        assert f"annotator/resources/samples/{sample}" in names
    assert "annotator/store/migrations/env.py" in names
    assert "annotator/store/migrations/script.py.mako" in names
    assert any(n.startswith("annotator/store/migrations/versions/0001") for n in names)
    assert "annotator/resources/annotator.desktop" in names
