"""One writer on the warehouse: DuckDB lets one process write a database file, so every orchestrated dbt command
on it holds this lock (a lock file beside it). A second build waits for the first, saying so, instead of
failing half-way on DuckDB's own lock."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(TimeoutError):
    pass


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".orchestrator.lock")


@contextmanager
def warehouse_lock(
    database: Path,
    holder: str,
    log: Callable[[str], None],
    timeout_seconds: float = 6 * 3600,
    poll_seconds: float = 1.0,
) -> Iterator[None]:
    """Holds the warehouse's lock; waits (logging who holds it) up to `timeout_seconds`, then raises
    WarehouseBusy with that reason."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        started = time.monotonic()
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                other = handle.read().strip() or "another process"
                if not announced:
                    log(f"Waiting for the warehouse {database}: {other} is writing it (DuckDB has one writer).")
                    announced = True
                if time.monotonic() - started > timeout_seconds:
                    raise WarehouseBusy(
                        f"The warehouse {database} stayed locked by {other} for {timeout_seconds:.0f} s;"
                        " this run did not start its build."
                    ) from None
                time.sleep(poll_seconds)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{holder} (pid {os.getpid()})")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
