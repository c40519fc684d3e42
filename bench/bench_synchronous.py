"""What does ``synchronous=FULL`` cost an interactive edit, against ``NORMAL``?

Run: python bench/bench_synchronous.py [FOLDER]

In WAL mode NORMAL survives an application crash but may lose the last commits when the
machine loses power; FULL syncs the WAL to the disk on every commit. Two libraries, one per
setting, in FOLDER (default: the temporary folder; use a folder on the disk the library
really lives on, never a tmpfs, where a sync costs nothing). 400 claims are created with
``Store.create_claim`` alternately on each (interleaved pairs, so both see the same disk
and machine load), each timed from call to commit. Prints the median and p95 per setting
and the FULL/NORMAL ratio of each.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.io.samples import import_bundled_samples
from annotator.store import Store, engine

CLAIMS = 400
WARM_UP = 20


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def open_with(folder: Path, setting: str) -> tuple[Store, int]:
    engine.SYNCHRONOUS = setting  # read when each connection is made
    store = Store.open(folder / f"{setting.lower()}.sqlite3", author="bench")
    import_bundled_samples(store)
    with store.engine.connect() as connection:
        actual = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    assert actual == {"NORMAL": 1, "FULL": 2}[setting], actual
    document = max(store.list_documents(), key=lambda d: len(store.document(d.id).text))
    return store, document.id


def main() -> int:
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir())
    with tempfile.TemporaryDirectory(dir=base) as name:
        folder = Path(name)
        stores = {setting: open_with(folder, setting) for setting in ("NORMAL", "FULL")}
        times: dict[str, list[float]] = {setting: [] for setting in stores}
        for i in range(WARM_UP + CLAIMS):
            order = ("NORMAL", "FULL") if i % 2 else ("FULL", "NORMAL")
            for setting in order:
                store, document_id = stores[setting]
                started = time.perf_counter()
                store.create_claim(document_id, i % 500, i % 500 + 20)
                elapsed = time.perf_counter() - started
                if i >= WARM_UP:
                    times[setting].append(elapsed * 1000)
        for store, _ in stores.values():
            store.close()
    print(f"create-claim on {base} ({CLAIMS} interleaved pairs), milliseconds:")
    for setting, values in times.items():
        print(f"  {setting:6}  median {statistics.median(values):6.3f}  "
              f"p95 {percentile(values, 0.95):6.3f}")
    for label, fraction in (("median", 0.5), ("p95", 0.95)):
        full = percentile(times["FULL"], fraction)
        normal = percentile(times["NORMAL"], fraction)
        print(f"  {label}: FULL/NORMAL = {full / normal:.2f}x (+{full - normal:.3f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
