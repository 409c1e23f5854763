"""Where the kit finds its bundled modules, the user's modules and its data folder."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled_content_dir", "user_content_dirs", "data_dir"]

CONTENT_ENV = "HARCELEMENT_KIT_CONTENU"
DATA_ENV = "HARCELEMENT_KIT_DONNEES"


def bundled_content_dir() -> Path:
    """The bundled quizzes/ folder: inside the installed package, or at the
    root of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "quizzes"
    if installed.is_dir():
        return installed
    return here.parent / "quizzes"


def user_content_dirs(option: list[str] | None) -> list[Path]:
    """Folders of the user's own modules: `--contenu` wins over the environment."""
    if option:
        return [Path(p) for p in option]
    env = os.environ.get(CONTENT_ENV, "")
    return [Path(p) for p in env.split(os.pathsep) if p]


def data_dir(option: str | None) -> Path:
    """The data folder (tally, settings): `--donnees`, the environment, or the
    platform's user data folder."""
    if option:
        return Path(option)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("harcelement-kit", appauthor=False))
