"""The bundled modules: they load, they transcribe the seed, and they state nothing outdated."""

from __future__ import annotations

import re

import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.content.model import Echelle, Info, Qcm, TexteATrous, Tri
from harcelement_kit.paths import bundled_content_dir

from conftest import TODAY


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir()], today=TODAY)


def test_bundled_set_verifies_without_error_or_warning(library):
    assert library.problems == []
    assert set(library.modules) == {"cyberharcelement", "harcelometre", "qcm"}


def test_every_bundled_yaml_file_is_read(library):
    names = {p.name for p in bundled_content_dir().glob("*.yaml")}
    assert names == {"cyberharcelement.yaml", "harcelometre.yaml", "qcm.yaml", "ressources.yaml",
                     "structures.yaml"}
    assert {m.source.name for m in library.modules.values()} == names - {"ressources.yaml",
                                                                         "structures.yaml"}
    assert library.structures == {"unis-cite": ("Unis-Cité", "Unis Cité", "Uniscité"),
                                  "afev": ("Afev", "Association de la fondation étudiante pour la ville"),
                                  "citeo": ("Citéo Médiation", "Citéo")}


def test_cyberharcelement_fill_in_has_the_five_seed_words_in_reading_order(library):
    definition = library.modules["cyberharcelement"].activity("definition")
    assert isinstance(definition, TexteATrous)
    assert [b.word for b in definition.blanks] == [
        "harcèlement en ligne", "internet", "propos", "répétés", "mentale"]
    assert sorted(definition.bank) == sorted(
        ["internet", "mentale", "harcèlement en ligne", "répétés", "propos"])
    text = "".join(p if isinstance(p, str) else "___" for p in definition.parts)
    assert text.startswith("Le ___ (cyber-harcèlement) est un harcèlement s'effectuant via ___ "
                           "(sur un réseau social, un forum, un jeu vidéo multijoueurs, un blog…).")
    assert "santé physique ou ___ de la personne harcelée." in text


def test_cyberharcelement_situations_have_answers_and_explanations(library):
    situations = library.modules["cyberharcelement"].activity("situations")
    assert isinstance(situations, Tri)
    assert [i.reponse for i in situations.items] == ["non", "oui", "oui", "non", "oui"]
    assert all(len(i.explication) > 80 for i in situations.items)
    fourth, fifth = situations.items[3], situations.items[4]
    assert "demandé d'arrêter" in fourth.texte and "peut le devenir" in fourth.explication
    assert "argent" in fifth.texte and "ne paie pas" in fifth.explication


def test_le_sais_tu_uses_the_2022_law(library):
    loi = library.modules["cyberharcelement"].activity("loi")
    assert isinstance(loi, Info)
    assert "3 ans de prison et 45 000 €" in loi.texte
    assert "10 ans de prison et 150 000 €" in loi.texte
    assert "222-33-2-3" in loi.source


def test_harcelometre_has_the_thirteen_seed_behaviours_in_order(library):
    echelle = library.modules["harcelometre"].activites[0]
    assert isinstance(echelle, Echelle) and echelle.sensible
    texts = [i.texte for i in echelle.items]
    assert len(texts) == 13
    assert texts[0] == "Respecte mes goûts, mes besoins, mes choix"
    assert texts[-1] == "Me bouscule violemment, me frappe, m'agresse sexuellement"
    zones = [i.zone for i in echelle.items]
    assert zones == sorted(zones, key=["sain", "vigilance", "inacceptable"].index)
    assert echelle.zone("sain").message.startswith("Vous vous respectez l'un et l'autre.")
    assert echelle.zone("inacceptable").message.startswith("Ce qu'il se passe n'est pas normal")
    assert "Si au moins l'un de ces comportements" in echelle.aide
    assert "En Avant Toute(s)" in echelle.credit
    assert echelle.passation.reponses == ("jamais", "parfois", "souvent",
                                          "je ne souhaite pas répondre")


def test_qcm_has_the_seed_questions_and_at_least_eight_more(library):
    questions = library.modules["qcm"].activites
    assert all(isinstance(q, Qcm) for q in questions)
    assert len(questions) >= 11
    assert [q.id for q in questions[:3]] == ["victime-silencieuse", "temoin-en-ligne",
                                            "uniquement-ecole"]
    assert all(len(q.correct_indexes) == 1 and q.explication for q in questions)


def test_3020_is_kept_inactive_and_replaced_by_3018(library):
    old = library.resources["3020"]
    assert not old.actif and old.remplace_par == "3018"
    assert "samedi de 9 h à 18 h" in old.texte
    assert library.resources["3018"].actif
    for rid in ("3018", "119", "urgence", "114", "3114", "fil-sante-jeunes"):
        assert library.resources[rid].url and library.resources[rid].verifie_le


def test_3020_is_only_named_as_the_replaced_number(library):
    named = [(m.id, a.id) for m in library.modules.values() for a in m.activites if "3020" in repr(a)]
    assert named == [("qcm", "numero-unique")]
    assert "L'ancien 3020 a été remplacé par le 3018" in library.modules["qcm"].activity("numero-unique").explication


def test_no_outdated_statement_in_modules(library):
    text = "\n".join(repr(m) for m in library.modules.values())
    assert not re.search(r"30\s?000", text)
    assert "deux ans" not in text
    # "2 ans" is only the penalty for sharing an intimate image (art. 226-2-1)
    assert re.findall(r"2 ans de prison et [0-9 ]+ €", text) == ["2 ans de prison et 60 000 €"]
    assert "mineur de quinze ans" not in text and "0800 200 000" not in text
    assert "Lot-et-Garonne" in text  # only inside the corrected credit line
    for module in library.modules.values():
        assert all(library.resources[r].actif for r in module.ressources)
