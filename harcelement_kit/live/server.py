"""The HTTP server of the answer page, on aiohttp, in the caller's asyncio loop.

aiohttp rather than hand-written HTTP: it parses requests robustly, bounds header
and body sizes, and runs inside Textual's own event loop, so the UI and the phones
share one thread and the session needs no lock.
"""

from __future__ import annotations

import errno
import time
import weakref
from importlib import resources as package_files

from aiohttp import web

from harcelement_kit.errors import os_reason
from harcelement_kit.live import pages
from harcelement_kit.live.network import url_host
from harcelement_kit.live.session import LiveSession, Refused

__all__ = ["LiveServer", "LiveError", "DEFAULT_PORT", "SECURITY_HEADERS", "MAX_BODY"]

DEFAULT_PORT = 8765
MAX_BODY = 2048  # a join or an answer is a few dozen bytes
COOKIE = "appareil"
BURST, PER_SECOND = 20, 5.0  # requests per connection: polling needs 0.5/s
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                "connect-src 'self'; img-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
STATIC = {"page.js": "text/javascript", "page.css": "text/css"}


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

    def __init__(self, session: LiveSession, title: str, resources: list,
                 host: str = "127.0.0.1", port: int = DEFAULT_PORT):
        self.session, self.title, self.resources = session, title, list(resources)
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self._buckets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._static = {name: package_files.files("harcelement_kit.live").joinpath("static", name).read_bytes()
                        for name in STATIC}

    @property
    def join_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}/j/{self.session.join_token}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
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
        # access_log=None: aiohttp would otherwise log each phone's address and browser.
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno == errno.EADDRINUSE:
                raise LiveError(f"le port {self.port} est déjà utilisé : choisissez-en un autre "
                                "avec --port") from None
            raise LiveError(f"impossible d'écouter sur {self.host}:{self.port} ({os_reason(exc)}) : "
                            "cette adresse est-elle bien celle de cet ordinateur ?") from None
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        """End the session (the open question is recorded), then close every connection."""
        self.session.end()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- every request ------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler):
        transport = request.transport  # None once the connection is gone
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
        form = await request.post()
        return {k: v for k, v in form.items() if isinstance(v, str)}

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
        form = await self._form(request)
        try:
            device = self.session.join(request.match_info["token"], form.get("code", "")[:20])
        except Refused as refused:
            if refused.status == 403 and self.session.joining_open and not self.session.ended:  # wrong code
                return self._html(pages.join_page(self.title, self.session.join_token, self.resources,
                                                  refused.message), refused.status)
            return self._message(refused.message, refused.status)
        response = web.HTTPSeeOther("/q")
        # A session cookie: gone when the browser closes, useless once the séance ends.
        response.set_cookie(COOKIE, device, httponly=True, samesite="Strict", path="/")
        raise response

    async def _question(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:
            return self._message("Ce téléphone n'a pas rejoint la séance : scanne le QR code "
                                 "au tableau.", 403)
        return self._html(pages.question_page(self.title, self.session, device, self.resources))

    async def _answer(self, request: web.Request) -> web.Response:
        form = await self._form(request)
        device = request.cookies.get(COOKIE)
        try:
            self.session.answer(device, form.get("question"), form.get("option"))
        except Refused as refused:
            if not self.session.knows(device):
                return self._message(refused.message, refused.status)
            return self._html(pages.question_page(self.title, self.session, device, self.resources,
                                                  refused.message), refused.status)
        raise web.HTTPSeeOther("/q")

    async def _state(self, request: web.Request) -> web.Response:
        if self._device(request) is None:
            return web.json_response({"erreur": "non inscrit"}, status=403)
        return web.json_response({"version": self.session.version})

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(body=self._static[name], content_type=STATIC[name], charset="utf-8")
