"""Issue 12: bounds per question, not only per option. A question with one answer per
participant cannot total more answers than the séance has participants (all sources, per
moment) — on import, in the store (migration 8, backed up), in the bilan of an older store,
and on the Animer screen; a question « plusieurs: true » keeps the bound per option."""

from __future__ import annotations

import sqlite3

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.exchange import ImportRefused, export_bundle, import_file
from harcelement_kit.tally.store import SCHEMA_VERSION, Store, StoreError

from tally_helpers import current_state, older_store, rebundle, seance

# The schema before migration 8 (bounds per question): later migrations leave this one as it was.
BEFORE_QUESTION_BOUNDS = 7
Q = ("qcm", "numero-unique")


def _exported(tmp_path, multiple: bool, moment: str = "") -> bytes:
    """A laptop's bundle: participants 3, question 1 answered 2 + 2 (several answers each
    when `multiple`)."""
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(participants=3, modules=("qcm",)))
        laptop.set_count(s.id, *Q, 0, 0, 2, multiple=multiple, moment=moment)
        laptop.set_count(s.id, *Q, 0, 1, 2, multiple=multiple, moment=moment)
        return export_bundle(laptop)


def test_an_import_over_the_participants_on_one_question_is_refused_with_its_place(tmp_path, capsys):
    raw = _exported(tmp_path, multiple=True)
    path = tmp_path / "e.json"
    path.write_bytes(rebundle(raw, lambda body: body["seances"][0].pop("plusieurs")))  # now one answer each
    assert main(["--donnees", str(tmp_path / "coord"), "importer", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        "e.json, séance 1 : compte qcm/numero-unique question 1 : 4 réponses en tout pour 3 "
        "participants (une seule réponse par participant ; attendu : au plus 3)"
    ) in err
    assert "Traceback" not in err
    with Store(tmp_path / "coord") as coord:
        assert current_state(coord) == []


def test_a_moment_is_bounded_apart(tmp_path):
    raw = _exported(tmp_path, multiple=True, moment="avant")
    path = tmp_path / "m.json"
    path.write_bytes(rebundle(raw, lambda body: body["seances"][0].pop("plusieurs")))
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    assert "compte qcm/numero-unique question 1 (avant) : 4 réponses en tout pour 3 participants" in str(refused.value)


def test_a_question_with_several_answers_keeps_its_counts_through_export_and_import(tmp_path):
    path = tmp_path / "plusieurs.json"
    path.write_bytes(_exported(tmp_path, multiple=True))
    with Store(tmp_path / "coord") as coord:
        import_file(coord, path)
        (s,) = coord.seances()
        assert s.counts == {(*Q, 0, 0): 2, (*Q, 0, 1): 2} and s.multiple == {Q}
    assert main(["--donnees", str(tmp_path / "coord"), "bilan"]) == 0


def test_the_store_refuses_a_question_total_over_the_participants(tmp_path):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(participants=3))
        store.set_count(s.id, *Q, 0, 0, 2)
        with pytest.raises(StoreError, match="une question à une seule réponse"):
            store.set_count(s.id, *Q, 0, 1, 2)  # 2 + 2 > 3
        with pytest.raises(StoreError, match="une question à une seule réponse"):
            store.add_counts(s.id, *Q, 1, [2, 2])  # phones of another question
        store.add_counts(s.id, *Q, 1, [2, 1])  # 3: allowed
        with pytest.raises(StoreError, match="une question à une seule réponse"):
            store.add_count(s.id, *Q, 0, 2, 2)  # passation answers: 2 + 2 > 3
        store.set_count(s.id, *Q, 0, 1, 2, moment="avant")  # another moment: its own 3
        store.set_count(s.id, *Q, 0, 0, 1, moment="avant")
        with pytest.raises(StoreError, match="une question à une seule réponse"):
            store.set_count(s.id, *Q, 0, 2, 1, moment="avant")
        row = store.conn.execute("SELECT row FROM seances WHERE id = ?", (s.id,)).fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):  # even plain SQL cannot bypass it
            store.conn.execute("UPDATE counts SET n = 3 WHERE seance_row = ?", (row,))
        with pytest.raises(sqlite3.IntegrityError):  # nor lower the participants under a total
            store.conn.execute("UPDATE seances SET participants = 2 WHERE row = ?", (row,))
        store.set_count(s.id, "qcm", "plusieurs", 0, 0, 3, multiple=True)  # several answers each
        store.set_count(s.id, "qcm", "plusieurs", 0, 1, 3)
        with pytest.raises(sqlite3.IntegrityError):  # the mark stays while counts need it
            store.conn.execute("DELETE FROM seance_multiple")
        assert store.get(s.id).counts == {
            (*Q, 0, 0): 2,
            (*Q, 1, 0): 2,
            (*Q, 1, 1): 1,
            ("qcm", "plusieurs", 0, 0): 3,
            ("qcm", "plusieurs", 0, 1): 3,
        }


