"""The form fields the séance screens share (Nouvelle séance, Modifier la séance): a label
above its widget, and the établissement and niveau fields, the same on both."""

from __future__ import annotations

from textual import events
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from harcelement_kit.tally.records import NIVEAUX

__all__ = ["Saisie", "ShowsFieldLabels", "field", "duree_field", "etablissement_field", "niveau_field"]


class Saisie(Input):
    """An Input where keys act in the order typed, even when they come in one burst.

    Textual's Input inserts a character in its own key handler, but runs a bound key's action
    (⌫, ←, Tab, Ctrl+S…) only once the key has bubbled up to the app (Textualize/textual#6605,
    open): « ⌫⌫25 » arriving in one read (tmux send-keys, a fast typist) made 24 into 2425,
    then the two ⌫ left 24, the old value; and the keys after a Tab went to the field left.
    Here a bound key runs inline, through the same bindings the app would look up (the
    focused widget's first); a key queued behind a Tab goes on to the field now focused."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.app.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if event.is_printable:
            return  # Input's own handler (next in the MRO) inserts it
        # App._on_key's own look-up, from the focused widget (this one) up to the app
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()  # handled: neither Input's handler nor the app's again


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
        Select(
            [(label, key) for key, label in NIVEAUX.items()],
            value=value or Select.NULL,
            id="niveau",
            compact=True,
            prompt="—",
        ),
    )
