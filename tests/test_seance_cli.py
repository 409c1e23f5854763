"""Recording séances from the command line, as an animateur without the UI would."""

from __future__ import annotations

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.store import Store


ADD = ["seance", "ajouter", "--structure", "afev", "--action", "atelier", "--lieu", "college", "--participants", "24"]


def test_add_then_list_newest_first(kit):
    assert (
        kit(*ADD, "--date", "2025-03-10", "--etablissement", "Collège Gambetta", "--duree", "90", "--module", "qcm")[0]
        == 0
    )
    code, out, _ = kit(
        *ADD,
        "--date",
        "14/03/2025",
        "--action",
        "cine-debat",
        "--lieu",
        "lycee",
        "--participants",
        "31",
        "--filles",
        "15",
        "--garcons",
        "16",
    )
    assert code == 0 and out.startswith("Séance enregistrée : ")
    code, out, _ = kit("seance", "liste")
    lines = out.splitlines()
    assert lines[0].split() == [
        "Date",
        "Structure",
        "Action",
        "Lieu",
        "Établissement",
        "Participants",
        "Durée",
        "Modules",
        "Id",
    ]
    assert lines[2].startswith("14/03/2025  Afev       ciné-débat")
    assert lines[3].startswith("10/03/2025  Afev       animation ponctuelle")
    assert "Collège Gambetta" in lines[3] and "1 h 30" in lines[3] and "qcm" in lines[3]
    assert lines[-1] == "2 séance(s)."


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--action", "ateliers"], "action : « ateliers » n'est pas possible ; vouliez-vous dire « atelier » ?"),
        (
            ["--lieu", "centre socal"],
            "lieu : « centre socal » n'est pas possible ; vouliez-vous dire « centre-social » ?",
        ),
        (["--participants", "0"], "participants : 0, il faut au moins 1 participant"),
        (["--participants", "-4"], "participants : -4 est négatif (attendu : 0 ou plus)"),
        (["--participants", "vingt"], "participants : « vingt » n'est pas un nombre entier"),
        (["--filles", "20", "--garcons", "10"], "filles + garçons (30) dépasse le nombre de participants (24)"),
        (["--date", "2025-02-29"], "date : « 2025-02-29 » n'est pas une date possible"),
        (["--date", "30/02/2025"], "date : « 30/02/2025 » n'est pas une date possible"),
        (["--date", "2999-01-01"], "date : le 01/01/2999 est dans le futur"),
        (
            ["--structure", "Unis Cités"],
            "structure : « Unis Cités » n'est pas une structure connue ; vouliez-vous dire « Unis-Cité » ?",
        ),
        (
            ["--structure", "Emmaüs"],
            "structure : « Emmaüs » n'est pas une structure connue (attendu : "
            "Unis-Cité (unis-cite), Afev (afev), Citéo Médiation (citeo)",
        ),
        (["--niveau", "5eme"], "niveau : « 5eme » n'est pas possible ; vouliez-vous dire « 5e » ?"),
        (["--duree", "2000"], "durée (minutes) : 2000 dépasse une journée"),
    ],
)
def test_bad_values_are_explained_and_nothing_is_recorded(kit, extra, message):
    code, out, err = kit(*ADD, *extra)
    assert code == (2 if extra[0] == "--structure" else 1) and out == ""  # as bilan --structure
    assert f"harcelement-kit : erreur : {message}" in err
    assert "Traceback" not in err
    assert kit("seance", "liste")[1].startswith("Aucune séance")


def test_unknown_module_is_refused_with_a_suggestion(kit):
    code, out, err = kit(*ADD, "--module", "qcn")
    assert code == 1 and out == ""
    assert "module : « qcn » n'existe pas ; vouliez-vous dire « qcm » ?" in err
    assert kit("seance", "liste")[1].startswith("Aucune séance")


def test_every_problem_is_listed_at_once(kit):
    code, _, err = kit(
        "seance", "ajouter", "--structure", "afev", "--action", "x", "--lieu", "y", "--participants", "-1"
    )
    assert code == 1 and len(err.splitlines()) == 3


def test_delete_by_id_prefix(kit, tmp_path):
    kit(*ADD)
    with Store(tmp_path / "donnees") as store:
        seance_id = store.seances()[0].id
    code, out, _ = kit("seance", "supprimer", seance_id[:8])
    assert code == 0 and out.startswith(f"Séance {seance_id[:8]} du ")
    assert kit("seance", "liste")[1].startswith("Aucune séance")
    code, _, err = kit("seance", "supprimer", seance_id[:8])
    assert code == 1 and f"la séance {seance_id[:8]} a été supprimée" in err
    assert kit("seance", "supprimer", "zzzz")[2].endswith(
        "aucune séance ne commence par « zzzz » (voir « seance liste »)\n"
    )


