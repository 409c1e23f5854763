"""Moving records between laptops: never a lost or doubled séance, whatever the order."""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harcelement_kit.cli import main
from harcelement_kit.tally.bilan import compute_figures, render
from harcelement_kit.tally.exchange import ImportRefused, bundle_bytes, export_bundle, import_file
from harcelement_kit.tally.records import content_hash
from harcelement_kit.tally.signing import new_key, poste_key
from harcelement_kit.tally.store import DB_NAME, SCHEMA_VERSION, Store

from harcelement_kit.faults import PAUSE_ENV
from kit_process import popen_kit, run_kit
from tally_helpers import current_state, older_store, rebundle, seance


def _export(store: Store, path) -> object:
    path.write_bytes(export_bundle(store))
    return path


def _bilan(store: Store) -> str:
    return render(compute_figures(store), None)


def _laptop(tmp_path, name: str, n: int, structure: str):
    store = Store(tmp_path / name)
    for i in range(n):
        s = store.add_seance(
            seance(structure=structure, participants=10 + i, modules=("qcm",), date=datetime.date(2025, 1, 1 + i))
        )
        store.set_count(s.id, "qcm", "numero-unique", 0, 0, 5 + i)
    return store


def test_three_laptops_any_order_any_number_of_times_same_bilan(tmp_path):
    exports = []
    for i, structure in enumerate(("unis-cite", "afev", "citeo")):
        with _laptop(tmp_path, f"poste{i}", 3 + i, structure) as laptop:
            exports.append(_export(laptop, tmp_path / f"export{i}.json"))
    orders = [[0, 1, 2], [2, 1, 0], [1, 0, 2, 0, 1], [2, 2, 2, 0, 1, 1]]
    results = []
    for k, order in enumerate(orders):
        with Store(tmp_path / f"coordination{k}") as coordinator:
            for i in order:
                import_file(coordinator, exports[i])
            results.append((_bilan(coordinator), current_state(coordinator)))
    assert all(r == results[0] for r in results)
    assert "12 séances" in results[0][0] and "12 animations ponctuelles" in results[0][0]


def test_importing_twice_is_a_no_op_and_is_journaled(tmp_path, capsys):
    with _laptop(tmp_path, "poste", 4, "afev") as laptop:
        bundle = _export(laptop, tmp_path / "e.json")
    data = str(tmp_path / "coord")
    assert main(["--donnees", data, "importer", str(bundle), str(bundle)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [lines[0], lines[2]] == [
        "e.json : 4 importées / 0 mises à jour / 0 ignorées / 0 conflits",
        "e.json : 0 importées / 0 mises à jour / 4 ignorées / 0 conflits",
    ]
    assert lines[1].startswith("  nouveau poste ") and len(lines) == 3  # pinned once, said once
    with Store(tmp_path / "coord") as store:
        journal = store.conn.execute("SELECT file_name, imported, ignored FROM import_journal").fetchall()
        assert journal == [("e.json", 4, 0), ("e.json", 0, 4)]
        with pytest.raises(sqlite3.DatabaseError, match="ajout seul"):
            store.conn.execute("DELETE FROM import_journal")


def test_same_id_and_version_with_other_content_is_a_conflict(tmp_path, capsys):
    with _laptop(tmp_path, "poste", 2, "afev") as laptop:
        original = export_bundle(laptop)
    # the same poste (its own key) sending other content under the same version
    other = rebundle(
        original, lambda body: body["seances"][0].update(participants=99), key=poste_key(tmp_path / "poste")
    )
    (tmp_path / "a.json").write_bytes(original)
    (tmp_path / "b.json").write_bytes(other)
    with Store(tmp_path / "coord") as coord:
        import_file(coord, tmp_path / "a.json")
        before = current_state(coord)
        summary = import_file(coord, tmp_path / "b.json")
        assert current_state(coord) == before
    assert (summary.imported, summary.ignored, len(summary.conflicts)) == (0, 1, 1)
    assert "même version, contenu différent ; rien n'a été changé" in summary.conflicts[0]


def test_edit_chain_imported_newest_first_keeps_the_newest(tmp_path):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(modules=("qcm",)))
        laptop.set_count(s.id, "qcm", "numero-unique", 0, 0, 5)
        a = _export(laptop, tmp_path / "a.json")
        laptop.set_count(s.id, "qcm", "numero-unique", 0, 0, 7)  # after export: version 2
        b = _export(laptop, tmp_path / "b.json")
        laptop.set_count(s.id, "qcm", "numero-unique", 0, 1, 3)  # version 3
        c = _export(laptop, tmp_path / "c.json")
        final = current_state(laptop)
    assert final[0][1] == 3
    with Store(tmp_path / "coord") as coord:
        for bundle in (c, b, a):
            summary = import_file(coord, bundle)
        assert current_state(coord) == final
        assert (summary.updated, summary.ignored, summary.conflicts) == (0, 1, [])
        assert coord.conn.execute("SELECT COUNT(*) FROM seances").fetchone()[0] == 3  # history kept
    with Store(tmp_path / "coord2") as coord:
        for bundle in (a, c, b):
            import_file(coord, bundle)
        assert current_state(coord) == final


def test_tombstone_is_never_resurrected(tmp_path):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance())
        before = _export(laptop, tmp_path / "avant.json")
        laptop.delete(s.id)
        after = _export(laptop, tmp_path / "apres.json")
    for order in ((before, after), (after, before), (after, before, before)):
        with Store(tmp_path / f"coord{len(order)}{order[0].stem}") as coord:
            for bundle in order:
                import_file(coord, bundle)
            assert compute_figures(coord).seances == 0
            assert current_state(coord)[0][2] == 1  # the tombstone is current


