"""One séance = one class meeting, in the store: essai never counted, edits bounded by the
answers already counted, resume points, nothing empty kept."""

from __future__ import annotations

import datetime

import pypdf
import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally import meeting
from harcelement_kit.tally.bilan import compute_figures
from harcelement_kit.tally.store import Store, StoreError

from tally_helpers import seance

DAY = datetime.date(2025, 3, 10)


def test_essai_is_excluded_from_every_bilan_format(tmp_path, capsys):
    data = tmp_path / "d"
    with Store(data) as store:
        store.add_seance(seance(participants=21, etablissement="Collège Réel"))
        essai = store.add_seance(seance(participants=300, etablissement="Collège Essai"))
        store.set_count(essai.id, "qcm", "victime-silencieuse", 0, 1, 250)
        meeting.update_seance(store, essai.id, essai=True)
        assert store.get(essai.id).essai
    for fmt in ("texte", "md", "csv"):
        assert main(["--donnees", str(data), "bilan", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "21 bénéficiaires" in out and "1 séance" in out, fmt
        assert "300" not in out and "250" not in out and "victime" not in out.lower(), fmt
    pdf = tmp_path / "b.pdf"
    assert main(["--donnees", str(data), "bilan", "--format", "pdf", "-o", str(pdf)]) == 0
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).replace("\u00a0", " ")
    assert "21 bénéficiaires" in text and "321" not in text and "300" not in text


def test_essai_travels_in_an_export_and_old_hashes_stay(tmp_path):
    from harcelement_kit.tally.exchange import export_bundle, import_file
    from harcelement_kit.tally.records import content_hash

    plain = seance()
    assert "essai" not in plain.to_json()  # records made before « essai » keep their hash
    with Store(tmp_path / "a") as store:
        s = store.add_seance(seance(essai=True))
        assert content_hash(store.get(s.id)) != content_hash(
            store.get(s.id).__class__(**{**store.get(s.id).__dict__, "essai": False})
        )
        (tmp_path / "e.json").write_bytes(export_bundle(store))
    with Store(tmp_path / "b") as other:
        import_file(other, tmp_path / "e.json")
        assert other.get(s.id).essai and compute_figures(other).seances == 0


def test_participants_cannot_go_below_the_answers_already_counted(tmp_path):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(participants=26))
        store.set_count(s.id, "qcm", "victime-silencieuse", 0, 0, 20)
        store.set_count(s.id, "qcm", "victime-silencieuse", 0, 1, 4)
        with pytest.raises(StoreError, match="une question a déjà 24 réponses"):
            meeting.update_seance(store, s.id, participants=23)
        assert meeting.update_seance(store, s.id, participants=24).participants == 24
        assert meeting.question_total(store, s.id, "qcm", "victime-silencieuse", 0) == 24


def test_open_seance_resume_points_and_end(tmp_path):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(date=DAY, modules=("cyberharcelement",)))
        meeting.mark_open(store, s.id, "cyberharcelement", "classe")
        meeting.save_step(store, s.id, "cyberharcelement", "classe", 4)
        meeting.add_module(store, s.id, "qcm")
        meeting.add_module(store, s.id, "qcm")
        assert store.get(s.id).modules == ("cyberharcelement", "qcm")
        assert meeting.count_pupil(store, s.id, "harcelometre") == 1
        assert meeting.count_pupil(store, s.id, "harcelometre") == 2
    with Store(tmp_path) as store:  # a restart: the same points
        [(again, module, mode)] = meeting.open_seances(store, DAY)
        assert (again.id, module, mode) == (s.id, "cyberharcelement", "classe")
        assert meeting.saved_step(store, s.id, "cyberharcelement", "classe") == (4, 0)
        assert meeting.saved_step(store, s.id, "harcelometre", "eleve") == (0, 2)
        assert meeting.open_seances(store, DAY + datetime.timedelta(days=1)) == []  # another day
        meeting.close_seance(store, s.id)
        assert meeting.open_seances(store, DAY) == []
        assert compute_figures(store).seances == 1


def test_an_unused_seance_is_forgotten_a_used_one_kept(tmp_path):
    with Store(tmp_path) as store:
        empty = store.add_seance(seance())
        used = store.add_seance(seance())
        store.add_count(used.id, "qcm", "victime-silencieuse", 0, 1)
        assert meeting.discard_unused(store, empty.id) is True
        assert meeting.discard_unused(store, used.id) is False
        assert [s.id for s in store.seances()] == [used.id]
        meeting.remove_answer(store, used.id, "qcm", "victime-silencieuse", 0, 1)
        assert store.get(used.id).counts == {}
