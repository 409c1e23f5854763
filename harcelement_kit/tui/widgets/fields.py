"""The form fields the séance screens share (Nouvelle séance, Modifier la séance): a label
above its widget, and the établissement and niveau fields, the same on both."""

from __future__ import annotations

from textual import events
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select

from harcelement_kit.tally.records import NIVEAUX

__all__ = [
    "Bouton",
    "Case",
    "Choix",
    "KeysInOrder",
    "Saisie",
    "ShowsFieldLabels",
    "field",
    "duree_field",
    "etablissement_field",
    "niveau_field",
]


class KeysInOrder:
    """For a form's widgets: keys act in the order typed, even when they come in one burst.

    Textual's Input inserts a character in its own key handler, but runs a bound key's action
    (⌫, ←, Tab, Ctrl+S…) only once the key has bubbled up to the app (Textualize/textual#6605,
    open): « ⌫⌫25 » arriving in one read (tmux send-keys, a fast typist) made 24 into 2425,
    then the two ⌫ left 24, the old value; and the keys behind a Tab went to the field left
    (from a Select too: « Tab 2 3 » from Niveau lost the 23 participants). Here a bound key
    runs inline, through the app's own look-up (the focused widget's bindings first); a key
    queued behind a Tab goes on to the widget now focused."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not self:
            # a key bubbling up from the Select's open list is the list's: left alone
            if focused is not None and self not in focused.ancestors:
                event.stop()
                event.prevent_default()
                focused._forward_event(events.Key(event.key, event.character))
            return
        if event.is_printable and isinstance(self, Input):
            return  # Input's own handler (next in the MRO) inserts it
        if await self.app._check_bindings(event.key):  # what App._on_key does, once bubbled
            event.stop()
            event.prevent_default()  # handled: neither the widget's handler nor the app's again


class Saisie(KeysInOrder, Input):
    """A form's text field (see KeysInOrder)."""


class Choix(KeysInOrder, Select):
    """A form's list (see KeysInOrder)."""


class Case(KeysInOrder, Checkbox):
    """A form's checkbox (see KeysInOrder)."""


class Bouton(KeysInOrder, Button):
    """A form's button (see KeysInOrder)."""


class Champ(Vertical):
    """A label and its widget; « -actif » while the widget has the focus (the label turns
    yellow: Textual's :focus-within was not redrawn when the focus moved on)."""

    def on_descendant_focus(self) -> None:
        self.add_class("-actif")

    def on_descendant_blur(self) -> None:
        self.remove_class("-actif")


class ShowsFieldLabels:
    """For a form's Screen: the focused field is scrolled into view with its label, top
    first. Textual's screen centres the focused widget alone (Screen.set_focus calls
    scroll_to_center): at 80×24 Modifier la séance opened on a bare « 24 », its label
    « Nombre de participants… » scrolled off and shown only by PgUp."""

    def scroll_to_center(self, widget, *args, **kwargs) -> None:
        champ = next((node for node in widget.ancestors_with_self if isinstance(node, Champ)), None)
        if champ is None:
            super().scroll_to_center(widget, *args, **kwargs)
            return
        self.scroll_to_widget(champ, animate=False, origin_visible=True)


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
        Saisie(value, id="duree_minutes", restrict=r"[0-9]*", compact=True),
    )


def etablissement_field(value: str):
    return field("Établissement (facultatif)", Saisie(value, id="etablissement", compact=True, max_length=80))


def niveau_field(value: str):
    """The niveau to choose among the known ones, or none (« — »)."""
    return field(
        "Niveau (facultatif)",
        Choix(
            [(label, key) for key, label in NIVEAUX.items()],
            value=value or Select.NULL,
            id="niveau",
            compact=True,
            prompt="—",
        ),
    )