def test_missing_required_option_is_a_usage_error(kit):
    code = None
    with pytest.raises(SystemExit) as exit_info:
        kit("seance", "ajouter", "--structure", "afev")
    code = exit_info.value.code
    assert code == 2


def test_export_writes_a_readable_bundle(kit, tmp_path):
    kit(*ADD)
    out_file = tmp_path / "export.json"
    code, out, _ = kit("exporter", "-o", str(out_file))
    assert code == 0 and out.startswith(f"1 séance(s) exportée(s) dans {out_file}, signées par ce poste (empreinte ")
    text = out_file.read_text(encoding="utf-8")
    assert '"format": "harcelement-kit/export"' in text and '"sha256"' in text
    assert '"participants": 24' in text


@pytest.mark.parametrize(
    "written,code",
    [
        ("Unis Cité", "unis-cite"),
        ("UNIS-CITÉ", "unis-cite"),
        ("Afev", "afev"),
        ("  afev ", "afev"),
        ("citéo médiation", "citeo"),
        ("Citeo Mediation", "citeo"),
        ("Citéo", "citeo"),
    ],
)
def test_a_structure_is_accepted_as_people_write_it(kit, tmp_path, written, code):
    ADD_BY_NAME = [
        "seance",
        "ajouter",
        "--structure",
        written,
        "--action",
        "Ciné-débat",
        "--lieu",
        "Centre social",
        "--niveau",
        "Collège",
        "--participants",
        "24",
    ]
    assert kit(*ADD_BY_NAME)[0] == 0
    with Store(tmp_path / "donnees") as store:
        [seance] = store.seances()
    assert (seance.structure, seance.action, seance.lieu, seance.niveau) == (
        code,
        "cine-debat",
        "centre-social",
        "college",
    )


def test_essai_is_listed_and_edits_are_checked(kit, tmp_path):
    assert kit(*ADD, "--essai")[1].endswith("essai : jamais comptée dans le bilan.\n")
    kit(*ADD, "--participants", "20")
    with Store(tmp_path / "donnees") as store:
        essai, real = sorted(store.seances(), key=lambda s: s.participants, reverse=True)
    out = kit("seance", "liste")[1]
    assert "(essai)" in out.split(essai.id[:8])[0].splitlines()[-1]
    assert "Dont 1 essai(s) : jamais comptés dans le bilan." in out
    assert "1 séance" in kit("bilan")[1] and "24 bénéficiaires" not in kit("bilan")[1]
    code, out, _ = kit(
        "seance",
        "modifier",
        real.id[:8],
        "--participants",
        "26",
        "--duree",
        "110",
        "--etablissement",
        "Collège Verlaine",
        "--niveau",
        "4e",
    )
    assert code == 0 and "26 participants, 110 min." in out
    code, out, _ = kit("seance", "modifier", essai.id[:8], "--pas-essai")
    assert code == 0
    bilan = kit("bilan")[1]
    assert "2 séances" in bilan and "50 bénéficiaires" in bilan
    code, _, err = kit("seance", "modifier", real.id[:8], "--participants", "0")
    assert code == 1 and "participants : 0, il faut au moins 1 participant" in err
    assert kit("seance", "modifier", real.id[:8])[0] == 1
    with Store(tmp_path / "donnees") as store:
        edited = store.get(real.id)
    assert (edited.participants, edited.duree_minutes, edited.etablissement, edited.niveau) == (
        26,
        110,
        "Collège Verlaine",
        "4e",
    )


def test_bilan_structure_by_name_and_unknown_structure_exits_2(kit):
    kit(*ADD)
    kit(*ADD, "--structure", "Citéo Médiation", "--participants", "11")
    code, out, _ = kit("bilan", "--structure", "citéo médiation")
    assert code == 0 and "structure Citéo Médiation" in out and "11 bénéficiaires" in out
    assert "structures : Afev, Citéo Médiation" in kit("bilan")[1]
    code, out, err = kit("bilan", "--structure", "Afve")
    assert code == 2 and out == ""
    assert "--structure : « Afve » n'est pas une structure connue ; vouliez-vous dire « Afev » ?" in err


def test_a_seance_without_duration_travels_to_the_coordination(kit, tmp_path, capsys):
    """No --duree: the export says « not given » and the coordinator's import takes it as such."""
    assert kit(*ADD)[0] == 0
    assert kit("exporter", "-o", str(tmp_path / "e.json"))[0] == 0
    code = main(["--donnees", str(tmp_path / "coordination"), "importer", str(tmp_path / "e.json")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    with Store(tmp_path / "coordination") as store:
        [seance] = store.seances()
        assert seance.participants == 24 and seance.duree_minutes == 0


def test_one_participant_is_said_in_the_singular(kit):
    code, out, _ = kit(
        "seance", "ajouter", "--structure", "afev", "--action", "atelier", "--lieu", "college", "--participants", "1"
    )
    assert code == 0 and out.rstrip().endswith("college, 1 participant).")
