"""Answer cards in Animer: « c » opens the camera (or the video given with
`animer --camera FICHIER`) and the current step's question to the cards; « c » again,
or leaving the step, closes it and records its totals. While it is open the panel
shows how many cards are seen and the numbers not seen yet; the totals per option
only after « r », never for a sensitive question, and never which card said what."""

from __future__ import annotations

from textual.widgets import Static

__all__ = ["CardsController", "CardsPanel", "press_c"]


class CardsPanel(Static):
    DEFAULT_CLASSES = "telephones"

    def __init__(self, text: str = "", **kwargs):
        super().__init__(text, id="cartes", markup=False, **kwargs)


class CardsController:
    """Owned by the Animer screen; the camera thread only feeds the room's tally."""

    def __init__(self, screen):
        self.screen = screen
        self.room = None  # CardRoom, once the camera is open
        self.camera = None  # CardCamera
        self.revealed = False

    # -- the step's question ------------------------------------------------------

    def _question(self) -> int | None:
        step = self.screen.step
        if self.room is None or step.item is None:
            return None
        return self.room.index_of(step.activity.id, step.item or 0)

    def committed(self) -> dict[int, int]:
        """This step's answers already recorded from cards (not hands: Animer keeps them apart)."""
        index = self._question()
        totals = self.room.totals.get(index, []) if index is not None else []
        return {option: n for option, n in enumerate(totals) if n}

    def seen_open(self) -> int:
        """Cards seen so far on this step's question while it is open to cards (a number only)."""
        index = self._question()
        if index is None or self.room.current != index:
            return 0
        state = self.room.state()
        return state.seen if state is not None else 0

    def line(self) -> str:
        from harcelement_kit.reading.cards_room import state_lines
        from harcelement_kit.tally.numbers import plural

        if self.camera is None:
            return ""
        index = self._question()
        source = "vidéo" if self.camera.is_file else "caméra"
        end = ""
        if self.camera.ended:
            end = f" · {self.camera.error}" if self.camera.error else " · fin de la vidéo"
        if index is None:
            return f"Cartes ({source}) : pas de question à choix sur cet écran{end}"
        if self.room.current == index:
            question = self.room.questions[index]
            letters = " · ".join(f"{letter} = {i + 1}" for i, letter in enumerate("ABCD"[: len(question.options)]))
            lines = [f"Lettre en haut de la carte : {letters}"]
            lines += state_lines(question, self.room.state(), self.revealed)
            if len(question.options) > 4:
                lines.append("Les cartes n'ont que A à D : les choix suivants ne peuvent pas être montrés.")
            return "\n".join(lines) + f"\nQuestion ouverte aux cartes ({source}{end}) · c : la fermer et enregistrer"
        if index in self.room.totals:
            answered = sum(self.room.totals[index])
            return f"Cartes : {plural(answered, 'réponse enregistrée', 'réponses enregistrées')}{end}"
        return f"Cartes ({source}{end}) · c : ouvrir cette question aux cartes"

    # -- keys ---------------------------------------------------------------------

    def start(self, source) -> str:
        """Open the camera (index) or video (path); an error message, or ""."""
        from harcelement_kit.reading.camera import CameraError, CardCamera
        from harcelement_kit.reading.cards_room import CardRoom

        screen = self.screen
        seance = screen.app.store.get(screen.seance_id)
        room = CardRoom(
            screen.app.store, screen.seance_id, screen.module, seance.participants, writes=screen.app.writes
        )
        try:
            self.camera = CardCamera(source, room.see, wanted=lambda: room.is_open).start()
        except CameraError as exc:
            return f"Impossible d'ouvrir la caméra : {exc}."
        self.room = room
        screen.app.cards = self
        return ""

    def toggle(self) -> str:
        """« c » once the camera is open: open or close this step's question; a message or ""."""
        index = self._question()
        if index is None:
            return "Sur cet écran, il n'y a pas de question à choix pour les cartes."
        if self.room.current == index:
            self.close()
        elif index in self.room.totals:  # the card numbers are forgotten: a second round would count twice
            return "Cette question a déjà ses réponses par cartes : elles sont enregistrées."
        else:
            self.room.open(index)
            self.revealed = False
        return ""

    def close(self) -> None:
        """Leaving the step, or « c »: the question's totals are recorded, card numbers forgotten."""
        if self.room is not None and self.room.is_open:
            self.room.close()
        self.revealed = False

    def reveal(self) -> None:
        self.revealed = True

    def stop(self) -> None:
        """Close the open question (recorded) and the camera."""
        self.close()
        if self.camera is not None:
            self.camera.stop()
            self.camera = None
        if getattr(self.screen.app, "cards", None) is self:
            self.screen.app.cards = None


async def press_c(screen) -> None:
    """« c » in Animer: the first time, open the camera (chosen in a list when there
    are several, or the video of `--camera`); then open or close this step's question."""
    if screen.cards is None:
        source = screen.app.card_source
        if source is None:
            from harcelement_kit.reading.camera import camera_choices
            from harcelement_kit.tui.screens.camera import CameraScreen

            choices = camera_choices()
            if not choices:
                screen.notify(
                    "Aucune caméra trouvée. Pour lire une vidéo : harcelement-kit animer --camera FICHIER.",
                    severity="warning",
                )
                return
            if len(choices) > 1:

                async def chosen(index: int | None) -> None:
                    if index is not None:
                        await _open(screen, index)

                screen.app.push_screen(CameraScreen(choices), callback=chosen)
                return
            source = choices[0][1]
        await _open(screen, source)
        return
    error = screen.cards.toggle()
    if error:
        screen.notify(error)
    await screen.show()


async def _open(screen, source) -> None:
    controller = CardsController(screen)
    error = controller.start(source)
    if error:
        screen.notify(error, severity="error")
        return
    screen.cards = controller
    screen.set_interval(0.5, screen._show_cards_state)
    error = controller.toggle()
    if error:
        screen.notify(error)
    await screen.show()
