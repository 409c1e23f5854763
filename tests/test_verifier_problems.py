"""Malformed files: each rule of the format gives one French line, at the right line."""

from __future__ import annotations

import pytest

from module_texts import HEADER, SCALE, qcm

VALID = 'id: essai\ntitre: Un module d\'essai\nressources: ["3018"]\nactivites:\n' + qcm("question")

# (name, file text, expected line, expected text in the problem line)
CASES = [
    (
        "unknown module key with suggestion",
        VALID + "titr: x\n",
        12,
        "titr : clé inconnue « titr » ; vouliez-vous dire « titre » ?",
    ),
    (
        "unknown activity key with suggestion",
        VALID.replace("    question: Une", "    questoin: Une"),
        7,
        "activites[0].questoin : clé inconnue « questoin » ; vouliez-vous dire « question » ?",
    ),
    (
        "unknown option key",
        VALID.replace("        correcte: true", "        correct: true"),
        10,
        "activites[0].options[0].correct : clé inconnue « correct » ; vouliez-vous dire « correcte » ?",
    ),
    (
        "title is a number",
        VALID.replace("titre: Un module d'essai", "titre: 2025"),
        2,
        "titre : valeur non acceptée ici : le nombre 2025 (mettez-le entre guillemets) (attendu : un texte non vide)",
    ),
    (
        "activites is not a list",
        "id: essai\ntitre: T\nactivites: rien\n",
        3,
        "activites : valeur non acceptée ici : « rien » (attendu : une liste d'au moins 1 élément)",
    ),
    (
        "activites is empty",
        "id: essai\ntitre: T\nactivites: []\n",
        3,
        "activites : la liste a 0 élément(s) (attendu : une liste d'au moins 1 élément)",
    ),
    (
        "duration is text",
        VALID + "duree_minutes: vingt\n",
        12,
        "duree_minutes : valeur non acceptée ici : « vingt » (attendu : un nombre entier entre 1 et 600)",
    ),
    ("missing title", VALID.replace("titre: Un module d'essai\n", ""), 1, ": il manque la clé « titre »"),
    (
        "missing activity id",
        VALID.replace("  - id: question\n    type: qcm", "  - type: qcm"),
        5,
        "activites[0] : il manque la clé « id »",
    ),
    (
        "missing type",
        VALID.replace("    type: qcm\n", ""),
        5,
        "activites[0] : il manque la clé « type » (attendu : texte_a_trous, tri, qcm, echelle, reflexion, info)",
    ),
    (
        "unknown type with suggestion",
        VALID.replace("type: qcm", "type: quiz"),
        6,
        "activites[0].type : « quiz » n'est pas un type d'activité",
    ),
    (
        "type is a list",
        VALID.replace("type: qcm", "type: [qcm]"),
        6,
        "activites[0].type : « ['qcm'] » n'est pas un type d'activité",
    ),
    ("type typo", VALID.replace("type: qcm", "type: texte-a-trous"), 6, "vouliez-vous dire « texte_a_trous » ?"),
    (
        "bad id format",
        VALID.replace("id: essai", "id: Mon Essai"),
        1,
        "id : « Mon Essai » n'est pas un identifiant valide",
    ),
    (
        "duplicate activity id",
        VALID
        + """\
  - id: question
    type: reflexion
    question: Et toi ?
""",
        12,
        "activites[1].id : l'id « question » est déjà celui de activites[0]",
    ),
    (
        "two correct options",
        VALID.replace("      - texte: Non\n", "      - texte: Non\n        correcte: true\n"),
        9,
        "activites[0].options : 2 réponses sont marquées correctes (attendu : exactement une option",
    ),
    (
        "no correct option",
        VALID.replace("        correcte: true\n", ""),
        9,
        "activites[0].options : 0 réponses sont marquées correctes",
    ),
    (
        "plusieurs without correct option",
        VALID.replace("        correcte: true\n", "").replace(
            "    question: Une", "    plusieurs: true\n    question: Une"
        ),
        10,
        "activites[0].options : aucune réponse n'est marquée correcte",
    ),
    (
        "only one option",
        VALID.replace("      - texte: Non\n", ""),
        9,
        "activites[0].options : la liste a 1 élément(s) (attendu : une liste d'au moins 2 éléments)",
    ),
    (
        "duplicate option",
        VALID.replace("texte: Non", "texte: oui"),
        11,
        "activites[0].options[1] : la réponse « oui » est écrit deux fois",
    ),
    (
        "empty question",
        VALID.replace("question: Une question ?", 'question: "  "'),
        7,
        "activites[0].question : le texte est vide (attendu : un texte non vide)",
    ),
    (
        "fill-in without blank",
        HEADER
        + """\
  - id: t
    type: texte_a_trous
    texte: Un texte sans trou.
""",
        6,
        "activites[0].texte : le texte n'a aucun trou",
    ),
    (
        "fill-in word twice",
        HEADER
        + """\
  - id: t
    type: texte_a_trous
    texte: Le [[chat]] voit le [[Chat]].
""",
        6,
        "activites[0].texte : le mot « Chat » est deux fois dans les trous",
    ),
    (
        "fill-in intrus is a blank",
        HEADER
        + """\
  - id: t
    type: texte_a_trous
    texte: Le [[chat]] dort.
    intrus: [chien, chat]
""",
        7,
        "activites[0].intrus[1] : « chat » est un trou du texte",
    ),
    (
        "fill-in unbalanced brackets",
        HEADER
        + """\
  - id: t
    type: texte_a_trous
    texte: Le [[chat]] dort [[ici.
""",
        6,
        "activites[0].texte : des crochets « [[ » ou « ]] » ne sont pas appariés",
    ),
    (
        "sorting answer not a category",
        HEADER
        + """\
  - id: s
    type: tri
    items:
      - texte: Une situation
        reponse: peut-être
""",
        8,
        "activites[0].items[0].reponse : « peut-être » n'est pas une catégorie (attendu : oui, non)",
    ),
    (
        "sorting answer typo",
        HEADER
        + """\
  - id: s
    type: tri
    categories: [sain, grave]
    items:
      - texte: Une situation
        reponse: grav
""",
        9,
        "« grav » n'est pas une catégorie ; vouliez-vous dire « grave » ? (attendu : sain, grave)",
    ),
    (
        "scale item in unknown zone",
        SCALE.replace("zone: rouge}", "zone: rouje}"),
        10,
        "activites[0].items[0].zone : la zone « rouje » n'existe pas ; vouliez-vous dire « rouge » ?",
    ),
    (
        "scale zone defined twice",
        SCALE.replace("{id: rouge,", "{id: vert,").replace("zone: rouge}", "zone: vert}"),
        8,
        "activites[0].zones[1].id : la zone « vert » est définie deux fois",
    ),
    (
        "scale colour is a word",
        SCALE.replace('couleur: "#00aa00"', "couleur: vert"),
        7,
        "activites[0].zones[0].couleur : « vert » n'est pas une couleur valide",
    ),
    (
        "comma cuts a flow mapping text",
        SCALE.replace("libelle: Sain", "libelle: Vigilance, dis stop"),
        7,
        "une virgule a-t-elle coupé un texte ? Mettez-le entre guillemets",
    ),
    (
        "unknown resource",
        VALID.replace('["3018"]', '["3018", "3019"]'),
        3,
        "ressources[1] : la ressource « 3019 » n'existe pas ; vouliez-vous dire « 3018 » ?",
    ),
    (
        "inactive resource",
        VALID.replace('["3018"]', '["3020"]'),
        3,
        "ressources[0] : la ressource « 3020 » n'est plus active, remplacée par « 3018 »",
    ),
    (
        "unknown public",
        VALID + "public: [colege]\n",
        12,
        "public[0] : « colege » n'est pas une valeur possible ; vouliez-vous dire « college » ?",
    ),
    (
        "impossible date",
        HEADER
        + """\
  - id: i
    type: info
    texte: Un fait.
    verifie_le: 2025-02-30
""",
        7,
        "« 2025-02-30 » n'est pas une date possible (attendu : une date AAAA-MM-JJ)",
    ),
    ("duplicate key", VALID + "titre: Encore\n", 12, "titre : la clé « titre » est écrite deux fois"),
    (
        "yaml syntax: colon in text",
        VALID.replace("question: Une question ?", "question: Attention: piège ?"),
        7,
        "erreur de syntaxe YAML : un « : » inattendu",
    ),
    (
        "tab indentation",
        VALID.replace("    type: qcm", "\ttype: qcm"),
        6,
        "erreur de syntaxe YAML : une tabulation sert d'indentation (attendu : des espaces pour indenter",
    ),
    (
        "unclosed quote",
        VALID.replace("question: Une question ?", 'question: "Une question ?'),
        7,
        "erreur de syntaxe YAML",
    ),
    ("several documents", VALID + "---\nid: autre\n", 12, "le fichier contient plusieurs documents (---)"),
    (
        "not a mapping",
        "- id: essai\n- titre: T\n",
        1,
        "valeur non acceptée ici : une liste (attendu : un ensemble de clés (module))",
    ),
    ("empty file", "", 1, "le fichier est vide"),
    ("recursive alias", "id: essai\ntitre: T\nactivites: &a [*a]\n", 3, "un alias YAML (*) fait référence à lui-même"),
]


