"""A class answers two questions with cards, filmed: a generated video (MJPG .avi) of
30 cards held up, then turned to the second question's letters. Run through
`direct MODULE --cartes --camera FICHIER`, the counts per question are read back
from the store; a sensitive question never prints its totals."""

from __future__ import annotations

import collections
import re
import subprocess

import numpy as np
import pytest

from harcelement_kit.tally.store import Store

from cards_helpers import classroom_video
from kit_process import popen_kit, run_kit, seance_argv
from live_helpers import Direct

RNG = np.random.default_rng(13)
FIRST = [int(x) for x in RNG.integers(0, 3, 30)]  # A, B or C: the questions have 3 choices
SECOND = [int(x) for x in RNG.integers(0, 3, 30)]


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "classe.avi"
    classroom_video(path, seed=4, first=FIRST, second=SECOND)
    return path


def expected(letters: list[int], module: str, activity: str, item: int = 0) -> dict:
    return {(module, activity, item, option): n for option, n in collections.Counter(letters).items()}


class CardsDirect(Direct):
    """`harcelement-kit direct MODULE --cartes --camera FICHIER` in a subprocess."""

    def __init__(self, data_dir, module: str, video, content=None):
        env = {"HARCELEMENT_KIT_DONNEES": str(data_dir), "PYTHONUNBUFFERED": "1"}
        if content:
            env["HARCELEMENT_KIT_CONTENU"] = str(content)
        self.process = popen_kit(
            "direct",
            module,
            "--cartes",
            "--camera",
            str(video),
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        import queue
        import threading

        self.lines = queue.Queue()
        self.printed: list[str] = []
        self.seen: list[str] = []  # Direct.wait_for keeps every line it read here
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.printed.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))


def sensitive_scale(folder) -> str:
    """The bundled harcèlomètre as a module whose sorting game is marked `sensible` (the
    bundled one's is a knowledge question; only its passation is sensitive)."""
    from harcelement_kit.paths import bundled_content_dir

    text = (bundled_content_dir() / "harcelometre.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^id: harcelometre$", "id: echelle-sensible", text, count=1, flags=re.M)
    text = re.sub(r"^titre: .*$", "titre: Échelle sensible", text, count=1, flags=re.M)
    text = text.replace("    type: echelle\n", "    type: echelle\n    sensible: true\n", 1)
    folder.mkdir(exist_ok=True)
    (folder / "echelle-sensible.yaml").write_text(text, encoding="utf-8")
    return "echelle-sensible"


def add_class_of_30(data_dir) -> None:
    run_kit("--donnees", str(data_dir), *seance_argv(participants=30), check=True)


def run_two_questions(direct: CardsDirect) -> None:
    direct.wait_for("Cartes-réponses : .* la vidéo est ouverte · cartes 1 à 30")
    direct.press()  # question 1 opens while the cards are held up
    direct.wait_for(r"Question 1/\d+ ouverte aux cartes")
    direct.wait_for("Cartes vues : 30/30 · toutes vues")
    direct.press()  # closed before the pupils turn their cards
    direct.wait_for("Question 1 fermée : 30 réponses enregistrées")
    direct.press()
    direct.wait_for(r"Question 2/\d+ ouverte aux cartes")
    direct.wait_for("Fin de la vidéo", timeout=60)  # the cards have turned: their last reading wins
    direct.press("r")
    direct.press()
    direct.wait_for("Question 2 fermée : 30 réponses enregistrées")
    direct.press("q")
    direct.wait_for("Séance terminée")
    assert direct.process.wait(timeout=20) == 0


def test_direct_cards_counts_each_question(tmp_path, video):
    add_class_of_30(tmp_path)
    with CardsDirect(tmp_path, "qcm", video) as direct:
        run_two_questions(direct)
    with Store(tmp_path) as store:
        (seance,) = store.seances()
        counts = store.get(seance.id).counts
    assert counts == {**expected(FIRST, "qcm", "victime-silencieuse"), **expected(SECOND, "qcm", "temoin-en-ligne")}
    out = "\n".join(direct.printed)
    a, b, c = (collections.Counter(SECOND)[i] for i in range(3))
    assert f"A. L'ignorer, ce n'est pas ton problème : {a}" in out  # revealed with « r »
    assert f"✔ B. Signaler le comportement à la plateforme et soutenir la victime : {b}" in out
    assert "pas encore vues : " in out  # the numbers not read yet, while the cards go up


def test_direct_cards_never_shows_a_sensitive_question_s_totals(tmp_path, video):
    add_class_of_30(tmp_path)
    module = sensitive_scale(tmp_path / "contenu")
    with CardsDirect(tmp_path, module, video, content=tmp_path / "contenu") as direct:
        run_two_questions(direct)
    with Store(tmp_path) as store:
        (seance,) = store.seances()
        stored = store.get(seance.id)
    assert stored.counts == {
        **expected(FIRST, module, "harcelometre"),
        **{(module, "harcelometre", 1, o): n for o, n in collections.Counter(SECOND).items()},
    }
    assert (module, "harcelometre") in stored.sensitive
    out = "\n".join(direct.printed)
    assert "les réponses sont comptées pour le bilan, jamais affichées" in out
    assert not any(
        line.strip().startswith(("A. ", "B. ", "C. ", "✔ A.", "✔ B.", "✔ C.")) and line.rstrip()[-1].isdigit()
        for line in direct.printed
    )


# -- the same video through Animer (Textual pilot) ---------------------------------


