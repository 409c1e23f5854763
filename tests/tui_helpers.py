"""Running the app headless and reading its screen as text."""

from __future__ import annotations

import datetime
from pathlib import Path

from textual.widgets import OptionList, Static

from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.tally.store import Store
from harcelement_kit.tui import make_app
from harcelement_kit.tui.widgets.headline import Headline
from harcelement_kit.tui.widgets.vote import VoteCounter

TODAY = datetime.date(2026, 3, 16)
TEST_CONTENT = Path(__file__).parent / "data" / "contenu-test"


# The first three bundled modules, in the Accueil's order: tests choose them by their
# place in the list, which the later modules would shift.
FIRST_MODULES = ("cyberharcelement", "harcelometre", "qcm")


def build_app(
    data_dir: Path,
    extra_content: bool | Path = False,
    read_only_ok: bool = False,
    modules=FIRST_MODULES,
    facile: bool = False,
):
    """The app on bundled modules (`modules`, or None for all of them), plus the test
    folder (True) or another folder; `facile`: as `animer --facile` starts it."""
    extra = TEST_CONTENT if extra_content is True else extra_content
    bundled = bundled_content_dir()
    if modules is None:
        paths = [bundled]
    else:
        shared = [bundled / name for name in ("ressources.yaml", "structures.yaml") if (bundled / name).exists()]
        paths = shared + [bundled / f"{m}.yaml" for m in modules]
    library = load_library(paths + ([extra] if extra else []), today=TODAY)
    if facile:
        from harcelement_kit.content.facile import easy_library

        library = easy_library(library)
    return make_app(library, Store(data_dir, read_only_ok=read_only_ok), data_dir, today=TODAY)


def stored_seance(data_dir: Path):
    """The latest séance, read back from the store (after the app has quit)."""
    with Store(data_dir) as store:
        return store.get(store.seances()[0].id)


def stored_counts(data_dir: Path) -> dict:
    """The counts of the latest séance, read back from the store (after the app has quit)."""
    return stored_seance(data_dir).counts


def screen_text(app) -> str:
    """The text of every static, count and choice list on the current screen, in order."""
    parts = []
    for widget in app.screen.query("*"):
        if not all(node.display for node in widget.ancestors_with_self):
            continue  # hidden for this screen size (display: none): not on screen
        if isinstance(widget, Headline):  # the question, whether in block letters or not
            parts.append(widget.text)
        elif isinstance(widget, (Static, VoteCounter)):
            parts.append(str(widget.render()))
        elif isinstance(widget, OptionList):
            parts.extend(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))
    return "\n".join(parts)


def toasts(app) -> list[str]:
    """The notifications shown on screen, as read (run_test(notifications=True))."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def new_seance(pilot, module_index: int | str, mode: str, participants: str = "24") -> None:
    """From Accueil: choose a module (its place in the list, or its id), open the form,
    fill it and start."""
    if isinstance(module_index, str):
        listed = pilot.app.screen.query_one("#modules", OptionList)
        module_index = next(i for i in range(listed.option_count) if listed.get_option_at_index(i).id == module_index)
    for _ in range(module_index):
        await pilot.press("down")
    await pilot.press("a" if mode == "classe" else "p")
    await pilot.pause()
    app = pilot.app
    from harcelement_kit.tui.screens.confirm import ChoiceScreen

    if isinstance(app.screen, ChoiceScreen):  # a séance of the day is open: start another one
        await pilot.press("n")
        await pilot.pause()
    if not app.screen.query_one("#structure").value:
        await pilot.press(*"afev")
    app.screen.query_one("#participants").focus()
    await pilot.press(*participants, "ctrl+s")
    await pilot.pause()


async def verlaine_seance(pilot, module_index: int, mode: str = "classe", participants: str = "26") -> None:
    """From Accueil: a new séance (Afev, Collège Verlaine) for the module at `module_index`."""
    for _ in range(module_index):
        await pilot.press("down")
    await pilot.press("a" if mode == "classe" else "p")
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#structure").value = "Afev"
    screen.query_one("#etablissement").value = "Collège Verlaine"
    screen.query_one("#participants").focus()
    await pilot.press(*participants, "ctrl+s")
    await pilot.pause()


async def leave_confirmed(pilot) -> None:
    """Échap, confirmed: back on Accueil, the séance kept open."""
    from harcelement_kit.tui.screens.accueil import AccueilScreen
    from harcelement_kit.tui.screens.confirm import ConfirmScreen

    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AccueilScreen)
