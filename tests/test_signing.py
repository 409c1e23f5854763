"""Issue 12, failure 3: signed exports. Each poste signs its bundles; the coordinator
pins a poste's key on first import and takes a séance's versions only from the poste
it comes from, in an unbroken chain."""

from __future__ import annotations

import itertools
import json

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.exchange import ImportRefused, export_bundle, import_file
from harcelement_kit.tally.records import content_hash
from harcelement_kit.tally.signing import poste_key
from harcelement_kit.tally.store import Store

from tally_helpers import current_state, rebundle, seance, seances_csv


def _write(path, raw: bytes):
    path.write_bytes(raw)
    return path


def _victim(tmp_path):
    """A laptop with one séance, its export, and the coordinator that imported it."""
    with Store(tmp_path / "victime") as laptop:
        s = laptop.add_seance(seance(participants=12, modules=("qcm",)))
        laptop.set_count(s.id, "qcm", "numero-unique", 0, 0, 7)
        bundle = _write(tmp_path / "victime.json", export_bundle(laptop))
    coord = Store(tmp_path / "coord")
    import_file(coord, bundle)
    return coord, s, bundle


def _overwrite(body, seance_id, **changes):
    """The issue's forgery: the known séance id, version 5, any `supersedes`, participants 9999."""
    record = body["seances"][0]
    record.update(id=seance_id, version=5, supersedes="0" * 64, participants=9999, **changes)
    body["seances"] = [record]


def test_a_bundle_for_a_pinned_poste_signed_by_another_key_changes_nothing(tmp_path, capsys):
    coord, s, bundle = _victim(tmp_path)
    before = current_state(coord)
    forged = _write(tmp_path / "faux.json", rebundle(bundle.read_bytes(), lambda b: _overwrite(b, s.id)))
    coord.close()
    assert main(["--donnees", str(tmp_path / "coord"), "importer", str(forged)]) == 0
    out = capsys.readouterr().out
    assert "faux.json : 0 importées / 0 mises à jour / 0 ignorées / 1 conflits" in out
    assert "mais est signé par une autre clé (empreinte" in out and "rien n'a été importé" in out
    with Store(tmp_path / "coord") as coord:
        assert current_state(coord) == before


def test_another_poste_cannot_overwrite_or_delete_a_seance_it_did_not_make(tmp_path):
    coord, s, bundle = _victim(tmp_path)
    before = current_state(coord)
    with Store(tmp_path / "intrus") as intruder:  # a real poste of the kit, with its own key
        intruder.add_seance(seance())
        own = json.loads(export_bundle(intruder))
    key = poste_key(tmp_path / "intrus")

    def as_intruder(body, **changes):
        body["poste"] = own["poste"]
        _overwrite(body, s.id, **changes)

    overwrite = _write(tmp_path / "ecrase.json", rebundle(bundle.read_bytes(), as_intruder, key=key))
    tombstone = _write(
        tmp_path / "efface.json",
        rebundle(bundle.read_bytes(), lambda b: as_intruder(b, deleted=True, counts=[]), key=key),
    )
    for path in (overwrite, tombstone):
        summary = import_file(coord, path)
        assert summary.imported == summary.updated == 0
        assert "cette séance vient de « " in summary.conflicts[0]
        assert current_state(coord) == before
    coord.close()


def test_an_early_tombstone_does_not_block_the_real_seance(tmp_path):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(participants=12))
        real = _write(tmp_path / "vrai.json", export_bundle(laptop))
    early = _write(
        tmp_path / "tot.json",
        rebundle(
            real.read_bytes(), lambda b: b["seances"][0].update(deleted=True, version=2, supersedes=content_hash(s))
        ),
    )
    with Store(tmp_path / "coord") as coord:
        summary = import_file(coord, early)
        assert summary.conflicts == [
            f"séance {s.id[:8]} (10/03/2025), version 2 : suppression d'une séance inconnue ici ; rien n'a été changé"
        ]
        assert current_state(coord) == []
        summary = import_file(coord, real)
        assert (summary.imported, summary.conflicts) == (1, [])
        assert [x.participants for x in coord.seances()] == [12]


def test_a_tombstone_for_an_unknown_seance_is_a_conflict(tmp_path):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance())
        raw = export_bundle(laptop)
    bare = _write(
        tmp_path / "t.json",
        rebundle(raw, lambda b: b["seances"][0].update(deleted=True), key=poste_key(tmp_path / "poste")),
    )
    with Store(tmp_path / "coord") as coord:
        summary = import_file(coord, bare)
        assert "suppression d'une séance inconnue ici" in summary.conflicts[0]
        assert current_state(coord) == [] and s.id


def _chain(tmp_path):
    """A séance edited twice on its poste, exported after each edit: three bundles."""
    paths = []
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(participants=20, modules=("qcm",)))
        for n in (5, 7, 9):
            laptop.set_count(s.id, "qcm", "numero-unique", 0, 0, n)
            paths.append(_write(tmp_path / f"v{n}.json", export_bundle(laptop)))
        final = current_state(laptop)
    assert final[0][1] == 3
    return paths, final


