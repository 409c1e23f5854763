"""Choose the camera that films the class's answer cards (Animer, « c »)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["CameraScreen"]


class CameraScreen(ModalScreen):
    """Dismissed with the chosen camera index, or None."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, choices: list[tuple[str, int]]):
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="carte"):
            yield Static(
                "Cartes-réponses : quelle caméra filme la classe ? (↑↓ puis Entrée ; Échap : annuler)",
                classes="titre",
                markup=False,
            )
            yield OptionList(*[Option(label, id=str(index)) for label, index in self.choices], id="cameras")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
