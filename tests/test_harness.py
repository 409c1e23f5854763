"""The test harness itself: child processes run the installed kit, never the checkout."""

from __future__ import annotations

from pathlib import Path

import harcelement_kit
from kit_process import CHECKOUT, clean_env, kit_command, run_kit, run_python


def test_this_session_imports_the_installed_package():
    assert Path(harcelement_kit.__file__).resolve().parent != CHECKOUT / "harcelement_kit"


def test_a_child_started_in_the_checkout_still_imports_the_installed_package():
    result = run_python("import harcelement_kit, os; print(os.path.dirname(harcelement_kit.__file__))")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == Path(harcelement_kit.__file__).resolve().parent
    assert "-P" in kit_command() or Path(kit_command()[0]).name.startswith("harcelement-kit")


def test_the_child_environment_is_clean(monkeypatch, tmp_path):
    monkeypatch.setenv("HARCELEMENT_KIT_DONNEES", str(tmp_path / "ne-pas-utiliser"))
    monkeypatch.setenv("PYTHONPATH", str(CHECKOUT))
    env = clean_env()
    assert "HARCELEMENT_KIT_DONNEES" not in env and "PYTHONPATH" not in env
    result = run_kit("--donnees", tmp_path / "d", "seance", "liste", cwd=CHECKOUT)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "ne-pas-utiliser").exists()


def test_no_test_starts_the_kit_from_the_source_folder():
    """Every child process that runs the kit goes through kit_process (the installed
    entry point or python -P, a clean environment): no bare `python -m harcelement_kit`
    nor `python -c` without -P anywhere else in the tests."""
    import re

    tests = Path(__file__).parent
    offenders = []
    for source in sorted(tests.glob("*.py")):
        if source.name in ("kit_process.py", "test_harness.py"):
            continue
        text = source.read_text(encoding="utf-8")
        for pattern in (r'"-m",\s*"harcelement_kit"', r'sys\.executable,\s*"-c"'):
            offenders += [f"{source.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []
