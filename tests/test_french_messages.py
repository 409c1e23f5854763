"""French all the way down: the system's and PyYAML's English never reach the
animateur; the original detail appears only with --debug."""

from __future__ import annotations

import errno
import json

import pytest

from harcelement_kit import errors
from kit_process import run_kit, seance_argv

ENGLISH = (
    "No such file",
    "Is a directory",
    "Permission denied",
    "File exists",
    "expected",
    "found",
    "Errno",
    "Traceback",
    "JSONDecodeError",
    "readonly",
)


def assert_french(text: str) -> None:
    leaks = [word for word in ENGLISH if word in text]
    assert not leaks, f"English in « {text} »: {leaks}"


@pytest.mark.parametrize(
    "code, french",
    [
        (errno.ENOENT, "il n'existe pas"),
        (errno.EISDIR, "c'est un dossier, pas un fichier"),
        (errno.EACCES, "accès refusé"),
        (errno.EEXIST, "il existe déjà"),
        (errno.ENOSPC, "le disque est plein"),
        (errno.EROFS, "lecture seule"),
        (errno.ENOTDIR, "n'est pas un dossier"),
    ],
)
def test_each_os_error_has_a_french_reason(code, french):
    exc = OSError(code, "English words from the system")
    assert french in errors.os_reason(exc)
    assert_french(errors.os_reason(exc))


def test_the_english_detail_only_with_debug():
    exc = FileNotFoundError(errno.ENOENT, "No such file or directory", "x.json")
    assert errors.os_reason(exc) == "il n'existe pas"
    errors.set_debug(True)
    try:
        assert errors.os_reason(exc) == (
            "il n'existe pas [détail : FileNotFoundError: [Errno 2] No such file or directory: 'x.json']"
        )
    finally:
        errors.set_debug(False)


def test_an_unknown_yaml_problem_is_still_said_in_french():
    assert errors.yaml_reason("some future PyYAML message") == "ce YAML ne peut pas être lu à cet endroit"


def test_importing_a_missing_file_or_a_folder(tmp_path):
    result = run_kit("--donnees", tmp_path / "d", "importer", tmp_path / "absent.json", tmp_path)
    assert result.returncode == 1
    assert "absent.json : impossible de lire le fichier (il n'existe pas)" in result.stderr
    assert f"{tmp_path.name} : impossible de lire le fichier (c'est un dossier, pas un fichier)" in result.stderr
    assert_french(result.stderr)


def test_writing_onto_a_folder_is_said_in_french(tmp_path):
    (tmp_path / "bilan.txt").mkdir()
    result = run_kit("--donnees", tmp_path / "d", "bilan", "-o", tmp_path / "bilan.txt")
    assert result.returncode == 1
    assert f"impossible d'écrire « {tmp_path / 'bilan.txt'} » (" in result.stderr
    assert_french(result.stderr)


def test_a_data_folder_that_is_a_file(tmp_path):
    (tmp_path / "donnees").write_text("pas un dossier")
    result = run_kit("--donnees", tmp_path / "donnees", "seance", "liste")
    assert result.returncode == 1
    assert f"le dossier de données « {tmp_path / 'donnees'} » est un fichier, pas un dossier" in result.stderr
    assert_french(result.stderr)


def test_an_unclosed_bracket_in_yaml_is_said_in_french_and_detailed_with_debug(tmp_path):
    (tmp_path / "m.yaml").write_text("[\n")
    result = run_kit("verifier", tmp_path / "m.yaml")
    assert result.returncode == 1
    assert "erreur de syntaxe YAML : le fichier s'arrête là où une valeur était attendue" in result.stdout
    assert_french(result.stdout + result.stderr)
    debug = run_kit("--debug", "verifier", tmp_path / "m.yaml")
    assert "[détail : expected the node content, but found '<stream end>']" in debug.stdout


def test_contenu_given_a_file_says_it_is_a_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mes notes")
    result = run_kit("--contenu", notes, "verifier")
    assert result.returncode == 1
    assert f"« {notes} » est un fichier, pas un dossier de modules" in result.stderr
    assert "n'existe pas" not in result.stderr


def test_a_damaged_json_export_is_read_as_an_export_not_a_csv(tmp_path):
    damaged = tmp_path / "export.json"
    damaged.write_text("garbage{")
    result = run_kit("--donnees", tmp_path / "d", "importer", damaged)
    assert result.returncode == 1
    assert (
        "export.json : fichier d'export illisible ou tronqué (ce n'est pas du JSON valide, ligne 1, colonne 1)"
    ) in result.stderr
    assert "colonnes" not in result.stderr
    assert_french(result.stderr)


@pytest.mark.parametrize(
    "duree, message",
    [
        ("0", "durée (minutes) : 0 minute n'est pas une séance (attendu : de 1 à 1440"),
        ("-5", "durée (minutes) : -5 est négatif (attendu : de 1 à 1440)"),
        ("1441", "durée (minutes) : 1441 dépasse une journée (attendu : de 1 à 1440)"),
        ("20000", "durée (minutes) : 20000 dépasse une journée (attendu : de 1 à 1440)"),
        ("une heure", "durée (minutes) : « une heure » n'est pas un nombre entier (attendu : de 1 à 1440)"),
    ],
)
def test_duree_has_one_range_in_every_message(tmp_path, duree, message):
    result = run_kit("--donnees", tmp_path, *seance_argv(lieu="lycee", participants=20), "--duree", duree)
    assert result.returncode == 1
    assert message in result.stderr
    assert "10000" not in result.stderr


def test_duree_in_range_is_kept(tmp_path):
    result = run_kit("--donnees", tmp_path, *seance_argv(lieu="lycee", participants=20), "--duree", "1440")
    assert result.returncode == 0, result.stderr
    export = run_kit("--donnees", tmp_path, "exporter", "-o", tmp_path / "e.json")
    assert export.returncode == 0
    assert json.loads((tmp_path / "e.json").read_text())["seances"][0]["duree_minutes"] == 1440


@pytest.mark.parametrize(
    "args, usage",
    [
        (["schema", "--nope"], "utilisation : harcelement-kit schema [-h] [--ressources] [--structures]"),
        (["seance", "liste", "--x"], "utilisation : harcelement-kit seance liste [-h]"),
    ],
)
def test_an_unknown_option_shows_the_sub_commands_usage(args, usage):
    result = run_kit(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == usage
    assert lines[-1].endswith(f"erreur : arguments inconnus : {args[-1]}")
    assert "COMMANDE" not in result.stderr


def test_version():
    import harcelement_kit

    result = run_kit("--version")
    assert (result.returncode, result.stdout) == (0, f"harcelement-kit {harcelement_kit.__version__}\n")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """« harcelement-kit verifier | head -1 »: the pipe closes, the kit stops quietly.
    The reading end is closed before the kit has started: its first print meets a
    closed pipe."""
    import subprocess

    from kit_process import clean_env, kit_command

    process = subprocess.Popen(
        [*kit_command(), "verifier"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(), cwd=tmp_path
    )
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert process.returncode == 1
