"""Modifier la séance: a latecomer, the real duration, the établissement, the niveau; mark it
« essai » (a test run, never counted); delete it. Nothing else of a séance changes here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Select, Static

from harcelement_kit.tally.meeting import edit_summary, editable_fields, update_seance
from harcelement_kit.tally.records import RecordError, check_seance
from harcelement_kit.tally.store import StoreError
from harcelement_kit.tui.widgets.fields import (
    Bouton,
    Case,
    Saisie,
    ShowsFieldLabels,
    duree_field,
    etablissement_field,
    field,
    niveau_field,
)
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["ModifierScreen"]


class ModifierScreen(ShowsFieldLabels, Screen):
    CSS_PATH = SCREENS_CSS
    AUTO_FOCUS = "#participants"  # a latecomer: the number is what changes most
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Retour"),
        Binding("ctrl+s", "enregistrer", "Enregistrer"),
        Binding("ctrl+r", "supprimer", "Supprimer la séance", priority=True),
    ]

    def __init__(self, seance_id: str):
        super().__init__()
        self.seance_id = seance_id

    def compose(self) -> ComposeResult:
        s = self.app.store.get(self.seance_id)
        yield Static(
            f"Modifier la séance du {s.date:%d/%m/%Y} — {s.etablissement or s.lieu}", classes="titre", markup=False
        )
        yield Static("", id="erreurs", classes="erreurs", markup=False)
        with VerticalScroll(classes="corps"):
            yield from field(
                "Nombre de participants (un retardataire ? ajoutez-le)",
                Saisie(str(s.participants), id="participants", restrict=r"[0-9]*", compact=True, select_on_focus=False),
            )
            yield from duree_field(str(s.duree_minutes or ""))
            yield from etablissement_field(s.etablissement)
            yield from niveau_field(s.niveau)
            yield Case("Séance d'essai (jamais comptée dans le bilan)", s.essai, id="essai")  # whole at 60×20
            yield Bouton("Enregistrer (Ctrl+S)", id="enregistrer", variant="primary")
            yield Bouton("Supprimer la séance (Ctrl+R)", id="supprimer", variant="error")
        yield Helplines(self.app.resources_for(None))
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one("#participants", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "enregistrer":
            self.action_enregistrer()
        elif event.button.id == "supprimer":
            self.action_supprimer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_enregistrer()

    def action_enregistrer(self) -> None:
        store = self.app.store
        current = store.get(self.seance_id)
        niveau = self.query_one("#niveau", Select).value
        given = {
            "participants": self.query_one("#participants", Input).value,
            "duree_minutes": self.query_one("#duree_minutes", Input).value,
            "etablissement": self.query_one("#etablissement", Input).value,
            "niveau": "" if niveau is Select.NULL else niveau,
            "essai": self.query_one("#essai", Checkbox).value,
        }
        try:
            checked = check_seance({**editable_fields(current), **given}, today=max(current.date, self.app.today))
            seance = update_seance(store, self.seance_id, **{k: getattr(checked, k) for k in given})
        except RecordError as exc:
            self.query_one("#erreurs", Static).update("\n".join(exc.problems))
            return
        except StoreError as exc:
            self.query_one("#erreurs", Static).update(str(exc))
            return
        self.app.notify(f"Séance modifiée : {edit_summary(seance)}")
        self.app.pop_screen()

    def action_supprimer(self) -> None:
        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.store.delete(self.seance_id)
            except StoreError as exc:
                self.query_one("#erreurs", Static).update(str(exc))
                return
            self.app.notify("Séance supprimée : elle ne comptera pas, et aucun import ne la ramènera.")
            self.app.pop_screen()

        self.app.push_screen(
            self.app.new_screen(
                "confirmer",
                "Supprimer cette séance et toutes ses réponses ? Ce n'est pas réversible.",
                yes="supprimer",
                no="garder",
            ),
            done,
        )
