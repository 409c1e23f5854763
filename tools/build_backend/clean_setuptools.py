"""setuptools, but never from a stale build/ folder.

setuptools copies the modules into build/lib and packs that folder whole: a
module deleted from the sources but left in build/lib from an earlier build would
ship in the next wheel. This backend empties build/ before every wheel, so that a
wheel holds exactly the sources of the day. (pyproject.toml: build-backend.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the rest of the PEP 517 interface, unchanged)


def _clean() -> None:
    shutil.rmtree(Path("build"), ignore_errors=True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _clean()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _clean()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
