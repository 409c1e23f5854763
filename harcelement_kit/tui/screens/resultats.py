"""Résultats: the counts of the séance just run, as bar charts (never for sensitive items)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from harcelement_kit.tui.widgets.activities import class_steps, step_choices
from harcelement_kit.tui.widgets.bars import bar_chart
from harcelement_kit.tui.widgets.helplines import Helplines

__all__ = ["ResultatsScreen", "results_text"]


def results_text(module, counts: dict) -> Text:
    """Every question of the module that received counts in this séance."""
    text = Text()
    shown = 0
    sensitive_seen = False
    for step in class_steps(module):
        a = step.activity
        if a.kind not in ("qcm", "tri") and not (a.kind == "echelle" and step.item is not None):
            if a.kind == "texte_a_trous":
                shown += _cloze_results(text, module.id, a, counts)
            continue
        if getattr(a, "sensible", False):
            sensitive_seen = True
            continue
        prompt, options, right, _ = step_choices(step)
        values = [counts.get((module.id, a.id, step.item or 0, o), 0) for o in range(len(options))]
        if not any((module.id, a.id, step.item or 0, o) in counts for o in range(len(options))):
            continue
        text.append(prompt + "\n", style="bold")
        text.append(bar_chart(options, values, right))
        text.append("\n")
        shown += 1
    if sensitive_seen or any(k[1].endswith(".passation") for k in counts):
        text.append("Réponses sensibles (harcèlomètre) : elles ne sont jamais affichées pendant la "
                    "séance ; elles comptent dans le bilan annuel, au-delà des seuils.\n", style="italic")
    if not shown:
        text.append("Aucune réponse comptée pour l'instant dans cette séance.\n")
    return text


def _cloze_results(text: Text, module_id: str, activity, counts: dict) -> int:
    bank = activity.bank
    shown = 0
    for i, blank in enumerate(activity.blanks):
        values = [counts.get((module_id, activity.id, i, o), 0) for o in range(len(bank))]
        if sum(values):
            text.append(f"Trou {blank.number}\n", style="bold")
            text.append(bar_chart(bank, values, [bank.index(blank.word)]))
            text.append("\n")
            shown += 1
    return shown


class ResultatsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour"),
                Binding("h", "accueil", "Accueil")]

    def __init__(self, module, seance_id: str):
        super().__init__()
        self.module, self.seance_id = module, seance_id

    def compose(self) -> ComposeResult:
        seance = self.app.store.get(self.seance_id)
        yield Static(f"Résultats — {self.module.titre} — {seance.date:%d/%m/%Y}, "
                     f"{seance.participants} participants", classes="titre", markup=False)
        with VerticalScroll(classes="corps"):
            yield Static(results_text(self.module, seance.counts))
        yield Helplines(self.app.resources_for(self.module))
        yield Footer()

    def action_accueil(self) -> None:
        from harcelement_kit.tui.screens.accueil import AccueilScreen

        while not isinstance(self.app.screen, AccueilScreen):
            self.app.pop_screen()
