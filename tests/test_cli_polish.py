"""What a new animateur typed on first use, read back from the command's output and files."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from harcelement_kit.cli import main


ADD = [
    "seance",
    "ajouter",
    "--structure",
    "Citéo Médiation",
    "--action",
    "atelier",
    "--lieu",
    "college",
    "--participants",
    "24",
    "--date",
    "10/03/2026",
    "--duree",
    "60",
]


def test_module_names_typed_loosely_are_accepted(kit, tmp_path):
    out = tmp_path / "cyber.pdf"
    code, _, err = kit("imprimer", "Cyberharcèlement", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    poster = tmp_path / "affiche.pdf"
    code, _, err = kit("imprimer", "harcèlomètre", "--affiche", "-o", str(poster))
    assert code == 0, err
    assert poster.read_bytes().startswith(b"%PDF")
    code, out, err = kit(*ADD, "--module", "HARCELOMETRE")
    assert code == 0, err
    code, out, _ = kit("seance", "liste")
    assert "harcelometre" in out


def test_seance_liste_names_structures_and_export_explains_its_count(kit, tmp_path, capsys):
    assert kit(*ADD)[0] == 0
    assert kit(*ADD, "--essai")[0] == 0
    code, out, _ = kit("seance", "liste")
    assert "Citéo Médiation" in out and " citeo " not in out
    code, out, _ = kit("exporter", "-o", str(tmp_path / "export.json"))
    assert code == 0 and out.startswith("2 séance(s) exportée(s)")
    assert "Dont 1 essai : le bilan ne les compte pas" in out
    code = main(["--donnees", str(tmp_path / "coordination"), "importer", str(tmp_path / "export.json")])
    out = capsys.readouterr().out
    assert "2 importées / 0 mises à jour / 0 ignorées / 0 conflits" in out


def test_small_cli_fixes(kit, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "ajoute, liste, modifie ou supprime des séances" in capsys.readouterr().out
    assert kit(*ADD)[0] == 0
    code, _, err = kit("bilan", "--format", "PDF", "-o", str(tmp_path / "bilan.pdf"))
    assert code == 0, err
    code, _, err = kit("imprimer", "qcm", "--corrige", "--corrige-seul")
    assert code == 1 and "ne vont pas ensemble" in err and "Traceback" not in err
    code, _, err = kit(
        "seance", "ajouter", "--structure", "Afevv", "--action", "atelier", "--lieu", "college", "--participants", "24"
    )
    assert code == 2 and "n'est pas une structure connue ; vouliez-vous dire « Afev » ?" in err
    cards = tmp_path / "cartes.pdf"
    assert kit("imprimer", "--cartes", "--nombre", "4", "-o", str(cards))[0] == 0
    assert PdfReader(cards).metadata.title == "Cartes-réponses"


def test_the_form_asks_the_coordination_for_another_structure():
    from harcelement_kit.content.structures import Structures
    from harcelement_kit.tally.records import RecordError, check_seance

    fields = {"structure": "MJC", "action": "atelier", "lieu": "college", "participants": 24}
    with pytest.raises(RecordError) as info:
        check_seance(fields, structures=Structures({"afev": ("Afev",)}))
    text = " ".join(info.value.problems)
    assert "demandez à la personne qui coordonne le kit de l'ajouter" in text
    assert "--contenu" not in text and "structures.yaml" not in text
