"""Passation: pupils take turns on the laptop. An answer is chosen (digit or arrows), can be
changed, and counts once confirmed with Entrée; ← goes back one item and takes its answer
back. The end screen is the same for everyone; « participant suivant » clears everything,
scroll included. No more pupils than the séance's participants, unless the animateur
raises the number (« + », confirmed).

Before / after (issue 17): a module with paired items opens with them (counted « avant »,
their answer not given, so that the end measures the workshop, not a correction seen a
minute before), leaves them out of the middle (asked twice, not three times), and closes
with them again (counted « après », with the answer and its explanation)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.content.choices import asked, choices
from harcelement_kit.tally.bilan import PASSATION_SUFFIX
from harcelement_kit.tally.store import Store
from harcelement_kit.tui.widgets.activities import ClozeBoard, echelle_text, pupil_steps, step_choices
from harcelement_kit.tui.screens.frame import ModuleFrame
from harcelement_kit.tui.widgets.helplines import Helplines

__all__ = ["PassationScreen", "QUIZ_END"]

QUIZ_END = (
    "Merci, c'est terminé !\n"
    "Si tu vis ou vois du harcèlement, à l'école ou en ligne, parles-en à un adulte de "
    "confiance ou appelle le 3018 (gratuit, anonyme). Danger immédiat : 17 ou 112, "
    "ou un SMS au 114."
)
INTRO_QUIZ = (
    "Réponds seul ou seule, à ton rythme. Ton nom n'est demandé nulle part : seul le nombre de réponses est compté."
)
INTRO_PAIRED = (
    "Quelques questions sont posées au début, puis de nouveau à la fin : au début, "
    "réponds comme tu le penses, la réponse sera donnée à la fin."
)
MOMENT_PARTS = {"avant": "questions du début", "apres": "questions de fin"}
# The key to stop, named where the pupil reads that they may stop (the module's introduction
# says « tu peux arrêter quand tu veux »: only the key bar named the key).
STOP_KEY = "(touche a : j'arrête)"
STOP_KEY_ALONE = "Tu peux arrêter quand tu veux : touche a (j'arrête), à n'importe quelle question."
# The scale under the end text: a line says what it is and how to read on (a pupil saw only
# its first line, « Ce camarade / cette personne : », under the button at 80×24).
SCALE_HEADING = "Où se place chaque comportement sur l'échelle (↓ pour lire la suite) :"


def with_stop_key(intro: str) -> Text:
    """The introduction with the stop key after the line that says one may stop, or at its end."""
    lines = intro.split("\n")
    said = next((i for i, line in enumerate(lines) if "arrêt" in line.lower()), None)
    if said is None:
        lines.append(STOP_KEY_ALONE)
    else:
        lines.insert(said + 1, STOP_KEY)
    return Text("\n".join(lines))


class PassationScreen(ModuleFrame):
    BINDINGS = [
        Binding("enter", "continue", "Continuer", show=False),  # the button above the helplines says it
        Binding("a", "stop", "J'arrête"),  # a pupil may stop at any question: « tu peux arrêter »
        Binding("left", "back", "Question précédente"),
        Binding("plus", "raise_participants", "Un participant de plus"),
        Binding("escape", "leave", "Fin de la passation"),
        # The text of a long step (the end screen and its scale) is read with the arrows: the
        # focus is on the button below it, not on the text (an option list takes them first).
        Binding("down", "scroll_body('down')", show=False),
        Binding("up", "scroll_body('up')", show=False),
        Binding("pagedown", "scroll_body('page_down')", show=False),
        Binding("pageup", "scroll_body('page_up')", show=False),
    ]

    def __init__(self, module, seance_id: str, fresh: bool = False):
        """`fresh`: the séance was just made for this passation (ended before any pupil, it
        is not kept)."""
        super().__init__(module, seance_id)
        self.scale = next((a for a in module.activites if a.kind == "echelle" and a.passation), None)
        self.steps = [] if self.scale else pupil_steps(module)
        self.moments = [""] * len(self.steps)  # the moment each step counts under
        paired = [s for s in self.steps if getattr(s.activity, "avant_apres", False)]
        if paired:
            rest = [s for s in self.steps if not getattr(s.activity, "avant_apres", False)]
            self.steps = paired + rest + paired
            self.moments = ["avant"] * len(paired) + [""] * len(rest) + ["apres"] * len(paired)
        self.fresh = fresh
        self.reset()

    def compose(self):
        """The frame, and the button that goes on right above the helplines, outside the
        scrolled text: at 60×20 the end text alone is taller than the screen, and a pupil
        must see what to press without scrolling (it was cut under the text)."""
        for widget in super().compose():
            if isinstance(widget, Helplines):
                go_on = Button("", id="continuer", variant="primary", compact=True, classes="suite")
                # Entrée is the screen's key, not the button's: a button kept from step to step
                # ignores a second press within its 0.2 s « pressed » look (Entrée, Entrée lost one).
                go_on.can_focus = False
                yield go_on
            elif widget.id == "corps":
                widget.can_focus = False  # focused, it would take ← (back) and Entrée's place
            yield widget

    async def on_mount(self) -> None:
        """In a later séance of a cycle whose opening was asked already (« avant » counted in
        an earlier séance), only the closing questions: the cycle asks them twice, not more."""
        from harcelement_kit.tally.meeting import avant_earlier_in_cycle

        if "avant" in self.moments and avant_earlier_in_cycle(self.app.store, self.seance_id, self.module.id):
            kept = [i for i, moment in enumerate(self.moments) if moment != "avant"]
            self.steps = [self.steps[i] for i in kept]
            self.moments = [self.moments[i] for i in kept]
        await super().on_mount()

    def reset(self) -> None:
        """A new pupil: nothing of the previous one remains on screen or in memory."""
        self.phase = "intro"
        self.index = 0
        self.chosen: int | None = None
        self.recorded: list[tuple] = []  # this pupil's answers (index, activity, item, option, blank, moment)
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
        part = MOMENT_PARTS.get(self.moments[self.index])
        return f"{title} — {self.index + 1}/{len(self.steps)} — {self.steps[self.index].title}" + (
            f" ({part})" if part else ""
        )

    def _moment(self) -> str:
        """The moment of this step's answers: a retrospective item's is always « rétrospectif »."""
        if self.scale:
            return ""
        if getattr(self.steps[self.index].activity, "retrospectif", False):
            return "retrospectif"
        return self.moments[self.index]

    async def show(self, highlight: int | None = None) -> None:
        self.refresh_bindings()
        body = await self.new_body(self._header())
        body.scroll_home(animate=False)  # each screen, and each pupil, starts at the top
        go_on = None  # the label of the button below the text, None while a question waits
        if self.phase == "intro":
            intro = self.scale.passation.introduction if self.scale else INTRO_QUIZ
            if "avant" in self.moments:
                intro = f"{intro}\n\n{INTRO_PAIRED}"
            await body.mount(Static(with_stop_key(intro), classes="carte"))
            go_on = "Commencer (Entrée)"
        elif self.phase == "fin":
            # The end text first (done, not your fault, whom to tell), then the same scale for
            # everyone, to read one's own answers against it; the button stays in sight.
            end = (self.scale.passation.fin or QUIZ_END) if self.scale else QUIZ_END
            await body.mount(Static(Text(end, style="bold"), classes="carte"))
            if self.scale:
                await body.mount(Static(SCALE_HEADING, classes="aide-choix", markup=False))
                await body.mount(Static(echelle_text(self.scale)))
            go_on = "Participant suivant (Entrée)"
        elif self.scale:
            await self._mount_question(
                body, f"{self.scale.consigne} {self.scale.items[self.index].texte}", self.scale.passation.question
            )
        else:
            go_on = await self._show_step(body)
        button = self.query_one("#continuer", Button)
        button.label = go_on or ""
        button.display = go_on is not None
        button.refresh(layout=True)  # its width follows its label (« Commencer » after « Participant suivant »)
        if go_on is not None:
            self.set_focus(None)  # Entrée, ← and ↑↓ are the screen's keys (bindings above)
        for options in body.query("#choix").results(OptionList):
            options.focus(scroll_visible=True)
            options.highlighted = highlight  # nothing chosen yet: Entrée alone records nothing

    def action_scroll_body(self, direction: str) -> None:
        getattr(self.query_one("#corps"), f"scroll_{direction}")(animate=False)

    async def _show_step(self, body) -> str | None:
        """The step's text; the label of the button that goes on, None while it waits for an answer."""
        step = self.steps[self.index]
        a = step.activity
        if a.kind in ("info", "reflexion"):
            text = a.texte if a.kind == "info" else a.question
            await body.mount(Static(Text(text, style="bold"), classes="carte"))
            if a.kind == "reflexion":
                await body.mount(Static("Réfléchis-y : tu n'as rien à écrire ici.", markup=False))
            return "Continuer (Entrée)"
        elif a.kind == "texte_a_trous":
            board = ClozeBoard(a, classes="carte")
            board.choices, board.checking = dict(self.cloze_choices), self.cloze_checking
            board.current = None if self.cloze_checking else self.cloze_current
            await body.mount(board)
            if self.cloze_checking:
                return "Continuer (Entrée)"
            else:
                prompt, options = self._choices()
                await self._mount_options(body, prompt, options)
        elif self.chosen is None:
            prompt, options = self._choices()
            await self._mount_question(body, prompt, None, options)
        elif self.moments[self.index] == "avant":  # the answer waits for the end
            prompt, options, _, _ = step_choices(step)
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
            await body.mount(
                Static(
                    f"Ta réponse : {options[self.chosen]}\nC'est noté. Cette question "
                    "revient à la fin : la réponse sera donnée à ce moment-là.",
                    classes="explication",
                    markup=False,
                )
            )
            return "Continuer (Entrée)"
        else:
            prompt, options, right, explanation = step_choices(step)
            verdict = (
                "C'est la bonne réponse."
                if self.chosen in right
                else "La bonne réponse : " + " / ".join(options[i] for i in right) + "."
            )
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
            await body.mount(
                Static(
                    f"Ta réponse : {options[self.chosen]}\n{verdict}\n{explanation}".strip(),
                    classes="explication",
                    markup=False,
                )
            )
            return "Continuer (Entrée)"
        return None

    async def _mount_question(self, body, prompt: str, question: str | None, options=None) -> None:
        if question:
            await body.mount(Static(Text(question, style="bold"), classes="question"))
        await body.mount(Static(Text(prompt, style="bold"), classes="question"))
        await self._mount_options(body, None, options or self._choices()[1])

    async def _mount_options(self, body, prompt: str | None, options: list[str]) -> None:
        if prompt:
            await body.mount(Static(Text(prompt, style="bold"), classes="question"))
        await body.mount(
            OptionList(*[Option(f"{i + 1}. {o}") for i, o in enumerate(options)], id="choix", classes="reponses")
        )
        await body.mount(
            Static(
                "Choisis avec le chiffre ou ↑↓, puis Entrée pour valider"
                + (" · ← : revenir à la question d'avant" if self.index or self.recorded else ""),
                classes="aide-choix",
                markup=False,
            )
        )

    # -- answering ---------------------------------------------------------------

    async def on_key(self, event) -> None:
        """A digit chooses an option without recording it: a burst of digits (a pupil
        drumming on the keys) records nothing; Entrée confirms the one chosen."""
        if self.phase == "question" and event.character and event.character.isdigit():
            choice = int(event.character) - 1
            if 0 <= choice < len(self._choices()[1]) and self._awaiting_choice():
                event.stop()
                for options in self.query("#choix").results(OptionList):
                    options.highlighted = choice
                    options.focus()

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

    def _record(self, activity: str, item: int, option: int, sensitive: bool, blank: int = 0) -> None:
        moment = self._moment()
        # now, or kept in memory while the store is busy (tally/pending.py): the pupil never waits
        self.app.writes.submit(
            Store.add_count,
            self.seance_id,
            self.module.id,
            activity,
            item,
            option,
            1,
            sensitive=sensitive,
            moment=moment,
            label=f"question {item + 1} de {activity}",
        )
        self.recorded.append((self.index, activity, item, option, blank, moment))

    def _take_back(self) -> tuple | None:
        """Remove this pupil's last answer from the counts; the answer, or None."""
        from harcelement_kit.tally.meeting import remove_answer

        if not self.recorded:
            return None
        index, activity, item, option, blank, moment = last = self.recorded.pop()
        self.app.writes.submit(remove_answer, self.seance_id, self.module.id, activity, item, option, moment)
        return last

    async def choose(self, option: int) -> None:
        if self.scale:
            self._record(self.scale.id + PASSATION_SUFFIX, self.index, option, True)
            await self._advance()
            return
        step = self.steps[self.index]
        a = step.activity
        sensitive = getattr(a, "sensible", False) or getattr(a, "retrospectif", False)
        if a.kind == "texte_a_trous":
            blank = self.cloze_current
            self.cloze_choices[blank] = a.bank[option]
            self._record(a.id, blank - 1, option, sensitive, blank)
            if blank < len(a.blanks):
                self.cloze_current = blank + 1
            else:
                self.cloze_checking = True
        else:
            self.chosen = option
            self._record(a.id, step.item or 0, option, sensitive)
        await self.show()

    async def action_back(self) -> None:
        """← : back one item; its answer is taken back and shown chosen, to keep or change."""
        if self.phase == "intro":
            return
        if self.phase == "fin":
            self.phase = "question"
            self.index = len(self.scale.items) if self.scale else len(self.steps)
        if self.scale:
            if self.index == 0:
                return
            self.index -= 1
            last = self._take_back()
            await self.show(highlight=last[3] if last and last[0] == self.index else None)
            return
        await self._back_in_steps()

    async def _back_in_steps(self) -> None:
        if self.index < len(self.steps):
            a = self.steps[self.index].activity
            if a.kind == "texte_a_trous" and (self.cloze_checking or self.cloze_current > 1):
                await self._back_in_cloze()
                return
            if self.chosen is not None:  # the explanation is shown: back to the question
                last = self._take_back()
                self.chosen = None
                await self.show(highlight=last[3] if last else None)
                return
        if self.index == 0:
            return
        self.index -= 1
        self.chosen = None
        self._new_cloze()
        a = self.steps[self.index].activity
        if a.kind == "texte_a_trous":
            for index, _, _, option, blank, _ in self.recorded:
                if index == self.index:
                    self.cloze_choices[blank] = a.bank[option]
            self.cloze_current = len(a.blanks)
            self.cloze_checking = True
            await self._back_in_cloze()
        elif self.recorded and self.recorded[-1][0] == self.index:
            last = self._take_back()
            await self.show(highlight=last[3])
        else:
            await self.show()

    async def _back_in_cloze(self) -> None:
        """Back one blank: the last blank filled is emptied and asked again."""
        last = self._take_back()
        if last is None:
            return
        blank = last[4]
        self.cloze_choices.pop(blank, None)
        self.cloze_current, self.cloze_checking = blank, False
        await self.show(highlight=last[3])

    async def action_leave(self) -> None:
        """Échap (the animateur): asked first, a pupil's key must not end the passation."""
        from harcelement_kit.tally.meeting import discard_unused, saved_step

        if self.after_writes(self.action_leave):  # answers still kept in memory: leave once stored
            return
        pupils = saved_step(self.app.store, self.seance_id, self.module.id, "eleve")[1]
        if self.fresh and pupils == 0 and discard_unused(self.app.store, self.seance_id):
            self.app.pop_screen()
            self.app.notify("Séance non enregistrée : aucun élève n'a commencé.")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()
                # Left with no answer in any of its modules: an empty séance is not an atelier.
                if discard_unused(self.app.store, self.seance_id):
                    from harcelement_kit.tally.meeting import NOTHING_COUNTED

                    self.app.notify(NOTHING_COUNTED)

        self.app.push_screen(
            self.app.new_screen(
                "confirmer",
                "Terminer la passation ? La séance reste ouverte : « p » sur la séance du "
                "jour, à l'accueil, la reprend.",
                yes="terminer la passation",
                no="continuer",
            ),
            done,
        )

    def action_raise_participants(self) -> None:
        """« + » : one more pupil than the séance's participants (a latecomer), confirmed."""
        from harcelement_kit.tally.meeting import update_seance

        seance = self.app.store.get(self.seance_id)

        def done(yes: bool | None) -> None:
            if yes:
                update_seance(self.app.store, self.seance_id, participants=seance.participants + 1)
                self.say(f"La séance compte maintenant {seance.participants + 1} participants.")

        self.app.push_screen(
            self.app.new_screen(
                "confirmer",
                f"Ajouter un participant à la séance ? Elle en compte {seance.participants}.",
                yes=f"oui, {seance.participants + 1} participants",
                no="non",
            ),
            done,
        )

    def _pupil_allowed(self) -> bool:
        """One more pupil, if the séance has that many participants; counted at once."""
        from harcelement_kit.tally.meeting import count_pupil, saved_step

        participants = self.app.store.get(self.seance_id).participants
        pupils = (
            saved_step(self.app.store, self.seance_id, self.module.id, "eleve")[1]
            + sum(
                1
                for w in self.app.writes.pending()  # kept in memory
                if w.write is count_pupil and w.args[:2] == (self.seance_id, self.module.id)
            )
        )
        if pupils >= participants:
            from harcelement_kit.tally.numbers import plural

            done = f"{pupils} {'a' if pupils <= 1 else 'ont'} déjà fait la passation"
            self.say(
                f"La séance compte {plural(participants, 'participant', 'participants')} et {done}. "
                "Un élève de plus ? « + » ajoute un participant (à confirmer).",
                severity="warning",
                timeout=8,
            )
            return False
        self.app.writes.submit(count_pupil, self.seance_id, self.module.id)
        self.fresh = False
        return True

    async def action_continue(self) -> None:
        if self.phase == "intro":
            if not self._pupil_allowed():
                return
            self.phase = "question"
        elif self.phase == "fin":
            self.reset()
        elif self._awaiting_choice():
            return  # a question waits for an answer
        else:
            await self._advance()
            return
        await self.show()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "stop":
            return self.phase == "question"  # « J'arrête » only during questions
        if action == "back":
            return self.phase != "intro"  # nothing before the intro: the key bar does not offer it
        return True

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
