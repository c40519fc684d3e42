"""A throwaway PostgreSQL cluster on a Unix socket, for the tests and the benchmarks.

No pytest here (bench/ uses it too). The server binaries are looked up on PATH, then in
Debian's /usr/lib/postgresql/<major>/bin (the `postgresql` package does not put initdb or
pg_ctl on PATH). initdb and postgres refuse to run as root, so under root (CI containers)
they run as the `postgres` user, else `nobody`, through runuser.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

PORT = 54329
USER = "annot"
DEBIAN_BINARIES = Path("/usr/lib/postgresql")


class ClusterUnavailable(RuntimeError):
    """The server could not be found or started; str() says why."""


def find_binaries() -> tuple[str, str]:
    """(initdb, pg_ctl), or ClusterUnavailable."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    versions = sorted(DEBIAN_BINARIES.glob("*/bin/initdb"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    for candidate in reversed(versions):
        if (candidate.parent / "pg_ctl").exists():
            return str(candidate), str(candidate.parent / "pg_ctl")
    raise ClusterUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
        "on Debian: apt-get install postgresql")


def _server_user() -> str | None:
    """The user the server runs as when we are root (None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ClusterUnavailable("running as root with neither a postgres nor a nobody user")


class Cluster:
    """initdb + pg_ctl start in a fresh temporary folder; stop() removes everything."""

    def __init__(self, port: int = PORT) -> None:
        self.port = port
        self.initdb, self.pg_ctl = find_binaries()
        self.run_as = _server_user()
        self.runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
        if self.run_as is not None and self.runuser is None:
            raise ClusterUnavailable("running as root without runuser: cannot start PostgreSQL")
        # Not pytest's tmp_path: its parents are private to the user running the tests, and
        # the server may have to run as another user.
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.folder / "data"
        self.started = False

    def _command(self, args: list[str]) -> list[str]:
        if self.run_as is None:
            return args
        assert self.runuser is not None
        return [self.runuser, "-u", self.run_as, "--", *args]

    def _run(self, args: list[str]) -> None:
        done = subprocess.run(self._command(args), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(
                f"{Path(args[0]).name} failed ({done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()} {tail}".strip())

    def start(self) -> Cluster:
        if self.run_as is not None:
            shutil.chown(self.folder, self.run_as)
        self._run([self.initdb, "-D", str(self.data), "-A", "trust", "-U", USER,
                   "-E", "UTF8", "--no-locale"])
        # Only the socket in our folder: no TCP port, nothing reachable from the network.
        # Durability is not the point of a throwaway cluster; speed is.
        options = (f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-w", "-t", "60",
                   "-l", str(self.folder / "log"), "start"])
        self.started = True
        return self

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={self.port}"

    def connect_admin(self) -> object:
        import psycopg

        return psycopg.connect(host=str(self.folder), port=self.port, user=USER,
                               dbname="postgres", autocommit=True)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """CREATE DATABASE name [TEMPLATE template]; returns its SQLAlchemy URL."""
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        with self.connect_admin() as admin:  # type: ignore[attr-defined]
            admin.execute(sql)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.connect_admin() as admin:  # type: ignore[attr-defined]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.started:
            subprocess.run(self._command([self.pg_ctl, "-D", str(self.data), "-m", "immediate",
                                          "stop"]), capture_output=True, check=False)
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

