"""Four editors in four processes on one library for 30 s, on SQLite and PostgreSQL.

Prints, per backend, how many edits of own claims and of shared claims succeeded, were
refused as ConcurrentEdit (naming a colleague) or failed otherwise, and whether every
history chain is intact. The rules are those of tests/store/test_desk_load.py (5 s there).
Seconds: first argument, default 30.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests import desk_load  # noqa: E402
from tests.postgres_cluster import Cluster, ClusterUnavailable  # noqa: E402

WRITERS = 4


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    status = 0
    with desk_load.start_pool(WRITERS) as pool, tempfile.TemporaryDirectory() as folder:
        targets = [("sqlite", str(Path(folder) / "desk.sqlite3"))]
        cluster: Cluster | None = None
        try:
            cluster = Cluster(port=54339).start()
            targets.append(("postgresql", cluster.create_database("desk_load")))
        except ClusterUnavailable as exc:
            print(f"postgresql: not run ({exc})")
            status = 1
        try:
            for name, target in targets:
                report = desk_load.run(pool, target, WRITERS, seconds)
                c = report.counts
                total_own = c["own ok"] + c["own refused"] + c["own failed"]
                print(f"{name}: {report.summary()}")
                print(f"{name}: own-claim success {c['own ok']}/{total_own}; "
                      f"refusals named {dict(report.colleagues)}; "
                      f"problems: {len(report.problems)}")
                for problem in report.problems[:5]:
                    print(f"  {problem}")
                status |= bool(report.problems)
        finally:
            if cluster is not None:
                cluster.stop()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
