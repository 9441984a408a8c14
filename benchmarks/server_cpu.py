"""CPU time a local PostgreSQL server spends on one engine's statements.

On a shared machine a wall time mostly measures the wait for a core; the CPU time of the
work does not. For SQLite that is the process's own CPU time; a PostgreSQL backend is
another process, whose run time Linux gives in /proc/PID/schedstat (nanoseconds). Read
before and after each statement, for a server on this machine; elsewhere it stays 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event


def _run_seconds(pid: int) -> float | None:
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


class ServerCpu:
    """Seconds of server CPU spent on `engine`'s statements so far (`total`)."""

    def __init__(self, engine: Engine) -> None:
        self.total = 0.0
        self.available = engine.dialect.name == "postgresql"
        if self.available:
            event.listen(engine, "before_cursor_execute", self._before)
            event.listen(engine, "after_cursor_execute", self._after)

    @staticmethod
    def _pid(conn: Any) -> int:
        return int(conn.connection.dbapi_connection.info.backend_pid)

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info["bench_cpu"] = _run_seconds(self._pid(conn))

    def _after(self, conn: Any, *_: Any) -> None:
        started = conn.info.pop("bench_cpu", None)
        ended = _run_seconds(self._pid(conn))
        if started is None or ended is None:
            self.available = False
            return
        self.total += ended - started