async def wait_for_text(pilot, text: str, timeout: float = 30) -> str:
    import time

    from tui_helpers import screen_text

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.2)
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
    raise AssertionError(f"« {text} » not shown; screen:\n{screen_text(pilot.app)}")


async def wait_for_video_end(pilot) -> None:
    import time

    deadline = time.monotonic() + 60
    while pilot.app.screen.cards.camera.ended is False and time.monotonic() < deadline:
        await pilot.pause(0.2)
    assert pilot.app.screen.cards.camera.ended


async def test_animer_cards_count_each_question_and_show_totals_only_after_r(tmp_path, video):
    from tui_helpers import build_app, new_seance, screen_text, stored_counts

    app = build_app(tmp_path)
    app.card_source = str(video)
    async with app.run_test(size=(100, 40)) as pilot:
        await new_seance(pilot, 2, "classe", participants="30")  # qcm: the first question at once
        await pilot.press("c")
        text = await wait_for_text(pilot, "Cartes vues : 30/30 · toutes vues")
        assert "Question ouverte aux cartes (vidéo" in text
        assert "Lettre en haut de la carte : A = 1 · B = 2 · C = 3" in text  # the options are numbered
        assert "A. Elle est timide, ça ne regarde personne : " not in text  # no totals before « r »
        await pilot.press("r")  # the cards' answers are final: recorded, drawn in the chart
        first = collections.Counter(FIRST)
        text = await wait_for_text(pilot, "30 réponses sur 30 participants (0 main + 30 cartes)")
        assert "  1. Elle est timide, ça ne regarde personne\n" in text
        assert f"{first[0]} · {round(100 * first[0] / 30)} %" in text
        assert "Cartes : 30 réponses enregistrées" in text
        await pilot.press("n")  # leaving the step records it
        await wait_for_text(pilot, "c : ouvrir cette question aux cartes")
        await pilot.press("c")
        await wait_for_video_end(pilot)
        text = await wait_for_text(pilot, "Cartes vues : 30/30 · toutes vues")
        assert "L'ignorer, ce n'est pas ton problème : " not in text
        await pilot.press("c")  # « c » closes and records too
        await wait_for_text(pilot, "Cartes : 30 réponses enregistrées")
        await pilot.press("c")
        await wait_for_text(pilot, "Cartes : 30 réponses enregistrées")  # not counted twice
        assert "déjà ses réponses par cartes" in [n.message for n in app._notifications][-1]
        await pilot.press("p")
        await pilot.pause()
        assert "1. Elle est timide, ça ne regarde personne   [  mains]" in screen_text(app)  # cards are not hands
    assert stored_counts(tmp_path) == {
        **expected(FIRST, "qcm", "victime-silencieuse"),
        **expected(SECOND, "qcm", "temoin-en-ligne"),
    }


async def test_animer_cards_never_show_a_sensitive_question_s_totals(tmp_path, video):
    from tui_helpers import build_app, new_seance, screen_text, stored_counts

    module = sensitive_scale(tmp_path / "contenu")
    app = build_app(tmp_path, extra_content=tmp_path / "contenu")
    app.card_source = str(video)
    async with app.run_test(size=(100, 40)) as pilot:
        await new_seance(pilot, 3, "classe", participants="30")  # the sensitive scale: its gauge first
        assert "Échelle sensible" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("c")
        await wait_for_text(pilot, "Cartes vues : 30/30 · toutes vues")
        await pilot.press("r")
        await pilot.pause(0.6)
        text = await wait_for_text(pilot, "comptées pour le bilan, jamais affichées")
        assert "les réponses des cartes sont comptées pour le bilan" in text and "rien n'est compté" not in text
        panel = str(app.screen.query_one("#cartes").render())
        assert "Cartes vues : 30/30 · toutes vues\nQuestion sensible" in panel
        assert not re.search(r"^\s*[ABC]\. .* : \d+$", panel, re.MULTILINE)  # no total per option
        await pilot.press("n")  # recorded, still not shown
        await pilot.pause()
        assert "Ce comportement est sain : " not in screen_text(app)
    from harcelement_kit.content.order import item_order

    # the sort shows its behaviours in the printed cards' order: the first one shown is counted
    # under its own place in the file
    scale = app.library.modules[module].activites[0]
    counts = stored_counts(tmp_path)
    assert counts == expected(FIRST, module, "harcelometre", item_order(module, scale)[0])


async def test_animer_c_lists_the_cameras_and_says_when_one_does_not_open(tmp_path, monkeypatch):
    from textual.widgets import OptionList

    import harcelement_kit.reading.camera as camera
    from tui_helpers import build_app, new_seance, screen_text

    monkeypatch.setattr(
        camera, "camera_choices", lambda: [("Caméra 0 (/dev/video0)", 0), ("Caméra 97 (/dev/video97)", 97)]
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await new_seance(pilot, 2, "classe", participants="30")
        await pilot.press("c")
        await pilot.pause()
        assert "quelle caméra filme la classe ?" in screen_text(app)
        cameras = app.screen.query_one(OptionList)
        assert [str(cameras.get_option_at_index(i).prompt) for i in range(2)] == [
            "Caméra 0 (/dev/video0)",
            "Caméra 97 (/dev/video97)",
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1].startswith(
            "Impossible d'ouvrir la caméra : la caméra 97 ne s'ouvre pas"
        )
        assert app.screen.cards is None and "Cartes vues" not in screen_text(app)
        monkeypatch.setattr(camera, "camera_choices", lambda: [])
        await pilot.press("c")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1].startswith("Aucune caméra trouvée")
