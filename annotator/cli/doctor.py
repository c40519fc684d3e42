"""annotator doctor: check the library's health and recover a damaged one into a new file."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import EXIT_NOTHING_DONE, Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "doctor", parents=[common],
        help="check the library for damage; recover a damaged one into a new file",
        description="Runs SQLite's integrity check on a copy of the library. If it is "
                    "damaged, recovers what can be recovered into a new library file. "
                    "The library itself is never changed. Exit status: 0 healthy, "
                    "1 damaged, 2 error.",
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="where to write the recovered library (default: beside the "
                        "library, named <name>.recovered-<time>.sqlite3)")
    p.add_argument("--check-only", action="store_true",
                   help="only check; do not write a recovered library")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from annotator.store import resolve_database
    from annotator.store.doctor import check, recover

    database = resolve_database(args.db)
    if "://" in database:
        raise ValueError("'annotator doctor' checks library files; a database server is "
                         "checked by its administrator, with the server's own tools.")
    path = Path(database).expanduser()
    diagnosis = check(path)
    if diagnosis.healthy:
        print(f"{path}: healthy (SQLite's integrity check found no problem).")
        return 0
    print(f"{path}: DAMAGED. SQLite's integrity check reports:")
    for problem in diagnosis.problems:
        print(f"  {problem}")
    if diagnosis.damaged_tables:
        print(f"Damaged tables (with their indexes): {', '.join(diagnosis.damaged_tables)}")
    if args.check_only:
        print("Run 'annotator doctor' without --check-only to recover it into a new file.")
        return EXIT_NOTHING_DONE
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = args.output or path.with_name(f"{path.stem}.recovered-{stamp}.sqlite3")
    print(recover(path, target.expanduser()))
    print(f"The damaged library was left as it was. Check the recovered one with "
          f"'annotator list --db {target}'; if it holds your work, use it from now on "
          "(keep the damaged file until you are sure).")
    return EXIT_NOTHING_DONE