@pytest.mark.parametrize("name,text,line,message", CASES, ids=[c[0] for c in CASES])
def test_problem_line_and_message(verify, name, text, line, message):
    problems = verify(text)
    assert problems, "no problem found"
    matching = [p for p in problems if message in str(p)]
    assert matching, "\n".join(str(p) for p in problems)
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"module.yaml:{line}:")
    assert not matching[0].warning


def test_malformed_suite_is_large_enough():
    assert len(CASES) >= 25


def test_non_utf8_file_names_line_and_column(verify):
    problems = verify(b"id: essai\ntitre: \xe9t\xe9\n")
    assert [str(p) for p in problems] == [
        "module.yaml:2:8: le fichier n'est pas encodé en UTF-8 (octet 0xe9 illisible) "
        "(attendu : un fichier texte enregistré en UTF-8)"
    ]


def test_control_character_is_reported(verify):
    problems = verify(b"id: essai\ntitre: a\x00b\n")
    assert problems[0].line == 2 and "caractère interdit" in problems[0].message


def test_byte_order_mark_is_accepted(verify):
    assert verify(b"\xef\xbb\xbf" + VALID.encode()) == []


def test_every_problem_is_collected_at_once(verify):
    text = VALID.replace("titre: Un module d'essai", "titre: 12").replace("type: qcm", "type: qcmm")
    problems = verify(text + "autre: 1\n")
    assert [p.line for p in problems] == [2, 6, 12]


