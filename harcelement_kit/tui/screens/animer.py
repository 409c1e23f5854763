"""Animer: the module in class, full screen, one step at a time; the animateur keys in
the hands counted and reveals answers. Each count is written to the store at once."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from harcelement_kit.tui.widgets.activities import ClozeBoard, class_steps, echelle_text, step_choices
from harcelement_kit.tui.screens.frame import ModuleFrame
from harcelement_kit.tui.widgets.vote import VoteCounter

__all__ = ["AnimerScreen"]


class AnimerScreen(ModuleFrame):
    BINDINGS = [
        Binding("n,right", "next", "Suivant"),
        Binding("p,left", "previous", "Précédent"),
        Binding("r", "reveal", "Révéler"),
        Binding("t", "reveal_all", "Tout révéler", show=False),
        Binding("g", "results", "Résultats"),
        Binding("escape", "app.pop_screen", "Accueil"),
    ]

    def __init__(self, module, seance_id: str):
        super().__init__(module, seance_id)
        self.steps = class_steps(module)
        self.index = 0

    @property
    def step(self):
        return self.steps[self.index]

    def _counts(self) -> dict[int, int]:
        counts = self.app.store.get(self.seance_id).counts
        a = self.step.activity
        return {key[3]: n for key, n in counts.items()
                if key[:3] == (self.module.id, a.id, self.step.item or 0)}

    async def show(self) -> None:
        step, a = self.step, self.step.activity
        body = await self.new_body(f"{self.module.titre} — {self.index + 1}/{len(self.steps)} — {step.title}")
        if a.kind == "info":
            card = Text(a.texte + "\n", style="bold")
            if a.source:
                card.append(f"\nSource : {a.source}", style="italic")
            await body.mount(Static(card, classes="carte"))
        elif a.kind == "reflexion":
            await body.mount(Static(Text(a.question, style="bold"), classes="carte"))
            await body.mount(Static("", id="explication", classes="explication", markup=False))
        elif a.kind == "texte_a_trous":
            await body.mount(ClozeBoard(a, classes="carte"))
        elif a.kind == "echelle" and step.item is None:
            await body.mount(Static(echelle_text(a)))
        else:
            prompt, options, right, _ = step_choices(step)
            if a.kind == "echelle":
                prompt = f"Dans quelle zone ? « {prompt} »"
            sensitive = getattr(a, "sensible", False)
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
            vote = VoteCounter(options, right, {} if sensitive else self._counts(),
                               counting=not sensitive)
            await body.mount(vote)
            if sensitive:
                await body.mount(Static("Activité sensible : on en discute, rien n'est compté.",
                                  classes="avertissement", markup=False))
            await body.mount(Static("", id="explication", classes="explication", markup=False))
            vote.focus()
        body.scroll_home(animate=False)

    def on_vote_counter_count_changed(self, event: VoteCounter.CountChanged) -> None:
        key = (self.seance_id, self.module.id, self.step.activity.id, self.step.item or 0, event.option)
        if event.count is None:
            self.app.store.clear_count(*key)
        else:
            self.app.store.set_count(*key, event.count)

    async def action_next(self) -> None:
        if self.index + 1 < len(self.steps):
            self.index += 1
            await self.show()
        else:
            self.action_results()

    async def action_previous(self) -> None:
        if self.index > 0:
            self.index -= 1
            await self.show()

    def action_reveal(self) -> None:
        a = self.step.activity
        if a.kind == "texte_a_trous":
            self.query_one(ClozeBoard).reveal_next()
        elif a.kind == "reflexion":
            self.query_one("#explication", Static).update(
                f"À retenir : {a.a_retenir}" if a.a_retenir else "À vous de discuter : rien n'est enregistré.")
        elif self.query(VoteCounter):
            self.query_one(VoteCounter).reveal()
            prompt, options, right, explanation = step_choices(self.step)
            answer = " / ".join(options[i] for i in right)
            self.query_one("#explication", Static).update(
                f"Réponse : {answer}" + (f"\n{explanation}" if explanation else ""))

    def action_reveal_all(self) -> None:
        if self.step.activity.kind == "texte_a_trous":
            self.query_one(ClozeBoard).reveal_all()

    def action_results(self) -> None:
        from harcelement_kit.tui.screens.resultats import ResultatsScreen

        self.app.push_screen(ResultatsScreen(self.module, self.seance_id))
