"""The answer page in a real browser (Debian's headless Chromium, driven by
Playwright): three pupils join `direct qcm` by its link and code, answer two
questions, and the counts are in the store and the bilan."""

from __future__ import annotations

import os
import shutil

import pytest

from harcelement_kit.tally.store import Store
from kit_process import run_kit
from live_helpers import Direct, add_seance

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def chromium():
    """Debian's chromium, already installed: .ci/run installs it on CI machines,
    the test command never does. Missing, the test is skipped on a developer's
    machine and fails in CI (where the browser test must run)."""
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("chromium absent en CI : .ci/run doit installer le paquet Debian chromium")
        pytest.skip(
            "chromium absent de cette machine (paquet Debian « chromium ») : le test du navigateur n'est pas lancé"
        )
    return CHROMIUM


def test_three_browser_tabs_answer_two_questions_and_the_bilan_counts_them(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    data = tmp_path / "donnees"
    add_seance(data)
    with Direct(data, "qcm") as direct:
        url, pin = direct.join_details()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            tabs = [browser.new_context(viewport={"width": 360, "height": 640}).new_page() for _ in range(3)]
            for tab in tabs:
                tab.goto(url)
                assert "anonymes" in tab.inner_text("main")
                tab.fill("#code", pin)
                tab.click("text=Rejoindre")
                tab.wait_for_selector("text=Attends la première question")
            plan = [
                (
                    "Elle subit peut-être du harcèlement sans oser en parler",
                    ["Elle subit peut-être", "Elle subit peut-être", "Elle boude"],
                ),
                ("Signaler le comportement", ["Signaler le comportement", "L'ignorer", "Signaler le comportement"]),
            ]
            for number, (right, picks) in enumerate(plan, start=1):
                direct.press()  # open the next question
                direct.wait_for(rf"Question {number}/13 ouverte")
                for tab, pick in zip(tabs, picks):
                    # page.js reloads the page by itself when the question opens
                    tab.wait_for_selector("button[name=option]", timeout=10_000)
                    tab.click(f'button[name=option]:has-text("{pick}")')
                    tab.wait_for_selector("text=Réponse enregistrée")
                direct.press()  # close it
                direct.wait_for(rf"Question {number} fermée : 3 réponses")
                tabs[0].wait_for_selector(
                    "text=Réponses de la classe : 3 réponses (téléphones seulement)", timeout=10_000
                )
                assert "✔ " + right in tabs[0].inner_text("main")
            assert tabs[1].evaluate("document.querySelectorAll('script:not([src])').length") == 0
            direct.press("q")
            direct.wait_for("Séance terminée")
            assert direct.process.wait(timeout=20) == 0
            # the laptop is gone: every tab shows the end of the séance with the helplines
            for tab in tabs:
                tab.wait_for_selector("text=La séance est terminée, merci !", timeout=15_000)
                assert "3018" in tab.inner_text("body") and "Attends" not in tab.inner_text("main")
            browser.close()
    with Store(data) as store:
        (seance,) = store.seances()
        assert seance.counts == {
            ("qcm", "victime-silencieuse", 0, 1): 2,
            ("qcm", "victime-silencieuse", 0, 2): 1,
            ("qcm", "temoin-en-ligne", 0, 1): 2,
            ("qcm", "temoin-en-ligne", 0, 0): 1,
        }
    bilan = run_kit("--donnees", str(data), "bilan", check=True).stdout
    bilan = bilan.replace("\u00a0", " ")
    assert "Qu'est-ce que ça peut vouloir dire ? : 67 % de bonnes réponses (n = 3)" in bilan
    assert "réseaux sociaux ? : 67 % de bonnes réponses (n = 3)" in bilan
