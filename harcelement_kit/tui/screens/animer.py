"""Animer: the module in class, full screen, one step at a time; the animateur keys in
the hands counted and reveals answers. Each count is written to the store at once.
Opened to phones (« o »), a question also takes the pupils' answers from their phones;
both add up under the same count."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from harcelement_kit.tally.numbers import plural, round_percent
from harcelement_kit.tally.store import Store
from harcelement_kit.tui.widgets.activities import (
    ClozeBoard,
    class_steps,
    echelle_text,
    step_choices,
    zone_line,
)
from harcelement_kit.tui.screens.frame import ModuleFrame
from harcelement_kit.tui.widgets.countdown import DEFAULT_SECONDS, Countdown
from harcelement_kit.tui.widgets.headline import Headline
from harcelement_kit.tui.widgets.vote import VoteCounter

__all__ = ["AnimerScreen"]


class AnimerScreen(ModuleFrame):
    BINDINGS = [
        Binding("n,right", "next", "Suite"),
        Binding("p,left", "previous", "Précédent", show=False),  # in Aide: the footer fits 60 columns
        Binding("r", "reveal", "Révéler"),
        Binding("a", "reveal_all", "Tout révéler", show=False),
        Binding("t", "timer", "Minuteur"),  # start, then pause / resume (widgets/countdown.py)
        Binding("plus,equals_sign", "extend_timer", "Prolonger"),
        Binding("g", "results", "Résultats"),
        Binding("o", "phones", "Téléphones"),
        Binding("j", "join_panel", "QR code", show=False),
        Binding("c", "cards", "Cartes", show=False),  # cartes-réponses read by the camera
        Binding("v", "before_after", "Avant/après"),  # issue 17: the opening / closing questionnaire
        Binding("f", "paper_done", "Fait sur papier", show=False),  # that questionnaire on answer sheets
        Binding("escape", "leave", "Fin"),  # back to Accueil; short: every key fits 60 columns
    ]
    # The screen's height class (screens/ecrans.tcss): big digits from 30 rows, a line of text below.
    # Set at every resize, so a projector plugged in mid-question brings the big digits.
    VERTICAL_BREAKPOINTS = [(0, "-bas"), (30, "-haut")]

    def __init__(self, module, seance_id: str, start: int = 0, fresh: bool = False):
        """`start`: the step to resume at; `fresh`: the séance was just made for this module
        (left before anything happened, it is not kept)."""
        super().__init__(module, seance_id)
        self.steps = class_steps(module)
        self.index = min(max(start, 0), len(self.steps) - 1)
        self.fresh = fresh
        self.room = None  # the live room, once opened to phones
        self.cards = None  # the answer cards' camera, once « c » opened it (widgets/cards_panel.py)
        # Before / after (issue 17): « v » asks the paired items alone, counted under `moment`
        # (avant at the start, apres at the end); the module's steps come back after.
        self.module_steps = self.steps
        self.moment = ""
        self.resume_at = 0
        # A saved step past the module's end: the closing questionnaire was answered to its end
        # (see _closing_done). The resume lands there, its last answer shown, as it was left.
        self.revealed_at = None  # the questionnaire's step shown with its answer revealed
        if start >= len(self.module_steps) and self._paired_steps():
            self.moment, self.resume_at = "apres", len(self.module_steps) - 1
            self.steps = self._paired_steps()
            self.index = self.revealed_at = min(start - len(self.module_steps), len(self.steps) - 1)

    @property
    def step(self):
        return self.steps[self.index]

    def _step_moment(self) -> str:
        """The moment this step's answers are counted under: a retrospective item's always."""
        if getattr(self.step.activity, "retrospectif", False):
            return "retrospectif"
        return self.moment

    def _stored(self, seance) -> dict:
        """The stored counts of this step's moment, keyed (module, activity, item, option)."""
        moment = self._step_moment()
        stored = (
            seance.counts if not moment else {key[:4]: n for key, n in seance.moment_counts.items() if key[4] == moment}
        )
        return self.app.writes.counts_after(self.seance_id, stored, moment)  # with those kept in memory

    def _counts(self, counts: dict) -> dict[int, int]:
        """The hands keyed in for this step: the stored count less the phones' answers."""
        a = self.step.activity
        phones = self._machine_counts()
        return {
            key[3]: n - phones.get(key[3], 0)
            for key, n in counts.items()
            if key[:3] == (self.module.id, a.id, self.step.item or 0) and n - phones.get(key[3], 0) > 0
        }

    def _machine_counts(self) -> dict[int, int]:
        """The answers not keyed in by hand: phones, and cards once recorded."""
        counts = self._phone_counts()
        for option, n in (self.cards.committed() if self.cards else {}).items():
            counts[option] = counts.get(option, 0) + n
        return counts

    # -- phones --------------------------------------------------------------------

    def _phone_question(self) -> int | None:
        """The phone question of this step, if the step is one question to choose for."""
        if self.room is None or self.step.item is None:  # a whole activity, not one question
            return None
        return self.room.index_of(self.step.activity.id, self.step.item or 0)

    def _phone_counts(self) -> dict[int, int]:
        index = self._phone_question()
        totals = self.room.session.totals.get(index, []) if index is not None else []
        return {option: n for option, n in enumerate(totals) if n}

    def on_resize(self) -> None:
        """A tall screen (a projector at 200×60): the blocks spread over the height (screens/ecrans.tcss)."""
        self.set_class(self.app.size.height >= 40, "grand")

    async def on_mount(self) -> None:
        """A séance already open to phones (an earlier module): this module goes on the same
        page, with the same link and code; the phones stay joined."""
        self.set_class(self.app.size.height >= 40, "grand")
        room = self.app.live_room
        if room is not None and room.seance_id == self.seance_id:
            room.use_module(self.module, self.app.resources_for(self.module))
            self.room = room
            self.set_interval(0.5, self._show_phone_state)
        await super().on_mount()

    async def open_room(self, host: str) -> str:
        """Start the answer page on `host`; an error message for the animateur, or ""."""
        from harcelement_kit.live.room import LiveRoom
        from harcelement_kit.live.server import DEFAULT_PORT, LiveError

        await self.app.close_live_room(grace=5.0)  # another séance's page: it ends (end page)
        for port in (DEFAULT_PORT, 0):  # the usual port, or any free one
            room = LiveRoom(
                self.app.store,
                self.seance_id,
                self.module,
                self.app.resources_for(self.module),
                host,
                port,
                writes=self.app.writes,
            )
            try:
                await room.start()
            except LiveError as exc:
                error = str(exc)
                continue
            self.room = self.app.live_room = room
            self.set_interval(0.5, self._show_phone_state)
            await self.show()
            return ""
        return f"Impossible d'ouvrir aux téléphones : {error}."

    def _phone_line(self) -> str:
        # a busy store (an import?) is said by the frame's line: the answers wait in memory
        session = self.room.session
        joined = plural(session.device_count, "téléphone", "téléphones")
        index = self._phone_question()
        if index is None:
            return f"Téléphones : {joined} · pas de question à choix sur cet écran · j : QR code"
        if session.current == index:
            return (
                f"Question ouverte aux téléphones : {plural(session.answer_count, 'réponse', 'réponses')}"
                f" ({joined}) · o : la fermer"
            )
        if index in session.totals:
            answered = sum(session.totals[index])
            hidden = " (question sensible : comptées, pas affichées)" if self.room.questions[index].sensitive else ""
            return f"Téléphones : {plural(answered, 'réponse', 'réponses')}{hidden} · o : rouvrir · j : QR code"
        return f"Téléphones : {joined} · o : ouvrir cette question aux téléphones · j : QR code"

    def _show_phone_state(self) -> None:
        if self.room is not None and self.query("#telephones"):
            self.query_one("#telephones", Static).update(self._phone_line())
        self._show_numbers()

    def _show_numbers(self) -> None:
        """The key number in big digits: answers so far, or on reveal the share of right ones."""
        if not self.query("#nombre") or not self.query(VoteCounter):
            return
        vote = self.query_one(VoteCounter)
        participants = self.app.store.get(self.seance_id).participants
        machine = self._machine_counts()
        live = (
            self.room.session.answer_count
            if self.room is not None and self.room.session.current == self._phone_question()
            else 0
        )
        live += self.cards.seen_open() if self.cards is not None else 0  # cards held up, not yet recorded
        answers = {i: vote.counts.get(i, 0) + machine.get(i, 0) for i in range(len(vote.options))}
        total = sum(answers.values()) + live
        if vote.revealed:
            right = sum(answers.get(i, 0) for i in vote.correct)
            number = f"{round_percent(right, participants) if participants else 0}"
            said = (
                f"% des participants ont choisi la bonne réponse\n"
                f"({right} sur {plural(participants, 'participant', 'participants')})"
            )
        else:
            number = str(total)
            said = (
                f"{'réponse' if total <= 1 else 'réponses'}\nsur {plural(participants, 'participant', 'participants')}"
            )
        self.query_one("#nombre", Digits).update(number)
        self.query_one("#chiffres-legende", Static).update(said)

    async def action_phones(self) -> None:
        if self.room is None:
            self.app.show("telephones", self)
            return
        index = self._phone_question()
        if index is None:
            self.say("Sur cet écran, il n'y a pas de question à choix pour les téléphones.")
        elif self.room.session.current == index:
            self.room.session.close()
            if self.query(VoteCounter):
                self.query_one(VoteCounter).show_phones(self._phone_counts())
        else:
            self.room.session.open(index)
        self._show_phone_state()

    def action_join_panel(self) -> None:
        if self.room is not None:
            self.app.show("telephones", self)

    def _close_phone_question(self) -> None:
        """Leaving a step closes its question to phones and cards (its answers are recorded)."""
        if self.room is not None:
            self.room.session.close()
        if self.cards is not None:
            self.cards.close()

    async def action_leave(self) -> None:
        """Échap: a key pressed by mistake must not end the class's séance; confirmed,
        the séance stays open and « a » on Accueil comes back to this step. The séance's
        page stays open to phones too (its next module uses it, phones stay joined)."""
        from harcelement_kit.tally.meeting import discard_unused

        if self.after_writes(self.action_leave):  # counts still kept in memory: leave once stored
            self._close_phone_question()
            return
        if self.fresh and self.index == 0 and discard_unused(self.app.store, self.seance_id):
            if self.room is not None:  # no séance, no page: the phones get the end page
                await self.app.close_live_room(grace=5.0)
            await self._close_and_pop()
            from harcelement_kit.tally.meeting import LEFT_AT_FIRST_SCREEN

            self.app.notify(LEFT_AT_FIRST_SCREEN)
            return

        async def done(yes: bool | None) -> None:
            if yes:
                # Kept even with no hand typed: a class animated without counting still met (issue
                # 11 drops only a séance left before its first activity, above).
                await self._close_and_pop()

        await self.app.push_screen(
            self.app.new_screen(
                "confirmer",
                "Quitter l'animation ? La séance reste ouverte : sur l'accueil, « a » sur la "
                "séance du jour reprend à cette étape ; « t » la termine.",
                yes="quitter",
                no="continuer l'animation",
            ),
            done,
        )

    async def _close_and_pop(self) -> None:
        """This step's question closes; the phones' page ends with the séance or the app."""
        if self.cards is not None:
            self.cards.stop()
        self._close_phone_question()
        self.room = None
        self.app.pop_screen()

    # -- the timer ----------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        """« + » is in the keys only while a timer runs on the screen."""
        if action == "extend_timer":
            return bool(self.query(Countdown))
        return True

    async def action_timer(self) -> None:
        """« t »: a countdown for this question (the module's `minuteur`, 30 s by default);
        pressed again, pause or resume."""
        if self.query(Countdown):
            self.query_one(Countdown).toggle_pause()
            return
        if not self.query(VoteCounter) and not self.query(".colonne"):
            return
        seconds = self.module.minuteur or DEFAULT_SECONDS
        column = self.query_one(".colonne")
        countdown = Countdown(seconds)
        await column.mount(countdown, before=0)
        self.refresh_bindings()

    async def action_extend_timer(self) -> None:
        if not self.query(Countdown):
            return
        countdown = self.query_one(Countdown)
        if (
            countdown.finished
            and self.room is not None
            and getattr(self, "_closed_by_timer", None) is not None
            and self._closed_by_timer == self._phone_question()
        ):
            self.room.session.open(self._closed_by_timer)  # more time: the phones may answer again
            self._show_phone_state()
        self._closed_by_timer = None
        countdown.extend()

    async def _stop_timer(self) -> None:
        """The answers are final (« r »): the timer goes, and « + » with it (it would reopen the
        phones' question and hide the answer they were just shown)."""
        self._closed_by_timer = None
        await self.query(Countdown).remove()
        self.refresh_bindings()

    def on_countdown_finished(self, event: Countdown.Finished) -> None:
        """At zero, the question closes to phones (their answers are recorded)."""
        index = self._phone_question()
        self._closed_by_timer = None
        if self.room is not None and index is not None and self.room.session.current == index:
            self.room.session.close()
            self._closed_by_timer = index
            if self.query(VoteCounter):
                self.query_one(VoteCounter).show_phones(self._phone_counts())
            self._show_phone_state()

    async def show(self) -> None:
        from harcelement_kit.tally.meeting import save_step

        if not self.moment and self._skipped(self.index):  # a resume on an item already asked « avant »
            forward = self._next_shown(self.index, 1)
            self.index = forward if forward is not None else (self._next_shown(self.index, -1) or 0)
        step, a = self.step, self.step.activity
        if not self.moment:  # a questionnaire is not a step of the module: a resume goes to the module
            self.app.writes.submit(save_step, self.seance_id, self.module.id, "classe", self.index)  # for a resume
        if self.index > 0:
            self.fresh = False  # an activity was shown: the séance is kept
        part = {"avant": " — Questionnaire d'ouverture (avant)", "apres": " — Questionnaire de fin (après)"}.get(
            self.moment, ""
        )
        page = await self.new_body(f"{self.module.titre}{part} — {self.index + 1}/{len(self.steps)} — {step.title}")
        body = Vertical(classes="colonne")  # one centred column of readable width (screens/ecrans.tcss)
        await page.mount(body)
        # the hint costs two rows: on a small screen the key bar's « v Avant/après » and F1 say it
        if (
            self.index == 0
            and not self.moment
            and self.app.size.height >= 30
            and self._paired_steps()
            and not self._asked("avant")
        ):
            await body.mount(
                Static(
                    f"v : questionnaire d'ouverture avant/après "
                    f"({plural(len(self._paired_steps()), 'question', 'questions')}, "
                    "posées au début puis à la fin)",
                    id="indice-avant-apres",
                    classes="telephones",
                    markup=False,
                )
            )
        if self.moment and self.index == 0:  # the answer sheets were handed out instead
            await body.mount(
                Static(
                    "f : fait sur papier (fiches-réponses « AVANT » distribuées) — "
                    "ces questions ne reviendront pas dans l'atelier"
                    if self.moment == "avant"
                    else "f : fait sur papier (fiches-réponses « APRÈS » distribuées)",
                    id="indice-papier",
                    classes="telephones",
                    markup=False,
                )
            )
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
            self.zones_shown = 0  # before the sort, the gauge stays empty; after it, « r » fills it
            if not step.final:
                await body.mount(
                    Static(
                        "Le jeu « Dans quelle zone ? » range chaque comportement : les réponses viennent après.",
                        classes="avertissement",
                        markup=False,
                    )
                )
            await body.mount(Static(echelle_text(a, revealed=0), id="echelle"))
        else:
            prompt, options, right, _ = step_choices(step)
            # a retrospective item is a self-assessment (issue 17): no hands, nothing shown live
            retro = bool(getattr(a, "retrospectif", False))
            sensitive = getattr(a, "sensible", False) or retro
            await page.mount(Headline(prompt, classes="question"), before=body)  # the whole width
            seance = self.app.store.get(self.seance_id)
            vote = VoteCounter(
                options,
                right,
                {} if sensitive else self._counts(self._stored(seance)),
                counting=not sensitive,
                phones={} if sensitive else self._phone_counts(),
                most=seance.participants,
                single=not getattr(a, "plusieurs", False),
            )
            vote.cards = {} if sensitive or self.cards is None else self.cards.committed()  # the same bound
            await body.mount(vote)
            if not sensitive:  # the key number, big; hidden below 30 rows (screens/ecrans.tcss)
                await body.mount(
                    Horizontal(Digits("0", id="nombre"), Static("", id="chiffres-legende", markup=False), id="chiffres")
                )
                self._show_numbers()
            if sensitive:
                what = "Question rétrospective (auto-évaluation)" if retro else "Activité sensible"
                said = (
                    f"{what} : pas de mains levées ; les réponses des téléphones sont "
                    "comptées pour le bilan, jamais affichées."
                    if self.room is not None
                    else f"{what} : pas de mains levées ; les réponses des cartes sont comptées "
                    "pour le bilan, jamais affichées."
                    if self.cards is not None
                    else f"{what} : pas de mains levées ; pour la compter, les téléphones (o), les cartes "
                    "(c) ou les fiches-réponses « après »."
                    if retro
                    else "Activité sensible : on en discute, rien n'est compté."
                )
                await body.mount(Static(said, classes="avertissement", markup=False))
            await body.mount(Static("", id="explication", classes="explication", markup=False))
            vote.focus()
        if self.room is not None:
            await body.mount(Static(self._phone_line(), id="telephones", classes="telephones", markup=False))
        if self.cards is not None:
            from harcelement_kit.tui.widgets.cards_panel import CardsPanel

            await body.mount(CardsPanel(self.cards.line()))
        page.scroll_home(animate=False)
        self.refresh_bindings()  # a timer left with its step: « + » leaves the keys
        if self.moment == "apres" and self.index == self.revealed_at and self.query(VoteCounter):
            self.action_reveal()  # resumed at the end of the closing questionnaire: as it was left

    def on_vote_counter_count_changed(self, event: VoteCounter.CountChanged) -> None:
        key = (self.seance_id, self.module.id, self.step.activity.id, self.step.item or 0, event.option)
        phones = self._machine_counts().get(event.option, 0)
        moment = self._step_moment()
        # now, or kept in memory while the store is busy (tally/pending.py): the keys never wait
        if event.count is None and not phones:
            self.app.writes.submit(Store.clear_count, *key, moment=moment)
        else:
            self.app.writes.submit(
                Store.set_count,
                *key,
                (event.count or 0) + phones,
                moment=moment,
                multiple=bool(getattr(self.step.activity, "plusieurs", False)),
                label=f"question {key[3] + 1} de {key[2]}",
            )
        self._show_numbers()

    # -- before / after (issue 17) ---------------------------------------------------------

    def _paired_steps(self) -> list:
        return [s for s in self.module_steps if getattr(s.activity, "avant_apres", False)]

    def _asked(self, moment: str) -> bool:
        """Whether the paired items were counted at `moment`, in this séance or, for `avant`,
        an earlier séance of its cycle (before in the first séance, after in the last)."""
        if (self.seance_id, self.module.id, moment) in _paper_done(self.app):
            return True
        from harcelement_kit.content.model import paired
        from harcelement_kit.tally.meeting import moment_asked

        ids = {a.id for a in paired(self.module)}
        return moment_asked(self.app.store, self.seance_id, self.module.id, ids, moment)

    async def _ask(self, moment: str) -> None:
        self._close_phone_question()
        self.moment, self.resume_at = moment, self.index if not self.moment else self.resume_at
        self.steps, self.index = self._paired_steps(), 0
        if self.room is not None:
            self.room.new_moment(moment)
        if self.cards is not None and self.cards.room is not None:
            self.cards.room.new_moment(moment)
        await self.show()

    def _skipped(self, index: int) -> bool:
        """A paired item is asked twice, not three times: once « avant » was counted (in this
        séance or an earlier one of its cycle), it is left out of the workshop and comes back
        in the closing questionnaire, where its answer is revealed. Asked again at its usual
        place and corrected there, the « après » would measure a correction seen minutes before."""
        step = self.module_steps[index]
        return (
            not self.moment
            and getattr(step.activity, "avant_apres", False)
            and len(self._paired_steps()) < len(self.module_steps)
            and self._asked("avant")
        )

    def _next_shown(self, index: int, step: int) -> int | None:
        """The first step from `index` on (going by `step`) that is not left out; None if none."""
        while 0 <= index < len(self.module_steps):
            if not self._skipped(index):
                return index
            index += step
        return None

    async def _back_to_module(self, index: int) -> None:
        self._close_phone_question()
        self.moment, self.steps = "", self.module_steps
        index = min(index, len(self.steps) - 1)
        self.index = self._next_shown(index, 1)
        if self.index is None:
            self.index = self._next_shown(index, -1) or 0
        if self.room is not None:
            self.room.new_moment("")
        if self.cards is not None and self.cards.room is not None:
            self.cards.room.new_moment("")
        await self.show()

    async def action_paper_done(self) -> None:
        """« f » in a questionnaire: it was done on paper (the « AVANT » or « APRÈS » answer
        sheets). Their counts reach the store only with `lire`, after the séance: until then,
        the kit remembers that the moment was asked, so the paired items stay out of the
        workshop as if they had been counted here."""
        if not self.moment:
            self.say("« f » (fait sur papier) : dans un questionnaire avant/après, ouvert par « v ».")
            return
        from harcelement_kit.tally.meeting import mark_done_on_paper

        moment = self.moment
        _paper_done(self.app).add((self.seance_id, self.module.id, moment))  # at once, the store may be busy
        self.app.writes.submit(mark_done_on_paper, self.seance_id, self.module.id, moment, label="fait sur papier")
        if moment == "avant":
            await self._back_to_module(self.resume_at)
            self.say(
                "Questionnaire d'ouverture fait sur papier : ses questions ne reviendront pas "
                "dans l'atelier. Après la séance, « harcelement-kit lire » compte les fiches."
            )
        else:
            await self._back_to_module(len(self.module_steps) - 1)
            self.say(
                "Questionnaire de fin fait sur papier. Après la séance, « harcelement-kit lire » "
                "compte les fiches « AVANT » et « APRÈS »."
            )

    async def action_before_after(self) -> None:
        """« v »: the paired items alone — before (nothing counted before yet) or after;
        « v » again during the questionnaire goes back to the module."""
        if self.moment:
            await self._back_to_module(self.resume_at)
            return
        if not self._paired_steps():
            self.say("Ce module n'a pas de question posée avant et après l'atelier.")
            return
        moment = "apres" if self._asked("avant") else "avant"
        await self._ask(moment)
        self.say(
            "Questionnaire d'ouverture : réponses comptées « avant »."
            if moment == "avant"
            else "Questionnaire de fin : réponses comptées « après »."
        )

    async def action_next(self) -> None:
        self._close_phone_question()
        after = self.index + 1 if self.moment else self._next_shown(self.index + 1, 1)
        if after is not None and after < len(self.steps):
            self.index = after
            await self.show()
        elif self.moment == "avant":  # the opening is over: the workshop itself
            await self._back_to_module(self.resume_at)
        elif self.moment == "apres":  # the end: results; Échap comes back here, the answer shown
            self._closing_done()
            self.action_results()
        elif self._paired_steps() and self._asked("avant") and not self._asked("apres"):
            await self._ask("apres")  # the end of the workshop: the same items again
            self.say("Questionnaire de fin : les questions du début, réponses comptées « après ».")
        else:
            self.action_results()

    def _closing_done(self) -> None:
        """The closing questionnaire answered to its end: saved as the step past the module's last
        (a resume, even after a restart, lands on its last question, answered and revealed;
        it landed on the module's last question, its answer hidden again)."""
        from harcelement_kit.tally.meeting import save_step

        self.app.writes.submit(save_step, self.seance_id, self.module.id, "classe", len(self.module_steps) + self.index)

    async def action_previous(self) -> None:
        self._close_phone_question()
        if self.index == 0 and self.moment == "apres":  # back from the closing questionnaire
            await self._back_to_module(len(self.module_steps) - 1)
        elif self.index > 0:
            before = self.index - 1 if self.moment else self._next_shown(self.index - 1, -1)
            if before is not None:
                self.index = before
                await self.show()

    def action_reveal(self) -> None:
        a = self.step.activity
        if self.moment == "avant" and self.query(VoteCounter):
            # the answer waits for the end: revealed now, the « après » would measure the correction
            self.say("Questionnaire d'ouverture : la réponse sera donnée dans le questionnaire de fin.")
            return
        if a.kind == "texte_a_trous":
            self.query_one(ClozeBoard).reveal_next()
        elif a.kind == "reflexion":
            self.query_one("#explication", Static).update(
                f"À retenir : {a.a_retenir}" if a.a_retenir else "À vous de discuter : rien n'est enregistré."
            )
        elif a.kind == "echelle" and self.step.final:
            self.zones_shown = min(self.zones_shown + 1, len(a.zones))
            self._show_zones(a)
        elif self.query(VoteCounter):
            if self.query_one(VoteCounter).counting:
                # « r » makes the answers final: the phones' and the cards' question still open
                # closes first (recorded), so the chart, the phones and the store add up the same
                self._close_phone_question()
                self.call_later(self._stop_timer)
            if self.cards is not None:
                self.cards.reveal()
                self._show_cards_state()
            for hint in self.query("#indice-avant-apres"):  # the chart takes its place on the wall
                hint.remove()
            vote = self.query_one(VoteCounter)
            vote.show_answers(self._phone_counts(), self.cards.committed() if self.cards else {})
            vote.reveal()
            self._show_numbers()
            self._reveal_to_phones(vote)
            prompt, options, right, explanation = step_choices(self.step)
            answer = " / ".join(options[i] for i in right)
            self.query_one("#explication", Static).update(
                f"Réponse : {answer}" + (f"\n{explanation}" if explanation else "")
            )

    def _reveal_to_phones(self, vote: VoteCounter) -> None:
        """The phones learn the answer now, with the projector's totals (not before: closing
        a question only stops the answers)."""
        index = self._phone_question()
        if self.room is None or index is None or not vote.counting:
            return
        from harcelement_kit.tui.widgets.reveal_chart import answer_sources

        cards = getattr(vote, "cards", {})
        totals = [vote.counts.get(i, 0) + vote.phones.get(i, 0) + cards.get(i, 0) for i in range(len(vote.options))]
        participants = vote.most if vote.most < 9999 else 0
        self.room.session.reveal(index, totals, answer_sources(vote.counts, vote.phones, cards), participants)
        self._show_phone_state()

    def _show_cards_state(self) -> None:
        if self.cards is not None and self.query("#cartes"):
            self.query_one("#cartes", Static).update(self.cards.line())
            self._show_numbers()  # the cards held up count in the big number

    async def action_cards(self) -> None:
        from harcelement_kit.tui.widgets.cards_panel import press_c

        await press_c(self)

    def action_reveal_all(self) -> None:
        if self.step.activity.kind == "texte_a_trous":
            self.query_one(ClozeBoard).reveal_all()
        elif self.step.activity.kind == "echelle" and self.step.final:
            self.zones_shown = len(self.step.activity.zones)
            self._show_zones(self.step.activity)

    def _show_zones(self, scale) -> None:
        """Fill the gauge up to the zone just revealed, and bring that zone into view."""
        gauge = self.query_one("#echelle", Static)
        text = echelle_text(scale, revealed=self.zones_shown)
        gauge.update(text)
        line = zone_line(text, scale.zones[self.zones_shown - 1], gauge.content_region.width or 80)
        self.query_one("#corps").scroll_to(y=gauge.virtual_region.y + line, animate=False)

    def action_results(self) -> None:
        self._close_phone_question()  # its answers belong in the results
        if self.after_writes(self.action_results):  # the results read the store: once all is in
            return

        self.app.show("resultats", self.module, self.seance_id)


def _paper_done(app) -> set:
    """(séance, module, moment) of the questionnaires done on paper since the kit started, for
    the moment the store is busy: kept in the store too (tally/meeting.mark_done_on_paper), so
    a restart keeps them until `lire` counts the sheets."""
    done = getattr(app, "paper_moments", None)
    if done is None:
        done = app.paper_moments = set()
    return done
