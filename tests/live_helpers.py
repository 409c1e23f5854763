"""A séance open to phones on loopback, and phones that talk to it over real HTTP."""

from __future__ import annotations

import contextlib
import datetime
import queue
import re
import subprocess
import threading
import time
import textwrap
from pathlib import Path

import aiohttp

from harcelement_kit.content.loader import load_bundled_library, load_library
from harcelement_kit.live.room import LiveRoom
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.tally.records import check_seance
from harcelement_kit.tally.store import Store
from kit_process import popen_kit, run_kit, seance_argv

TODAY = datetime.date(2026, 6, 1)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

XSS_MODULE = f"""\
id: piege
titre: '{XSS} titre'
description: '{XSS}'
ressources: ["3018", "119"]
activites:
  - id: question-piegee
    type: qcm
    titre: '{XSS} rubrique'
    question: '{XSS} question'
    options:
      - texte: '{XSS} option'
        correcte: true
      - texte: "autre"
    explication: '{XSS} explication'
  - id: sensible
    type: tri
    sensible: true
    categories: [oui, non]
    items:
      - texte: "Cela t'est-il arrivé ?"
        reponse: non
"""


def new_store(data_dir: Path) -> tuple[Store, str]:
    store = Store(data_dir)
    seance = check_seance(
        dict(date=TODAY, structure="afev", action="atelier", lieu="lycee", participants=30, duree_minutes=60),
        today=TODAY,
    )
    store.add_seance(seance)
    return store, seance.id


def bundled_module(module_id: str):
    library = load_bundled_library([])
    return library.modules[module_id], library.helplines(library.modules[module_id])


def trap_module(folder: Path):
    (folder / "piege.yaml").write_text(textwrap.dedent(XSS_MODULE), encoding="utf-8")
    library = load_library([folder], resource_paths=[bundled_content_dir()], today=TODAY)
    assert not library.errors, library.problems
    return library.modules["piege"], library.helplines(library.modules["piege"])


async def open_room(store, seance_id, module, resources) -> LiveRoom:
    room = LiveRoom(store, seance_id, module, resources, host="127.0.0.1", port=0)
    await room.start()
    return room


@contextlib.asynccontextmanager
async def serving(data_dir: Path, module, resources):
    """A new séance's `module` open to phones on loopback: yields (room, store,
    séance id, phone), where phone() makes a Phone that is closed afterwards."""
    store, seance_id = new_store(data_dir)
    room = await open_room(store, seance_id, module, resources)
    phones = []

    def phone(**kwargs) -> Phone:
        phones.append(Phone(room, **kwargs))
        return phones[-1]

    try:
        yield room, store, seance_id, phone
    finally:
        for p in phones:
            await p.close()
        await room.stop()
        store.close()


class Phone:
    """One phone: its own cookies (the device token), like a browser."""

    def __init__(self, room: LiveRoom, user_agent: str = "Telephone-de-test/1.0"):
        self.room = room
        self.base = f"http://127.0.0.1:{room.server.port}"
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies from an IP address host
            headers={"User-Agent": user_agent},
        )

    async def close(self):
        await self.http.close()

    async def get(self, path: str):
        async with self.http.get(self.base + path, allow_redirects=True) as r:
            return r.status, await r.text(), r.headers

    async def post(self, path: str, data, **kwargs):
        async with self.http.post(self.base + path, data=data, allow_redirects=True, **kwargs) as r:
            return r.status, await r.text(), r.headers

    async def join(self, pin: str | None = None):
        token = self.room.session.join_token
        return await self.post(f"/j/{token}", {"code": pin or self.room.session.pin})

    async def answer(self, question, option):
        return await self.post("/r", {"question": str(question), "option": str(option)})


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities kept)."""
    return re.sub(r"<[^>]+>", " ", html)


class Direct:
    """`harcelement-kit direct` in a subprocess, its console read line by line."""

    def __init__(self, data_dir, module: str, *extra: str):
        env = {"HARCELEMENT_KIT_DONNEES": str(data_dir), "PYTHONUNBUFFERED": "1"}
        self.process = popen_kit(
            "direct",
            module,
            "--port",
            "0",
            *extra,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []  # every line wait_for has read, in order
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> Direct:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:  # a failed test never leaves the server running
            self.process.kill()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"« {pattern} » not printed; got: {seen}")

    def join_details(self) -> tuple[str, str]:
        """The join link and the 6-digit code, as the console prints them."""
        url = self.wait_for(r"Lien : (http://127\.0\.0\.1:\d+/j/\S+)").group(1)
        pin = "".join(self.wait_for(r"Code à taper sur le téléphone : (\d{3}) (\d{3})").groups())
        return url, pin

    def press(self, text: str = "") -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()


def add_seance(data_dir):
    run_kit("--donnees", str(data_dir), *seance_argv(lieu="lycee", participants=3), check=True)