def test_deleting_locally_then_importing_the_old_export_does_not_bring_it_back(tmp_path):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance())
        bundle = _export(laptop, tmp_path / "e.json")
        laptop.delete(s.id)
        summary = import_file(laptop, bundle)
        assert summary.ignored == 1 and laptop.seances() == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw.replace(b'"participants": 10', b'"participants": 11', 1),  # altered
        lambda raw: raw.replace(b'"sha256": "', b'"sha256": "0', 1),  # wrong checksum
        lambda raw: b"",
        lambda raw: b"\x00\xff" * 10,
    ],
)
def test_damaged_bundle_is_refused_whole(tmp_path, damage):
    with _laptop(tmp_path, "poste", 3, "afev") as laptop:
        raw = export_bundle(laptop)
    path = tmp_path / "abime.json"
    path.write_bytes(damage(raw))
    with Store(tmp_path / "coord") as coord:
        with pytest.raises(ImportRefused):
            import_file(coord, path)
        assert coord.conn.execute("SELECT COUNT(*) FROM seances").fetchone()[0] == 0
        assert coord.conn.execute("SELECT COUNT(*) FROM import_journal").fetchone()[0] == 0


def test_bundle_with_one_invalid_record_is_refused_with_a_reason(tmp_path, capsys):
    with _laptop(tmp_path, "poste", 3, "afev") as laptop:
        raw = export_bundle(laptop)
    bad = rebundle(raw, lambda body: body["seances"][2].update(action="pique-nique", participants=-1))
    (tmp_path / "mauvais.json").write_bytes(bad)
    assert main(["--donnees", str(tmp_path / "coord"), "importer", str(tmp_path / "mauvais.json")]) == 1
    err = capsys.readouterr().err
    assert "refusé : mauvais.json, séance 3 : action : « pique-nique » n'est pas possible" in err
    assert "participants : -1 est négatif" in err


@pytest.mark.parametrize(
    "key, message",
    [
        ("sensitive", "liste des activités sensibles invalide"),
        ("plusieurs", "liste des activités à plusieurs réponses invalide"),
    ],
)
@pytest.mark.parametrize("pair", [["qcm", "Quiz 1"], ["qcm"], ["qcm", 3], "qcm"])
def test_a_malformed_activity_in_a_list_of_activities_is_refused_in_french(tmp_path, capsys, key, message, pair):
    with _laptop(tmp_path, "poste", 1, "afev") as laptop:
        raw = export_bundle(laptop)
    good = rebundle(raw, lambda body: body["seances"][0].update({key: [["qcm", "quiz-1"]]}))
    (tmp_path / "bon.json").write_bytes(good)
    assert main(["--donnees", str(tmp_path / "other"), "importer", str(tmp_path / "bon.json")]) == 0
    bad = rebundle(raw, lambda body: body["seances"][0].update({key: [["qcm", "quiz-1"], pair]}))
    (tmp_path / "mauvais.json").write_bytes(bad)
    assert main(["--donnees", str(tmp_path / "coord"), "importer", str(tmp_path / "mauvais.json")]) == 1
    err = capsys.readouterr().err
    assert f"refusé : mauvais.json, séance 1 : {message}" in err
    assert "Traceback" not in err


