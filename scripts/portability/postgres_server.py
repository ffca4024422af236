"""A throwaway PostgreSQL server for the tests: a cluster in a folder, listening on 127.0.0.1 only.

Usage: postgres_server.py start DIR   (prints the connection as JSON, also kept in DIR/connection.json)
       postgres_server.py stop DIR

`start` runs initdb (as the `postgres` OS user when run as root: initdb refuses root) with password
authentication (scram-sha-256) and a UTF-8 database (C.UTF-8, whose character classes know every Unicode letter),
starts the server on a free port of 127.0.0.1 with its socket in DIR, and creates:
- the role `pipeline` (login), owner of the database `drug_graph`, which dbt builds as;
- the role `analyst` (login), with no right but to connect: the project's grants give it the rest.
Each role gets a fresh random password. Standard library only, so that CI can run it before any venv exists.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

DATABASE = "drug_graph"
ROLES = ("pipeline", "analyst")


def bin_dir() -> Path:
    """The folder of PostgreSQL's server programs (the newest version installed)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    sys.exit("PostgreSQL is not installed: apt-get install -y postgresql (or set PATH to its bin folder)")


def as_server_user(command: list[str]) -> list[str]:
    """Runs server programs as `postgres` when we are root (initdb and postgres refuse to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command[:6])} failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    return completed


def start(folder: Path) -> dict[str, object]:
    programs = bin_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    superuser_password = secrets.token_urlsafe(24)
    password_file = folder / "superuser_password"
    password_file.write_text(superuser_password + "\n", encoding="ascii")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(password_file, "postgres")
        folder.chmod(0o700)
    run(as_server_user([
        str(programs / "initdb"), "-D", str(data), "-U", "postgres", "--auth=scram-sha-256",
        f"--pwfile={password_file}", "--encoding=UTF8", "--locale=C.UTF-8",
    ]))
    password_file.unlink()
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=40"
    run(as_server_user([
        str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start",
    ]))
    connection: dict[str, object] = {
        "host": "127.0.0.1", "port": port, "database": DATABASE, "superuser": "postgres",
        "superuser_password": superuser_password,
        "passwords": {role: secrets.token_urlsafe(24) for role in ROLES},
    }
    passwords: dict[str, str] = connection["passwords"]  # type: ignore[assignment]
    statements = [
        *(f"create role {role} login password '{passwords[role]}'" for role in ROLES),
        f"create database {DATABASE} owner pipeline",
        # Only the owner may create anything in the database, even temporary tables.
        f"revoke temporary on database {DATABASE} from public",
    ]
    env = dict(os.environ, PGPASSWORD=superuser_password)
    # On standard input, one statement per line (create database cannot run in a transaction block).
    run([str(programs / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres",
         "-v", "ON_ERROR_STOP=1", "-q"], env=env, input="".join(f"{statement};\n" for statement in statements))
    (folder / "connection.json").write_text(json.dumps(connection), encoding="utf-8")
    return connection


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        run(as_server_user([str(bin_dir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]))


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[2]).resolve()
    if sys.argv[1] == "start":
        print(json.dumps(start(folder)))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