def test_a_legitimate_chain_is_accepted_in_any_order_of_arrival(tmp_path):
    paths, final = _chain(tmp_path)
    for k, order in enumerate(itertools.permutations(paths)):
        with Store(tmp_path / f"coord{k}") as coord:
            for path in order:
                assert import_file(coord, path).conflicts == []
            assert current_state(coord) == final


def test_a_version_jump_whose_missing_link_is_unknown_is_a_conflict(tmp_path):
    paths, final = _chain(tmp_path)
    key = poste_key(tmp_path / "poste")  # even signed by the right poste
    jump = _write(
        tmp_path / "saut.json",
        rebundle(
            paths[2].read_bytes(), lambda b: b.update(seances=[r for r in b["seances"] if r["version"] != 2]), key=key
        ),
    )
    with Store(tmp_path / "coord") as coord:
        import_file(coord, paths[0])
        before = current_state(coord)
        summary = import_file(coord, jump)
        assert "la version 2 est inconnue ici (saut de version)" in summary.conflicts[0]
        assert current_state(coord) == before
        import_file(coord, paths[2])
        assert current_state(coord) == final


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body.pop("signature"),
        lambda body: body.update(format_version=1),
        lambda body: body["signature"].update(valeur=body["signature"]["valeur"][::-1]),
    ],
)
def test_unsigned_or_badly_signed_bundles_are_refused_whole(tmp_path, damage):
    import hashlib

    from harcelement_kit.tally.exchange import _canonical

    with Store(tmp_path / "poste") as laptop:
        laptop.add_seance(seance())
        body = json.loads(export_bundle(laptop))
    body.pop("sha256")
    damage(body)
    body["sha256"] = hashlib.sha256(_canonical(body)).hexdigest()  # anyone can recompute this
    path = _write(tmp_path / "x.json", json.dumps(body).encode())
    with Store(tmp_path / "coord") as coord:
        with pytest.raises(ImportRefused, match="non signé|signature absente ou invalide"):
            import_file(coord, path)
        assert current_state(coord) == []


def test_postes_lists_fingerprints_and_a_revoked_poste_is_refused(tmp_path, capsys):
    with Store(tmp_path / "poste") as laptop:
        s = laptop.add_seance(seance(participants=12))
        first = _write(tmp_path / "a.json", export_bundle(laptop))
        laptop.delete(s.id)
        second = _write(tmp_path / "b.json", export_bundle(laptop))
        device = laptop.device_id
    fingerprint = poste_key(tmp_path / "poste").fingerprint
    data = str(tmp_path / "coord")
    assert main(["--donnees", data, "importer", str(first)]) == 0
    assert f"nouveau poste {device[:8]}, empreinte {fingerprint} : vérifiez-la" in capsys.readouterr().out
    assert main(["--donnees", data, "postes", "renommer", device[:8], "afev portable 2"]) == 0
    capsys.readouterr()
    assert main(["--donnees", data, "postes"]) == 0
    out = capsys.readouterr().out
    assert f"afev portable 2 ({device[:8]}) : empreinte {fingerprint}, premier import le " in out
    assert ", 1 séance(s)" in out
    assert main(["--donnees", data, "postes", "revoquer", "afev portable 2"]) == 0
    capsys.readouterr()
    assert main(["--donnees", data, "importer", str(second)]) == 0
    assert "le poste « afev portable 2 » a été révoqué" in capsys.readouterr().out
    with Store(tmp_path / "coord") as coord:
        assert [x.participants for x in coord.seances()] == [12]  # the deletion was not taken
    assert main(["--donnees", data, "postes"]) == 0
    assert "— RÉVOQUÉ" in capsys.readouterr().out


def test_csv_rows_are_marked_as_from_a_file_and_no_poste_can_claim_them(tmp_path, capsys):
    csv = seances_csv(tmp_path, "2025-03-10,afev,atelier,college,Collège A,20,60")
    data = str(tmp_path / "coord")
    assert main(["--donnees", data, "importer", str(csv)]) == 0
    assert main(["--donnees", data, "postes"]) == 0
    assert "Fichiers CSV : 1 séance(s) (sans signature : importées d'un fichier)" in capsys.readouterr().out
    with Store(tmp_path / "coord") as coord:
        target = coord.seances()[0]
    with Store(tmp_path / "poste") as laptop:
        laptop.add_seance(seance())
        raw = export_bundle(laptop)
    claim = _write(
        tmp_path / "c.json",
        rebundle(
            raw,
            lambda b: b["seances"][0].update(id=target.id, version=2, supersedes=content_hash(target), participants=99),
            key=poste_key(tmp_path / "poste"),
        ),
    )
    with Store(tmp_path / "coord") as coord:
        summary = import_file(coord, claim)
        assert "cette séance vient de « fichier CSV »" in summary.conflicts[0]
        assert [x.participants for x in coord.seances()] == [20]
