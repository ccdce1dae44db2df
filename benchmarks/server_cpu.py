"""CPU time of a PostgreSQL server running on this machine (issue #19: the eight workstations measured in CPU per
ledger event and per operation, not only in wall time, on a shared two-core machine): /proc/<pid>/schedstat — the
nanoseconds each process spent on a CPU — of the server's processes (the postmaster's children, found from a
connection's backend pid). Everything here returns None when the server is elsewhere or cannot be read."""

from __future__ import annotations

from pathlib import Path


def _on_cpu_s(pid: int) -> float | None:
    """Seconds ``pid`` has run, if it is a PostgreSQL process of this machine."""
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() not in ("postgres", "postmaster"):
            return None
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _postmaster(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def snapshot(conn) -> float | None:
    """CPU seconds used so far by the server of the psycopg connection ``conn`` — its postmaster's processes
    alive now, and those ended (the postmaster's reaped children, /proc/<pid>/stat cutime + cstime) — or None."""
    import os
    own = conn.info.backend_pid
    if _on_cpu_s(own) is None or (master := _postmaster(own)) is None or _on_cpu_s(master) is None:
        return None
    children = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _postmaster(int(p.name)) == master]
    try:
        fields = Path(f"/proc/{master}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime
    return _on_cpu_s(master) + reaped + sum(_on_cpu_s(pid) or 0.0 for pid in children if pid != own)


def used(before: float | None, after: float | None) -> float | None:
    """CPU seconds between two snapshots."""
    return None if before is None or after is None else after - before


def own_backends(db):
    """A workstation's own server processes (its reading and writing connections, and any its pools open later):
    a function returning the CPU seconds they have used so far, or None when they cannot be read."""
    from sqlalchemy import event, text
    with db.reader.connect() as c:
        pids = {r[0] for r in c.execute(text("SELECT pid FROM pg_stat_activity WHERE usename = current_user"))}

    def opened(dbapi_connection, _record):
        pids.add(dbapi_connection.info.backend_pid)

    for engine in (db.reader, db.writer):
        event.listen(engine.pool, "connect", opened)
    if not pids or any(_on_cpu_s(pid) is None for pid in pids):
        return None
    return lambda: sum(_on_cpu_s(pid) or 0.0 for pid in pids)
