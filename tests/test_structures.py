"""structures.yaml: checked by `verifier`, extended with --contenu, and read as people write."""

from __future__ import annotations

from harcelement_kit.cli import main
from harcelement_kit.content.structures import fold

from kit_process import seance_argv
from tally_helpers import seances_csv


def test_spellings_fold_alike():
    assert fold("Citéo  Médiation") == fold("citeo-mediation") == fold("CITEO MEDIATION") == "citeo-mediation"
    assert fold("Unis-Cité") == fold("unis cite") == "unis-cite"


def test_verifier_lists_the_structures(capsys):
    assert main(["verifier"]) == 0
    assert "Structures : Unis-Cité (unis-cite), Afev (afev), Citéo Médiation (citeo)" in capsys.readouterr().out


def test_a_user_structure_is_added_with_contenu_and_used_everywhere(tmp_path, capsys):
    folder = tmp_path / "mes-modules"
    folder.mkdir()
    (folder / "structures.yaml").write_text(
        "structures:\n  - code: ligue-13\n    nom: Ligue de l'enseignement 13\n", encoding="utf-8"
    )
    data = str(tmp_path / "d")
    assert main(["--contenu", str(folder), "verifier"]) == 0
    assert "Ligue de l'enseignement 13 (ligue-13)" in capsys.readouterr().out
    assert (
        main(
            [
                "--contenu",
                str(folder),
                "--donnees",
                data,
                *seance_argv(structure="ligue de l'enseignement 13", participants=20),
            ]
        )
        == 0
    )
    assert (
        main(["--donnees", data, *seance_argv(structure="ligue-13", participants=20)]) == 2
    )  # without the folder: unknown
    capsys.readouterr()
    assert main(["--contenu", str(folder), "--donnees", data, "bilan"]) == 0
    assert "structures : Ligue de l'enseignement 13 — 1 séance" in capsys.readouterr().out


def test_a_bad_structures_file_is_explained_by_verifier(tmp_path, capsys):
    (tmp_path / "structures.yaml").write_text("structures:\n  - code: Mon Asso\n    nom: Mon asso\n", encoding="utf-8")
    assert main(["--contenu", str(tmp_path), "verifier"]) == 1
    out = capsys.readouterr().out
    assert "structures.yaml:2:11: structures[0].code : « Mon Asso » n'est pas un identifiant valide" in out
    (tmp_path / "structures.yaml").write_text(
        "structures:\n  - code: mon-asso\n    nom: Mon asso\n  - code: autre\n    nom: AFEV\n", encoding="utf-8"
    )
    assert main(["--contenu", str(tmp_path), "verifier"]) == 1
    out = capsys.readouterr().out
    assert "structures.yaml:4:5: structures[1] : « AFEV » désigne déjà la structure « afev »" in out


def test_a_csv_with_names_case_and_accents_imports(tmp_path, capsys):
    csv = tmp_path / "coordination.csv"
    csv.write_text(
        "date;structure;action;lieu;etablissement;participants;duree_minutes;niveau\n"
        "2025-03-10;Afev;Ciné-débat;Lycée;Lycée Thiers;30;120;Lycée\n"
        "2025-03-11;Unis-Cité;atelier;Collège;Collège Verlaine;26;60;Collège\n"
        "2025-03-12;Citéo Médiation;Atelier;Centre social;;12;90;\n"
        "2025-03-13;citeo mediation;ATELIER;centre-social;;8;90;mixte\n",
        encoding="utf-8",
    )
    data = str(tmp_path / "d")
    assert main(["--donnees", data, "importer", str(csv)]) == 0
    assert "4 importées" in capsys.readouterr().out
    assert main(["--donnees", data, "bilan", "--structure", "citéo médiation"]) == 0
    out = capsys.readouterr().out
    assert "structure Citéo Médiation — 2 séances" in out and "2 en centre social — 20 bénéficiaires" in out
    assert main(["--donnees", data, "bilan"]) == 0
    assert "structures : Afev, Citéo Médiation, Unis-Cité — 4 séances" in capsys.readouterr().out


def test_a_csv_with_an_unknown_structure_names_its_line(tmp_path, capsys):
    csv = seances_csv(
        tmp_path, "2025-03-10,Afev,atelier,college,,20,60", "2025-03-11,Afeev,atelier,college,,20,60", name="c.csv"
    )
    assert main(["--donnees", str(tmp_path / "d"), "importer", str(csv)]) == 1
    err = capsys.readouterr().err
    assert "ligne 3 : structure : « Afeev » n'est pas une structure connue ; vouliez-vous dire « Afev » ?" in err
