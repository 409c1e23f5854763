"""Moodle's GIFT, in and out: the bundled modules go to GIFT and come back the
same; a teacher's GIFT quiz (every question type of the format, its escapes,
comments, categories, multi-line questions) becomes a module `verifier` accepts."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harcelement_kit.content.gift import GiftError, gift_to_module, module_to_gift
from harcelement_kit.content.loader import load_bundled_library, load_library
from harcelement_kit.content.model import Module
from harcelement_kit.paths import bundled_content_dir
from kit_process import run_kit

from conftest import DATA

GIFT = DATA / "gift"


@pytest.fixture(scope="module")
def library():
    return load_bundled_library([])


def _without_source(module: Module) -> Module:
    return dataclasses.replace(module, source=None)


def _load(path, module_id: str) -> Module:
    library = load_library([path], resource_paths=[bundled_content_dir()])
    assert not library.errors, [str(p) for p in library.problems]
    return library.modules[module_id]


# with their easy-read texts and sources (« ecole » sorts into three colours: not a GIFT true/false)
@pytest.mark.parametrize("module_id", ["qcm", "cyberharcelement", "images-intimes", "temoins", "parents", "phare"])
def test_a_bundled_module_goes_to_gift_and_comes_back_the_same(tmp_path, library, module_id):
    gift, yaml_file = tmp_path / f"{module_id}.gift", tmp_path / "retour" / f"{module_id}.yaml"
    yaml_file.parent.mkdir()
    exported = run_kit("exporter-module", module_id, "--format", "gift", "-o", gift)
    assert exported.returncode == 0, exported.stderr
    imported = run_kit("importer-module", gift, "-o", yaml_file)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Contenu vérifié : 1 module, aucune erreur" in imported.stdout
    assert _without_source(_load(yaml_file, module_id)) == _without_source(library.modules[module_id])
    assert run_kit("verifier", yaml_file).returncode == 0


def test_the_qcm_export_is_moodle_gift(library):
    text, _ = module_to_gift(library.modules["qcm"])
    assert "$CATEGORY: Quiz : harcèlement et cyberharcèlement" in text
    question = text[text.index("::victime-silencieuse::") :].split("\n\n", 1)[0]
    assert question.splitlines()[0] == (
        "::victime-silencieuse::Depuis quelques semaines, une élève de ta "
        "classe reste seule à la récré, ne parle plus à personne et ne veut "
        "plus venir au collège. Qu'est-ce que ça peut vouloir dire ? {"
    )
    assert "\t=Elle subit peut-être du harcèlement sans oser en parler" in question
    assert sum(line.startswith("\t~") for line in question.splitlines()) == 2
    assert question.splitlines()[-2].startswith("\t####") and question.endswith("}")


def test_situations_are_true_false_and_fill_ins_are_missing_words(library):
    text, _ = module_to_gift(library.modules["cyberharcelement"])
    assert (
        "::situations/1::Un élève se fait voler ses affaires à chaque sortie de collège par un groupe "
        "d'adolescents. {F#C'est du harcèlement" in text
    )
    assert (
        "::definition/2::Le harcèlement en ligne (cyberharcèlement) est un harcèlement s'effectuant via "
        "{=Internet ~harcèlement en ligne ~mentale ~propos ~répétés} (sur un réseau social" in text
    )


def test_the_scale_becomes_choices_between_its_zones_and_the_loss_is_said(tmp_path, library):
    result = run_kit("exporter-module", "harcelometre", "-o", tmp_path / "h.gift")
    assert result.returncode == 0
    assert "ne passe pas en GIFT : harcelometre : l'échelle devient des questions à choix" in result.stdout
    imported = run_kit("importer-module", tmp_path / "h.gift", "-o", tmp_path / "h.yaml")
    assert imported.returncode == 0, imported.stdout
    module = _load(tmp_path / "h.yaml", "harcelometre")
    scale = library.modules["harcelometre"].activites[0]
    assert len(module.activites) == len(scale.items) == 16
    for question, item in zip(module.activites, scale.items):
        assert question.kind == "qcm" and item.texte in question.question
        (right,) = [o.texte for o in question.options if o.correcte]
        assert right == scale.zone(item.zone).libelle


def test_a_teachers_quiz_with_every_gift_question_type(tmp_path):
    out = tmp_path / "quiz.yaml"
    result = run_kit("importer-module", GIFT / "quiz-professeur.gift", "-o", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "question numérique, que le kit ne sait pas poser : ignorée" in result.stdout
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Module importé de quiz-professeur.gift (format GIFT de Moodle)")
    assert "#   - ligne 33 (« Année ») : question numérique" in written
    module = _load(out, "quiz-professeur")
    assert module.titre == "Harcèlement"  # the last part of the category
    by_id = {a.id: a for a in module.activites}
    assert list(by_id) == [
        "numero",
        "temoin",
        "loi",
        "la-personne-qui-rit-d-une-moquerie-n-y-e",
        "trou",
        "reponse-courte",
        "paires",
        "ressenti",
        "lire",
        "echappements",
    ]
    numero = by_id["numero"]
    assert [(o.texte, o.correcte) for o in numero.options] == [("3020", False), ("3018", True), ("112", False)]
    assert "remplacé en 2023" in numero.explication and "faire supprimer un contenu" in numero.explication
    temoin = by_id["temoin"]
    assert temoin.question == "Que peut faire un témoin ?"  # [html] and its tags dropped
    assert temoin.plusieurs and temoin.correct_indexes == [0, 1]
    loi = by_id["loi"]
    assert (loi.items[0].reponse, loi.items[0].explication) == ("vrai", "Oui : jusqu'à 2 ans de prison.")
    assert by_id["la-personne-qui-rit-d-une-moquerie-n-y-e"].items[0].reponse == "faux"
    trou = by_id["trou"]
    assert trou.texte == "Le harcèlement, c'est la [[répétition]] des violences."
    assert trou.intrus == ("colère", "chance")
    assert by_id["reponse-courte"].a_retenir == "112 ; le 112"
    paires = by_id["paires"]
    assert paires.categories == ("cyber-harcèlement", "enfance en danger", "urgence par SMS")
    assert [(i.texte, i.reponse) for i in paires.items] == [
        ("3018", "cyber-harcèlement"),
        ("119", "enfance en danger"),
        ("114", "urgence par SMS"),
    ]
    assert by_id["ressenti"].question == "Qu'as-tu ressenti en lisant ces situations ? Écris-le sur ta feuille."
    assert by_id["lire"].texte == "Le harcèlement scolaire est un délit depuis 2022."
    escapes = by_id["echappements"]
    assert escapes.question == "Que vaut {a = b} : un ~tilde~ et un #dièse ?"
    assert escapes.options[0].texte == "Une accolade { } et des signes ~ = # : écrits tels quels"


def test_a_broken_gift_file_is_refused_in_french_and_nothing_written(tmp_path):
    result = run_kit("importer-module", GIFT / "broken.gift", "-o", tmp_path / "b.yaml")
    assert result.returncode == 1
    assert result.stderr.endswith("broken.gift : ligne 1 : une accolade « { » n'est jamais fermée\n")
    assert not (tmp_path / "b.yaml").exists()


def test_an_existing_module_is_never_overwritten(tmp_path):
    (tmp_path / "m.yaml").write_text("# mon travail\n")
    result = run_kit("importer-module", GIFT / "quiz-professeur.gift", "-o", tmp_path / "m.yaml")
    assert result.returncode == 1 and "existe déjà" in result.stderr
    assert (tmp_path / "m.yaml").read_text() == "# mon travail\n"


def test_no_question_at_all_is_said():
    with pytest.raises(GiftError, match="aucune question"):
        gift_to_module("// seulement un commentaire\n$CATEGORY: vide\n", "vide")


TEXT = (
    st.text(alphabet=st.sampled_from(list("abcén ~=#{}:\\\n«»’")), min_size=1, max_size=30)
    .map(lambda t: "\n".join(" ".join(line.split()) for line in t.strip().splitlines()))
    .filter(lambda t: t.strip() and "\n\n" not in t and not t.strip().startswith(("//", "$")))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=TEXT, right=TEXT, wrong=TEXT, explication=TEXT)
def test_any_text_with_gift_special_characters_comes_back_unchanged(question, right, wrong, explication):
    if right == wrong:
        return
    data = {
        "id": "essai",
        "titre": "Essai",
        "activites": [
            {
                "id": "q",
                "type": "qcm",
                "question": question,
                "explication": explication,
                "options": [{"texte": right, "correcte": True}, {"texte": wrong}],
            }
        ],
    }
    module = Module.from_data(data)
    text, _ = module_to_gift(module)
    back = Module.from_data(gift_to_module(text, "essai").data)
    assert back.activites == module.activites


def test_the_written_yaml_is_plain_yaml_of_the_format(tmp_path):
    out = tmp_path / "q.yaml"
    run_kit("importer-module", GIFT / "quiz-professeur.gift", "-o", out, check=True)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert set(data) == {"id", "titre", "activites"}
    assert all(set(a) >= {"id", "type"} for a in data["activites"])
