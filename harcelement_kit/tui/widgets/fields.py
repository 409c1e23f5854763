"""The form fields the séance screens share (Nouvelle séance, Modifier la séance): a label
above its widget, and the établissement and niveau fields, the same on both."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from harcelement_kit.tally.records import NIVEAUX

__all__ = ["field", "duree_field", "etablissement_field", "niveau_field"]


class Champ(Vertical):
    """A label and its widget; « -actif » while the widget has the focus (the label turns
    yellow: Textual's :focus-within was not redrawn when the focus moved on)."""

    def on_descendant_focus(self) -> None:
        self.add_class("-actif")

    def on_descendant_blur(self) -> None:
        self.remove_class("-actif")


def field(label: str, widget):
    """A labelled field, to `yield from` inside compose."""
    with Champ(classes="champ"):
        yield Label(label)
        yield widget


def duree_field(value: str):
    """Facultative on both forms, as check_seance has it: left empty, the séance's durée is
    « non renseignée » (stored 0, listed « — »), never a 0-minute séance."""
    return field(
        "Durée en minutes (facultatif)",
        Input(value, id="duree_minutes", restrict=r"[0-9]*", compact=True),
    )


def etablissement_field(value: str):
    return field("Établissement (facultatif)", Input(value, id="etablissement", compact=True, max_length=80))


def niveau_field(value: str):
    """The niveau to choose among the known ones, or none (« — »)."""
    return field(
        "Niveau (facultatif)",
        Select(
            [(label, key) for key, label in NIVEAUX.items()],
            value=value or Select.NULL,
            id="niveau",
            compact=True,
            prompt="—",
        ),
    )
