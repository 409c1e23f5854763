"""Passation: pupils take turns on the laptop. Each answer is counted at once; the end
screen is the same for everyone; « participant suivant » clears everything."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.content.choices import asked, choices
from harcelement_kit.tally.bilan import PASSATION_SUFFIX
from harcelement_kit.tui.widgets.activities import ClozeBoard, echelle_text, pupil_steps, step_choices
from harcelement_kit.tui.screens.frame import ModuleFrame

__all__ = ["PassationScreen", "QUIZ_END"]

QUIZ_END = ("Merci, c'est terminé !\n"
            "Si tu vis ou vois du harcèlement, à l'école ou en ligne, parles-en à un adulte de "
            "confiance ou appelle le 3018 (gratuit, anonyme). Danger immédiat : 17 ou 112, "
            "ou un SMS au 114.")
INTRO_QUIZ = ("Réponds seul ou seule, à ton rythme. Ton nom n'est demandé nulle part : "
              "seul le nombre de réponses est compté.")


class PassationScreen(ModuleFrame):
    BINDINGS = [
        Binding("enter", "continue", "Continuer"),
        Binding("a", "stop", "J'arrête"),  # a pupil may stop at any question: « tu peux arrêter »
        Binding("escape", "app.pop_screen", "Fin de la passation"),
    ]

    def __init__(self, module, seance_id: str):
        super().__init__(module, seance_id)
        self.scale = next((a for a in module.activites if a.kind == "echelle" and a.passation), None)
        self.steps = [] if self.scale else pupil_steps(module)
        self.participants = 0
        self.reset()

    def reset(self) -> None:
        """A new pupil: nothing of the previous one remains on screen or in memory."""
        self.phase = "intro"
        self.index = 0
        self.chosen: int | None = None
        self._new_cloze()

    def _new_cloze(self) -> None:
        self.cloze_choices: dict[int, str] = {}  # blank number -> chosen word
        self.cloze_current = 1
        self.cloze_checking = False

    # -- what is on screen ------------------------------------------------------

    def _choices(self) -> tuple[str, list[str]]:
        if self.scale:
            return self.scale.items[self.index].texte, list(self.scale.passation.reponses)
        step = self.steps[self.index]
        if step.activity.kind == "texte_a_trous":
            blank = choices(step.activity)[self.cloze_current - 1]
            return asked(step.activity, blank), list(blank.options)
        prompt, options, _, _ = step_choices(step)
        return prompt, options

    def _header(self) -> str:
        title = self.module.titre + " — élève par élève"
        if self.phase != "question":
            return title
        if self.scale:
            return f"{title} — {self.index + 1}/{len(self.scale.items)}"
        return f"{title} — {self.index + 1}/{len(self.steps)} — {self.steps[self.index].title}"

    async def show(self) -> None:
        self.refresh_bindings()
        body = await self.new_body(self._header())
        if self.phase == "intro":
            intro = self.scale.passation.introduction if self.scale else INTRO_QUIZ
            await body.mount(Static(Text(intro), classes="carte"))
            await body.mount(Button("Commencer (Entrée)", id="continuer", variant="primary"))
        elif self.phase == "fin":
            end = (self.scale.passation.fin or QUIZ_END) if self.scale else QUIZ_END
            await body.mount(Static(Text(end, style="bold"), classes="carte"))
            await body.mount(Button("Participant suivant (Entrée)", id="continuer", variant="primary"))
            if self.scale:  # the same scale for everyone, to read one's own answers against it
                await body.mount(Static(echelle_text(self.scale)))
        elif self.scale:
            await self._mount_question(body, f"{self.scale.consigne} {self.scale.items[self.index].texte}",
                                       self.scale.passation.question)
        else:
            await self._show_step(body)
        focusable = body.query("#choix, Button")
        if focusable:
            focusable.first().focus()

    async def _show_step(self, body) -> None:
        step = self.steps[self.index]
        a = step.activity
        if a.kind in ("info", "reflexion"):
            text = a.texte if a.kind == "info" else a.question
            await body.mount(Static(Text(text, style="bold"), classes="carte"))
            if a.kind == "reflexion":
                await body.mount(Static("Réfléchis-y : tu n'as rien à écrire ici.", markup=False))
            await body.mount(Button("Continuer (Entrée)", id="continuer", variant="primary"))
        elif a.kind == "texte_a_trous":
            board = ClozeBoard(a, classes="carte")
            board.choices, board.checking = dict(self.cloze_choices), self.cloze_checking
            board.current = None if self.cloze_checking else self.cloze_current
            await body.mount(board)
            if self.cloze_checking:
                await body.mount(Button("Continuer (Entrée)", id="continuer", variant="primary"))
            else:
                prompt, options = self._choices()
                await self._mount_options(body, prompt, options)
        elif self.chosen is None:
            prompt, options = self._choices()
            await self._mount_question(body, prompt, None, options)
        else:
            prompt, options, right, explanation = step_choices(step)
            verdict = ("C'est la bonne réponse." if self.chosen in right else
                       "La bonne réponse : " + " / ".join(options[i] for i in right) + ".")
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
            await body.mount(Static(f"Ta réponse : {options[self.chosen]}\n{verdict}\n{explanation}".strip(),
                              classes="explication", markup=False))
            await body.mount(Button("Continuer (Entrée)", id="continuer", variant="primary"))

    async def _mount_question(self, body, prompt: str, question: str | None, options=None) -> None:
        if question:
            await body.mount(Static(Text(question, style="bold"), classes="question"))
        await body.mount(Static(Text(prompt, style="bold"), classes="question"))
        await self._mount_options(body, None, options or self._choices()[1])

    async def _mount_options(self, body, prompt: str | None, options: list[str]) -> None:
        if prompt:
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
        await body.mount(OptionList(*[Option(f"{i + 1}. {o}") for i, o in enumerate(options)],
                                    id="choix", classes="reponses"))

    # -- answering ---------------------------------------------------------------

    async def on_key(self, event) -> None:
        if self.phase == "question" and event.character and event.character.isdigit():
            choice = int(event.character) - 1
            if 0 <= choice < len(self._choices()[1]) and self._awaiting_choice():
                event.stop()
                await self.choose(choice)

    def _awaiting_choice(self) -> bool:
        if self.scale:
            return True
        a = self.steps[self.index].activity
        if a.kind == "texte_a_trous":
            return not self.cloze_checking
        return a.kind in ("qcm", "tri") and self.chosen is None

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continuer":
            await self.action_continue()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._awaiting_choice():
            await self.choose(event.option_index)

    async def choose(self, option: int) -> None:
        store, module = self.app.store, self.module.id
        if self.scale:
            store.add_count(self.seance_id, module, self.scale.id + PASSATION_SUFFIX, self.index, option,
                            1, sensitive=True)
            await self._advance()
            return
        step = self.steps[self.index]
        a = step.activity
        sensitive = getattr(a, "sensible", False)
        if a.kind == "texte_a_trous":
            blank = self.cloze_current
            self.cloze_choices[blank] = a.bank[option]
            store.add_count(self.seance_id, module, a.id, blank - 1, option, 1, sensitive=sensitive)
            if blank < len(a.blanks):
                self.cloze_current = blank + 1
            else:
                self.cloze_checking = True
        else:
            self.chosen = option
            store.add_count(self.seance_id, module, a.id, step.item or 0, option, 1, sensitive=sensitive)
        await self.show()

    async def action_continue(self) -> None:
        if self.phase == "intro":
            self.phase = "question"
            self.participants += 1
        elif self.phase == "fin":
            self.reset()
        elif self._awaiting_choice():
            return  # a question waits for an answer
        else:
            await self._advance()
            return
        await self.show()

    def check_action(self, action: str, parameters) -> bool | None:
        return action != "stop" or self.phase == "question"  # « J'arrête » only during questions

    async def action_stop(self) -> None:
        """The pupil stops here: what was answered stays counted, the end screen follows."""
        if self.phase == "question":
            self.chosen = None
            self._new_cloze()
            self.phase = "fin"
            await self.show()

    async def _advance(self) -> None:
        total = len(self.scale.items) if self.scale else len(self.steps)
        self.chosen = None
        self._new_cloze()
        if self.index + 1 < total:
            self.index += 1
        else:
            self.phase = "fin"
        await self.show()
