"""The postes (laptops) this store has imported from: their pinned public keys, and
which poste each séance comes from.

Trust on first use: the first signed bundle of a poste pins its key, and the
coordinator is shown its fingerprint to check with the person who exported it.
From then on a bundle naming that poste must carry that key, and only the poste a
séance comes from may bring its later versions or its deletion.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from harcelement_kit.tally.signing import fingerprint
from harcelement_kit.tally.store import StoreError

__all__ = [
    "FROM_FILE",
    "Poste",
    "admit",
    "origin_of",
    "set_origin",
    "list_postes",
    "rename",
    "revoke",
    "resolve",
    "file_seances",
]

FROM_FILE = "fichier"  # the origin of a séance imported from a CSV file
NAME_MAX = 40


@dataclass(frozen=True)
class Poste:
    device_id: str
    name: str
    fingerprint: str
    first_import: str
    last_import: str
    revoked: bool
    seances: int


def admit(conn, device_id: str, public_key: str, own: tuple[str, str]) -> tuple[str | None, str | None]:
    """Check a bundle's poste and key inside the import transaction: (conflict, note).
    A conflict is a French line and means the bundle must not change the store; a note
    tells the coordinator a new poste was pinned. `own` is this store's (device id, key)."""
    short = device_id[:8]
    if device_id == own[0]:
        if public_key != own[1]:
            return (
                f"l'export se dit de ce poste-ci ({short}) mais n'est pas signé par sa clé : rien n'a été importé"
            ), None
        return None, None
    today = datetime.date.today().isoformat()
    row = conn.execute("SELECT public_key, name, revoked FROM postes WHERE device_id = ?", (device_id,)).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO postes (device_id, public_key, name, first_import, last_import) VALUES (?, ?, ?, ?, ?)",
            (device_id, public_key, short, today, today),
        )
        return None, (
            f"nouveau poste {short}, empreinte {fingerprint(public_key)} : vérifiez-la avec "
            "la personne qui a fait l'export (« harcelement-kit postes »)"
        )
    pinned, name, revoked = row
    if revoked:
        return f"le poste « {name} » a été révoqué : son export n'a pas été importé", None
    if pinned != public_key:
        return (
            f"l'export se dit du poste « {name} » mais est signé par une autre clé (empreinte "
            f"{fingerprint(public_key)} au lieu de {fingerprint(pinned)}) : rien n'a été importé"
        ), None
    conn.execute("UPDATE postes SET last_import = ? WHERE device_id = ?", (today, device_id))
    return None, None


def origin_of(conn, seance_id: str) -> tuple[bool, str | None]:
    """(known, poste): whether the séance has an origin row, and which poste it names."""
    row = conn.execute("SELECT poste FROM seance_origins WHERE id = ?", (seance_id,)).fetchone()
    return (row is not None, row[0] if row else None)


def set_origin(conn, seance_id: str, poste: str) -> None:
    conn.execute(
        "INSERT INTO seance_origins (id, poste) VALUES (?, ?) "
        "ON CONFLICT (id) DO UPDATE SET poste = excluded.poste WHERE poste IS NULL",
        (seance_id, poste),
    )


def poste_name(conn, poste: str | None) -> str:
    if poste is None:
        return "inconnu"
    if poste == FROM_FILE:
        return "fichier CSV"
    row = conn.execute("SELECT name FROM postes WHERE device_id = ?", (poste,)).fetchone()
    return row[0] if row else f"ce poste ({poste[:8]})"


def list_postes(conn) -> list[Poste]:
    return [
        Poste(d, n, fingerprint(k), f, last, bool(r), c)
        for d, n, k, f, last, r, c in conn.execute(
            "SELECT p.device_id, p.name, p.public_key, p.first_import, p.last_import, p.revoked, "
            "(SELECT COUNT(*) FROM seance_origins o WHERE o.poste = p.device_id) "
            "FROM postes p ORDER BY p.first_import, p.name"
        )
    ]


def file_seances(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM seance_origins WHERE poste = ?", (FROM_FILE,)).fetchone()[0]


def resolve(conn, text: str) -> str:
    """The device id of the poste named `text`, or whose id starts with it."""
    text = text.strip()
    rows = conn.execute("SELECT device_id FROM postes WHERE name = ?", (text,)).fetchall()
    if not rows and len(text) >= 4:
        rows = conn.execute(
            "SELECT device_id FROM postes WHERE substr(device_id, 1, ?) = ?", (len(text), text.lower())
        ).fetchall()
    if not rows:
        raise StoreError(f"aucun poste ne s'appelle ni ne commence par « {text} » (voir « harcelement-kit postes »)")
    if len(rows) > 1:
        raise StoreError(f"plusieurs postes correspondent à « {text} » : donnez plus de caractères")
    return rows[0][0]


def rename(conn, device_id: str, name: str) -> None:
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX or not name.isprintable():
        raise StoreError(f"nom de poste : de 1 à {NAME_MAX} caractères imprimables, sur une ligne")
    if conn.execute("SELECT 1 FROM postes WHERE name = ? AND device_id != ?", (name, device_id)).fetchone():
        raise StoreError(f"un autre poste s'appelle déjà « {name} »")
    conn.execute("UPDATE postes SET name = ? WHERE device_id = ?", (name, device_id))


def revoke(conn, device_id: str) -> None:
    conn.execute("UPDATE postes SET revoked = 1 WHERE device_id = ?", (device_id,))
