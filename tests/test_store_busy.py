"""Issue 12, failures 6 and 10: the store never drops an answer. While another program
holds the store (a long import), `direct` keeps answering phones, keeps the closed
question's answers in memory and commits them when it can; every command says
« occupée » in French instead of a traceback; twelve processes may create a new
store at once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

from harcelement_kit.tally.store import DB_NAME, Store

from live_helpers import Direct, add_seance
from test_live_direct import phone, post


def _hold_the_store(data) -> sqlite3.Connection:
    """What a long import does: take the write lock and keep it."""
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_answers_of_a_question_closed_while_the_store_is_busy_are_kept_and_committed(tmp_path):
    data = tmp_path / "donnees"
    add_seance(data)
    with Direct(data, "qcm") as direct:
        url, pin = direct.join_details()
        base = url.split("/j/")[0]
        phones = [phone() for _ in range(2)]
        for p in phones:
            post(p, url, {"code": pin})
        direct.press()
        direct.wait_for(r"Question 1/\d+ ouverte")
        for p in phones:
            assert "Réponse enregistrée" in post(p, base + "/r", {"question": "0", "option": "1"})
        lock = _hold_the_store(data)
        try:
            direct.press()  # close question 1 while the store is locked
            direct.wait_for("Question 1 fermée : 2 réponses gardée\\(s\\) en mémoire : la base de "
                            "comptage est occupée", timeout=10)
            start = time.monotonic()
            with phones[0].open(base + "/etat", timeout=5) as response:  # the page still answers
                assert response.status == 200
            assert time.monotonic() - start < 2
            direct.press()  # and the animateur can go on
            direct.wait_for(r"Question 2/\d+ ouverte", timeout=5)
            assert "Réponse enregistrée" in post(phones[1], base + "/r", {"question": "1", "option": "0"})
        finally:
            lock.execute("COMMIT")  # the import ends
            lock.close()
        direct.process.send_signal(signal.SIGINT)
        direct.wait_for("Séance terminée", timeout=30)
        assert direct.process.wait(timeout=20) == 0
    with Store(data) as store:
        (seance,) = store.seances()
        counts = seance.counts
    assert sum(n for (m, a, item, o), n in counts.items() if item == 0 and a == "victime-silencieuse") == 2
    assert sum(counts.values()) == 3


def test_a_command_on_a_busy_store_says_so_in_french(tmp_path, monkeypatch, capsys):
    import harcelement_kit.tally.store as store_module
    from harcelement_kit.cli import main

    data = tmp_path / "donnees"
    add_seance(data)
    connect = store_module._connect

    def impatient(path):  # 0.3 s instead of a minute: the same error, sooner
        conn = connect(path)
        conn.execute("PRAGMA busy_timeout = 300")
        return conn
    monkeypatch.setattr(store_module, "_connect", impatient)
    lock = _hold_the_store(data)
    try:
        code = main(["--donnees", str(data), "seance", "ajouter", "--structure", "afev", "--action",
                     "atelier", "--lieu", "college", "--participants", "3"])
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "la base de comptage est occupée par un autre programme du kit" in err


def test_twelve_processes_creating_a_new_store_at_once_all_succeed(tmp_path):
    for run in range(4):
        data = tmp_path / f"neuf{run}"
        processes = [subprocess.Popen([sys.executable, "-m", "harcelement_kit", "--donnees", str(data),
                                       "seance", "liste"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for _ in range(12)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
        for p in processes:
            p.stdout.close()
            p.stderr.close()
        assert all(code == 0 for code, _ in results), results
