"""The command line as an animateur uses it: messages, exit codes, folders."""

from __future__ import annotations

import json
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from harcelement_kit.cli import main

from conftest import DATA
from kit_process import clean_env, run_kit, seance_argv

PERSO = DATA / "modules-perso"


def run(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    """The installed command, as typed in a terminal (a clean environment)."""
    return run_kit(*args, env=env, cwd=cwd)


def test_verifier_on_bundled_content_prints_the_summary_and_exits_0():
    result = run("verifier")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contenu vérifié : 8 modules, aucune erreur" in result.stdout
    assert (
        "cyberharcelement  Qu'est-ce que le cyberharcèlement ? (9 activités, 13 écrans en classe, 45 min)"
        in result.stdout
    )
    assert "inactives : 3020 (remplacé par 3018)" in result.stdout
    assert result.stderr == ""


def test_entry_point_script_is_installed():
    exe = shutil.which("harcelement-kit", path=sysconfig.get_path("scripts"))
    assert exe, "pip install . must install the harcelement-kit command"
    result = subprocess.run([exe, "verifier"], capture_output=True, text=True, timeout=60, env=clean_env())
    assert result.returncode == 0
    assert "Contenu vérifié : 8 modules, aucune erreur" in result.stdout


def test_hand_written_module_in_another_folder_verifies(capsys):
    assert main(["verifier", str(PERSO)]) == 0
    out = capsys.readouterr().out
    assert "exemple-design  Qu'est-ce que le cyberharcèlement ? (6 activités, 9 écrans en classe, 20 min)" in out


def test_bad_file_gives_one_line_per_problem_and_exits_1(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mauvais.yaml").write_text(
        "id: mauvais\ntitre: T\nactivites:\n  - id: q\n    type: qcm\n    question: Q ?\n"
        "    options:\n      - texte: A\n      - texte: B\n    explicatoin: x\n"
    )
    assert main(["verifier", "mauvais.yaml"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "mauvais.yaml:8:7: activites[0].options : 0 réponses sont marquées correctes "
        "(attendu : exactement une option avec « correcte: true », ou « plusieurs: true »)",
        "mauvais.yaml:10:5: activites[0].explicatoin : clé inconnue « explicatoin » ; "
        "vouliez-vous dire « explication » ? (attendu : id, type, titre, consigne, question, "
        "plusieurs, sensible, avant_apres, options, explication, source, verifie_le, facile)",
        "",
        "2 erreurs dans 1 fichier : corrigez-les puis relancez « harcelement-kit verifier ».",
    ]


def test_user_folder_from_option_and_environment_is_verified_with_bundled(tmp_path):
    (tmp_path / "double.yaml").write_text(
        'id: qcm\ntitre: T\nactivites:\n  - {id: r, type: reflexion, question: "Et toi ?"}\n'
    )
    for args, env in (
        (["--contenu", str(tmp_path), "verifier"], None),
        (["verifier"], {"HARCELEMENT_KIT_CONTENU": str(tmp_path)}),
    ):
        result = run(*args, env=env)
        assert result.returncode == 1
        assert "double.yaml:1:5: id : l'id « qcm » est déjà celui du module de" in result.stdout


def test_missing_path_is_a_usage_error(capsys):
    assert main(["verifier", "nulle-part.yaml"]) == 2
    assert capsys.readouterr().err == "harcelement-kit : erreur : « nulle-part.yaml » n'existe pas\n"


def test_folder_without_yaml_is_a_usage_error(tmp_path, capsys):
    assert main(["verifier", str(tmp_path)]) == 2
    assert "aucun fichier .yaml" in capsys.readouterr().err


def test_unknown_command_is_explained_in_french():
    result = run("verifeir")
    assert result.returncode == 2
    assert "harcelement-kit : erreur : " in result.stderr
    assert result.stderr.endswith(
        "harcelement-kit : erreur : « verifeir » n'est pas possible ; "
        "vouliez-vous dire « verifier » ? (choix : verifier, schema, seance, "
        "exporter, importer, postes, bilan, imprimer, lire, direct, exporter-module, "
        "importer-module, animer)\n"
    )
    assert "Traceback" not in result.stderr


def test_help_lists_only_working_commands():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("utilisation : harcelement-kit")
    for command in (
        "verifier",
        "schema",
        "seance",
        "exporter",
        "importer",
        "bilan",
        "imprimer",
        "direct",
        "exporter-module",
        "importer-module",
        "animer",
    ):
        assert f"    {command} " in result.stdout


def test_schema_prints_json_schema_of_modules_and_resources(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Module harcelement-kit"
    kinds = [s["properties"]["type"]["enum"][0] for s in schema["properties"]["activites"]["items"]["oneOf"]]
    assert kinds == ["texte_a_trous", "tri", "qcm", "echelle", "reflexion", "info"]
    assert main(["schema", "--ressources"]) == 0
    assert "remplace_par" in capsys.readouterr().out


def test_ui_without_a_terminal_says_so():
    result = run()
    assert result.returncode == 1
    assert result.stderr == (
        "harcelement-kit : erreur : l'interface a besoin d'un terminal ; "
        "pour un script, voir « harcelement-kit --help »\n"
    )


@pytest.mark.parametrize(
    "args, usage, message",
    [
        (
            ["--donnees"],
            "utilisation : harcelement-kit [-h]",
            "harcelement-kit : erreur : --donnees : une valeur est attendue",
        ),
        (
            ["verifier", "--inconnu"],
            "utilisation : harcelement-kit verifier [-h] [CHEMIN ...]",
            "harcelement-kit verifier : erreur : arguments inconnus : --inconnu",
        ),
    ],
)
def test_bad_options_exit_2_with_the_usage_and_a_french_message(args, usage, message):
    result = run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(usage)
    assert result.stderr.splitlines()[-1] == message


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--donnees", "/tmp/kit"],
        ["--debug", "--donnees=/tmp/kit", "--contenu", "mes-modules", "--contenu=autres"],
        ["--donnees", "bilan"],  # a folder named like a command is still a folder
    ],
)
def test_the_everyday_start_is_read_as_the_whole_command_line_reads_it(argv):
    """`harcelement-kit [--donnees D]` is read without building every sub-command's parser
    (issue 16's start budget): the interface gets the same options."""
    from harcelement_kit.cli import build_parser, parse_arguments

    assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))


