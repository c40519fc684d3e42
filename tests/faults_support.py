"""Real faults for tests: read-only mounts, immutable files, a full disk, damaged pages.

Mounting needs root (CI runs as root); without it those tests skip and say why.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.verdict import Verdict
from annotator.store import Store

PAGE_SIZE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the folder with its checksum: nothing added, removed or changed."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


_BUILT: dict[tuple[int, str], Path] = {}


def make_library(path: Path, *, claims: int = 3, note: str = "") -> None:
    """A closed library (no -wal/-shm left) with one document and ``claims`` claims; built
    through the store once per session and copied."""
    built = _BUILT.get((claims, note))
    if built is None:
        folder = Path(tempfile.mkdtemp(prefix="annotator-test-library-"))
        atexit.register(shutil.rmtree, folder, True)
        built = _BUILT[(claims, note)] = folder / "library.sqlite3"
        _build_library(built, claims, note)
    shutil.copyfile(built, path)


def _build_library(path: Path, claims: int, note: str) -> None:
    text = " ".join(f"Sentence number {i} says something checkable." for i in range(400))
    with Store.open(path, author="tester") as store:
        doc = store.import_document("Report", text).document
        for i in range(claims):
            claim = store.create_claim(doc.id, i * 10, i * 10 + 8, note=f"{note}{i}")
            if i % 2:
                store.set_verdict(claim.id, Verdict.VERIFIED)


def _can_mount() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to mount a file system (CI runs as root)"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "the mount command is not installed"
    return None


def _run(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, capture_output=True, text=True, check=False)


def read_only_mount(source: Path, target: Path) -> contextlib.AbstractContextManager[Path]:
    """``source`` seen read-only at ``target`` (a bind mount remounted read-only)."""
    return _mounted(target, f"mount --bind '{source}' '{target}' && "
                            f"mount -o remount,bind,ro '{target}'", "make a read-only bind mount")


def small_tmpfs(target: Path, size: str = "512k") -> contextlib.AbstractContextManager[Path]:
    """A tmpfs of ``size`` at ``target``: a disk that is easy to fill."""
    return _mounted(target, f"mount -t tmpfs -o size={size} tmpfs '{target}'", "mount a tmpfs")


@contextlib.contextmanager
def _mounted(target: Path, command: str, what: str) -> Iterator[Path]:
    reason = _can_mount()
    if reason:
        pytest.skip(reason)
    target.mkdir()
    done = _run(command)
    if done.returncode:
        _run(f"umount '{target}'")
        pytest.skip(f"cannot {what} here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        _unmount(target)


def _unmount(target: Path) -> None:
    done = _run(f"umount '{target}'")
    if done.returncode:  # a connection still open somewhere: detach lazily, do not leak
        _run(f"umount -l '{target}'")


def fill_disk(folder: Path) -> Path:
    """Write a file until the disk holding ``folder`` has no space left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    return filler


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``chattr +i``: not even root may write, rename or delete it."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to make a file immutable (CI runs as root)")
    done = _run(f"chattr +i '{path}'")
    if done.returncode:
        pytest.skip(f"chattr +i is not supported here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _run(f"chattr -i '{path}'")


def overwrite_pages(path: Path, pages: list[int], fill: bytes = b"\xff") -> None:
    """Overwrite whole pages (numbered from 1, as SQLite does) with garbage."""
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE_SIZE)
            handle.write(fill * PAGE_SIZE)


def table_leaves(path: Path, table: str) -> dict[int, list[int]]:
    """The leaf pages of a table's b-tree and the rowids stored on each, read from the file
    itself (https://sqlite.org/fileformat.html#b_tree_pages), so a test knows exactly which
    rows a damaged page takes with it."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = path.read_bytes()
    leaves: dict[int, list[int]] = {}

    def walk(page: int) -> None:
        start = (page - 1) * page_size
        header = start + (100 if page == 1 else 0)
        kind, cells = data[header], struct.unpack(">H", data[header + 3:header + 5])[0]
        pointers = header + (12 if kind == 0x05 else 8)
        offsets = [start + struct.unpack(">H", data[pointers + 2 * i:pointers + 2 * i + 2])[0]
                   for i in range(cells)]
        if kind == 0x05:  # interior table page: left child pointers, then the right-most
            for offset in offsets:
                walk(struct.unpack(">I", data[offset:offset + 4])[0])
            walk(struct.unpack(">I", data[header + 8:header + 12])[0])
        elif kind == 0x0D:  # leaf: payload length varint, then the rowid varint
            leaves[page] = [_varint(data, _varint_end(data, offset))[0] for offset in offsets]

    walk(root)
    return leaves


def _varint_end(data: bytes, offset: int) -> int:
    return _varint(data, offset)[1]


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[offset + i]
        if i == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + i + 1
    raise AssertionError("unreachable")
