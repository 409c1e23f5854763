"""Writes to the store that never freeze the screen or the phones' page and are never
lost: the one mechanism used by the UI (hands, passation answers, cards), the phones
and `direct`.

Why: a count lives only in memory until it is committed. If the store is busy (a long
import on the same laptop, another program), a write that waits in the event loop
freezes the screen and every phone, and one that gives up loses the count (issue 12,
failure 6). So a write is tried at once with a short wait; if the store is busy, it is
kept in memory, in order after every write still waiting, and a thread with its own
connection retries until it is committed. Order matters: a hand count is set over the
phones' answers added before it.

A write is a function called as `write(store, *args, **kwargs)`: a `Store` method
(`Store.set_count`) or a function of `tally.meeting` (`remove_answer`).
"""

from __future__ import annotations

import collections
import sqlite3
import threading
import time
from dataclasses import dataclass, field

__all__ = ["PendingWrites", "QUICK_WAIT_MS", "LONG_WAIT_S", "busy_line"]

QUICK_WAIT_MS = 200  # the longest a key or the phones' page may stall on a busy store
RETRY_WAIT_MS = 1000
LONG_WAIT_S = 1.0  # kept longer than this: the screen says so


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


@dataclass
class Write:
    """One write to the store, kept in memory while the store is busy."""

    write: object
    args: tuple
    kwargs: dict
    label: str = ""  # what the write was, for a refusal said in French
    since: float = field(default_factory=time.monotonic)


class PendingWrites:
    """Writes to one store: now if it is free, or later, in order, from a thread."""

    def __init__(self, store):
        self.store = store
        self._pending: collections.deque[Write] = collections.deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.failed: list[str] = []  # French lines: writes the store refused (never silently)

    @property
    def waiting(self) -> int:
        """Writes kept in memory, not yet in the store."""
        return len(self._pending)

    def waiting_for(self) -> float:
        """Seconds the oldest kept write has waited; 0 when nothing waits."""
        with self._lock:
            return time.monotonic() - self._pending[0].since if self._pending else 0.0

    def pending(self) -> list[Write]:
        """The writes kept in memory, oldest first (a screen shows what they will make)."""
        with self._lock:
            return list(self._pending)

    def submit(self, write, *args, label: str = "", **kwargs) -> bool:
        """Do `write(store, *args, **kwargs)`; True if it is already committed."""
        job = Write(write, args, kwargs, label)
        with self._lock:
            if getattr(self.store, "read_only", False):  # in memory: never busy, never saved
                return self._write(self.store, job, QUICK_WAIT_MS)
            if not self._pending and self._write(self.store, job, QUICK_WAIT_MS):
                return True
            self._pending.append(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._retry, name="enregistrement", daemon=True)
                self._thread.start()
        return False

    def _write(self, store, job: Write, wait_ms: int) -> bool:
        from harcelement_kit.tally.store import StoreError

        store.conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            job.write(store, *job.args, **job.kwargs)
            return True
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return False
            raise
        except StoreError as exc:  # refused by a bound: said, never silently dropped
            self.failed.append(f"{job.label} : {exc}" if job.label else str(exc))
            return True
        finally:
            store.conn.execute("PRAGMA busy_timeout = 60000")

    def _retry(self) -> None:
        from harcelement_kit.tally.store import Store

        own = None
        try:
            while True:
                with self._lock:
                    if not self._pending:
                        return
                    job = self._pending[0]
                try:
                    if own is None:
                        own = Store(self.store.data_dir)  # a connection of this thread's own
                    done = self._write(own, job, RETRY_WAIT_MS)
                except Exception as exc:  # the store vanished or broke: keep the writes, retry
                    if not _busy(exc) and "occupé" not in str(exc):
                        time.sleep(1)
                    done = False
                    if own is not None:
                        own.close()
                        own = None
                if done:
                    with self._lock:
                        self._pending.popleft()
                else:
                    time.sleep(0.2)
        finally:
            if own is not None:
                own.close()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every kept write is committed; False if still waiting after `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._pending:
            thread = self._thread
            if thread is None:
                break
            thread.join(timeout=0.2 if deadline is None else max(0.0, min(0.2, deadline - time.monotonic())))
            if deadline is not None and time.monotonic() >= deadline:
                break
        return not self._pending

    def counts_after(self, seance_id: str, counts: dict, moment: str = "") -> dict:
        """`counts` ({(module, activity, item, option): n}, read from the store) as they will
        be once the kept writes of this séance and moment are committed."""
        from harcelement_kit.tally.meeting import remove_answer
        from harcelement_kit.tally.store import Store

        counts = dict(counts)
        for job in self.pending():
            if not job.args or job.args[0] != seance_id or job.kwargs.get("moment", "") != moment:
                continue
            if job.write is Store.set_count:
                counts[tuple(job.args[1:5])] = job.args[5]
            elif job.write is Store.clear_count:
                counts.pop(tuple(job.args[1:5]), None)
            elif job.write is Store.add_count:
                key = tuple(job.args[1:5])
                counts[key] = counts.get(key, 0) + (job.args[5] if len(job.args) > 5 else job.kwargs.get("n", 1))
            elif job.write is Store.add_counts:
                for option, n in enumerate(job.args[4]):
                    key = (*job.args[1:4], option)
                    if n:
                        counts[key] = counts.get(key, 0) + n
            elif job.write is remove_answer:
                key = tuple(job.args[1:5])
                if counts.get(key, 0) > 1:
                    counts[key] -= 1
                else:
                    counts.pop(key, None)
        return counts


def busy_line(writes: PendingWrites) -> str:
    """One calm line while writes have waited long; "" otherwise."""
    if not writes.waiting or writes.waiting_for() < LONG_WAIT_S:
        return ""
    return (
        "Enregistrement en attente : le fichier de comptage est occupé (un import ?) ; "
        f"{writes.waiting} {'comptage gardé' if writes.waiting == 1 else 'comptages gardés'} "
        "en mémoire, enregistrés dès qu'il se libère."
    )
