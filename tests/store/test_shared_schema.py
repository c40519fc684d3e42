"""The same Store code on PostgreSQL, for a desk sharing one database.

Starts a throwaway cluster on a Unix socket in tmp (no network), if the server binaries are
installed; otherwise the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.records import SourceInput
from annotator.domain.verdict import Verdict
from annotator.store import ConcurrentEdit, Store

psycopg = pytest.importorskip("psycopg",
                              reason="install the 'postgres' extra to test PostgreSQL")
PORT = 54329


def _run_as_postgres(args: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        return [runuser, "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # Not pytest's tmp_path: its parents are private to the user running the tests, and the
    # server may have to run as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    subprocess.run(_run_as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "annot"]),
                   check=True, capture_output=True)
    options = f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off"
    subprocess.run(_run_as_postgres([pg_ctl, "-D", str(data), "-o", options, "-w",
                                     "-l", str(folder / "log"), "start"]),
                   check=True, capture_output=True)
    try:
        with psycopg.connect(host=str(folder), port=PORT, user="annot", dbname="postgres",
                             autocommit=True) as admin:
            admin.execute("CREATE DATABASE desk")
        yield f"postgresql+psycopg://annot@/desk?host={folder}&port={PORT}"
    finally:
        subprocess.run(_run_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_services_on_postgres(postgres_url: str) -> None:
    store = Store.open(postgres_url, author="alice")
    text = "Desk copy 👍🏽: the summit will be held in Budapest next week."
    doc = store.import_document("Shared", text).document
    start = text.index("the summit")
    claim = store.create_claim(doc.id, start, start + len("the summit will be held in Budapest"),
                               sources=[SourceInput(url="https://example.org")])
    store.set_verdict(claim.id, Verdict.DISPUTED)
    snapshot = store.delete_claim(claim.id)
    restored = store.restore_claim(snapshot)
    store.close()

    reopened = Store.open(postgres_url)
    again = reopened.claim(claim.id)
    assert again == restored
    assert again.exact == "the summit will be held in Budapest"
    assert text[again.start:again.end] == again.exact
    assert again.verdict is Verdict.DISPUTED and again.source_count == 1
    reopened.close()


def test_two_editors_cannot_overwrite_each_other(postgres_url: str) -> None:
    alice = Store.open(postgres_url, author="alice")
    bob = Store.open(postgres_url, author="bob")
    doc = alice.import_document("Race", "Two editors look at the same sentence.").document
    claim = alice.create_claim(doc.id, 0, 11)
    seen_by_bob = bob.claim(claim.id)
    alice.set_verdict(claim.id, Verdict.VERIFIED, expected_version=claim.version)
    with pytest.raises(ConcurrentEdit):
        bob.set_verdict(claim.id, Verdict.DISPUTED, expected_version=seen_by_bob.version)
    assert bob.claim(claim.id).verdict is Verdict.VERIFIED
    alice.close()
    bob.close()
