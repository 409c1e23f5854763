"""The app: one instance holds the content library, the store and the séance in progress."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from harcelement_kit.tui.wrapping import install_french_wrapping

install_french_wrapping()  # every text on screen breaks by the French rules

__all__ = ["KitApp", "make_app", "HIGH_CONTRAST"]

# Black background, white text, yellow focus: readable on a washed-out projector.
HIGH_CONTRAST = Theme(
    name="harcelement-contraste",
    primary="#ffd600",
    secondary="#4fc3f7",
    accent="#ffd600",
    warning="#ffb300",
    error="#ff5252",
    success="#69f0ae",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
)


# The app owns the navigation: a screen asks for another by its name, so that no
# screen module imports a sibling (Accueil → Séance → Animer → Résultats → Accueil
# would otherwise import each other in a loop). Imported when first shown, so the
# start stays light (the phones' screen pulls in the server only when opened).
SCREENS = {
    "accueil": "accueil:AccueilScreen",
    "aide": "aide:AideScreen",
    "seance": "seance:SeanceScreen",
    "animer": "animer:AnimerScreen",
    "passation": "passation:PassationScreen",
    "resultats": "resultats:ResultatsScreen",
    "lire_fiches": "lire_fiches:LireFichesScreen",
    "bilan": "bilan:BilanScreen",
    "telephones": "telephones:TelephonesScreen",
    "confirmer": "confirm:ConfirmScreen",
    "choisir": "confirm:ChoiceScreen",
    "modifier": "modifier:ModifierScreen",
}


def screen_class(name: str):
    module, _, cls = SCREENS[name].partition(":")
    return getattr(importlib.import_module(f"harcelement_kit.tui.screens.{module}"), cls)


class KitApp(App):
    """The workshop in the terminal."""

    CSS_PATH = ["app.tcss"]
    TITLE = "harcelement-kit"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "aide", "Aide"),
        Binding("ctrl+q", "quit", "Quitter", priority=True, show=False),
    ]

    def __init__(self, library, store, data_dir: Path, today: datetime.date | None = None):
        super().__init__()
        self.library, self.store, self.data_dir = library, store, Path(data_dir)
        self.today = today or datetime.date.today()
        self.live_room = None  # the séance open to phones: one page, link and code across its modules
        self._ending_rooms: set = set()  # séances ended, their page still saying so for a few seconds
        # Every count the screens write goes through one queue: now if the store is free, else
        # kept in memory and committed from a thread, in order (tally/pending.py, issue 12).
        from harcelement_kit.tally.pending import PendingWrites

        self.writes = PendingWrites(store)
        self._quitting = False
        self.card_source = None  # `animer --camera FICHIER|N`: the answer cards' video or camera
        self.cards = None  # the answer cards' camera while open (Animer owns it)
        self.register_theme(HIGH_CONTRAST)
        # The theme as the starting value, before the CSS is first read: set as a change, its
        # watcher parses every stylesheet a second time once the app runs (~10 ms at start).
        # What that watcher does besides: the theme's variables and class (dark, as the
        # default theme was).
        self.set_reactive(KitApp.theme, HIGH_CONTRAST.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{HIGH_CONTRAST.name}", update=False)

    def get_css_variables(self) -> dict[str, str]:
        # App.__init__ asks once for the default theme's variables, before the kit's theme is
        # registered; __init__ below sets the kit's own: the first set is never used (~2 ms).
        if HIGH_CONTRAST.name not in self.available_themes:
            return {}
        return super().get_css_variables()

    def get_default_screen(self):
        """Accueil is the base screen (drawn once, no blank screen before it)."""
        from harcelement_kit.tui.screens.accueil import AccueilScreen

        return AccueilScreen()

    def new_screen(self, name: str, *args, **kwargs):
        """The screen called `name` (see SCREENS), built with these arguments."""
        return screen_class(name)(*args, **kwargs)

    def show(self, name: str, *args, **kwargs) -> None:
        """Open the screen `name` over the current one."""
        self.push_screen(self.new_screen(name, *args, **kwargs))

    def replace_with(self, name: str, *args, **kwargs) -> None:
        """Open the screen `name` in place of the current one."""
        self.switch_screen(self.new_screen(name, *args, **kwargs))

    def back_to_accueil(self) -> None:
        """Close every screen down to Accueil, the base screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def resources_for(self, module=None) -> list:
        """The module's active helplines, or the kit's usual ones."""
        return self.library.helplines(module)

    def action_aide(self) -> None:
        from harcelement_kit.tui.screens.aide import AideScreen

        if not isinstance(self.screen, AideScreen):
            self.push_screen(AideScreen())

    async def close_live_room(self, grace: float = 0.0) -> None:
        """End the séance on the phones: the open question is recorded, phones are forgotten;
        for `grace` seconds more the page still answers, so that every phone loads the end
        page with the helplines (page.js shows the same words if the laptop is gone)."""
        if self.live_room is not None:
            room, self.live_room = self.live_room, None
            room.session.end()
            if grace > 0:
                self._ending_rooms.add(room)
                self.set_timer(grace, lambda: self.run_worker(self._stop_room(room), exclusive=False))
            else:
                await room.stop()
        if grace <= 0:
            for room in list(self._ending_rooms):
                await self._stop_room(room)

    async def _stop_room(self, room) -> None:
        if room in self._ending_rooms:
            self._ending_rooms.discard(room)
            await room.stop()

    async def action_quit(self) -> None:
        await self.close_live_room()
        if self.writes.waiting:  # counts kept while the store is busy: quit once they are in
            if not self._quitting:
                self._quitting = True
                self.notify(
                    "Enregistrement en attente : le fichier de comptage est occupé. Le kit se "
                    "fermera dès que les comptages gardés en mémoire seront enregistrés.",
                    timeout=3600,
                )
                self.run_worker(self._quit_after_writes(), exclusive=False)
            return
        await super().action_quit()

    async def _quit_after_writes(self) -> None:
        import asyncio

        await asyncio.to_thread(self.writes.flush)
        self.exit()

    def on_unmount(self) -> None:
        if self.live_room is not None:
            self.live_room.session.end()  # records the question still open to phones
        if self.cards is not None:
            self.cards.stop()  # records the question still open to cards
        self.writes.flush()  # counts kept while the store was busy: committed now
        self.store.close()  # every count is already committed: closing loses nothing


def make_app(library, store, data_dir: Path, today: datetime.date | None = None) -> KitApp:
    """The one factory used by the command line and by the tests (which fix `today`)."""
    return KitApp(library, store, data_dir, today)
