"""Issue 12, failures 1 and 11: counts are bounded on import, in the store and on the
phone page; oversized or container-heavy bundles are refused before parsing."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.exchange import ImportRefused, export_bundle, import_file
from harcelement_kit.tally.store import Store, StoreError

from tally_helpers import current_state, rebundle, seance


def _bundle_with_count(tmp_path, n: int, participants: int = 3):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(participants=participants, modules=("qcm",)))
        laptop.set_count(s.id, "qcm", "numero-unique", 0, 0, 1)
        raw = export_bundle(laptop)

    def change(body):
        body["seances"][0]["counts"] = [["qcm", "numero-unique", 0, 0, n]]

    path = tmp_path / f"compte-{n}.json"
    path.write_bytes(rebundle(raw, change))
    return path


@pytest.mark.parametrize("n", [10**12, 2**62, 2**63, 4])
def test_a_count_larger_than_the_participants_is_refused_with_its_place(tmp_path, capsys, n):
    path = _bundle_with_count(tmp_path, n)
    data = str(tmp_path / "coord")
    assert main(["--donnees", data, "importer", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"refusé : {path.name}, séance 1 : compte qcm/numero-unique question 1 réponse 1 : " in err
    assert "pour 3 participants (attendu : au plus 3)" in err
    assert "Traceback" not in err
    with Store(tmp_path / "coord") as coord:
        assert current_state(coord) == []
    assert main(["--donnees", data, "bilan"]) == 0
    assert "1 000 000 000" not in capsys.readouterr().out


@pytest.mark.parametrize("field,value", [("version", 2**63), ("version", 10**7)])
def test_huge_versions_and_indexes_are_refused_not_overflowed(tmp_path, field, value):
    path = _bundle_with_count(tmp_path, 1)
    path.write_bytes(rebundle(path.read_bytes(), lambda b: b["seances"][0].update({field: value})))
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    assert "numéro de version invalide" in str(refused.value)


def test_question_numbers_beyond_any_module_are_refused(tmp_path):
    path = _bundle_with_count(tmp_path, 1)
    path.write_bytes(
        rebundle(path.read_bytes(), lambda b: b["seances"][0].update(counts=[["qcm", "numero-unique", 2**63, 0, 1]]))
    )
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    assert "question : 9223372036854775808 est hors des bornes" in str(refused.value)


def test_the_store_itself_refuses_counts_beyond_the_participants(tmp_path):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(participants=3))
        store.set_count(s.id, "qcm", "numero-unique", 0, 0, 2)
        with pytest.raises(StoreError, match="plus de réponses que de participants"):
            store.set_count(s.id, "qcm", "numero-unique", 0, 1, 4)
        with pytest.raises(StoreError, match="plus de réponses que de participants"):
            store.add_count(s.id, "qcm", "numero-unique", 0, 0, 2)  # 2 + 2 > 3
        with pytest.raises(StoreError, match="plus de réponses que de participants"):
            store.add_counts(s.id, "qcm", "numero-unique", 1, [2**62, 0])
        store.set_count(s.id, "qcm", "numero-unique", 1, 0, 3)  # another question: its own 3
        row = store.conn.execute("SELECT row FROM seances WHERE id = ?", (s.id,)).fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):  # even plain SQL cannot bypass it
            store.conn.execute("UPDATE counts SET n = 1099511627776 WHERE seance_row = ?", (row,))
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE seances SET participants = 2 WHERE row = ?", (row,))
        assert store.get(s.id).counts == {("qcm", "numero-unique", 0, 0): 2, ("qcm", "numero-unique", 1, 0): 3}


def test_a_bundle_over_20_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "gros.json"
    with open(path, "wb") as f:
        f.write(b'{"format": "harcelement-kit/export", "x": "')
        f.truncate(21 * 1024 * 1024)
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed"))
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    assert "fichier de 21 Mo, trop gros pour un export de séances (au plus 20 Mo)" in str(refused.value)


def test_a_bundle_of_millions_of_empty_objects_is_refused_with_bounded_memory(tmp_path):
    """The 189 MB `[{},{},…]` of the issue took 5 GB: the same shape, under the size limit."""
    path = tmp_path / "vide.json"
    path.write_bytes(b'{"format": "harcelement-kit/export", "seances": [' + b"{}," * 6_000_000 + b"{}]}")
    size = path.stat().st_size
    assert 17 * 1024 * 1024 < size < 20 * 1024 * 1024
    tracemalloc.start()
    try:
        with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
            import_file(coord, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "objets ou listes JSON, bien plus qu'un export de séances" in str(refused.value)
    assert peak < 3 * size  # the file once, never its ~25× parsed form


def test_the_189_mb_bundle_of_the_issue_is_refused_before_parsing_with_bounded_memory(tmp_path):
    """The issue's file, at its real size: 189 MB of `[{},{},…]` took 5 GB before being
    refused. Written in chunks (the test never holds it); the kit runs in a child process
    whose peak memory (ru_maxrss, from wait4) is read back."""
    import subprocess
    import sys

    from kit_process import clean_env, kit_command

    path = tmp_path / "vide-189.json"
    chunk = b"{}," * (1024 * 1024)
    with open(path, "wb") as f:
        f.write(b'{"format": "harcelement-kit/export", "format_version": 2, "seances": [')
        for _ in range(63):  # 63 × 3 MiB
            f.write(chunk)
        f.write(b"{}]}")
    size = path.stat().st_size
    assert size > 189 * 1024 * 1024
    # A small Python starts the kit and reads its peak with wait4: a child forked from pytest
    # itself would count pytest's memory too (Linux keeps the pre-exec peak).
    measure = (
        "import os, subprocess, sys\n"
        "child = subprocess.Popen(sys.argv[1:])\n"
        "_, status, usage = os.wait4(child.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-P",
            "-c",
            measure,
            *kit_command(),
            "--donnees",
            str(tmp_path / "coord"),
            "importer",
            str(path),
        ],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp_path,
        timeout=120,
    )
    code, maxrss = map(int, done.stdout.split())
    err = done.stderr
    assert code == 1
    assert "fichier de 189 Mo, trop gros pour un export de séances (au plus 20 Mo)" in err.replace("\u00a0", " ")
    assert "Traceback" not in err
    peak = maxrss * 1024  # kilobytes on Linux
    # the interpreter and the kit (~32 MiB), never the file (221 MiB when it was read first)
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_a_csv_of_too_many_lines_is_refused_before_parsing(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b"date,structure\n" + b"x,y\n" * 30_000)
    with Store(tmp_path / "coord") as coord, pytest.raises(ImportRefused) as refused:
        import_file(coord, path)
    assert "30 001 lignes, trop pour un fichier de séances" in str(refused.value).replace("\u00a0", " ")


async def test_the_phone_page_takes_no_more_phones_than_participants(tmp_path):
    """The API bound: one phone per participant, one answer per phone and question."""
    from live_helpers import Phone, bundled_module, open_room
    from harcelement_kit.tally.records import check_seance
    from live_helpers import TODAY

    store = Store(tmp_path)
    s = store.add_seance(
        check_seance(dict(date=TODAY, structure="afev", action="atelier", lieu="lycee", participants=3), today=TODAY)
    )
    room = await open_room(store, s.id, *bundled_module("qcm"))
    phones = [Phone(room) for _ in range(4)]
    try:
        statuses = [(await p.join())[0] for p in phones]
        assert statuses == [200, 200, 200, 403]
        room.session.open(0)
        for p in phones:
            await p.answer(0, 1)
        room.session.close()
        assert store.get(s.id).counts == {("qcm", room.questions[0].activity, 0, 1): 3}
    finally:
        for p in phones:
            await p.close()
        await room.stop()
        store.close()


def test_a_store_from_before_the_bounds_says_which_seances_are_impossible(tmp_path, capsys):
    """The issue's 2⁶² counts, stored by a kit without bounds: the bilan names them in
    French instead of failing with « integer overflow »."""
    data = tmp_path / "d"
    with Store(data) as store:
        ids = [store.add_seance(seance(participants=3, modules=("qcm",))).id for _ in range(2)]
        for trigger in (
            "counts_bounded_i",
            "counts_bounded_u",
            "counts_question_bounded_i",
            "counts_question_bounded_u",
        ):  # as an older kit's store had none
            store.conn.execute(f"DROP TRIGGER {trigger}")
        for s in ids:
            store.set_count(s, "qcm", "numero-unique", 0, 0, 2**62)
    assert main(["--donnees", str(data), "bilan"]) == 1
    err = capsys.readouterr().err
    assert "des séances ont plus de réponses que de participants" in err
    assert all(s[:8] in err for s in ids) and "Traceback" not in err and "overflow" not in err


async def test_raising_the_participants_during_the_seance_lets_a_latecomer_in(tmp_path):
    from live_helpers import TODAY, Phone, bundled_module, open_room
    from harcelement_kit.tally.records import check_seance

    store = Store(tmp_path)
    s = store.add_seance(
        check_seance(
            dict(date=TODAY, structure="afev", action="atelier", lieu="lycee", participants=1, duree_minutes=60),
            today=TODAY,
        )
    )
    room = await open_room(store, s.id, *bundled_module("qcm"))
    phones = [Phone(room) for _ in range(2)]
    try:
        assert (await phones[0].join())[0] == 200
        status, page, _ = await phones[1].join()
        assert status == 403 and "corriger le nombre de participants" in page
        store.conn.execute("UPDATE seances SET participants = 2 WHERE id = ?", (s.id,))
        assert (await phones[1].join())[0] == 200
    finally:
        for p in phones:
            await p.close()
        await room.stop()
        store.close()
