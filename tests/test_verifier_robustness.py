"""Whatever an author's editor saves, `verifier` answers with problems, never a traceback."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harcelement_kit.cli import main
from harcelement_kit.content.located import parse_yaml
from harcelement_kit.content.loader import load_library
from harcelement_kit.content.problems import Problem, Report
from harcelement_kit.paths import bundled_content_dir

from conftest import TODAY

BUNDLED = {p.name: p.read_bytes() for p in sorted(bundled_content_dir().glob("*.yaml"))}
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


ENGLISH = ("expected", "found", "Error", "Traceback", "No such file", "could not")


def _check_file(tmp_path, name: str, raw: bytes) -> list[Problem]:
    """Whatever the bytes: the file gives a module or at least one error (never
    silently dropped), each problem points inside the file, in French."""
    path = tmp_path / name
    path.write_bytes(raw)
    library = load_library([path], resource_paths=[bundled_content_dir()], today=TODAY)
    assert library.modules or library.errors or (name == "ressources.yaml" and library.resources), (
        "the file was dropped without a word"
    )
    last_line = raw.count(b"\n") + 2  # a problem may point just past the last line (end of file)
    for problem in library.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.column >= 1 and problem.message
        if Path(problem.file).name == name and Path(problem.file).parent.name == tmp_path.name:
            assert problem.line <= last_line, problem
        assert not any(word in problem.message for word in ENGLISH), problem.message
    return library.problems


def _mutate_lines(raw: bytes, data) -> bytes:
    lines = raw.split(b"\n")
    action = data.draw(st.sampled_from(["delete", "duplicate", "rename", "retype", "bytes", "truncate", "tab", "bom"]))
    i = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "rename" and b":" in lines[i]:
        key, _, rest = lines[i].partition(b":")
        new = data.draw(st.text("abcdefghijklmnopqrstuvwxyz_é", min_size=1, max_size=12))
        lines[i] = key[: len(key) - len(key.lstrip())] + new.encode() + b":" + rest
    elif action == "retype" and b":" in lines[i]:
        key, _, _ = lines[i].partition(b":")
        value = data.draw(
            st.sampled_from(
                [
                    b" 12",
                    b" [1, 2]",
                    b" {a: 1}",
                    b" true",
                    b" ~",
                    b" 2025-13-45",
                    b" &x [*x]",
                    b" !!binary aGk=",
                    b" !!python/object:os.system {}",
                    b' "\\ud800"',
                ]
            )
        )
        lines[i] = key + b":" + value
    elif action == "bytes":
        junk = data.draw(st.binary(min_size=1, max_size=8))
        at = data.draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + junk + lines[i][at:]
    elif action == "truncate":
        return raw[: data.draw(st.integers(0, len(raw)))]
    elif action == "tab":
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    elif action == "bom":
        return b"\xef\xbb\xbf" + raw
    return b"\n".join(lines)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(BUNDLED)))
def test_mutated_bundled_files_give_only_problems(tmp_path_factory, data, name):
    raw = BUNDLED[name]
    for _ in range(data.draw(st.integers(1, 4))):
        raw = _mutate_lines(raw, data)
    _check_file(tmp_path_factory.mktemp("m"), name, raw)


def _mutate_data(value, data):
    """Delete, duplicate, rename or retype one value somewhere in the tree."""
    if isinstance(value, dict) and value and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(value, key=str)))
        action = data.draw(st.sampled_from(["delete", "rename", "retype", "descend"]))
        if action == "delete":
            del value[key]
        elif action == "rename":
            value[key + data.draw(st.sampled_from(["s", "_", "x"]))] = value.pop(key)
        elif action == "retype":
            value[key] = data.draw(
                st.sampled_from([None, 0, -1, 3.5, True, "", [], {}, [None], datetime.date(2020, 1, 1), "x" * 300])
            )
        else:
            _mutate_data(value[key], data)
    elif isinstance(value, list) and value:
        i = data.draw(st.integers(0, len(value) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "descend"]))
        if action == "delete":
            del value[i]
        elif action == "duplicate":
            value.insert(i, copy.deepcopy(value[i]))
        else:
            _mutate_data(value[i], data)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(BUNDLED)))
def test_mutated_bundled_data_gives_only_problems(tmp_path_factory, data, name):
    tree = yaml.safe_load(BUNDLED[name])
    for _ in range(data.draw(st.integers(1, 5))):
        _mutate_data(tree, data)
    raw = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode()
    _check_file(tmp_path_factory.mktemp("d"), name, raw)


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_random_bytes_give_only_problems(tmp_path_factory, raw):
    _check_file(tmp_path_factory.mktemp("b"), "module.yaml", raw)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_gives_only_problems(tmp_path_factory, text):
    _check_file(tmp_path_factory.mktemp("t"), "module.yaml", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.data())
def test_verifier_command_prints_and_exits_1_on_mutated_files(tmp_path_factory, capsys, data):
    folder = tmp_path_factory.mktemp("cli")
    raw = BUNDLED["qcm.yaml"]
    for _ in range(3):
        raw = _mutate_lines(raw, data)
    (folder / "qcm.yaml").write_bytes(raw)
    library = load_library([folder], resource_paths=[bundled_content_dir()], today=datetime.date.today())
    code = main(["verifier", str(folder)])
    out = capsys.readouterr().out
    # the exit code and the last line say exactly whether the loader found errors
    assert code == (1 if library.errors else 0), out
    last = out.splitlines()[-1]
    assert ("erreur" in last) == bool(library.errors), last


def test_escaped_surrogate_is_a_problem_not_a_crash(tmp_path, capsys):
    (tmp_path / "m.yaml").write_text('id: essai\ntitre: "\\ud800"\nactivites: []\n')
    assert main(["verifier", str(tmp_path)]) == 1
    assert "m.yaml:2:8: caractère invalide dans le texte (\\ud800)" in capsys.readouterr().out


def test_deep_nesting_and_alias_bombs_are_refused():
    report = Report("x.yaml")
    assert parse_yaml(b"a: " + b"[" * 5000 + b"]" * 5000, report) is None
    assert "trop profondément" in report.problems[0].message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 9):
        bomb += f"b{n}: &b{n} [" + ", ".join([f"*{'a' if n == 1 else 'b' + str(n - 1)}"] * 10) + "]\n"
    report = Report("x.yaml")
    assert parse_yaml(bomb.encode(), report) is None
    assert "trop d'alias" in report.problems[0].message


def test_a_file_holding_only_an_empty_value_is_an_error_not_ignored(tmp_path, capsys):
    """Found by the property above: « ~ » alone used to be dropped without a word."""
    for name, text in (("tilde.yaml", "~\n"), ("null.yaml", "null\n")):
        (tmp_path / name).write_text(text)
    assert main(["verifier", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "null.yaml:1:1: le fichier ne contient qu'une valeur vide" in out
    assert "tilde.yaml:1:1: le fichier ne contient qu'une valeur vide" in out
