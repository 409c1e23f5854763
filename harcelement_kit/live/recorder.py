"""Writing a closed question's answers to the store without ever losing them, and
without freezing the phones' page.

Why: the answers of a question live only in memory until it closes. If the store
is busy (a long import on the same laptop), a write that waits in the event loop
freezes every phone, and one that gives up loses the answers (issue 12,
failure 6). So a write is tried at once with a short wait; if the store is busy,
the answers are kept in memory, in order, and a thread with its own connection
retries until they are committed. The room's end waits for them.
"""

from __future__ import annotations

import collections
import sqlite3
import threading
import time

__all__ = ["AnswerRecorder", "QUICK_WAIT_MS"]

QUICK_WAIT_MS = 200  # the longest the page may stall on a busy store
RETRY_WAIT_MS = 1000


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class AnswerRecorder:
    """Adds answer counts to a séance: now if the store is free, or later, in order."""

    def __init__(self, store):
        self.store = store
        self._pending: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.failed: list[str] = []  # French lines: answers the store refused (never silently)

    @property
    def waiting(self) -> int:
        """Questions whose answers are kept in memory, not yet in the store."""
        return len(self._pending)

    def add(self, seance_id: str, module: str, activity: str, item: int, tally: list[int],
            sensitive: bool, moment: str = "") -> bool:
        """Record one closed question; True if it is already committed. `moment`: a paired
        item's answers at the start (avant) or the end (apres), counted apart (issue 17)."""
        job = (seance_id, module, activity, item, list(tally), sensitive, moment)
        with self._lock:
            if not self._pending and self._write(self.store, job, QUICK_WAIT_MS):
                return True
            self._pending.append(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._retry, name="enregistrement", daemon=True)
                self._thread.start()
        return False

    def _write(self, store, job, wait_ms: int) -> bool:
        from harcelement_kit.tally.store import StoreError

        seance_id, module, activity, item, tally, sensitive, moment = job
        store.conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            store.add_counts(seance_id, module, activity, item, tally, sensitive=sensitive, moment=moment)
            return True
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return False
            raise
        except StoreError as exc:  # refused by a bound: said, never silently dropped
            self.failed.append(f"question {item + 1} de {activity} : {exc}")
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
                except Exception as exc:  # the store vanished or broke: keep the answers, retry
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
        """Wait until every kept answer is committed; False if still waiting after `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._pending:
            thread = self._thread
            if thread is None:
                break
            thread.join(timeout=0.2 if deadline is None else max(0.0, min(0.2, deadline - time.monotonic())))
            if deadline is not None and time.monotonic() >= deadline:
                break
        return not self._pending
