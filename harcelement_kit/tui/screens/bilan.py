"""Bilan: the text bilan of every séance on this laptop, scrollable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from harcelement_kit.tally.bilan import compute_figures, render
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["BilanScreen"]


class BilanScreen(Screen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        text = render(compute_figures(self.app.store), self.app.library)
        yield Static("Bilan — toutes les séances de cet ordinateur", classes="titre")
        with VerticalScroll(classes="corps"):
            yield Static(text, markup=False)
            yield Static(
                "Pour un fichier : harcelement-kit bilan --format md -o bilan.md", classes="avertissement", markup=False
            )
        yield Helplines(self.app.resources_for(None))
        yield KeyBar()
