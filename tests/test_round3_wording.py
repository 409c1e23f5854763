"""Round 3 wording: the harcèlomètre speaks to the pupil with « tu » throughout (no
« vous » beside « tu n'as pas peur »), and `imprimer --format` takes any case, as the
module names do."""

from __future__ import annotations

import re

import pypdf
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_bundled_library


def test_the_harcelometre_says_tu_throughout():
    module = load_bundled_library().modules["harcelometre"]
    echelle = next(a for a in module.activites if a.kind == "echelle")
    texts = [echelle.consigne, echelle.aide or ""] + [i.texte for i in echelle.items]
    for zone in echelle.zones:
        texts += [zone.libelle, zone.message or ""]
        facile = getattr(zone, "facile", None)
        if facile:
            texts += [getattr(facile, "libelle", "") or "", getattr(facile, "message", "") or ""]
    said = " ".join(texts)
    assert "Tu respectes cette personne et elle te respecte." in said
    assert not re.search(r"\bvous\b", said, re.IGNORECASE), said
    assert "Ce qu'il se passe n'est pas normal" in said  # correct French, kept


def test_imprimer_format_in_any_case(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["imprimer", "harcelometre", "--affiche", "--format", "a3"]) == 0
    assert capsys.readouterr().out.startswith("Affiche A3 sur 3 feuilles")
    assert len(pypdf.PdfReader(tmp_path / "harcelometre-affiche-A3.pdf").pages) == 3
    assert main(["imprimer", "harcelometre", "--affiche", "--format", "a4"]) == 0
    assert (tmp_path / "harcelometre-affiche-A4.pdf").exists()
    with pytest.raises(SystemExit):
        main(["imprimer", "harcelometre", "--affiche", "--format", "a5"])
    assert "« A5 » n'est pas possible (choix : A4, A3)" in capsys.readouterr().err
