"""The kit in a child process, exactly as an animateur runs it: the INSTALLED
`harcelement-kit` command (or `python -P -m harcelement_kit`), in a clean
environment, never the source checkout.

Why: `-P` given to pytest is not inherited by child processes, and a child
started in the checkout would import `harcelement_kit` from the source folder
(without its bundled quizzes, with whatever is half-edited). Every test that
starts the kit in a subprocess goes through this module.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

__all__ = ["kit_command", "clean_env", "run_kit", "popen_kit", "run_python", "seance_argv", "CHECKOUT"]

CHECKOUT = Path(__file__).resolve().parent.parent

# Variables a child may inherit: what a shell gives any program, nothing of
# Python's (PYTHONPATH, PYTHONSAFEPATH…) nor of the kit's (HARCELEMENT_KIT_*).
_KEPT = ("PATH", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "COMSPEC", "PATHEXT", "WINDIR")
_home: str | None = None


def _fresh_home() -> str:
    """One empty home for the whole test session: the kit's default folders
    (platformdirs) land there, never in the real user's."""
    global _home
    if _home is None:
        _home = tempfile.mkdtemp(prefix="harcelement-kit-home-")
        atexit.register(shutil.rmtree, _home, ignore_errors=True)
    return _home


def kit_command() -> list[str]:
    """The installed entry point next to this Python, else `python -P -m`."""
    exe = shutil.which("harcelement-kit", path=sysconfig.get_path("scripts"))
    if exe:
        return [exe]
    return [sys.executable, "-P", "-m", "harcelement_kit"]


def clean_env(extra: dict | None = None) -> dict:
    """A minimal environment: PATH and temp folders kept, a fresh HOME, UTF-8,
    then `extra` on top."""
    env = {k: os.environ[k] for k in _KEPT if k in os.environ}
    home = _fresh_home()
    env.update(
        HOME=home,
        USERPROFILE=home,
        XDG_DATA_HOME=os.path.join(home, "data"),
        XDG_CONFIG_HOME=os.path.join(home, "config"),
        XDG_CACHE_HOME=os.path.join(home, "cache"),
        APPDATA=os.path.join(home, "appdata"),
        LOCALAPPDATA=os.path.join(home, "localappdata"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra or {})
    return env


def _cwd(cwd) -> str:
    # Never the checkout: a child started there could pick up the source folder.
    return str(cwd) if cwd is not None else _fresh_home()


def run_kit(
    *args: str,
    env: dict | None = None,
    cwd=None,
    input: str | None = None,
    timeout: float = 60,
    check: bool = False,
    **kwargs,
) -> subprocess.CompletedProcess:
    """`harcelement-kit ARGS…` run to the end; stdout/stderr as text. `kwargs` go to
    subprocess.run (e.g. user= to run as another account)."""
    return subprocess.run(
        [*kit_command(), *map(str, args)],
        capture_output=True,
        text=True,
        env=clean_env(env),
        cwd=_cwd(cwd),
        input=input,
        timeout=timeout,
        check=check,
        **kwargs,
    )


def popen_kit(*args: str, env: dict | None = None, cwd=None, **kwargs) -> subprocess.Popen:
    """`harcelement-kit ARGS…` started; the caller talks to it and waits."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    kwargs.setdefault("text", True)
    return subprocess.Popen([*kit_command(), *map(str, args)], env=clean_env(env), cwd=_cwd(cwd), **kwargs)


def seance_argv(
    *,
    participants: int = 30,
    lieu: str = "college",
    structure: str = "afev",
    action: str = "atelier",
    modules: tuple[str, ...] = (),
) -> list[str]:
    """The arguments of `seance ajouter` for a new séance, as an animateur types them:
    each test names only what it is about (the size of the class, a module, a structure
    written its own way) and puts `--donnees`/`--contenu` before, `--duree`… after."""
    argv = ["seance", "ajouter", "--structure", structure, "--action", action, "--lieu", lieu]
    argv += ["--participants", str(participants)]
    for module in modules:
        argv += ["--module", module]
    return argv


def run_python(
    code: str, env: dict | None = None, tests_on_path: bool = False, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -P -c CODE` with this venv's Python: the installed package only.
    `tests_on_path` puts tests/ (the helpers, not the source) on sys.path."""
    extra = dict(env or {})
    if tests_on_path:
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n" + code
    return subprocess.run(
        [sys.executable, "-P", "-c", code],
        capture_output=True,
        text=True,
        env=clean_env(extra),
        cwd=_fresh_home(),
        timeout=timeout,
    )