def test_csv_import_is_idempotent_and_refuses_bad_rows_whole(tmp_path):
    good = (
        "date;structure;action;lieu;etablissement;participants;duree_minutes;niveau\n"
        "12/03/2025;afev;cine-debat;lycee;Lycée Jean Moulin;30;120;2nde\n"
        "12/03/2025;afev;cine-debat;lycee;Lycée Jean Moulin;30;120;2nde\n"
    )
    (tmp_path / "s.csv").write_text(good, encoding="cp1252")
    with Store(tmp_path / "coord") as coord:
        assert import_file(coord, tmp_path / "s.csv").imported == 2  # two identical séances
        assert import_file(coord, tmp_path / "s.csv").ignored == 2
        (tmp_path / "bad.csv").write_text(good + "32/03/2025;afev;cine-debat;lycee;X;-2;120;2nde\n")
        with pytest.raises(ImportRefused) as refused:
            import_file(coord, tmp_path / "bad.csv")
        assert "ligne 4 : date : « 32/03/2025 » n'est pas une date possible" in str(refused.value)
        assert "ligne 4 : participants : -2 est négatif" in str(refused.value)
        assert len(coord.seances()) == 2
        (tmp_path / "cols.csv").write_text("date,structure,nom\n")
        with pytest.raises(ImportRefused, match="colonnes manquantes : action, lieu.*colonnes inconnues : nom"):
            import_file(coord, tmp_path / "cols.csv")


# -- property: any order, any duplication ---------------------------------------------


