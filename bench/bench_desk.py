"""A desk on one library, on SQLite and PostgreSQL, in one run:

1. Live-update latency: a second process commits a verdict; how long until this process's
   main window shows it (controller applied it, claims table, highlight and counts updated).
   Target: under 1 s on both backends. Printed as median and p95, with the ratio to 1 s.
2. Create-claim latency: p95 of Store.create_claim on PostgreSQL against SQLite on this
   machine (interleaved pairs, same process), and the ratio.

Times are time.monotonic(), one clock for every process on Linux.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.postgres_cluster import Cluster, ClusterUnavailable  # noqa: E402

EDITS = 25
CREATES = 300
TARGET_S = 1.0
TEXT = ("The council approved the budget on Monday. The mayor said taxes will not rise. "
        "Critics said the plan cuts library hours by a third.\n") * 40


def writer(target: str, claim_id: int, pipe: Connection) -> None:
    """The colleague's process: on each request, commit a verdict and say when."""
    from annotator.domain.verdict import Verdict
    from annotator.store import Store

    verdicts = [Verdict.VERIFIED, Verdict.DISPUTED]
    with Store.open(target, author="Colleague") as store:
        pipe.send("ready")
        while (request := pipe.recv()) is not None:
            store.set_verdict(claim_id, verdicts[request % 2])
            pipe.send(time.monotonic())


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def live_latency(target: str, settings_dir: Path) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from annotator.domain.verdict import Verdict
    from annotator.qt.app import make_application
    from annotator.qt.main_window import MainWindow
    from annotator.qt.settings import Settings
    from annotator.store import Store

    app = make_application()
    store = Store.open(target, author="Me")
    doc = store.import_document("Council", TEXT).document
    claim = store.create_claim(doc.id, 4, 11)
    window = MainWindow(store, settings=Settings(settings_dir / "bench.ini"))
    window.library.refresh()
    window.open_document(doc.id)
    window.show()
    seen: list[float] = []

    def applied(_changes: object) -> None:
        seen.append(time.monotonic())

    window.controller.remoteChangesApplied.connect(applied)
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    child = multiprocessing.get_context("spawn").Process(
        target=writer, args=(target, claim.id, theirs))
    child.start()
    assert ours.recv() == "ready"
    latencies: list[float] = []
    verdicts = [Verdict.VERIFIED, Verdict.DISPUTED]
    for n in range(EDITS):
        app.processEvents()
        seen.clear()
        ours.send(n)
        committed = ours.recv()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            app.processEvents()
            shown = window.controller.claim(claim.id)
            if seen and shown is not None and shown.verdict is verdicts[n % 2]:
                break
            time.sleep(0.002)
        else:
            raise SystemExit(f"change {n} never showed in the window")
        assert window.claims_panel.model.rowCount() == 1
        latencies.append(seen[-1] - committed)
    ours.send(None)
    child.join(10)
    window.close()
    store.close()
    QApplication.processEvents()
    return latencies


def create_claims(targets: dict[str, str]) -> dict[str, list[float]]:
    from annotator.store import Store

    stores = {name: Store.open(target, author="Me") for name, target in targets.items()}
    docs = {name: s.import_document("Creates", TEXT * 3).document.id
            for name, s in stores.items()}
    times: dict[str, list[float]] = {name: [] for name in targets}
    for i in range(CREATES):  # interleaved: both backends see the same machine load
        for name, store in stores.items():
            started = time.perf_counter()
            store.create_claim(docs[name], i * 5, i * 5 + 4)
            times[name].append(time.perf_counter() - started)
    for s in stores.values():
        s.close()
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as folder, Cluster(port=54349) as cluster:
        targets = {"sqlite": str(Path(folder) / "desk.sqlite3"),
                   "postgresql": cluster.create_database("desk_bench")}
        for name, target in targets.items():
            latencies = live_latency(target, Path(folder))
            median, high = statistics.median(latencies), p95(latencies)
            print(f"live update, {name}: commit in another process -> shown in this window: "
                  f"median {median * 1000:.0f} ms, p95 {high * 1000:.0f} ms, max "
                  f"{max(latencies) * 1000:.0f} ms over {len(latencies)} edits  |  "
                  f"ratio p95/target(1 s) = {high / TARGET_S:.2f}x")
        creates = create_claims({"sqlite": str(Path(folder) / "creates.sqlite3"),
                                 "postgresql": cluster.create_database("desk_creates")})
        sq, pg = p95(creates["sqlite"]), p95(creates["postgresql"])
        print(f"create claim p95: postgresql {pg * 1000:.2f} ms  |  sqlite {sq * 1000:.2f} ms"
              f"  |  ratio postgresql/sqlite = {pg / sq:.2f}x  (medians "
              f"{statistics.median(creates['postgresql']) * 1000:.2f} / "
              f"{statistics.median(creates['sqlite']) * 1000:.2f} ms, {CREATES} each)")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except ClusterUnavailable as exc:
        print(f"PostgreSQL cluster unavailable: {exc}")
        raise SystemExit(1) from exc
