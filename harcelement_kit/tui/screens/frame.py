"""The frame shared by the screens that run a module: a header line, a body redrawn
at each step, the module's helplines and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar

__all__ = ["ModuleFrame"]


class ModuleFrame(Screen):
    """Subclasses draw their current step in `show()`."""

    def __init__(self, module, seance_id: str):
        super().__init__()
        self.module, self.seance_id = module, seance_id

    def compose(self) -> ComposeResult:
        yield Static("", id="entete", classes="titre", markup=False)
        yield VerticalScroll(id="corps", classes="corps")
        yield Helplines(self.app.resources_for(self.module))
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.show()

    async def show(self) -> None:
        raise NotImplementedError

    async def new_body(self, header: str) -> VerticalScroll:
        """Set the header and empty the body (awaited, so ids can be reused at once)."""
        parts = header.split(" — ")
        if len(parts) == 3 and parts[0].strip() == parts[2].strip():  # « Le harcèlomètre — 2/14 — Le harcèlomètre »
            header = " — ".join(parts[:2])
        self.query_one("#entete", Static).update(header)
        body = self.query_one("#corps", VerticalScroll)
        await body.remove_children()
        return body
