"""The easy-read (facile à lire) variant: checked by verifier, printed and animated
with --facile, and counted under the same answers as the ordinary text."""

from __future__ import annotations

import io

import pypdf
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.choices import choices
from harcelement_kit.content.facile import easy_library
from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA, TODAY
from module_texts import HEADER, qcm
from tui_helpers import build_app, new_seance, screen_text

FOLDER = DATA / "contenu-facile"
QUESTION = "Quel est le numéro national contre le harcèlement scolaire et en ligne ?"
EASY_QUESTION = "Quel numéro appeler quand on est harcelé ?"

QCM = HEADER + qcm() + "    explication: Parce que.\n    facile:\n"


@pytest.fixture(scope="module")
def library():
    return load_library([FOLDER], resource_paths=[bundled_content_dir()], today=TODAY)


CASES = [
    (
        "unknown key with suggestion",
        QCM + "      questoin: Une question facile ?\n",
        13,
        "activites[0].facile.questoin : clé inconnue « questoin » ; vouliez-vous dire « question » ?",
    ),
    (
        "no ordinary text beside it",
        QCM.replace("    explication: Parce que.\n", "") + "      explication: Parce que.\n",
        12,
        "activites[0].facile.explication : « facile.explication » n'a pas de « explication » à côté de lui",
    ),
    ("empty text", QCM + '      question: " "\n', 13, "activites[0].facile.question : le texte est vide"),
    (
        "option text",
        QCM.replace("      - texte: Non\n", "      - texte: Non\n        facile: {texte: 3}\n"),
        11,
        "activites[0].options[1].facile.texte : valeur non acceptée ici : le nombre 3 (mettez-le entre guillemets)",
    ),
    (
        "not a block",
        QCM.replace("    facile:\n", "    facile: Une question facile ?\n"),
        12,
        "activites[0].facile : valeur non acceptée ici : « Une question facile ? » (attendu : un "
        "ensemble de clés (qcm facile))",
    ),
    (
        "blanks differ",
        HEADER
        + """\
  - id: t
    type: texte_a_trous
    texte: Le [[chat]] voit le [[chien]].
    facile:
      texte: Le [[chien]] voit le [[chat]].
""",
        8,
        "activites[0].facile.texte : les trous ne sont pas ceux de « texte » : [[chien]], [[chat]] "
        "(attendu : les mêmes mots à trouver, dans le même ordre : [[chat]], [[chien]])",
    ),
    (
        "categories of another length",
        HEADER
        + """\
  - id: s
    type: tri
    categories: [oui, non, je ne sais pas]
    items:
      - {texte: Une situation, reponse: oui}
    facile:
      categories: [oui, non]
""",
        10,
        "activites[0].facile.categories : 2 élément(s) au lieu de 3",
    ),
    (
        "resource",
        """\
ressources:
  - id: ecoute
    nom: Point écoute
    texte: Le point écoute du quartier.
    verifie_le: 2026-05-01
    facile:
      court: Écoute
""",
        7,
        "ressources[0].facile.court : « facile.court » n'a pas de « court » à côté de lui",
    ),
]


@pytest.mark.parametrize("name,text,line,expected", CASES, ids=[c[0] for c in CASES])
def test_each_easy_read_problem_is_one_located_french_line(verify, name, text, line, expected):
    file = "ressources.yaml" if text.startswith("ressources:") else "module.yaml"
    problems = verify(text, name=file)
    found = [p for p in problems if expected in str(p)]
    assert found, "\n".join(map(str, problems))
    assert found[0].line == line and not found[0].warning


def test_long_sentences_and_initials_are_warnings(verify):
    problems = verify(
        QCM + "      question: >-\n"
        "        Est-ce que tu sais quel numéro il faut appeler quand un camarade de ta\n"
        "        classe se fait harceler tous les jours ? Demande au CPE.\n"
    )
    assert [str(p) for p in problems] == [
        "module.yaml:13:17: activites[0].facile.question : avertissement : la phrase « Est-ce que tu "
        "sais quel… » a 21 mots (attendu : en facile à lire, des phrases de 15 mots au plus, une "
        "idée par phrase)",
        "module.yaml:13:17: activites[0].facile.question : avertissement : « CPE » est un sigle "
        "(attendu : en facile à lire, le mot écrit en entier (ex. « conseiller principal "
        "d'éducation » pour CPE))",
    ]


