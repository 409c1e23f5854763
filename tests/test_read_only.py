"""A data folder that cannot be written (a shared laptop, a write-protected USB
stick): what only reads works, what writes says so, and nothing changes on disk.

As a normal user the folder is made read-only with chmod. As root (CI) chmod
stops nothing, so the folder and its files get the immutable attribute
(chattr +i: root cannot write them either) or, where the file system has no such
attribute, the kit runs as the unprivileged account « nobody ». The UI test, in this process, sees the
folder as a read-only medium (os.access says so, as on a locked USB stick) and
checks that not one byte of the store changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from harcelement_kit.tally.store import Store
from kit_process import run_kit
from tally_helpers import seance
from tui_helpers import build_app, new_seance, screen_text

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def _chattr(flag: str, *paths: Path) -> bool:
    chattr = shutil.which("chattr")
    return bool(chattr) and subprocess.run([chattr, flag, *map(str, paths)], capture_output=True).returncode == 0


def _lock(base: Path, data: Path) -> dict:
    """Make `data` unwritable for the kit; the subprocess options that go with it."""
    data.chmod(0o555)
    for f in data.iterdir():
        f.chmod(0o444)
    if not IS_ROOT:
        return {}
    if _chattr("+i", *data.iterdir(), data):
        return {}
    if run_kit("--version", cwd=base, env={"HOME": str(base)}, user=NOBODY).returncode == 0:
        return {"user": NOBODY}
    pytest.skip(
        "en root, ni « chattr +i » ni le compte nobody ne sont possibles ici : le dossier "
        "ne peut pas être rendu illisible en écriture (voir les tests simulés plus bas)"
    )


def _snapshot(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def locked():
    """(data folder with 2 séances, made unwritable; a writable folder for outputs;
    run(*args) running the kit as someone who cannot write the data folder)."""
    base = Path(tempfile.mkdtemp(prefix="kit-lecture-seule-"))
    base.chmod(0o755)  # « nobody » must reach it
    data, out = base / "donnees", base / "sorties"
    with Store(data) as store:
        store.add_seance(seance(participants=21))
        store.add_seance(seance(participants=13, modules=("qcm",)))
    out.mkdir()
    out.chmod(0o777)
    before = _snapshot(data)
    try:
        extra = _lock(base, data)

        def run(*args):
            return run_kit("--donnees", data, *args, cwd=base, env={"HOME": str(base)}, **extra)

        yield data, out, run
        assert _snapshot(data) == before, "the read-only folder changed"
    finally:
        _chattr("-i", data, *data.iterdir())
        data.chmod(stat.S_IRWXU)
        shutil.rmtree(base)


def test_seance_liste_reads_a_folder_that_cannot_be_written(locked):
    data, _, run = locked
    result = run("seance", "liste")
    assert result.returncode == 0, result.stderr
    assert "21" in result.stdout and "13" in result.stdout
    assert "readonly" not in result.stderr and "illisible" not in result.stderr


@pytest.mark.parametrize("fmt", ["texte", "md", "csv", "pdf"])
def test_bilan_in_every_format_on_a_read_only_folder(locked, fmt):
    data, out, run = locked
    target = out / f"bilan.{fmt}"
    result = run("bilan", "--format", fmt, "-o", target)
    assert result.returncode == 0, result.stderr
    body = target.read_bytes()
    if fmt == "pdf":
        assert body.startswith(b"%PDF")
    else:
        assert "34" in body.decode("utf-8")  # 21 + 13 participants


def test_exporter_writes_an_export_that_imports_elsewhere(locked, tmp_path):
    data, out, run = locked
    result = run("exporter", "-o", out / "e.json")
    assert result.returncode == 0, result.stderr
    assert "2 séance(s) exportée(s)" in result.stdout
    imported = run_kit("--donnees", tmp_path / "coord", "importer", out / "e.json")
    assert imported.returncode == 0, imported.stderr
    with Store(tmp_path / "coord") as coord:
        assert sorted(s.participants for s in coord.seances()) == [13, 21]


@pytest.mark.parametrize(
    "command",
    [
        ["seance", "ajouter", "--structure", "afev", "--action", "atelier", "--lieu", "lycee", "--participants", "3"],
        ["importer", "EXPORT"],
    ],
)
def test_commands_that_write_say_the_folder_cannot_be_written(locked, command, tmp_path):
    data, out, run = locked
    if "EXPORT" in command:
        source = tmp_path / "autre"
        with Store(source) as store:
            store.add_seance(seance(participants=5))
        assert run_kit("--donnees", source, "exporter", "-o", out / "autre.json").returncode == 0
        os.chmod(out / "autre.json", 0o644)
        command = ["importer", str(out / "autre.json")]
    result = run(*command)
    assert result.returncode == 1
    assert f"le dossier de données « {data} » ne peut pas être écrit" in result.stderr
    assert "rien n'a été enregistré" in result.stderr and "Traceback" not in result.stderr
    assert "readonly" not in result.stderr


@pytest.fixture
def seen_read_only(tmp_path, monkeypatch) -> tuple[Path, dict]:
    """In this process: a folder with one séance of 8, seen as a read-only medium (os.access
    says it cannot be written), as root too; the folder and its bytes before the test."""
    data = tmp_path / "d"
    with Store(data) as store:
        store.add_seance(seance(participants=8))
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode & os.W_OK and Path(p).resolve().is_relative_to(data.resolve()) else real_access(p, mode, **kw)
        ),
    )
    return data, _snapshot(data)


def test_the_store_is_refused_for_writing_and_read_in_memory(seen_read_only):
    data, before = seen_read_only
    with pytest.raises(Exception, match="ne peut pas être écrit"):
        Store(data)
    with Store(data, read_only_ok=True) as store:
        assert store.read_only
        assert [s.participants for s in store.seances()] == [8]
        store.add_seance(seance(participants=99))  # in memory only
    assert _snapshot(data) == before


async def test_the_ui_on_a_read_only_folder_says_nothing_will_be_saved(seen_read_only):
    data, before = seen_read_only
    app = build_app(data, read_only_ok=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "lecture seule : rien ne sera enregistré" in screen_text(app)
        await new_seance(pilot, 0, "classe")  # the séance runs…
        await pilot.press("n", "3")
        await pilot.pause()
    assert _snapshot(data) == before  # …and nothing reached the disk


def test_a_read_only_medium_signs_exports_with_a_key_of_the_moment(tmp_path, monkeypatch):
    """A write-protected USB stick answers EROFS (not « permission denied »): the export is
    signed all the same, by a key made for this command only, and nothing is written."""
    import errno

    from harcelement_kit.tally import signing

    def read_only_medium(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(signing.os, "open", read_only_medium)
    key = signing.poste_key(tmp_path)
    assert key.temporary
    assert list(tmp_path.iterdir()) == []
