"""Résultats: the counts of the séance just run, as bar charts (never for sensitive items)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from harcelement_kit.content.choices import choices
from harcelement_kit.tui.widgets.bars import bar_chart
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar

__all__ = ["ResultatsScreen", "results_text"]


def results_text(module, counts: dict) -> Text:
    """Every question of the module that received counts in this séance."""
    text = Text()
    shown = 0
    sensitive_seen = False
    for activity in module.activites:
        if getattr(activity, "sensible", False):
            sensitive_seen = True
            continue
        for choice in choices(activity):
            keys = [(module.id, activity.id, choice.item, o) for o in range(len(choice.options))]
            if not any(key in counts for key in keys):
                continue
            text.append(choice.prompt + "\n", style="bold")
            text.append(bar_chart(list(choice.options), [counts.get(key, 0) for key in keys],
                                  list(choice.right)))
            text.append("\n")
            shown += 1
    if sensitive_seen or any(k[1].endswith(".passation") for k in counts):
        text.append("Réponses sensibles (harcèlomètre) : elles ne sont jamais affichées pendant la "
                    "séance ; elles comptent dans le bilan annuel, au-delà des seuils.\n", style="italic")
    if not shown:
        text.append("Les réponses de cette séance sont bien enregistrées.\n" if counts else
                    "Aucune réponse comptée pour l'instant dans cette séance.\n")
    return text


class ResultatsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour"),
                Binding("h", "accueil", "Accueil"),
                Binding("f", "lire_fiches", "Lire des fiches")]

    def __init__(self, module, seance_id: str):
        super().__init__()
        self.module, self.seance_id = module, seance_id

    def compose(self) -> ComposeResult:
        seance = self.app.store.get(self.seance_id)
        yield Static(f"Résultats — {self.module.titre} — {seance.date:%d/%m/%Y}, "
                     f"{seance.participants} participants", classes="titre", markup=False)
        with VerticalScroll(classes="corps"):
            yield Static(results_text(self.module, seance.counts), id="resultats")
        yield Helplines(self.app.resources_for(self.module))
        yield KeyBar()

    def action_lire_fiches(self) -> None:
        self.app.show("lire_fiches", self.seance_id)

    def on_screen_resume(self) -> None:
        """Back from « Lire des fiches »: the counts may have grown."""
        seance = self.app.store.get(self.seance_id)
        self.query_one("#resultats", Static).update(results_text(self.module, seance.counts))

    async def action_accueil(self) -> None:
        await self.app.close_live_room()  # leaving the animation closes the phones' page
        self.app.back_to_accueil()
