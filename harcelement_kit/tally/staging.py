"""Imports in bounded batches that still leave no partial state.

Why: one transaction for a whole file held the store's write lock ~70 s for a
119 MB bundle (7 s for 14 MB): `direct` and the UI could not write (issue 12,
failure 6). An import now writes its versions in batches of at most BATCH_SECONDS,
each its own transaction, with a pause between them so that a waiting writer gets
in. Those versions stay invisible (current = 0, listed in import_staged) until a
last short transaction makes them current and journals the import. An import
that fails or is killed leaves only invisible rows, removed by the next import.
"""

from __future__ import annotations

import datetime
import os
import socket
import time
import uuid

__all__ = ["BATCH_SECONDS", "BATCH_PAUSE", "new_run", "begin", "stage", "publish", "abandon", "pause"]

BATCH_SECONDS = 0.5  # the longest one batch holds the write lock
BATCH_PAUSE = 0.15  # between batches: longer than SQLite's longest busy-wait step (100 ms)
STALE_AFTER = datetime.timedelta(days=1)


def _alive(pid: int, host: str, started: str) -> bool:
    if host != socket.gethostname():  # another machine's run: trusted for a day
        return datetime.datetime.now() - datetime.datetime.fromisoformat(started) < STALE_AFTER
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop(conn, run: str) -> None:
    rows = "SELECT row FROM import_staged WHERE run = ?"
    conn.execute(f"DELETE FROM counts WHERE seance_row IN ({rows})", (run,))
    conn.execute(f"DELETE FROM moment_counts WHERE seance_row IN ({rows})", (run,))
    conn.execute(f"DELETE FROM seance_multiple WHERE seance_row IN ({rows})", (run,))
    staged = [r[0] for r in conn.execute(rows, (run,))]
    conn.execute("DELETE FROM import_staged WHERE run = ?", (run,))
    conn.executemany("DELETE FROM seances WHERE row = ? AND current = 0", [(r,) for r in staged])
    conn.execute("DELETE FROM import_runs WHERE run = ?", (run,))
    conn.execute("DELETE FROM seance_origins WHERE poste IS NOT NULL AND id NOT IN (SELECT id FROM seances)")


def new_run() -> str:
    return uuid.uuid4().hex


def begin(conn, run: str) -> None:
    """Inside the import's first transaction: the run is registered, and the invisible
    rows of runs whose process is gone are removed."""
    for old, pid, host, started in conn.execute("SELECT run, pid, host, started FROM import_runs").fetchall():
        if not _alive(pid, host, started):
            _drop(conn, old)
    conn.execute(
        "INSERT INTO import_runs (run, pid, host, started) VALUES (?, ?, ?, ?)",
        (run, os.getpid(), socket.gethostname(), datetime.datetime.now().isoformat(timespec="seconds")),
    )


def stage(conn, run: str, row: int, make_current: bool) -> None:
    conn.execute("INSERT INTO import_staged (row, run, make_current) VALUES (?, ?, ?)", (row, run, int(make_current)))


def publish(conn, run: str) -> None:
    """Inside the last transaction: each staged version meant to be current becomes so,
    unless a newer version of its séance is current already (another import)."""
    for row, seance_id, version in conn.execute(
        "SELECT s.row, s.id, s.version FROM import_staged st JOIN seances s ON s.row = st.row "
        "WHERE st.run = ? AND st.make_current = 1 ORDER BY s.id, s.version",
        (run,),
    ).fetchall():
        current = conn.execute("SELECT version FROM seances WHERE id = ? AND current = 1", (seance_id,)).fetchone()
        if current is None or current[0] < version:
            conn.execute("UPDATE seances SET current = 0 WHERE id = ? AND current = 1", (seance_id,))
            conn.execute("UPDATE seances SET current = 1 WHERE row = ?", (row,))
    conn.execute("DELETE FROM import_staged WHERE run = ?", (run,))
    conn.execute("DELETE FROM import_runs WHERE run = ?", (run,))


def abandon(store, run: str) -> None:
    """Remove what a failed import wrote (best effort: else the next import does)."""
    try:
        with store.transaction() as conn:
            _drop(conn, run)
    except Exception:
        pass


def pause() -> None:
    time.sleep(BATCH_PAUSE)