def test_duplicate_module_id_across_files(verify):
    problems = verify(VALID, name="a.yaml", extra={"b.yaml": VALID})
    assert [str(p) for p in problems] == [
        "b.yaml:1:5: id : l'id « essai » est déjà celui du module de a.yaml "
        "(attendu : un id différent pour chaque module)"
    ]


def test_old_verification_date_is_a_warning_not_an_error(verify):
    problems = verify(
        HEADER
        + """\
  - id: i
    type: info
    texte: Un fait.
    verifie_le: 2024-01-15
"""
    )
    assert [str(p) for p in problems] == [
        "module.yaml:7:17: activites[0].verifie_le : avertissement : vérifié le 15/01/2024, "
        "il y a plus de 12 mois (attendu : une vérification sur le site officiel, puis la date du jour)"
    ]
    assert problems[0].warning


def test_user_resources_file_rules(verify):
    problems = verify(
        """\
ressources:
  - id: local
    nom: Point écoute
    texte: Le point écoute du centre social.
    verifie_le: 2026-01-10
    remplace_par: "9999"
  - id: local
    nom: Doublon
    texte: Encore.
    verifie_le: 2026-01-10
""",
        name="ressources.yaml",
    )
    assert [str(p) for p in problems] == [
        "ressources.yaml:6:19: ressources[0].remplace_par : « 9999 » n'est pas une ressource active "
        "(attendu : l'id d'une ressource active)",
        "ressources.yaml:7:9: ressources[1].id : la ressource « local » existe déjà "
        "(attendu : un id différent pour chaque ressource)",
    ]


