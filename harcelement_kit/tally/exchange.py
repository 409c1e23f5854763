"""Moving séances between laptops: export bundles, and import bundles and CSV files.

A bundle is readable JSON: the records, a manifest (id, version, hash of each)
and the SHA-256 of the whole. Importing a file is one transaction: a file that
is truncated, altered or holds one invalid record is refused whole.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from harcelement_kit.errors import os_reason
from harcelement_kit.faults import pause_point
from harcelement_kit.tally.records import RecordError, Seance, check_seance, content_hash
from harcelement_kit.tally.store import Store

__all__ = ["export_bundle", "bundle_bytes", "import_file", "ImportSummary", "ImportRefused", "CSV_REQUIRED",
           "CSV_OPTIONAL", "BUNDLE_FORMAT"]

BUNDLE_FORMAT = "harcelement-kit/export"
BUNDLE_VERSION = 1
CSV_REQUIRED = ("date", "structure", "action", "lieu", "etablissement", "participants", "duree_minutes")
CSV_OPTIONAL = ("niveau", "filles", "garcons", "ambassadeurs", "cycle")
# CSV rows get ids derived from their content, so importing a CSV again is a no-op.
CSV_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4e5c-9a51-3c0d8f2e7b10")
MAX_FILE_BYTES = 200 * 1024 * 1024
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HASH_RE = re.compile(r"^[0-9a-f]{64}$")


class ImportRefused(Exception):
    """The whole file is refused; nothing was written."""


@dataclass
class ImportSummary:
    file: str
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list = field(default_factory=list)  # one French line per conflict

    def line(self) -> str:
        return (f"{self.file} : {self.imported} importés / {self.updated} mis à jour / "
                f"{self.ignored} ignorés / {len(self.conflicts)} conflits")


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def export_bundle(store: Store, today: datetime.date | None = None) -> bytes:
    """Every current séance of the store (tombstones included), sealed, as a bundle."""
    return bundle_bytes(store.seal_current(), store.device_id, today)


def bundle_bytes(seances: list[Seance], device_id: str, today: datetime.date | None = None) -> bytes:
    """The bundle of these (sealed) séance versions."""
    body = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_VERSION,
        "exporte_le": (today or datetime.date.today()).isoformat(),
        "poste": device_id,
        "seances": [s.to_json() for s in seances],
        "manifeste": {"nombre": len(seances),
                      "seances": [[s.id, s.version, content_hash(s)] for s in seances]},
    }
    body["sha256"] = hashlib.sha256(_canonical(body)).hexdigest()
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


# -- reading files ---------------------------------------------------------------

def _record_from_json(data, where: str, today: datetime.date) -> Seance:
    if not isinstance(data, dict):
        raise ImportRefused(f"{where} : ce n'est pas une séance")
    try:
        seance = check_seance(data, today=today + datetime.timedelta(days=2))
    except RecordError as exc:
        raise ImportRefused(f"{where} : " + " ; ".join(exc.problems)) from exc
    ident, version, supersedes = data.get("id"), data.get("version"), data.get("supersedes", "")
    if not isinstance(ident, str) or not UUID_RE.match(ident):
        raise ImportRefused(f"{where} : identifiant de séance invalide")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRefused(f"{where} : numéro de version invalide")
    if supersedes != "" and not (isinstance(supersedes, str) and HASH_RE.match(supersedes)):
        raise ImportRefused(f"{where} : référence à la version précédente invalide")
    if not isinstance(data.get("deleted", False), bool):
        raise ImportRefused(f"{where} : champ « deleted » invalide")
    if not isinstance(data.get("essai", False), bool):
        raise ImportRefused(f"{where} : champ « essai » invalide")
    counts = {}
    for entry in data.get("counts", []):
        if not (isinstance(entry, list) and len(entry) == 5
                and all(isinstance(x, str) and x for x in entry[:2])
                and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in entry[2:])):
            raise ImportRefused(f"{where} : compte de réponses invalide {str(entry)[:60]}")
        counts[tuple(entry[:4])] = entry[4]
    sensitive = set()
    for pair in data.get("sensitive", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise ImportRefused(f"{where} : liste des activités sensibles invalide")
        sensitive.add(tuple(pair))
    return Seance(**{**seance.__dict__, "id": ident, "version": version, "supersedes": supersedes,
                     "deleted": data.get("deleted", False), "counts": counts,
                     "sensitive": frozenset(sensitive)})


def read_bundle(raw: bytes, name: str, today: datetime.date) -> list[Seance]:
    try:
        body = json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{name} : fichier d'export illisible ou tronqué (ce n'est pas du JSON valide, "
                            f"ligne {exc.lineno}, colonne {exc.colno})") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{name} : fichier d'export illisible ou tronqué (il n'est pas encodé en UTF-8)") from None
    except RecursionError:
        raise ImportRefused(f"{name} : fichier d'export illisible (imbriqué trop profondément)") from None
    if not isinstance(body, dict) or body.get("format") != BUNDLE_FORMAT:
        raise ImportRefused(f"{name} : ce n'est pas un export de harcelement-kit")
    if body.get("format_version") != BUNDLE_VERSION:
        raise ImportRefused(f"{name} : export d'une version du kit que celle-ci ne sait pas lire")
    declared = body.pop("sha256", None)
    if declared != hashlib.sha256(_canonical(body)).hexdigest():
        raise ImportRefused(f"{name} : l'empreinte SHA-256 ne correspond pas, le fichier a été "
                            "modifié ou abîmé")
    records, manifest = body.get("seances"), body.get("manifeste")
    if not isinstance(records, list) or not isinstance(manifest, dict):
        raise ImportRefused(f"{name} : export incomplet")
    seances = [_record_from_json(r, f"{name}, séance {i + 1}", today) for i, r in enumerate(records)]
    listed = [[s.id, s.version, content_hash(s)] for s in seances]
    if manifest.get("nombre") != len(seances) or manifest.get("seances") != listed:
        raise ImportRefused(f"{name} : les séances ne correspondent pas au manifeste")
    return seances


def _decode_csv(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")  # a CSV saved by a French Excel


def read_csv(raw: bytes, name: str, today: datetime.date, structures=None) -> list[Seance]:
    """The séances of a coordinator's spreadsheet. Structures, actions, lieux, niveaux
    and cycles are read as people write them (« Afev », « Ciné-débat », « Collège »)."""
    if structures is None:
        from harcelement_kit.content.structures import bundled_structures

        structures = bundled_structures()
    try:
        text = _decode_csv(raw)
    except UnicodeDecodeError:
        raise ImportRefused(f"{name} : le fichier CSV n'est ni en UTF-8 ni en Windows-1252") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_REQUIRED + CSV_OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("colonnes manquantes : " + ", ".join(missing))
        if unknown:
            parts.append("colonnes inconnues : " + ", ".join(unknown))
        raise ImportRefused(f"{name} : " + " ; ".join(parts) + " (attendu : "
                            + ",".join(CSV_REQUIRED) + " puis, au choix, " + ",".join(CSV_OPTIONAL) + ")")
    reader.fieldnames = header
    seances, problems, seen = [], [], {}
    for line_number, row in enumerate(reader, start=2):
        if None in row:
            problems.append(f"ligne {line_number} : trop de valeurs")
            continue
        values = {k: (v or "").strip() for k, v in row.items()}
        if not any(values.values()):
            continue
        key = json.dumps(values, sort_keys=True, ensure_ascii=False)
        seen[key] = seen.get(key, 0) + 1
        values["id"] = str(uuid.uuid5(CSV_NAMESPACE, f"{key}#{seen[key]}"))
        try:
            seances.append(check_seance(values, today=today, structures=structures))
        except RecordError as exc:
            problems.extend(f"ligne {line_number} : {p}" for p in exc.problems)
    if problems:
        shown = problems[:20] + ([f"… et {len(problems) - 20} autres"] if len(problems) > 20 else [])
        raise ImportRefused(f"{name} : fichier refusé, rien n'a été importé :\n  " + "\n  ".join(shown))
    return seances


# -- merging into the store ------------------------------------------------------

def _merge(store: Store, conn, incoming: Seance, summary: ImportSummary) -> None:
    versions = {v: (row, h, cur, dead) for row, v, h, cur, dead in conn.execute(
        "SELECT row, version, hash, current, deleted FROM seances WHERE id = ?", (incoming.id,))}

    def local_hash(version: int) -> str | None:
        if version not in versions:
            return None
        row, sealed, _, _ = versions[version]
        return sealed or content_hash(store.load_version(conn, row))

    new_hash = content_hash(incoming)
    short = f"séance {incoming.id[:8]} ({incoming.date:%d/%m/%Y}), version {incoming.version}"
    if incoming.version in versions:
        if local_hash(incoming.version) == new_hash:
            summary.ignored += 1
        else:
            summary.conflicts.append(f"{short} : même version, contenu différent ; rien n'a été changé")
        return
    if not versions:
        store.insert_version(conn, incoming, current=True, sealed_hash=new_hash)
        summary.imported += 1
        return
    current = max(versions)
    if versions[current][3] and not incoming.deleted:
        summary.ignored += 1  # deleted here: never brought back
        return
    if incoming.version > current:
        before = local_hash(incoming.version - 1)
        if before is not None and before != incoming.supersedes:
            summary.conflicts.append(f"{short} : ne fait pas suite à la version {incoming.version - 1} "
                                     "connue ici ; rien n'a été changé")
            return
        conn.execute("UPDATE seances SET current = 0 WHERE id = ? AND current = 1", (incoming.id,))
        store.insert_version(conn, incoming, current=True, sealed_hash=new_hash)
        summary.updated += 1
        return
    after = versions.get(incoming.version + 1)
    if after is not None:
        supersedes = conn.execute("SELECT supersedes FROM seances WHERE row = ?", (after[0],)).fetchone()[0]
        if supersedes != new_hash:
            summary.conflicts.append(f"{short} : ne correspond pas à la version suivante connue ici ; "
                                     "rien n'a été changé")
            return
    store.insert_version(conn, incoming, current=False, sealed_hash=new_hash)  # kept as history
    summary.ignored += 1


def import_file(store: Store, path: Path, today: datetime.date | None = None,
                structures=None) -> ImportSummary:
    """Import one bundle or CSV file in one transaction, and journal it. `structures`:
    the structures a CSV may name (the bundled ones when not given)."""
    today = today or datetime.date.today()
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportRefused(f"{name} : fichier trop gros pour un export de séances")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{name} : impossible de lire le fichier ({os_reason(exc)})") from None
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    # A .json file is an export even when damaged: say so, rather than read it as a CSV.
    is_bundle = stripped.startswith(b"{") or path.suffix.lower() == ".json"
    seances = read_bundle(raw, name, today) if is_bundle else read_csv(raw, name, today, structures)
    summary = ImportSummary(name)
    with store.transaction() as conn:
        for seance in seances:
            _merge(store, conn, seance, summary)
        pause_point("import")  # test-only: a kill here must leave the store as it was
        conn.execute(
            "INSERT INTO import_journal (at, device_id, file_name, file_sha256, imported, updated, "
            "ignored, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (datetime.datetime.now().isoformat(timespec="seconds"), store.device_id, name,
             hashlib.sha256(raw).hexdigest(), summary.imported, summary.updated, summary.ignored,
             len(summary.conflicts)))
    return summary
