"""The content cache: the UI starts on exactly what the YAML files say, without parsing them."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harcelement_kit import cli
from harcelement_kit.content import loader
from harcelement_kit.content.cache import CACHE_FILENAME, cached_library
from harcelement_kit.content.rules import stale_date, stale_from
from harcelement_kit.paths import bundled_content_dir
from tui_helpers import screen_text

TODAY = datetime.date(2026, 6, 1)

CARD = """\
    id: perso
    titre: Atelier {titre}
    activites:
      - id: carte
        type: info
        texte: Une carte.
        source: Éducation nationale
        verifie_le: {verifie_le}
"""


def _module(folder: Path, titre: str = "Alpha", verifie_le: str = "2025-06-10") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "perso.yaml"
    path.write_text(textwrap.dedent(CARD.format(titre=titre, verifie_le=verifie_le)), encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path):
    """The bundled modules plus a user folder with one module, and a data folder for the cache."""
    user = tmp_path / "perso"
    _module(user)
    return [bundled_content_dir(), user], tmp_path / "donnees"


def _refuse_parsing(monkeypatch) -> None:
    """From now on, reading the YAML files again fails the test: only the cache can answer."""
    monkeypatch.setattr(loader, "load_library", lambda *a, **k: pytest.fail("the YAML files were parsed again"))


def _count_parsing(monkeypatch) -> list:
    """The days on which the YAML files are read again from now on."""
    real_load, days = loader.load_library, []

    def counting(paths, today=None, **kwargs):
        days.append(today)
        return real_load(paths, today=today, **kwargs)

    monkeypatch.setattr(loader, "load_library", counting)
    return days


def _same(cached, parsed) -> None:
    assert cached == parsed
    assert [m.source for m in cached.modules.values()] == [m.source for m in parsed.modules.values()]
    assert cached.module_files == parsed.module_files


def test_the_second_start_reads_the_cache_and_gets_the_same_library(content, monkeypatch):
    paths, data = content
    first = cached_library(paths, data, TODAY)
    parsed = loader.load_library(paths, today=TODAY)
    _same(first, parsed)
    assert (data / CACHE_FILENAME).is_file()
    _refuse_parsing(monkeypatch)
    second = cached_library(paths, data, TODAY)
    _same(second, parsed)
    assert second.modules["perso"].titre == "Atelier Alpha"
    assert second.modules["perso"].activites[0].verifie_le == datetime.date(2025, 6, 10)


@pytest.mark.parametrize(
    "titre, later_ns",
    [("Bravo", 0), ("Delta", 1_000_000_000)],
    ids=["same-size-and-time", "same-size-new-time"],
)
def test_a_module_edited_to_the_same_size_is_read_again(content, titre, later_ns):
    paths, data = content
    path = paths[1] / "perso.yaml"
    cached_library(paths, data, TODAY)
    stat = path.stat()
    _module(paths[1], titre=titre)  # same length as « Alpha »
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + later_ns))
    assert path.stat().st_size == stat.st_size
    assert cached_library(paths, data, TODAY).modules["perso"].titre == f"Atelier {titre}"


def test_a_new_or_removed_file_is_seen(content):
    paths, data = content
    cached_library(paths, data, TODAY)
    (paths[1] / "autre.yaml").write_text(
        (paths[1] / "perso.yaml").read_text(encoding="utf-8").replace("id: perso", "id: autre"), encoding="utf-8"
    )
    assert {"perso", "autre"} <= set(cached_library(paths, data, TODAY).modules)
    (paths[1] / "perso.yaml").unlink()
    modules = cached_library(paths, data, TODAY).modules
    assert "autre" in modules and "perso" not in modules


def test_content_with_errors_is_never_cached_and_is_read_at_each_start(content):
    paths, data = content
    path = paths[1] / "perso.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: info", "type: carte"), encoding="utf-8")
    library = cached_library(paths, data, TODAY)
    assert "perso" not in library.modules
    assert [p.line for p in library.errors] == [5]
    assert not (data / CACHE_FILENAME).exists()
    _module(paths[1])  # fixed
    assert cached_library(paths, data, TODAY).modules["perso"].titre == "Atelier Alpha"


def test_the_date_checks_are_redone_the_day_a_date_becomes_stale(content, monkeypatch):
    """Verified on 10/06/2025: fresh until 10/06/2026 included, stale from the 11th."""
    user, data = content[0][1], content[1]
    paths = [user]  # the only date is the card's
    assert not cached_library(paths, data, TODAY).warnings
    parsed_on = _count_parsing(monkeypatch)
    assert not cached_library(paths, data, datetime.date(2026, 6, 10)).warnings
    assert parsed_on == []
    stale = cached_library(paths, data, datetime.date(2026, 6, 11))
    assert parsed_on == [datetime.date(2026, 6, 11)]
    assert [(Path(p.file).name, p.line, p.warning) for p in stale.warnings] == [("perso.yaml", 8, True)]
    _refuse_parsing(monkeypatch)
    again = cached_library(paths, data, datetime.date(2026, 9, 1))  # the warning comes from the cache
    assert again.warnings == stale.warnings
    assert str(again.warnings[0]) == str(stale.warnings[0])
    assert "vérifié le 10/06/2025" in str(again.warnings[0])


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_the_cache_expires_on_the_first_day_a_date_is_stale(day):
    first = stale_from(day)
    assert stale_date(day, first) and not stale_date(day, first - datetime.timedelta(days=1))


def test_a_clock_set_back_reads_the_files_again(content, monkeypatch):
    paths, data = content
    cached_library(paths, data, TODAY)
    parsed = _count_parsing(monkeypatch)
    cached_library(paths, data, TODAY - datetime.timedelta(days=1))
    assert parsed == [TODAY - datetime.timedelta(days=1)]


def _forge(cache_file: Path, payload: bytes) -> None:
    """Replace the payload and its checksum, as someone editing the cache by hand would."""
    header = json.loads(cache_file.read_bytes().split(b"\n", 1)[0])
    header["somme"] = hashlib.sha256(payload).hexdigest()
    cache_file.write_bytes(json.dumps(header).encode() + b"\n" + payload)


DAMAGE = {
    "truncated": lambda f: f.write_bytes(f.read_bytes()[:500]),
    "not json": lambda f: f.write_bytes(b"\x00\xff garbage"),
    "empty": lambda f: f.write_bytes(b""),
    "edited title": lambda f: f.write_bytes(f.read_bytes().replace(b"Atelier Alpha", b"Atelier Pirat")),
    "unknown class": lambda f: _forge(f, b'{"@":"system","cmd":"rm -rf /"}'),
    "wrong fields": lambda f: _forge(f, b'{"@":"Library","modules":{"@dict":[]},"pirate":1}'),
    "not a library": lambda f: _forge(f, b'{"@":"Option","texte":"x","correcte":true}'),
    "unknown tag": lambda f: _forge(f, b'{"@set":[1]}'),
    "bad header": lambda f: f.write_bytes(b'{"format": 1}\n{}'),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_cache_is_ignored_then_written_anew(content, damage, monkeypatch):
    paths, data = content
    cached_library(paths, data, TODAY)
    DAMAGE[damage](data / CACHE_FILENAME)
    library = cached_library(paths, data, TODAY)
    _same(library, loader.load_library(paths, today=TODAY))
    assert library.modules["perso"].titre == "Atelier Alpha"
    _refuse_parsing(monkeypatch)
    _same(cached_library(paths, data, TODAY), library)  # the cache was rewritten


def test_a_data_folder_that_cannot_be_written_still_starts(content, tmp_path):
    paths, _ = content
    blocked = tmp_path / "un-fichier"
    blocked.write_text("pas un dossier")
    library = cached_library(paths, blocked / "donnees", TODAY)
    assert library.modules["perso"].titre == "Atelier Alpha"
    assert list(tmp_path.glob("**/*.tmp")) == []


async def test_the_kit_started_again_shows_the_module_as_edited(tmp_path):
    """As an animateur: start the kit, edit one's module, start it again."""
    user, data = tmp_path / "perso", tmp_path / "donnees"
    _module(user)
    args = cli.build_parser().parse_args(["--contenu", str(user), "--donnees", str(data), "animer"])
    async with cli.build_app(args).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Atelier Alpha" in screen_text(pilot.app)
    assert (data / CACHE_FILENAME).is_file()
    _module(user, titre="Bravo")
    async with cli.build_app(args).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "Atelier Bravo" in text and "Atelier Alpha" not in text
