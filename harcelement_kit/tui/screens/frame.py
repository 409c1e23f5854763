"""The frame shared by the screens that run a module: a header line, a body redrawn
at each step, a line while counts wait for a busy store, the module's helplines and the keys."""

from __future__ import annotations

import asyncio
import inspect

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from harcelement_kit.tally.pending import busy_line

from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["ModuleFrame"]


class ModuleFrame(Screen):
    """Subclasses draw their current step in `show()`."""

    CSS_PATH = SCREENS_CSS

    def __init__(self, module, seance_id: str):
        super().__init__()
        self.module, self.seance_id = module, seance_id
        self._leaving = False  # waiting for kept counts before leaving (after_writes)
        self._watching = False

    def compose(self) -> ComposeResult:
        yield Static("", id="entete", classes="titre", markup=False)
        yield VerticalScroll(id="corps", classes="corps")
        yield Static("", id="avis", classes="avis", markup=False)  # say(): a notice on a small screen
        yield Static("", id="attente", classes="attente", markup=False)
        yield Helplines(self.app.resources_for(self.module))
        yield KeyBar()

    async def on_mount(self) -> None:
        if not self._watching:  # a subclass's on_mount may call this one too
            self._watching = True
            self.query_one("#attente", Static).display = False
            self.query_one("#avis", Static).display = False
            self.set_interval(0.5, self.show_writes)
        await self.show()

    def show_writes(self) -> None:
        """The store busy for long: one calm line says the counts wait in memory; a count
        the store refused (a bound) is said, never dropped silently."""
        writes = self.app.writes
        for line in writes.failed:
            self.notify(f"Comptage non enregistré : {line}", severity="warning", timeout=10)
        writes.failed.clear()
        line = busy_line(writes)
        if line and self._leaving:
            line += " L'écran changera ensuite."
        if self.query("#attente"):
            attente = self.query_one("#attente", Static)
            attente.update(line)
            attente.display = bool(line)

    def after_writes(self, then) -> bool:
        """Leaving the screen (`then`) while counts wait for a busy store: wait for them
        without freezing the keys, then leave. False when nothing waits (the caller goes on)."""
        writes = self.app.writes
        if not writes.waiting:
            return False
        if not self._leaving:
            self._leaving = True

            async def wait() -> None:
                await asyncio.to_thread(writes.flush)
                self._leaving = False
                self.show_writes()
                done = then()
                if inspect.isawaitable(done):
                    await done

            self.run_worker(wait(), exclusive=False)
        self.show_writes()
        return True

    async def show(self) -> None:
        raise NotImplementedError

    # Below this height a toast sits over the helplines and the key bar (walked at 60×20):
    # the notice is a line of the page instead, above them, until the next step.
    SMALL_HEIGHT = 30

    def say(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        """A notice for the animateur: a toast on a tall screen, a line of the page on a small
        one (a warning in the warning colour, and not only by its colour: its words say it)."""
        if self.app.size.height >= self.SMALL_HEIGHT:
            self.notify(message, severity=severity, timeout=timeout)  # None: Textual's own timeout
            return
        line = self.query_one("#avis", Static)
        line.update(message)
        line.set_class(severity != "information", "-alerte")
        line.display = True

    async def new_body(self, header: str) -> VerticalScroll:
        """Set the header and empty the body (awaited, so ids can be reused at once)."""
        parts = header.split(" — ")
        if len(parts) == 3 and parts[0].strip() == parts[2].strip():  # « Le harcèlomètre — 2/14 — Le harcèlomètre »
            header = " — ".join(parts[:2])
        self.query_one("#entete", Static).update(header)
        if self.query("#avis"):  # a notice said on a small screen belongs to the step it was said on
            self.query_one("#avis", Static).display = False
        body = self.query_one("#corps", VerticalScroll)
        await body.remove_children()
        return body