@st.composite
def laptop_histories(draw):
    """Per laptop, a list of steps: add a séance, count answers, delete, export."""
    laptops = draw(st.integers(1, 3))
    return [
        draw(st.lists(st.sampled_from(["ajout", "compte", "suppression", "export"]), min_size=1, max_size=12))
        for _ in range(laptops)
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(histories=laptop_histories(), data=st.data())
def test_any_order_and_duplication_of_bundles_gives_the_same_bilan(tmp_path_factory, histories, data):
    root = tmp_path_factory.mktemp("prop")
    bundles = []
    for n, steps in enumerate(histories):
        with Store(root / f"poste{n}") as laptop:
            for i, step in enumerate(steps + ["export"]):
                live = laptop.seances()
                if step == "ajout" or not live:
                    laptop.add_seance(seance(participants=400 + i, modules=("qcm",)))  # ≥ 12 counts of 30
                elif step == "compte":
                    target = live[data.draw(st.integers(0, len(live) - 1))]
                    laptop.add_count(
                        target.id,
                        "qcm",
                        "numero-unique",
                        0,
                        data.draw(st.integers(0, 2)),
                        data.draw(st.integers(1, 30)),
                    )
                elif step == "suppression":
                    laptop.delete(live[data.draw(st.integers(0, len(live) - 1))].id)
                if step == "export":
                    bundles.append(_export(laptop, root / f"b{len(bundles)}.json"))
    reference_order = list(range(len(bundles)))
    shuffled = data.draw(st.permutations(reference_order))
    duplicated = shuffled + data.draw(st.lists(st.sampled_from(reference_order), max_size=4))
    states = []
    for k, order in enumerate((reference_order, duplicated)):
        with Store(root / f"coord{k}") as coord:
            for i in order:
                summary = import_file(coord, bundles[i])
                assert summary.conflicts == []
            states.append((_bilan(coord), current_state(coord)))
    assert states[0] == states[1]


# -- processes ------------------------------------------------------------------------


def _big_bundle(path, n: int) -> None:
    records = []
    for i in range(n):
        s = seance(participants=6 + i % 30, modules=("qcm",))  # counts add up to 6
        s = type(s)(**{**s.__dict__, "counts": {("qcm", "numero-unique", 0, o): o + 1 for o in range(3)}})
        records.append(s)
    path.write_bytes(bundle_bytes(records, "0f7c2d4e-0000-4000-8000-00000000b16b", key=new_key()))


def _kit(data, *args):
    return popen_kit("--donnees", str(data), *args)


def test_two_importers_started_together_leave_no_duplicate(tmp_path):
    bundles = []
    for i in range(3):
        with _laptop(tmp_path, f"poste{i}", 20, "afev") as laptop:
            bundles.append(str(_export(laptop, tmp_path / f"e{i}.json")))
    Store(tmp_path / "coord").close()
    first, second = (
        _kit(tmp_path / "coord", "importer", *bundles),
        _kit(tmp_path / "coord", "importer", *reversed(bundles)),
    )
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    with Store(tmp_path / "coord") as coord:
        assert coord.conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM seances").fetchone() == (60, 60)
        assert len(coord.seances()) == 60
    imported = sum(
        int(line.split(" : ")[1].split()[0])
        for out, _ in outputs
        for line in out.splitlines()
        if not line.startswith(" ")
    )  # indented: notes (a new poste pinned)
    assert imported == 60


def test_killed_importer_leaves_the_store_as_it_was(tmp_path):
    """Killed inside the import's transaction (at a test-only pause point, after
    every record is written, before the commit): the store is as it was."""
    data = tmp_path / "coord"
    with Store(data) as store:
        store.add_seance(seance())
        before = current_state(store)
    big = tmp_path / "gros.json"
    _big_bundle(big, 2_000)
    paused = tmp_path / "pause-atteinte"
    process = popen_kit("--donnees", data, "importer", big, env={PAUSE_ENV: f"import:{paused}"})
    deadline = time.monotonic() + 120
    while not paused.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert paused.exists(), process.communicate()
    assert process.poll() is None  # paused inside the open transaction
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with Store(data) as store:
        assert current_state(store) == before
        assert store.conn.execute("SELECT COUNT(*) FROM import_journal").fetchone()[0] == 0
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the same file, without the pause, imports whole: the pause point was the only thing that stopped it
    result = run_kit("--donnees", data, "importer", big)
    assert result.returncode == 0, result.stderr
    with Store(data) as store:
        assert len(store.seances()) == 2_001


# -- schema migration -------------------------------------------------------------------


def test_older_store_migrates_and_keeps_a_backup(tmp_path):
    data = tmp_path / "donnees"
    data.mkdir()
    older_store(data, 1, "0f7c2d4e-0000-4000-8000-000000000001", participants=22, etablissement="Collège A")
    with Store(data) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert [s.participants for s in store.seances()] == [22]
        assert store.conn.execute("SELECT COUNT(*) FROM import_journal").fetchone()[0] == 0
    backup = data / "comptage.avant-migration-v1.sqlite3"
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT participants FROM seances").fetchall() == [(22,)]
    assert old.execute("SELECT name FROM sqlite_master WHERE name = 'import_journal'").fetchall() == []


def test_store_of_schema_2_gets_essai_and_progress_and_keeps_its_seances(tmp_path):
    from harcelement_kit.tally.meeting import open_seances

    data = tmp_path / "donnees"
    data.mkdir()
    older_store(
        data, 2, "0f7c2d4e-0000-4000-8000-000000000002", participants=22, etablissement="Collège A", modules="qcm"
    )
    with Store(data) as store:
        [kept] = store.seances()
        assert (kept.participants, kept.essai, kept.modules) == (22, False, ("qcm",))
        assert open_seances(store, datetime.date(2025, 1, 10)) == []  # an old séance is not open
        assert "1 séance" in _bilan(store)
    old = sqlite3.connect(data / "comptage.avant-migration-v2.sqlite3")
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2


def test_store_from_a_newer_kit_is_refused_in_french(tmp_path, capsys):
    data = tmp_path / "d"
    Store(data).close()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert main(["--donnees", str(data), "seance", "liste"]) == 1
    assert "vient d'une version plus récente du kit" in capsys.readouterr().err


def test_exported_version_never_changes_afterwards(tmp_path):
    with Store(tmp_path) as store:
        s = store.add_seance(seance())
        first = json.loads(export_bundle(store))["manifeste"]["seances"][0]
        store.add_count(s.id, "qcm", "numero-unique", 0, 0, 3)
        assert store.version_hash(s.id, 1) == first[2]
        assert store.get(s.id).version == 2
        assert store.get(s.id).supersedes == first[2] == content_hash(type(s)(**{**s.__dict__}))