def test_an_older_store_is_backed_up_and_its_impossible_question_named_by_the_bilan(tmp_path, capsys):
    data = tmp_path / "d"
    data.mkdir()
    # a store of the kit before migration 8, holding a question answered 2 + 2 by 3 participants
    older_store(
        data,
        BEFORE_QUESTION_BOUNDS,
        "5e1d0000-0000-4000-8000-000000000001",
        participants=3,
        modules="qcm",
        date="2025-03-10",
        device_id="0f7c2d4e-0000-4000-8000-0000000000d7",
        counts={("qcm", "numero-unique", 0, 0): 2, ("qcm", "numero-unique", 0, 1): 2},
    )
    assert main(["--donnees", str(data), "bilan"]) == 1
    err = capsys.readouterr().err
    assert "des séances ont plus de réponses que de participants" in err and "5e1d0000" in err
    assert "Traceback" not in err
    assert (data / f"comptage.avant-migration-v{BEFORE_QUESTION_BOUNDS}.sqlite3").exists()
    with Store(data) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_older_store_keeps_a_multi_answer_question_of_a_personal_module(tmp_path, capsys):
    """A store older than migration 8 never recorded which questions took several answers:
    the bilan asks the content, so a « plusieurs: true » question answered 2 + 2 by 3
    participants then is not called impossible (its séance could not be re-imported)."""
    data, content = tmp_path / "d", tmp_path / "contenu"
    data.mkdir()
    content.mkdir()
    (content / "sondage.yaml").write_text(
        "id: sondage\ntitre: Sondage\ndescription: Ce que la classe connaît.\npublic: [6e]\n"
        'duree_minutes: 10\nressources: ["3018"]\nactivites:\n  - id: connus\n    type: qcm\n'
        "    question: Quels numéros connais-tu ?\n    plusieurs: true\n    options:\n"
        "      - texte: Le 3018\n        correcte: true\n      - texte: Le 119\n        correcte: true\n"
        "    explication: Les deux sont gratuits.\n",
        encoding="utf-8",
    )
    older_store(
        data,
        BEFORE_QUESTION_BOUNDS,
        "5e1d0000-0000-4000-8000-000000000002",
        participants=3,
        modules="sondage",
        date="2025-03-10",
        device_id="0f7c2d4e-0000-4000-8000-0000000000d8",
        counts={("sondage", "connus", 0, 0): 2, ("sondage", "connus", 0, 1): 2},
    )
    assert main(["--donnees", str(data), "--contenu", str(content), "bilan"]) == 0
    out = capsys.readouterr().out
    assert "Sondage" in out
    # without the personal folder the kit cannot know: the séance is named, nothing is guessed
    assert main(["--donnees", str(data), "bilan"]) == 1
    assert "5e1d0000" in capsys.readouterr().err


async def test_animer_caps_hands_phones_and_cards_together_as_the_store_does(tmp_path):
    from textual.app import App

    from harcelement_kit.tui.widgets.vote import VoteCounter

    class OneVote(App):
        def compose(self):
            vote = VoteCounter(["oui", "non"], [1], {}, phones={0: 10}, most=24, single=True)
            vote.cards = {1: 10}  # answers already recorded from cards, as Animer sets them
            yield vote

    app = OneVote()
    async with app.run_test(notifications=True) as pilot:
        app.query_one(VoteCounter).focus()
        await pilot.press("5")  # 5 hands + 10 phones + 10 cards = 25 > 24
        await pilot.pause()
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("Au plus 24 réponses en tout" in t and "20 réponses sont déjà comptées" in t for t in toasts)
        await pilot.press("4")  # 4 + 20 = 24: allowed
        await pilot.pause()
        assert app.query_one(VoteCounter).counts == {0: 4}
        await pilot.press("down", "1")  # option 2: 1 more answer would make 25
        await pilot.pause()
        assert app.query_one(VoteCounter).counts == {0: 4}
