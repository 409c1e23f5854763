"""CM1 among the séance's niveaux (the module « ecole » is made for CM1-CM2): the command
line, a coordinator's CSV, an export carried to the coordination, the bilan, and the
form's list all know it; the keys already stored keep their meaning."""

from __future__ import annotations

import re

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.records import NIVEAUX
from harcelement_kit.tally.store import Store

from test_seance_cli import ADD

CSV = (
    "date,structure,action,lieu,etablissement,participants,duree_minutes,niveau\n"
    "2026-02-03,afev,atelier,ecole,École Jean Macé,23,45,cm1\n"
    "2026-02-04,afev,evenement,ecole,Fête de l'école Jean Macé,52,120,École (CM1-CM2)\n"
    "2026-02-05,afev,evenement,college,Forum du collège Verlaine,140,120,cm2-college\n"
)


def test_cm1_on_the_command_line_and_in_its_help(kit, capsys):
    code, out, err = kit(*ADD, "--niveau", "cm1")
    assert code == 0, err
    assert "n'est pas possible" not in err
    with Store(kit.data) as store:
        assert store.seances()[0].niveau == "cm1"
    for command in (["seance", "ajouter"], ["seance", "modifier"], ["importer"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        listed = " ".join(capsys.readouterr().out.split())
        for key in NIVEAUX:  # the help lists every niveau the command accepts
            assert re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", listed), (command, key)


def test_the_old_keys_are_kept():
    for key in ("cm2", "6e", "5e", "4e", "3e", "college", "2nde", "1re", "terminale", "lycee", "cm2-college"):
        assert key in NIVEAUX
    assert (NIVEAUX["cm1"], NIVEAUX["ecole"]) == ("CM1", "école (CM1-CM2)")


def test_a_csv_and_an_export_with_cm1_reach_the_bilan(kit, tmp_path, capsys):
    sheet = tmp_path / "seances.csv"
    sheet.write_text(CSV, encoding="utf-8")
    code, out, err = kit("importer", str(sheet))
    assert code == 0, err
    with Store(kit.data) as store:
        assert sorted(s.niveau for s in store.seances()) == ["cm1", "cm2-college", "ecole"]
    # this laptop's own séance, in CM1, carried to the coordination with the CSV's
    assert kit(*ADD, "--date", "2026-02-06", "--niveau", "CM1")[0] == 0
    assert kit("exporter", "-o", str(tmp_path / "e.json"))[0] == 0
    coordination = tmp_path / "coordination"
    assert main(["--donnees", str(coordination), "importer", str(tmp_path / "e.json")]) == 0
    capsys.readouterr()
    with Store(coordination) as store:
        assert sorted(s.niveau for s in store.seances()) == ["cm1"]
    code, out, err = kit("bilan", "--du", "2026-01-01", "--au", "2026-03-01")
    assert code == 0, err
    assert "52 écoliers : Fête de l'école Jean Macé" in out
    assert "140 bénéficiaires du CM2 au collège : Forum du collège Verlaine" in out
    assert "2 animations ponctuelles réalisées sous forme d'ateliers ludiques : 1 en collège / 1 en école" in out


@pytest.mark.parametrize("written", ["cm1", "CM1"])
def test_modifier_takes_cm1(kit, written):
    assert kit(*ADD)[0] == 0
    with Store(kit.data) as store:
        seance_id = store.seances()[0].id
    code, out, err = kit("seance", "modifier", seance_id[:8], "--niveau", written)
    assert code == 0, err
    with Store(kit.data) as store:
        assert store.seances()[0].niveau == "cm1"
