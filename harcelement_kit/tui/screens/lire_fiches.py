"""Lire des fiches: answer sheets scanned or photographed, read into the séance.
The animateur gives a path, sees the progress, then decides the doubtful answers
one by one, each shown as its question's line drawn in half blocks. Nothing of a
sheet outlives the commit."""

from __future__ import annotations

import shlex
from pathlib import Path

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["LireFichesScreen", "half_block_text"]

NO_ANSWER = "sans-reponse"


def half_block_text(gray, width: int) -> Text:
    """An image as rich text: ▀ with the upper pixel as colour, the lower as background."""
    from harcelement_kit.reading.sheets_view import half_block_cells

    text = Text()
    for row in half_block_cells(gray, width):
        for top, bottom in row:
            text.append("▀", Style(color=Color.from_rgb(top, top, top), bgcolor=Color.from_rgb(bottom, bottom, bottom)))
        text.append("\n")
    return text


class LireFichesScreen(Screen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape", "leave", "Retour")]

    def __init__(self, seance_id: str):
        super().__init__()
        self.seance_id = seance_id
        self.batch = None
        self.pending: list = []  # the doubts still to decide, in order
        self.total_doubts = 0

    def compose(self) -> ComposeResult:
        seance = self.app.store.get(self.seance_id)
        yield Static(
            f"Lire des fiches-réponses — séance du {seance.date:%d/%m/%Y}, {seance.participants} participants",
            classes="titre",
            markup=False,
        )
        with VerticalScroll(classes="corps"):
            yield Static(
                "Le fichier PDF du photocopieur, une photo (PNG, JPEG) ou un dossier ; "
                "plusieurs : séparés par des espaces (entre guillemets si le nom a des "
                "espaces). Puis Entrée.",
                markup=False,
                id="consigne",
            )
            yield Input(placeholder="ex. /media/cle/scan.pdf", id="chemin")
            yield ProgressBar(id="progression", show_eta=False)
            yield Static("", id="etat", markup=False)
            yield Static("", id="doute", markup=False)
            yield OptionList(id="choix")
        yield Helplines(self.app.resources_for())
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progression").display = False
        self.query_one("#choix").display = False
        self.query_one("#chemin").focus()

    # -- reading ---------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            paths = [Path(p).expanduser() for p in shlex.split(event.value)]
        except ValueError:
            paths = []
        if not paths:
            self._status("Donnez le chemin d'un fichier ou d'un dossier.")
            return
        from harcelement_kit.reading.sheets import SheetReader
        from harcelement_kit.reading.sheets_batch import read_batch

        store, today = self.app.store, self.app.today
        store.forget_read_images(before_day=today.isoformat())
        known = store.read_image_hashes(self.seance_id)  # the store stays in this thread
        modules = set(store.get(self.seance_id).modules) or None
        reader = SheetReader(self.app.library.modules, modules)
        chemin = self.query_one("#chemin", Input)
        chemin.disabled = True
        bar = self.query_one("#progression", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status("Lecture en cours…")

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        self.run_worker(
            lambda: read_batch(paths, reader, known, progress=progress), thread=True, exclusive=True, name="lecture"
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "lecture":
            return
        if event.state == WorkerState.ERROR:
            self._status(f"Lecture impossible : {event.worker.error}")
            self.query_one("#chemin", Input).disabled = False
        elif event.state == WorkerState.SUCCESS:
            self.batch = event.worker.result
            self.pending = list(self.batch.doubts)
            self.total_doubts = len(self.pending)
            self._next_doubt()

    # -- doubts ----------------------------------------------------------------------

    def _next_doubt(self) -> None:
        choix = self.query_one("#choix", OptionList)
        if not self.pending:
            choix.display = False
            self.query_one("#doute", Static).update("")
            self._commit()
            return
        doubt = self.pending[0]
        q = doubt.question
        number = self.total_doubts - len(self.pending) + 1
        self._status(
            f"{len(self.batch.sheets)} fiche(s) lue(s). Réponse douteuse {number} sur "
            f"{self.total_doubts} : choisissez ce qui compte (Échap : les suivantes "
            "comptent « sans réponse »)."
        )
        h, w = doubt.crop.shape if doubt.crop.size else (1, 1)
        width = max(20, min(self.size.width - 6, 90, int(12 * 2 * w / h)))  # about 12 lines high
        text = Text(doubt.line + "\n\n", style="bold")
        text.append_text(half_block_text(doubt.crop, width))
        if doubt.suggested is not None:
            text.append(f"\nSans doute : {q.boxes[doubt.suggested].letter} (à vous de voir)\n")
        self.query_one("#doute", Static).update(text)
        choix.clear_options()
        choix.add_options(
            [Option(f"{b.letter} — {q.options[b.option]}", id=str(b.option)) for b in q.boxes]
            + [Option("Sans réponse", id=NO_ANSWER)]
        )
        choix.highlighted = doubt.suggested if doubt.suggested is not None else len(q.boxes)
        choix.display = True
        choix.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.pending:
            return
        doubt = self.pending.pop(0)
        chosen = event.option.id
        doubt.decision = () if chosen == NO_ANSWER else (int(chosen),)
        self._next_doubt()

    def _commit(self) -> None:
        from harcelement_kit.reading.sheets_batch import commit_batch, too_many_sheets

        batch, self.batch, self.pending = self.batch, None, []
        if batch is None:
            return
        added = commit_batch(self.app.store, self.seance_id, batch, self.app.today)
        warning = too_many_sheets(batch, self.app.store.get(self.seance_id).participants)
        lines = (
            batch.summary()
            + ([warning] if warning else [])
            + [
                f"{added} réponse(s) ajoutée(s) à la séance. Aucune image n'est gardée.",
                "Un autre fichier ? Donnez son chemin.",
            ]
        )
        self._status("\n".join(lines))
        self.query_one("#progression").display = False
        chemin = self.query_one("#chemin", Input)
        chemin.disabled = False
        chemin.value = ""
        chemin.focus()

    def _status(self, text: str) -> None:
        self.query_one("#etat", Static).update(text)

    def action_leave(self) -> None:
        if self.batch is not None:  # read but not committed: the undecided count as no answer
            self._commit()
        self.app.pop_screen()