def test_tests_run_against_the_installed_package_with_its_bundled_modules():
    import harcelement_kit
    from harcelement_kit.paths import bundled_content_dir

    package = Path(harcelement_kit.__file__).resolve().parent
    assert bundled_content_dir() == package / "quizzes"
    assert (package / "quizzes" / "ressources.yaml").is_file()
    assert (package / "quizzes" / "README.md").is_file()


@pytest.mark.parametrize("command", [["verifier"], ["imprimer", "qcm"], ["bilan"]])
def test_a_missing_user_folder_is_named(tmp_path, capsys, command):
    assert main(["--contenu", str(tmp_path / "absent"), "--donnees", str(tmp_path / "d"), *command]) == 1
    assert f"le dossier « {tmp_path / 'absent'} » n'existe pas" in capsys.readouterr().err


def test_direct_refuses_what_it_cannot_run_in_french(tmp_path):
    data = ["--donnees", str(tmp_path)]
    result = run(*data, "direct", "qmc")
    assert result.returncode == 1 and "le module « qmc » n'existe pas ; vouliez-vous dire « qcm » ?" in result.stderr
    result = run(*data, "direct", "qcm")
    assert result.returncode == 1 and "aucune séance aujourd'hui sur cet ordinateur" in result.stderr
    result = run(*data, "direct", "qcm", "--port", "70000")
    assert result.returncode == 1 and "--port : entre 1 et 65535" in result.stderr
    result = run(*data, "direct", "qcm", "--seance", "abcdef")
    assert result.returncode == 1 and "abcdef" in result.stderr
    for result in (run(*data, "direct", "qcm", "--port", "70000"), run(*data, "direct", "qmc")):
        assert "Traceback" not in result.stderr


def test_direct_says_when_the_address_is_not_this_laptops(tmp_path):
    data = ["--donnees", str(tmp_path)]
    assert run(*data, *seance_argv(lieu="lycee", participants=20)).returncode == 0
    result = run(*data, "direct", "qcm", "--hote", "192.0.2.250", "--port", "0")  # TEST-NET: not ours
    assert result.returncode == 1
    assert "impossible d'écouter sur 192.0.2.250" in result.stderr and "Traceback" not in result.stderr


def test_a_sub_command_help_says_utilisation_once():
    for args in (("bilan", "--help"), ("direct", "--help"), ("seance", "ajouter", "--help")):
        result = run(*args)
        assert result.returncode == 0
        first = result.stdout.splitlines()[0]
        assert first.startswith("utilisation : harcelement-kit ") and first.count("utilisation") == 1, first


def test_an_output_that_cannot_be_written_is_said_in_french(tmp_path):
    missing = tmp_path / "pas-de-dossier"
    for args in (
        ("bilan", "-o", str(missing / "bilan.txt")),
        ("exporter", "-o", str(missing / "e.json")),
        ("imprimer", "qcm", "-o", str(missing / "qcm.pdf")),
    ):
        result = run("--donnees", str(tmp_path / "donnees"), *args)
        assert result.returncode == 1, args
        assert f"impossible d'écrire « {missing}" in result.stderr and "Traceback" not in result.stderr
    assert not missing.exists()
