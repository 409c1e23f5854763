"""Nouvelle séance: the séance fields, remembered from the last séance; never a pupil's name."""

from __future__ import annotations

import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from harcelement_kit.settings import load_defaults, save_defaults
from harcelement_kit.tally.records import ACTIONS, LIEUX, RecordError, check_seance
from harcelement_kit.tui.widgets.fields import (
    Bouton,
    Choix,
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

__all__ = ["SeanceScreen"]

MODES = {"classe": "animer en classe", "eleve": "élève par élève"}


class SeanceScreen(ShowsFieldLabels, Screen):
    """The form of a new séance; on success the séance is recorded and the workshop starts."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Retour"),
        Binding("ctrl+s", "commencer", "Commencer"),
    ]

    def __init__(self, module, mode: str):
        super().__init__()
        self.module, self.mode = module, mode

    def compose(self) -> ComposeResult:
        d = load_defaults(self.app.data_dir)
        default_action = d.get("action") or ("atelier" if self.mode == "classe" else "animation")
        yield Static(f"Nouvelle séance — {self.module.titre} ({MODES[self.mode]})", classes="titre", markup=False)
        yield Static("", id="erreurs", classes="erreurs", markup=False)
        with VerticalScroll(classes="corps"):
            yield Static("Aucun nom d'élève : seulement des nombres.", markup=False)
            names = ", ".join(self.app.library.structure_table().names.values()) or "unis-cite, afev, citeo"
            yield from field(f"Structure ({names}…)", Saisie(d.get("structure", ""), id="structure", compact=True))
            yield from field(
                "Type d'action",
                Choix(
                    [(label, key) for key, label in ACTIONS.items()],
                    value=default_action,
                    allow_blank=False,
                    id="action",
                    compact=True,
                ),
            )
            yield from field(
                "Lieu",
                Choix(
                    [(label, key) for key, label in LIEUX.items()],
                    value=d.get("lieu", "college"),
                    allow_blank=False,
                    id="lieu",
                    compact=True,
                ),
            )
            yield from etablissement_field(d.get("etablissement", ""))
            yield from niveau_field(d.get("niveau"))
            yield from field("Nombre de participants", Saisie("", id="participants", restrict=r"[0-9]*", compact=True))
            yield from duree_field(self._proposed_duree(d))
            yield from field("Date (JJ/MM/AAAA)", Saisie(f"{self.app.today:%d/%m/%Y}", id="date", compact=True))
            yield Bouton("Commencer (Ctrl+S)", id="commencer", variant="primary")
        yield Helplines(self.app.resources_for(self.module))
        yield KeyBar()

    def _proposed_duree(self, defaults: dict) -> str:
        """The durée typed last time for this same module (the animateur's real class hour, 55
        min where the module says 45), else the module's own durée (the one the Accueil shows
        next to its title), else the last durée typed, else 60. A durée typed for another
        module says nothing of this one: proposing it made the 30-min harcèlomètre a 60-min
        séance in the bilan."""
        remembered = defaults.get("duree_minutes", "")
        if remembered and defaults.get("duree_module") == self.module.id:
            return remembered
        if self.module.duree_minutes:
            return str(self.module.duree_minutes)
        return remembered or "60"

    def on_mount(self) -> None:
        # The first field, every time: starting on « Nombre de participants » when the structure
        # was remembered, Tab wrapped round and the participants' number landed in « Structure ».
        self.query_one("#structure", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "commencer":
            self.action_commencer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_commencer()

    def _values(self) -> dict:
        values = {w.id: w.value for w in self.query(Input)}
        for select in self.query(Select):
            values[select.id] = "" if select.value is Select.NULL else select.value
        values["modules"] = [self.module.id]
        return values

    def action_commencer(self) -> None:
        values = self._values()
        try:
            seance = check_seance(
                values, today=max(self.app.today, datetime.date.today()), structures=self.app.library.structure_table()
            )
        except RecordError as exc:
            self.query_one("#erreurs", Static).update("\n".join(exc.problems))
            return
        from harcelement_kit.tally.meeting import mark_open

        self.app.store.add_seance(seance)
        mark_open(self.app.store, seance.id, self.module.id, self.mode)  # the class meeting begins
        save_defaults(self.app.data_dir, {**values, "duree_module": self.module.id})
        if self.mode == "classe":
            self.app.replace_with("animer", self.module, seance.id, fresh=True)
        else:
            self.app.replace_with("passation", self.module, seance.id, fresh=True)
