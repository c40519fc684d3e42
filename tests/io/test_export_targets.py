"""Export targets: only a regular writable file is replaced; killed exports are cleaned up;
a full disk leaves the old file and no half file."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.io.export import export_library
from annotator.store import Store
from tests.faults_support import fill_disk, immutable, small_tmpfs
from tests.io.export_support import Library


def export(capsys: pytest.CaptureFixture[str], db: Path, target: Path,
           fmt: str = "csv") -> tuple[int, str]:
    code = main(["export", "--format", fmt, "-o", str(target), "--db", str(db)])
    return code, capsys.readouterr().err


@pytest.mark.sqlite_only
@pytest.mark.parametrize("side", ["-wal", "-shm"])
def test_the_librarys_own_working_files_are_refused(
    store: Store, library: Library, db_path: Path, side: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    working = Path(f"{db_path}{side}")
    assert working.exists()  # the store is open: SQLite is using it
    inode = working.stat().st_ino
    code, err = export(capsys, db_path, working)
    assert code == 2 and "library's own working files" in err
    assert working.stat().st_ino == inode  # not replaced
    with closing(sqlite3.connect(db_path)) as reader:  # other readers are not disturbed
        assert reader.execute("SELECT count(*) FROM claims").fetchone()[0] == 5
    with pytest.raises(ValueError, match="working files"):
        export_library(store, "review", working)


def test_a_named_pipe_is_refused(store: Store, library: Library, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(ValueError, match="named pipe"):
        export_library(store, "csv", pipe)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not list(tmp_path.glob(".*.part"))


def test_a_device_node_is_refused(store: Store, library: Library, tmp_path: Path) -> None:
    device = tmp_path / "null.csv"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CI runs as root)")
    with pytest.raises(ValueError, match="a device"):
        export_library(store, "html", device)
    assert stat.S_ISCHR(device.stat().st_mode)


def test_a_read_only_file_is_refused(store: Store, library: Library, tmp_path: Path) -> None:
    kept = tmp_path / "final.csv"
    kept.write_text("the approved version\n")
    kept.chmod(0o444)
    with pytest.raises(ValueError, match="read-only"):
        export_library(store, "csv", kept)
    assert kept.read_text() == "the approved version\n"
    kept.chmod(0o644)
    with immutable(kept):
        with pytest.raises(ValueError, match="read-only"):
            export_library(store, "csv", kept)
        assert kept.read_text() == "the approved version\n"


def killed_export(target: Path) -> Path:
    """Start an export in another process and SIGKILL it while its .part file is open."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from annotator.io.export import atomic_target\n"
        "with atomic_target(Path(sys.argv[1])) as temp:\n"
        "    temp.write_text('half')\n"
        "    print(temp, flush=True)\n"
        "    time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script, str(target)],
                          stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        part = Path(child.stdout.readline().strip())
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    return part


def test_a_killed_exports_part_file_is_removed_by_the_next(
    store: Store, library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    part = killed_export(target)
    assert part.exists() and part.name.startswith(".report.csv.")
    export_library(store, "csv", target)
    assert not part.exists()
    assert "Trump spoke to his Russian counterpart" in target.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.part"))


def test_a_running_exports_part_file_is_left_alone(
    store: Store, library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        part = tmp_path / f".report.csv.{sleeper.pid}.0123abcd.part"
        part.write_text("in progress")
        export_library(store, "csv", target)
        assert part.read_text() == "in progress"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_full_disk_keeps_the_old_file_and_leaves_no_part(
    db_path: Path, store: Store, library: Library, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.close()
    with small_tmpfs(tmp_path / "small", size="256k") as disk:
        target = disk / "report.html"
        target.write_text("yesterday's report\n")
        fill_disk(disk)
        code, err = export(capsys, db_path, target, fmt="html")
        assert code == 2 and "No space left on device" in err
        assert target.read_text() == "yesterday's report\n"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "report.html"]