def test_user_resources_are_usable_by_user_modules(verify):
    resources = """\
ressources:
  - id: point-ecoute
    nom: Point écoute
    texte: Le point écoute du centre social.
    verifie_le: 2026-01-10
"""
    assert verify(VALID.replace('["3018"]', '["3018", point-ecoute]'), extra={"ressources.yaml": resources}) == []


# -- how a module is written: warnings, never errors ---------------------------------

INCLUSIVE = (
    HEADER
    + """\
  - id: q
    type: reflexion
    question: Comment t'es-tu senti·e ?
  - id: s
    type: tri
    items:
      - texte: Il reste seul.e à la récré.
        reponse: oui
        explication: Appelle le 3018 ou va sur 3018.fr, allo119.gouv.fr, etc.
"""
)

EXPECTED_INCLUSIVE = (
    "(attendu : les deux formes en entier (« content ou contente ») ou un mot épicène (circulaire du 5 mai 2021))"
)


def test_point_median_and_inner_dot_are_warned_at_their_text(verify):
    problems = verify(INCLUSIVE)
    assert [str(p) for p in problems] == [
        "module.yaml:6:15: activites[0].question : avertissement : « senti·e » : point médian "
        "ou point dans un mot " + EXPECTED_INCLUSIVE,
        "module.yaml:10:16: activites[1].items[0].texte : avertissement : « seul.e » : point médian "
        "ou point dans un mot " + EXPECTED_INCLUSIVE,
    ]
    assert all(p.warning for p in problems)


def test_both_forms_written_in_full_give_no_warning(verify):
    fixed = INCLUSIVE.replace("senti·e", "senti ou sentie").replace("seul.e", "seul ou seule")
    assert verify(fixed) == []


def test_inclusive_writing_in_a_resources_file_is_warned(verify):
    problems = verify(
        """\
ressources:
  - id: local
    nom: Point écoute
    texte: Tu es inquiet·ète ? Les animateur·rices t'écoutent.
    url: https://point-ecoute.example.es
    verifie_le: 2026-01-10
""",
        name="ressources.yaml",
    )
    assert sorted(p.message for p in problems) == [
        "« animateur·rices » : point médian ou point dans un mot",
        "« inquiet·ète » : point médian ou point dans un mot",
    ]
    assert [p.line for p in problems] == [4, 4] and all(p.warning for p in problems)


def _quiz(rights: list[int]) -> str:
    text = "id: essai\ntitre: T\nactivites:\n"
    for n, right in enumerate(rights):
        text += f"  - id: q{n}\n    type: qcm\n    question: Question {n} ?\n    options:\n"
        for option in range(3):
            text += f"      - texte: Réponse {option}\n"
            if option == right:
                text += "        correcte: true\n"
    return text


def test_one_position_holding_most_right_answers_is_warned(verify):
    problems = verify(_quiz([1, 1, 0, 1, 2, 1]))
    assert [str(p) for p in problems] == [
        "module.yaml:4:3: activites : avertissement : la bonne réponse est à la position 2 dans 4 "
        "questions sur 6 : les élèves peuvent la deviner (attendu : des bonnes réponses réparties "
        "entre les positions, pas plus de la moitié à la même place)"
    ]
    assert problems[0].warning


def test_right_answers_spread_or_too_few_questions_give_no_warning(verify):
    assert verify(_quiz([1, 1, 0, 2, 2, 0])) == []  # three positions, none over half
    assert verify(_quiz([0, 1, 0, 1])) == []  # exactly half is still fine
    assert verify(_quiz([2, 2])) == []  # two questions cannot be spread much
