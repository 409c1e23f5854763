"""`harcelement-kit direct` as an animateur runs it: Ctrl+C in the middle of an open
question ends the séance and keeps the answers already given."""

from __future__ import annotations

import http.cookiejar
import signal
import urllib.parse
import urllib.request

from harcelement_kit.tally.store import Store
from live_helpers import Direct, add_seance


def phone():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def post(opener, url: str, fields: dict) -> str:
    with opener.open(url, data=urllib.parse.urlencode(fields).encode(), timeout=10) as response:
        return response.read().decode()


def joined_phones(direct: Direct, count: int) -> tuple[str, list]:
    """`count` phones that typed the code `direct` shows; and the server's address."""
    url, pin = direct.join_details()
    phones = [phone() for _ in range(count)]
    for p in phones:
        assert "Attends la première question" in post(p, url, {"code": pin})
    return url.split("/j/")[0], phones


def test_ctrl_c_with_a_question_open_keeps_its_answers(tmp_path):
    data = tmp_path / "donnees"
    add_seance(data)
    with Direct(data, "cyberharcelement") as direct:
        base, phones = joined_phones(direct, 2)
        direct.press()  # the first blank of the fill-in text
        direct.wait_for(r"Question 1/\d+ ouverte")
        direct.wait_for(r"Quel mot va dans le trou 1 \?")
        for p in phones:
            assert "Réponse enregistrée" in post(p, base + "/r", {"question": "0", "option": "2"})
        direct.process.send_signal(signal.SIGINT)
        direct.wait_for("Question 1 fermée : 2 réponses enregistrées")
        direct.wait_for("Séance terminée")
        assert direct.process.wait(timeout=20) == 0
    with Store(data) as store:
        (seance,) = store.seances()
        assert seance.counts == {("cyberharcelement", "definition", 0, 2): 2}
        assert "cyberharcelement" in seance.modules  # the module joins the séance of the day


def test_direct_names_its_seance_as_the_ui_does(tmp_path):
    """Where, which structure, how many, which modules; the short id last."""
    data = tmp_path / "donnees"
    add_seance(data)
    with Direct(data, "qcm") as direct:
        line = direct.wait_for(r"^Séance du .*").group(0)
        direct.join_details()  # the room is open: Ctrl+C ends it and saves
        direct.process.send_signal(signal.SIGINT)
        assert direct.process.wait(timeout=20) == 0
    with Store(data) as store:
        (seance,) = store.seances()
    assert line == (
        f"Séance du {seance.date:%d/%m/%Y} : lycée · Afev · 3 participants · "
        f"Quiz : harcèlement et cyberharcèlement — n° {seance.id[:8]}"
    )


def test_the_help_line_breaks_between_its_keys_never_inside_a_word():
    """At 100 columns a terminal cut « Ctrl+C » in two: the help breaks at « · » or at a space."""
    from harcelement_kit.terminal import ConsoleInput, wrap_help, wrap_line

    keys = ConsoleInput(lambda key: None)
    for single, width in ((True, 100), (False, 100), (False, 80), (True, 60), (False, 40)):
        keys.single_keys = single
        whole = keys.help("f", "fermer ou rouvrir les inscriptions", width=None)
        text = keys.help("f", "fermer ou rouvrir les inscriptions", width=width)
        lines = text.split("\n")
        assert len(lines) > 1 and all(len(line) < width for line in lines), (width, lines)
        assert any("Ctrl+C" in line for line in lines)
        # the same words in the same order: only spaces became line breaks
        assert [w for w in text.split() if w != "·"] == [w for w in whole.split() if w != "·"]
    assert wrap_help(["a", "b"], None) == "a · b"
    # a French quotation never leaves « » alone at the start of a line
    text = wrap_line(
        "Questions « avant » seules (3 questions) : les réponses comptent pour "
        "« Évolution des connaissances » du bilan.",
        100,
    )
    lines = text.split("\n")
    assert len(lines) == 2 and not any(line.lstrip().startswith(("»", ":")) or line.endswith("«") for line in lines), (
        lines
    )
    assert " ".join(line.strip() for line in lines) == " ".join(text.split())
    line = (
        "Séance du 27/11/2026 : Collège Verlaine · Afev · 26 participants · Quiz : harcèlement et "
        "cyberharcèlement — n° 5b923084"
    )
    assert wrap_line(line, 100).split("\n") == [
        "Séance du 27/11/2026 : Collège Verlaine · Afev · 26 participants · Quiz : harcèlement et",
        "  cyberharcèlement — n° 5b923084",
    ]
    assert "\n" not in keys.help("f", "fermer", width=200)


def _one_question(direct: Direct, expected_count: int, option: str, closed: str = "") -> None:
    """Two phones join and answer the first question; then Ctrl+C ends and saves."""
    base, phones = joined_phones(direct, 2)
    direct.press()
    found = direct.wait_for(r"Question 1/(\d+) ouverte")
    assert int(found.group(1)) == expected_count
    for p in phones:
        assert "Réponse enregistrée" in post(p, base + "/r", {"question": "0", "option": option})
    direct.press()
    direct.wait_for("Question 1 fermée : 2 réponses enregistrées")
    if closed:
        direct.wait_for(closed)
    direct.process.send_signal(signal.SIGINT)
    direct.wait_for("Séance terminée")
    assert direct.process.wait(timeout=20) == 0


def test_direct_asks_the_before_after_items_at_their_moment_and_not_in_the_middle(tmp_path):
    """`direct qcm --moment avant`: the 3 paired items alone, counted « avant », the answer not
    revealed; then `direct qcm` leaves them out (asked « avant » already); `--moment apres`
    asks them again, counted « après »."""
    from harcelement_kit.content.loader import load_bundled_library
    from harcelement_kit.content.questions import live_questions
    from kit_process import run_kit

    qcm = load_bundled_library([]).modules["qcm"]
    everything = len(live_questions(qcm))
    data = tmp_path / "donnees"
    add_seance(data)
    with Direct(data, "qcm") as direct:  # nothing asked « avant » yet: it says how to
        direct.wait_for(r"Ce module a 3 questions avant/après : .*--moment avant")
        direct.join_details()
        direct.process.send_signal(signal.SIGINT)
        assert direct.process.wait(timeout=20) == 0
    with Direct(data, "qcm", "--moment", "avant") as direct:
        direct.wait_for("Questions « avant » seules \\(3 questions\\)")
        direct.wait_for("Séance ouverte aux téléphones : Quiz : harcèlement et cyberharcèlement — questions du début")
        _one_question(direct, 3, "0", closed="Réponse non révélée aux téléphones")
        assert not any("✔" in line for line in direct.seen)  # the right answer: at the end
    with Direct(data, "qcm") as direct:
        direct.wait_for("Les 3 questions avant/après de ce module, déjà posées « avant », sont laissées de côté")
        _one_question(direct, everything - 3, "1")
    with Direct(data, "qcm", "--moment", "apres") as direct:
        _one_question(direct, 3, "1")
    with Store(data) as store:
        (seance,) = store.seances()
    first = qcm.activites[0].id
    assert seance.moment_counts == {
        ("qcm", "temoin-en-ligne", 0, 0, "avant"): 2,
        ("qcm", "temoin-en-ligne", 0, 1, "apres"): 2,
    }
    assert seance.counts == {("qcm", first, 0, 1): 2} and first != "temoin-en-ligne"
    result = run_kit("--donnees", str(data), "direct", "harcelometre", "--moment", "avant", "--port", "0")
    assert result.returncode != 0 and "aucune question avant/après" in result.stderr
    assert "Traceback" not in result.stderr