def test_the_easy_library_changes_texts_not_answers(library):
    assert library.problems == []
    ordinary = library.modules["atelier-facile"]
    easy = easy_library(library).modules["atelier-facile"]
    assert (ordinary.titre, easy.titre) == ("Atelier de démonstration du facile à lire", "Atelier facile")
    sort_ordinary, sort_easy = ordinary.activity("situations"), easy.activity("situations")
    [before], [after] = choices(sort_ordinary), choices(sort_easy)
    assert after.options == ("Oui, c'est du harcèlement", "Non, ce n'en est pas")
    assert after.prompt == "Tous les jours, des élèves cachent le sac d'une fille."
    assert before.right == after.right == (0,)
    fill_ordinary, fill_easy = ordinary.activity("trous"), easy.activity("trous")
    assert fill_easy.bank == fill_ordinary.bank and fill_easy.texte != fill_ordinary.texte
    assert easy.activity("carte").source == ordinary.activity("carte").source  # no easy source


def _pdf_text(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text.replace("\u00a0", " ").replace("’", "'")  # the sheets print typographic apostrophes


def test_imprimer_facile_prints_the_easy_texts(tmp_path, capsys):
    easy, ordinary = tmp_path / "facile.pdf", tmp_path / "ordinaire.pdf"
    args = ["--contenu", str(FOLDER), "imprimer", "atelier-facile", "--corrige"]
    assert main(args + ["--facile", "-o", str(easy)]) == 0
    assert main(args + ["-o", str(ordinary)]) == 0
    easy_text, ordinary_text = _pdf_text(easy), _pdf_text(ordinary)
    for text in (
        EASY_QUESTION,
        "Appelle le 3018. C'est gratuit.",
        "Harceler, c'est interdit par la loi.",
        "Tous les jours, des élèves cachent le sac d'une fille.",
        "Atelier facile",
    ):
        assert text in easy_text and text not in ordinary_text
    assert QUESTION in ordinary_text and QUESTION not in easy_text
    assert _smallest_text(easy) >= 14 > _smallest_text(ordinary)  # FALC: 14 points at least


def _smallest_text(path) -> float:
    """The smallest font size of the sheet, page footers (9 points) aside."""
    sizes = set()
    for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * tm[0], 1)) if text.strip() else None
        )
    return min(sizes - {9.0})


async def test_animer_facile_shows_the_easy_texts(tmp_path):
    app = build_app(tmp_path, extra_content=FOLDER, facile=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "facile à lire" in screen_text(app)
        await new_seance(pilot, "atelier-facile", "classe")
        assert "Qu'est-ce qui te fait de la peine à l'école ?" in screen_text(app)
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
        text = screen_text(app)
        assert EASY_QUESTION in text and QUESTION not in text
        assert "1. Le 3018 " in text and "Le 3018, gratuit" not in text


def test_direct_facile_puts_the_easy_texts_on_the_phones(tmp_path):
    from harcelement_kit.cli import _library, build_parser
    from harcelement_kit.content.questions import live_questions

    def phones(*flags):
        args = build_parser().parse_args(["--contenu", str(FOLDER), "direct", "atelier-facile", *flags])
        return {q.activity: q for q in live_questions(_library(args).modules["atelier-facile"])}

    easy, ordinary = phones("--facile"), phones()
    assert (easy["numero"].prompt, ordinary["numero"].prompt) == (EASY_QUESTION, QUESTION)
    assert easy["numero"].options == ("Le 3018", "Le 15")
    assert easy["numero"].right == ordinary["numero"].right == (0,)
    assert easy["trous"].context.startswith("Le harcèlement revient tous les jours, il est [1 ____].")
