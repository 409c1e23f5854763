"""What keeps the phones' page standing under abuse (issue 12, failures 4, 5 and 7):
wrong codes and joins limited per address, one vote per address and question,
idle or slow connections closed, a bounded number of open connections, and
loggers that never write an address or a header.

Everything here is in memory, keyed by a salted hash of the address that is
forgotten with the séance: no address is ever written anywhere.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import logging
import secrets
import time

__all__ = [
    "JoinLimiter",
    "VoteGuard",
    "ConnectionGuard",
    "raise_open_files",
    "silent_logger",
    "quiet_accept_errors",
    "WRONG_PER_MINUTE",
    "JOINS_PER_ADDRESS",
    "IDLE_SECONDS",
]

WRONG_PER_MINUTE = 10  # wrong codes per address and minute; then a growing delay
LINK_WRONG_PER_MINUTE = 100  # for the link as a whole: past this, 3 per address
JOINS_PER_ADDRESS = 3  # a phone that lost its cookie may join again, not fill the room
MAX_DELAY = 300.0
IDLE_SECONDS = 5.0  # a connection with no complete request for this long is closed
BODY_SECONDS = 3.0  # the longest a request body may take to arrive
RESERVED_FILES = 64  # for the store, the content, the console: never given to sockets
MAX_TRACKED = 20_000  # addresses remembered at most (a flood cannot grow memory without end)
# Only this computer trying the page out: many test phones share this address.
LOOPBACK = frozenset({"127.0.0.1", "::1"})


def silent_logger() -> logging.Logger:
    """A logger that writes nothing: aiohttp's server logger would print the client's
    address and the offending header line on a malformed request."""
    logger = logging.getLogger("harcelement_kit.live.silence")
    logger.handlers[:] = [logging.NullHandler()]
    logger.propagate = False
    logger.setLevel(logging.CRITICAL + 1)
    return logger


class _Salted:
    def __init__(self):
        self._salt = secrets.token_bytes(16)

    def key(self, address: str | None) -> bytes:
        return hashlib.sha256(self._salt + (address or "?").encode("utf-8", "replace")).digest()[:16]


class JoinLimiter(_Salted):
    """Wrong codes per address (10 a minute, then 1 s, 2 s, 4 s… up to 5 min before the next
    try is even looked at) and for the join link as a whole; joins per address."""

    def __init__(self, now=time.monotonic):
        super().__init__()
        self.now = now
        self._wrong: collections.OrderedDict = collections.OrderedDict()  # key -> deque of times
        self._blocked: dict[bytes, tuple[float, float]] = {}  # key -> (until, next delay)
        self._link_wrong: collections.deque = collections.deque()
        self._joins: collections.Counter = collections.Counter()

    def wait(self, address: str | None) -> float:
        """Seconds before this address may try a code again (0: now)."""
        until = self._blocked.get(self.key(address), (0.0, 0.0))[0]
        return max(0.0, until - self.now())

    def wrong(self, address: str | None) -> None:
        now, key = self.now(), self.key(address)
        times = self._wrong.setdefault(key, collections.deque())
        self._wrong.move_to_end(key)
        times.append(now)
        while times and times[0] < now - 60:
            times.popleft()
        self._link_wrong.append(now)
        while self._link_wrong and self._link_wrong[0] < now - 60:
            self._link_wrong.popleft()
        limit = 3 if len(self._link_wrong) > LINK_WRONG_PER_MINUTE else WRONG_PER_MINUTE
        if len(times) >= limit:
            _, delay = self._blocked.get(key, (0.0, 1.0))
            self._blocked[key] = (now + delay, min(MAX_DELAY, delay * 2))
        while len(self._wrong) > MAX_TRACKED:
            old, _ = self._wrong.popitem(last=False)
            self._blocked.pop(old, None)

    def may_join(self, address: str | None) -> bool:
        return address in LOOPBACK or self._joins[self.key(address)] < JOINS_PER_ADDRESS

    def joined(self, address: str | None) -> None:
        if address not in LOOPBACK and len(self._joins) < MAX_TRACKED:
            self._joins[self.key(address)] += 1


class VoteGuard(_Salted):
    """One answer per address and question: re-joining from the same phone (a new
    cookie) gives no second vote."""

    def __init__(self):
        super().__init__()
        self._answered: dict[int, set[bytes]] = {}

    def has_voted(self, address: str | None, question: int) -> bool:
        return address not in LOOPBACK and self.key(address) in self._answered.get(question, ())

    def voted(self, address: str | None, question: int) -> None:
        if address not in LOOPBACK:
            self._answered.setdefault(question, set()).add(self.key(address))


def raise_open_files() -> int:
    """Raise this process's open-files soft limit to its hard limit where the system
    allows it; the number of files this process may open."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return 8192
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 65536


class ConnectionGuard:
    """Watches aiohttp's connections: closes those idle or slow for IDLE_SECONDS, and
    keeps their number under the open-files limit by closing the oldest idle one when
    a new one arrives (so a flood of idle sockets never locks real phones out)."""

    def __init__(self, server, max_connections: int, idle: float = IDLE_SECONDS):
        self.server, self.max_connections, self.idle = server, max_connections, idle
        self._opened: dict = {}  # handler -> time of its last completed request (or opening)
        self._busy: collections.Counter = collections.Counter()  # transport -> requests in progress
        self._task: asyncio.Task | None = None
        self.refused = 0
        made, lost = server.connection_made, server.connection_lost

        def connection_made(handler, transport):
            made(handler, transport)
            self._opened[handler] = time.monotonic()
            if len(self._opened) > self.max_connections:
                self._make_room(handler)

        def connection_lost(handler, exc=None):
            self._opened.pop(handler, None)
            lost(handler, exc)

        server.connection_made, server.connection_lost = connection_made, connection_lost

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._sweep())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def request_started(self, transport) -> None:
        self._busy[transport] += 1

    def request_done(self, transport, handler=None) -> None:
        self._busy[transport] -= 1
        if self._busy[transport] <= 0:
            del self._busy[transport]
        for h in [handler] if handler is not None else []:
            if h in self._opened:
                self._opened[h] = time.monotonic()

    def touch(self, handler) -> None:
        if handler in self._opened:
            self._opened[handler] = time.monotonic()

    def _idle(self, handler) -> bool:
        return handler.transport is None or handler.transport not in self._busy

    def _make_room(self, newcomer) -> None:
        for handler in sorted(self._opened, key=self._opened.get):
            if handler is not newcomer and self._idle(handler):
                self._close(handler)
                return
        self.refused += 1
        self._close(newcomer)  # every connection is in the middle of a request: refuse cleanly

    def _close(self, handler) -> None:
        self._opened.pop(handler, None)
        transport = handler.transport
        if transport is not None:
            transport.abort()

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(min(1.0, self.idle / 2))
            limit = time.monotonic() - self.idle
            for handler, since in list(self._opened.items()):
                if since < limit and self._idle(handler):
                    self._close(handler)


def quiet_accept_errors(loop: asyncio.AbstractEventLoop) -> None:
    """When the system runs out of files, asyncio logs a traceback for every failed
    accept() (162 MB of them in the issue). Say it once, in one line, without details."""
    previous = loop.get_exception_handler()
    said = {"done": False}

    def handler(loop, context):
        message = str(context.get("message", ""))
        if "accept" in message or "out of system resource" in message:
            if not said["done"]:
                said["done"] = True
                logging.getLogger("harcelement_kit.live").warning(
                    "trop de connexions ouvertes : les nouvelles sont refusées un moment"
                )
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
