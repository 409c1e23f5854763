"""What `pip install .` builds: the right files, the metadata, the version."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import harcelement_kit
from kit_process import CHECKOUT, clean_env, run_kit

PYPROJECT = CHECKOUT / "pyproject.toml"
needs_checkout = pytest.mark.skipif(not PYPROJECT.is_file(), reason="sources absentes (sdist)")


def _tree_packages() -> set[str]:
    source = CHECKOUT / "harcelement_kit"
    found = {
        ".".join(p.parent.relative_to(CHECKOUT).parts)
        for p in source.rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    return found | {"harcelement_kit.quizzes"}


@needs_checkout
def test_the_package_list_names_every_package_of_the_tree():
    listed = set(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    assert listed == _tree_packages()


def test_the_installed_kit_says_its_version():
    result = run_kit("--version")
    assert result.returncode == 0
    assert result.stdout == f"harcelement-kit {harcelement_kit.__version__}\n"
    assert importlib.metadata.version("harcelement-kit") == harcelement_kit.__version__


def test_the_metadata_has_an_spdx_license_and_the_tested_pythons():
    meta = importlib.metadata.metadata("harcelement-kit")
    assert meta["License-Expression"] == "MIT"
    assert "LICENSE" in (meta.get_all("License-File") or [])
    classifiers = meta.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Programming Language :: Python :: 3.13" in classifiers
    assert "Natural Language :: French" in classifiers


@needs_checkout
def test_a_stale_build_folder_never_ships_a_removed_module(tmp_path):
    """A module removed from the sources but left in build/lib by an earlier
    build is not in the next wheel (the build backend empties build/)."""
    source = tmp_path / "source"
    shutil.copytree(
        CHECKOUT,
        source,
        ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", "tests", ".venv", "dist"),
    )
    stale = source / "build" / "lib" / "harcelement_kit"
    stale.mkdir(parents=True)
    (stale / "module_supprime.py").write_text("FANTOME = True\n")
    out = tmp_path / "wheels"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("harcelement_kit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "harcelement_kit/module_supprime.py" not in names
    assert "harcelement_kit/cli.py" in names and "harcelement_kit/quizzes/qcm.yaml" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    shipped = {str(Path(n).parent).replace("/", ".") for n in names if n.endswith("__init__.py")}
    assert shipped == _tree_packages() - {"harcelement_kit.quizzes"}


@needs_checkout
def test_the_readme_points_to_documents_inside_the_repository():
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert "shared/design.md" not in readme
    for target in ("docs/architecture.md", "CONTRIBUTING.md"):
        assert f"]({target})" in readme and (CHECKOUT / target).is_file()


@needs_checkout
def test_constraints_pin_every_dependency_of_pyproject():
    """A dependency added to pyproject.toml is pinned in constraints.txt too (CI installs with it)."""
    import re

    def name(requirement: str) -> str:
        return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")

    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = {name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    lines = (CHECKOUT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {name(line) for line in lines if line.strip() and not line.startswith("#")}
    assert all("==" in line for line in lines if line.strip() and not line.startswith("#"))
    assert wanted - pinned == set()
