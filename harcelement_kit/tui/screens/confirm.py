"""A question the animateur answers with one key, over the current screen: never a
séance ended, deleted or raised by a key pressed by mistake."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["ConfirmScreen", "ChoiceScreen"]


class ChoiceScreen(ModalScreen):
    """A question and its answers, each with its key; dismissed with the answer's
    value, or None on Échap."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "choose(None)", "Annuler")]

    def __init__(self, question: str, answers: list[tuple[str, str, object]]):
        """answers: (key, label, value)."""
        super().__init__()
        # a key named between « » never splits from its quotes at the end of a line
        self.question = question.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
        self.answers = answers

    def compose(self) -> ComposeResult:
        keys: dict = {}  # value -> (keys, label): « c ou Entrée : continuer »
        for key, label, value in self.answers:
            shown = "Entrée" if key == "enter" else key
            keys.setdefault(value, ([], label))[0].append(shown)
        lines = [f"  {' ou '.join(k)} : {label}" for k, label in keys.values()]
        with Vertical(classes="dialogue"):
            yield Static(self.question, classes="question", markup=False)
            yield Static("\n".join(lines + ["  Échap : annuler"]), id="reponses-dialogue", markup=False)

    def on_key(self, event) -> None:
        for key, _, value in self.answers:
            if event.key == key or (event.character and event.character.lower() == key):
                event.stop()
                self.dismiss(value)
                return

    def action_choose(self, value) -> None:
        self.dismiss(value)


class ConfirmScreen(ChoiceScreen):
    """Oui (o or Entrée) / non (n or Échap): dismissed with True or False."""

    BINDINGS = [Binding("escape", "choose(False)", "Non")]

    def __init__(self, question: str, yes: str = "oui", no: str = "non"):
        super().__init__(question, [("o", yes, True), ("enter", yes, True), ("n", no, False)])
        self.no = no

    def compose(self) -> ComposeResult:
        yes = self.answers[0][1]
        with Vertical(classes="dialogue"):
            yield Static(self.question, classes="question", markup=False)
            yield Static(f"  o ou Entrée : {yes}\n  n ou Échap : {self.no}", id="reponses-dialogue", markup=False)
