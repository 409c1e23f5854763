"""Building séances, stores and bundles for the tally tests."""

from __future__ import annotations

import datetime
import hashlib
import json

from harcelement_kit.tally.exchange import _canonical
from harcelement_kit.tally.records import check_seance
from harcelement_kit.tally.store import Store


def seance(**fields):
    base = dict(
        date=datetime.date(2025, 3, 10),
        structure="afev",
        action="atelier",
        lieu="college",
        participants=25,
        duree_minutes=60,
    )
    return check_seance({**base, **fields}, today=datetime.date(2026, 1, 1))


def rebundle(raw: bytes, change, key=None) -> bytes:
    """Apply `change` to the bundle body, then make its manifest, signature and SHA-256
    consistent again, as another laptop producing that content would: signed with `key`
    (a PosteKey; by default a new key, i.e. a forger's)."""
    from harcelement_kit.tally.exchange import ImportRefused, _record_from_json, _signed_part
    from harcelement_kit.tally.records import content_hash
    from harcelement_kit.tally.signing import new_key

    key = key or new_key()
    body = json.loads(raw)
    body.pop("sha256")
    change(body)
    listed = []
    for record in body["seances"]:
        try:
            digest = content_hash(_record_from_json(record, "x", datetime.date(2026, 1, 1)))
        except ImportRefused:
            digest = "0" * 64  # an invalid record: refused before its hash matters
        listed.append([record["id"], record["version"], digest])
    body["manifeste"] = {"nombre": len(listed), "seances": listed}
    body["signature"] = {
        "algorithme": "ed25519",
        "cle_publique": key.public_b64,
        "valeur": key.sign(_signed_part(body)),
    }
    body["sha256"] = hashlib.sha256(_canonical(body)).hexdigest()
    return json.dumps(body, ensure_ascii=False).encode()


def current_state(store: Store) -> list[tuple]:
    """What the bilan is computed from: the current version of every séance."""
    return sorted(
        store.conn.execute(
            "SELECT s.id, s.version, s.deleted, s.participants, "
            "(SELECT group_concat(v, ' ') FROM (SELECT k.module || '/' || k.activity || '/' || k.item "
            " || '/' || k.option || '=' || c.n AS v FROM counts c JOIN count_keys k ON k.key = c.key "
            " WHERE c.seance_row = s.row ORDER BY v)) "
            "FROM seances s WHERE s.current = 1"
        ).fetchall(),
        key=lambda r: r[0],
    )


def before_after_seances(path) -> list:
    """The séances of a before/after fixture (tests/data/avant-apres-annee-1.csv): one row
    per séance, paired item and moment, the counts per option separated by spaces."""
    import csv
    import dataclasses

    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    made, moments = {}, {}
    for row in rows:
        if row["seance"] not in made:
            made[row["seance"]] = seance(
                date=row["date"],
                structure=row["structure"],
                action=row["action"],
                lieu=row["lieu"],
                participants=row["participants"],
                cycle=row["cycle"],
                modules=(row["module"],) if row["module"] else (),
            )
            moments[row["seance"]] = {}
        if row["module"]:
            for option, n in enumerate(int(x) for x in row["comptes"].split()):
                if n:
                    moments[row["seance"]][
                        (row["module"], row["activite"], int(row["item"]), option, row["moment"])
                    ] = n
    return [dataclasses.replace(made[key], moment_counts=moments[key]) for key in made]


def older_store(
    data,
    schema: int,
    seance_id: str,
    *,
    participants: int,
    modules: str = "",
    date: str = "2025-01-10",
    etablissement: str = "",
    device_id: str | None = None,
    counts: dict | None = None,
) -> None:
    """The store an older kit left in the folder `data`: migrated only up to `schema`, holding
    one séance (version 1, afev atelier au collège, 60 minutes) and its `counts`
    {(module, activity, item, option): n}, written with plain SQL as that kit did.
    `device_id`: the laptop's id, recorded before the séance (migration 5 reads it)."""
    import sqlite3

    from harcelement_kit.tally.store import DB_NAME, migrate

    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    migrate(conn, data / DB_NAME, target=schema)
    if device_id:
        conn.execute("INSERT INTO meta VALUES ('device_id', ?)", (device_id,))
    conn.execute(
        "INSERT INTO seances (id, version, supersedes, hash, current, deleted, date, structure, "
        "action, lieu, etablissement, niveau, participants, duree_minutes, ambassadeurs, cycle, "
        "modules) VALUES (?, 1, '', NULL, 1, 0, ?, 'afev', 'atelier', 'college', ?, '', ?, 60, 0, '', ?)",
        (seance_id, date, etablissement, participants, modules),
    )
    for (module, activity, item, option), n in (counts or {}).items():
        conn.execute(
            "INSERT INTO count_keys (module, activity, item, option, sensitive) VALUES (?, ?, ?, ?, 0)",
            (module, activity, item, option),
        )
        conn.execute("INSERT INTO counts VALUES (1, last_insert_rowid(), ?)", (n,))
    conn.close()


def seances_csv(folder, *rows: str, name: str = "s.csv"):
    """A CSV of séances as a structure's spreadsheet exports it, in `folder`: the kit's
    columns on the first line, then `rows` (one séance each, line 2 onwards)."""
    path = folder / name
    path.write_text(
        "date,structure,action,lieu,etablissement,participants,duree_minutes\n" + "".join(row + "\n" for row in rows),
        encoding="utf-8",
    )
    return path
