"""The HTTP server of the answer page, on aiohttp, in the caller's asyncio loop.

aiohttp rather than hand-written HTTP: it parses requests robustly, bounds header
and body sizes, and runs inside Textual's own event loop, so the UI and the phones
share one thread and the session needs no lock.
"""

from __future__ import annotations

import asyncio
import errno
import time
import urllib.parse
import weakref
from importlib import resources as package_files

from aiohttp import web

from harcelement_kit.errors import os_reason
from harcelement_kit.live import limits, pages
from harcelement_kit.live.network import url_host
from harcelement_kit.tally.numbers import plural
from harcelement_kit.live.session import WRONG_CODE, LiveSession, Refused

__all__ = ["LiveServer", "LiveError", "DEFAULT_PORT", "SECURITY_HEADERS", "MAX_BODY"]

DEFAULT_PORT = 8765
MAX_BODY = 2048  # a join or an answer is a few dozen bytes
COOKIE = "appareil"
BURST, PER_SECOND = 20, 5.0  # requests per connection: polling needs 0.5/s
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        "connect-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
STATIC = {"page.js": "text/javascript", "page.css": "text/css"}


class _BadBody(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class LiveError(Exception):
    """The server could not start: a French message for the animateur."""


class _Bucket:
    """A token bucket for one connection (kept with the connection, not its address)."""

    __slots__ = ("tokens", "at")

    def __init__(self):
        self.tokens, self.at = float(BURST), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) * PER_SECOND)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class LiveServer:
    """Serves one LiveSession to phones on `host`:`port` (loopback unless told otherwise)."""

    def __init__(
        self, session: LiveSession, title: str, resources: list, host: str = "127.0.0.1", port: int = DEFAULT_PORT
    ):
        self.session, self.title, self.resources = session, title, list(resources)
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self._buckets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._joins = limits.JoinLimiter()
        self._votes = limits.VoteGuard()
        self._connections: limits.ConnectionGuard | None = None
        self._static = {
            name: package_files.files("harcelement_kit.live").joinpath("static", name).read_bytes() for name in STATIC
        }

    @property
    def join_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}/j/{self.session.join_token}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard], logger=limits.silent_logger())
        app.router.add_get("/", self._home)
        app.router.add_get("/j/{token}", self._join_form)
        app.router.add_post("/j/{token}", self._join)
        app.router.add_get("/q", self._question)
        app.router.add_post("/r", self._answer)
        app.router.add_get("/etat", self._state)
        app.router.add_get("/static/{name}", self._file)
        app.on_response_prepare.append(self._headers)
        return app

    async def start(self) -> None:
        # access_log=None and a silent server logger: aiohttp would otherwise write each
        # phone's address, and a malformed request's header line, to stderr.
        # keepalive_timeout: a connection that sends nothing is closed after a few seconds.
        files = limits.raise_open_files()
        runner = web.AppRunner(
            self.app(),
            access_log=None,
            handle_signals=False,
            logger=limits.silent_logger(),
            keepalive_timeout=limits.IDLE_SECONDS,
            max_line_size=4096,
            max_field_size=4096,
        )
        await runner.setup()
        self._connections = limits.ConnectionGuard(
            runner.server, max_connections=max(16, min(files - limits.RESERVED_FILES, 4096))
        )
        limits.quiet_accept_errors(asyncio.get_running_loop())
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno == errno.EADDRINUSE:
                raise LiveError(f"le port {self.port} est déjà utilisé : choisissez-en un autre avec --port") from None
            raise LiveError(
                f"impossible d'écouter sur {self.host}:{self.port} ({os_reason(exc)}) : "
                "cette adresse est-elle bien celle de cet ordinateur ?"
            ) from None
        self._runner = runner
        self.port = runner.addresses[0][1]
        self._connections.start()

    async def stop(self) -> None:
        """End the session (the open question is recorded), then close every connection."""
        self.session.end()
        if self._connections is not None:
            self._connections.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- every request ------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        transport = request.transport  # None once the connection is gone
        if transport is None or self._connections is None:
            return await self._checked(request, handler, transport)
        self._connections.request_started(transport)
        try:
            return await self._checked(request, handler, transport)
        finally:
            self._connections.request_done(transport, request.protocol)

    async def _checked(self, request: web.Request, handler, transport):
        if transport is not None:
            bucket = self._buckets.get(transport) or self._buckets.setdefault(transport, _Bucket())
            if not bucket.take():
                return self._message("Trop de demandes : attends quelques secondes.", 429)
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin not in (None, "null", f"http://{request.host}"):
                return self._message("Demande refusée.", 403)
            if request.content_type != "application/x-www-form-urlencoded":
                return self._message("Demande refusée.", 415)
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:
            return self._message("Demande trop grande.", 413)
        except _BadBody as bad:  # a charset, an encoding or bytes that are not a form: 4xx, never 500
            return self._message("Demande refusée.", bad.status)
        except web.HTTPNotFound:
            return self._message("Cette page n'existe pas : scanne le QR code au tableau.", 404)

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)
        response.headers.pop("Server", None)

    def _html(self, text: str, status: int = 200) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")

    def _message(self, message: str, status: int) -> web.Response:
        return self._html(pages.message_page(self.title, message, self.resources), status)

    def _device(self, request: web.Request) -> str | None:
        device = request.cookies.get(COOKIE)
        return device if self.session.knows(device) else None

    async def _form(self, request: web.Request) -> dict:
        """The form, read strictly: no content encoding, UTF-8 only, within BODY_SECONDS
        (aiohttp's own parsing answered 500 to charset=bogus, to \\xff\\xfe and to a
        gzip header over plain bytes)."""
        if request.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
            raise _BadBody(415)
        charset = (request.charset or "utf-8").strip().lower()
        if charset not in ("utf-8", "utf8"):
            raise _BadBody(415)
        try:
            raw = await asyncio.wait_for(request.read(), limits.BODY_SECONDS)
        except TimeoutError:
            raise _BadBody(408) from None
        try:
            text = raw.decode("utf-8")
            pairs = urllib.parse.parse_qsl(
                text,
                keep_blank_values=True,
                strict_parsing=bool(text),
                encoding="utf-8",
                errors="strict",
                max_num_fields=10,
            )
        except (UnicodeDecodeError, ValueError):
            raise _BadBody(400) from None
        return dict(pairs)

    # -- pages --------------------------------------------------------------------

    async def _home(self, request: web.Request) -> web.Response:
        if self._device(request):
            raise web.HTTPSeeOther("/q")
        return self._message("Pour participer, scanne le QR code affiché au tableau.", 200)

    async def _join_form(self, request: web.Request) -> web.Response:
        if self._device(request):
            raise web.HTTPSeeOther("/q")
        try:
            self.session.check_link(request.match_info["token"])
        except Refused as refused:
            return self._message(refused.message, refused.status)
        return self._html(pages.join_page(self.title, self.session.join_token, self.resources))

    async def _join(self, request: web.Request) -> web.Response:
        address = request.remote
        wait = self._joins.wait(address)
        if wait > 0:  # too many wrong codes from here: the code is not even looked at
            return self._html(
                pages.join_page(
                    self.title,
                    self.session.join_token,
                    self.resources,
                    f"Trop d'essais : attends {plural(int(wait) + 1, 'seconde', 'secondes')} avant de réessayer.",
                ),
                429,
            )
        form = await self._form(request)
        if not self._joins.may_join(address):
            return self._message(
                "Ce téléphone a déjà rejoint la séance : rouvre la page de la séance, ou demande à l'animateur.", 429
            )
        try:
            device = self.session.join(request.match_info["token"], form.get("code", "")[:20])
            self._joins.joined(address)
        except Refused as refused:
            if refused.message == WRONG_CODE:
                self._joins.wrong(address)
            if refused.status == 403 and self.session.joining_open and not self.session.ended:  # wrong code
                return self._html(
                    pages.join_page(self.title, self.session.join_token, self.resources, refused.message),
                    refused.status,
                )
            return self._message(refused.message, refused.status)
        response = web.HTTPSeeOther("/q")
        # A session cookie: gone when the browser closes, useless once the séance ends.
        response.set_cookie(COOKIE, device, httponly=True, samesite="Strict", path="/")
        raise response

    async def _question(self, request: web.Request) -> web.Response:
        if self.session.ended:  # every phone, joined or forgotten, sees the same end page
            return self._html(pages.question_page(self.title, self.session, "", self.resources))
        device = self._device(request)
        if device is None:
            return self._message("Ce téléphone n'a pas rejoint la séance : scanne le QR code au tableau.", 403)
        return self._html(pages.question_page(self.title, self.session, device, self.resources))

    async def _answer(self, request: web.Request) -> web.Response:
        form = await self._form(request)
        device = request.cookies.get(COOKIE)
        question = form.get("question")
        try:
            if (
                self.session.knows(device)
                and question in (str(self.session.current),)
                and self._votes.has_voted(request.remote, self.session.current)
            ):
                raise Refused("Tu as déjà répondu à cette question.", 409)  # re-joined: no second vote
            self.session.answer(device, question, form.get("option"))
            self._votes.voted(request.remote, self.session.current)
        except Refused as refused:
            if not self.session.knows(device):
                return self._message(refused.message, refused.status)
            return self._html(
                pages.question_page(self.title, self.session, device, self.resources, refused.message), refused.status
            )
        raise web.HTTPSeeOther("/q")

    async def _state(self, request: web.Request) -> web.Response:
        if self.session.ended:  # the phones were forgotten: they still learn that it ended
            return web.json_response({"version": self.session.version})
        if self._device(request) is None:
            return web.json_response({"erreur": "non inscrit"}, status=403)
        return web.json_response({"version": self.session.version})

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(body=self._static[name], content_type=STATIC[name], charset="utf-8")
