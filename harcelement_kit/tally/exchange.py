"""Moving séances between laptops: export bundles, and import bundles and CSV files.

A bundle is readable JSON: the records (every exported version of each séance of
this poste, so a bundle always carries an unbroken chain), a manifest (id,
version, hash of each), the poste's Ed25519 signature and the SHA-256 of the
whole. Importing a file is one transaction: a file that is truncated, altered,
not signed, or holds one invalid record is refused whole; a bundle from a known
poste signed by another key is set aside as a conflict (postes.py).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from harcelement_kit.errors import os_reason
from harcelement_kit.faults import pause_point
from harcelement_kit.tally import bounds, postes, staging
from harcelement_kit.tally.signing import ALGORITHM, PosteKey, poste_key, verify
from harcelement_kit.tally.records import MOMENTS, RecordError, Seance, check_seance, content_hash
from harcelement_kit.tally.store import Store

__all__ = [
    "export_bundle",
    "bundle_bytes",
    "import_file",
    "ImportSummary",
    "ImportRefused",
    "CSV_REQUIRED",
    "CSV_OPTIONAL",
    "BUNDLE_FORMAT",
]

BUNDLE_FORMAT = "harcelement-kit/export"
BUNDLE_VERSION = 2  # 2: signed (version 1 bundles carried no signature and are refused)
CSV_REQUIRED = ("date", "structure", "action", "lieu", "etablissement", "participants", "duree_minutes")
CSV_OPTIONAL = ("niveau", "filles", "garcons", "ambassadeurs", "cycle")
# CSV rows get ids derived from their content, so importing a CSV again is a no-op.
CSV_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4e5c-9a51-3c0d8f2e7b10")
MAX_FILE_BYTES = bounds.MAX_FILE_BYTES  # checked before reading (bounds.py)
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
    notes: list = field(default_factory=list)  # e.g. a new poste pinned, with its fingerprint

    def line(self) -> str:
        return (
            f"{self.file} : {self.imported} importées / {self.updated} mises à jour / "
            f"{self.ignored} ignorées / {len(self.conflicts)} conflits"
        )


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def export_bundle(store: Store, today: datetime.date | None = None, key: PosteKey | None = None) -> bytes:
    """Every séance made on this poste (tombstones included), sealed, with all its
    exported versions, signed by this poste's key. Séances imported from other postes
    are not re-exported: only their own poste may sign them."""
    store.seal_current()
    rows = store.conn.execute(
        "SELECT s.row FROM seances s JOIN seance_origins o ON o.id = s.id WHERE o.poste = ? "
        "AND s.hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM seances f WHERE f.id = s.id "
        "AND f.version = 1 AND f.deleted = 1) "  # deleted before it was ever exported: nobody knows it
        "ORDER BY s.id, s.version",
        (store.device_id,),
    ).fetchall()
    versions = [store.load_version(store.conn, row) for (row,) in rows]
    return bundle_bytes(versions, store.device_id, today, key=key or poste_key(store.data_dir))


def _signed_part(body: dict) -> bytes:
    """What the signature covers: everything but the signature and the checksum."""
    return _canonical({k: v for k, v in body.items() if k not in ("signature", "sha256")})


def bundle_bytes(seances: list[Seance], device_id: str, today: datetime.date | None = None, *, key: PosteKey) -> bytes:
    """The bundle of these (sealed) séance versions, signed with `key`."""
    body = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_VERSION,
        "exporte_le": (today or datetime.date.today()).isoformat(),
        "poste": device_id,
        "seances": [s.to_json() for s in seances],
        "manifeste": {"nombre": len(seances), "seances": [[s.id, s.version, content_hash(s)] for s in seances]},
    }
    body["signature"] = {
        "algorithme": ALGORITHM,
        "cle_publique": key.public_b64,
        "valeur": key.sign(_signed_part(body)),
    }
    body["sha256"] = hashlib.sha256(_canonical(body)).hexdigest()
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


# -- reading files ---------------------------------------------------------------


def _is_count(x) -> bool:
    """A number of answers, or an index: a whole number from 0 (JSON true is not 1)."""
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _key_problem(entry: list) -> str | None:
    """What is wrong with a count's module, activité, question and réponse, or None: the
    same bounds for the plain counts and the before/after ones."""
    return (
        bounds.id_problem("module", entry[0])
        or bounds.id_problem("activité", entry[1])
        or bounds.index_problem("question", entry[2])
        or bounds.index_problem("réponse", entry[3])
    )


def _is_activity(pair) -> bool:
    """[module, activité]: how a séance names an activity with several answers or a sensitive one."""
    return (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(x, str) for x in pair)
        and not bounds.id_problem("module", pair[0])
        and not bounds.id_problem("activité", pair[1])
    )


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
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= bounds.MAX_VERSION:
        raise ImportRefused(f"{where} : numéro de version invalide ({str(version)[:30]})")
    if supersedes != "" and not (isinstance(supersedes, str) and HASH_RE.match(supersedes)):
        raise ImportRefused(f"{where} : référence à la version précédente invalide")
    if not isinstance(data.get("deleted", False), bool):
        raise ImportRefused(f"{where} : champ « deleted » invalide")
    if not isinstance(data.get("essai", False), bool):
        raise ImportRefused(f"{where} : champ « essai » invalide")
    counts = {}
    entries = data.get("counts", [])
    if not isinstance(entries, list):
        raise ImportRefused(f"{where} : liste des comptes invalide")
    for entry in entries:
        if not (
            isinstance(entry, list)
            and len(entry) == 5
            and all(isinstance(x, str) and x for x in entry[:2])
            and all(_is_count(x) for x in entry[2:])
        ):
            raise ImportRefused(f"{where} : compte de réponses invalide {str(entry)[:60]}")
        problem = _key_problem(entry)
        if problem:
            raise ImportRefused(f"{where} : {problem}")
        counts[tuple(entry[:4])] = entry[4]
    multiple = set()
    for pair in data.get("plusieurs", []) if isinstance(data.get("plusieurs", []), list) else [None]:
        if not _is_activity(pair):
            raise ImportRefused(f"{where} : liste des activités à plusieurs réponses invalide")
        multiple.add(tuple(pair))
    problems = bounds.count_problems(counts, seance.participants, multiple)
    if problems:
        raise ImportRefused(
            f"{where} : "
            + " ; ".join(problems[:5])
            + (f" ; … et {len(problems) - 5} autres" if len(problems) > 5 else "")
        )
    moment_counts = _moment_counts(data.get("moment_counts", []), where, seance.participants)
    problems = bounds.question_problems(moment_counts, seance.participants, multiple)
    if problems:
        raise ImportRefused(f"{where} : " + " ; ".join(problems[:5]))
    sensitive = set()
    for pair in data.get("sensitive", []):
        if not _is_activity(pair):
            raise ImportRefused(f"{where} : liste des activités sensibles invalide")
        sensitive.add(tuple(pair))
    return Seance(
        **{
            **seance.__dict__,
            "id": ident,
            "version": version,
            "supersedes": supersedes,
            "deleted": data.get("deleted", False),
            "counts": counts,
            "sensitive": frozenset(sensitive),
            "moment_counts": moment_counts,
            "multiple": frozenset(multiple),
        }
    )


def _moment_counts(entries, where: str, participants: int) -> dict:
    """A paired item's counts as exported (issue 17): [module, activity, item, option, moment, n]."""
    if not isinstance(entries, list):
        raise ImportRefused(f"{where} : liste des comptes avant/après invalide")
    counts = {}
    for entry in entries:
        if not (
            isinstance(entry, list)
            and len(entry) == 6
            and all(isinstance(x, str) and x for x in entry[:2])
            and all(_is_count(x) for x in entry[2:4])
            and entry[4] in MOMENTS
            and _is_count(entry[5])
        ):
            raise ImportRefused(f"{where} : compte avant/après invalide {str(entry)[:60]}")
        problem = _key_problem(entry)
        if problem:
            raise ImportRefused(f"{where} : {problem}")
        if entry[5] > participants:
            raise ImportRefused(f"{where} : {entry[5]} réponses avant/après pour {participants} participants")
        counts[tuple(entry[:5])] = entry[5]
    return counts


@dataclass(frozen=True)
class SignedBundle:
    seances: list
    poste: str
    public_key: str


def read_bundle(raw: bytes, name: str, today: datetime.date) -> SignedBundle:
    too_big = bounds.prescan_bundle(raw)
    if too_big:
        raise ImportRefused(f"{name} : {too_big}")
    try:
        body = json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{name} : fichier d'export illisible ou tronqué (ce n'est pas du JSON valide, "
            f"ligne {exc.lineno}, colonne {exc.colno})"
        ) from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{name} : fichier d'export illisible ou tronqué (il n'est pas encodé en UTF-8)") from None
    except ValueError:  # a number of thousands of digits: Python refuses to read it
        raise ImportRefused(f"{name} : fichier d'export illisible (nombre démesuré)") from None
    except RecursionError:
        raise ImportRefused(f"{name} : fichier d'export illisible (imbriqué trop profondément)") from None
    if not isinstance(body, dict) or body.get("format") != BUNDLE_FORMAT:
        raise ImportRefused(f"{name} : ce n'est pas un export de harcelement-kit")
    if body.get("format_version") == 1:
        raise ImportRefused(
            f"{name} : export non signé (fait avec une version plus ancienne du kit) : "
            "demandez au poste de refaire l'export avec la version à jour"
        )
    if body.get("format_version") != BUNDLE_VERSION:
        raise ImportRefused(f"{name} : export d'une version du kit que celle-ci ne sait pas lire")
    declared = body.pop("sha256", None)
    if declared != hashlib.sha256(_canonical(body)).hexdigest():
        raise ImportRefused(f"{name} : l'empreinte SHA-256 ne correspond pas, le fichier a été modifié ou abîmé")
    signature, poste = body.get("signature"), body.get("poste")
    if not isinstance(poste, str) or not UUID_RE.match(poste):
        raise ImportRefused(f"{name} : identifiant de poste invalide")
    if not (
        isinstance(signature, dict)
        and signature.get("algorithme") == ALGORITHM
        and verify(signature.get("cle_publique"), signature.get("valeur"), _signed_part(body))
    ):
        raise ImportRefused(
            f"{name} : signature absente ou invalide : le fichier a été modifié "
            "après l'export, ou ne vient pas d'un poste du kit ; rien n'a été importé"
        )
    records, manifest = body.get("seances"), body.get("manifeste")
    if not isinstance(records, list) or not isinstance(manifest, dict):
        raise ImportRefused(f"{name} : export incomplet")
    if len(records) > bounds.MAX_SEANCES_PER_FILE:
        raise ImportRefused(
            f"{name} : {len(records)} séances, trop pour un export (au plus {bounds.MAX_SEANCES_PER_FILE})"
        )
    seances = [_record_from_json(r, f"{name}, séance {i + 1}", today) for i, r in enumerate(records)]
    listed = [[s.id, s.version, content_hash(s)] for s in seances]
    if manifest.get("nombre") != len(seances) or manifest.get("seances") != listed:
        raise ImportRefused(f"{name} : les séances ne correspondent pas au manifeste")
    return SignedBundle(seances, poste, signature["cle_publique"])


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
    too_big = bounds.prescan_csv(raw)
    if too_big:
        raise ImportRefused(f"{name} : {too_big}")
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
        raise ImportRefused(
            f"{name} : "
            + " ; ".join(parts)
            + " (attendu : "
            + ",".join(CSV_REQUIRED)
            + " puis, au choix, "
            + ",".join(CSV_OPTIONAL)
            + ")"
        )
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


def _merge(store: Store, conn, incoming: Seance, summary: ImportSummary, origin: str, run: str) -> None:
    """Decide what one incoming version does; what it writes stays invisible until the
    import publishes (staging.py)."""
    versions = {
        v: (row, h, cur, dead)
        for row, v, h, cur, dead in conn.execute(
            "SELECT row, version, hash, current, deleted FROM seances WHERE id = ?", (incoming.id,)
        )
    }

    def local_hash(version: int) -> str | None:
        if version not in versions:
            return None
        row, sealed, _, _ = versions[version]
        return sealed or content_hash(store.load_version(conn, row))

    new_hash = content_hash(incoming)
    short = f"séance {incoming.id[:8]} ({incoming.date:%d/%m/%Y}), version {incoming.version}"
    # Only the poste a séance comes from may bring its versions (signed bundles), and a
    # chain starts at version 1: nobody can overwrite, or delete ahead of time, another's séance.
    known, owner = postes.origin_of(conn, incoming.id)
    if versions or known:
        if owner is not None and owner != origin:
            summary.conflicts.append(
                f"{short} : cette séance vient de « {postes.poste_name(conn, owner)} », "
                f"pas de « {postes.poste_name(conn, origin)} » ; rien n'a été changé"
            )
            return
        postes.set_origin(conn, incoming.id, origin)
    elif incoming.deleted:
        summary.conflicts.append(f"{short} : suppression d'une séance inconnue ici ; rien n'a été changé")
        return
    elif incoming.version != 1:
        summary.conflicts.append(
            f"{short} : les versions précédentes de cette séance sont inconnues ici ; rien n'a été changé"
        )
        return
    else:
        postes.set_origin(conn, incoming.id, origin)
    if incoming.version in versions:
        if local_hash(incoming.version) == new_hash:
            summary.ignored += 1
        else:
            summary.conflicts.append(f"{short} : même version, contenu différent ; rien n'a été changé")
        return
    if not versions:
        row = store.insert_version(conn, incoming, current=False, sealed_hash=new_hash)
        staging.stage(conn, run, row, make_current=True)
        summary.imported += 1
        return
    current = max(versions)
    if versions[current][3] and not incoming.deleted:
        summary.ignored += 1  # deleted here: never brought back
        return
    if incoming.version > current:
        before = local_hash(incoming.version - 1)
        if before is None:
            summary.conflicts.append(
                f"{short} : la version {incoming.version - 1} est inconnue ici (saut de version) ; rien n'a été changé"
            )
            return
        if before != incoming.supersedes:
            summary.conflicts.append(
                f"{short} : ne fait pas suite à la version {incoming.version - 1} connue ici ; rien n'a été changé"
            )
            return
        row = store.insert_version(conn, incoming, current=False, sealed_hash=new_hash)
        staging.stage(conn, run, row, make_current=True)  # current when the import publishes
        summary.updated += 1
        return
    after = versions.get(incoming.version + 1)
    if after is not None:
        supersedes = conn.execute("SELECT supersedes FROM seances WHERE row = ?", (after[0],)).fetchone()[0]
        if supersedes != new_hash:
            summary.conflicts.append(
                f"{short} : ne correspond pas à la version suivante connue ici ; rien n'a été changé"
            )
            return
    row = store.insert_version(conn, incoming, current=False, sealed_hash=new_hash)  # kept as history
    staging.stage(conn, run, row, make_current=False)
    summary.ignored += 1


def import_file(store: Store, path: Path, today: datetime.date | None = None, structures=None) -> ImportSummary:
    """Import one bundle or CSV file, all or nothing, and journal it. It is written in
    batches that each hold the store's lock for at most staging.BATCH_SECONDS, and becomes
    visible in one last short transaction (staging.py). `structures`: the structures a CSV
    may name (the bundled ones when not given)."""
    today = today or datetime.date.today()
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before a byte is read
            raise ImportRefused(
                f"{name} : fichier de {size // (1024 * 1024)} Mo, trop gros pour un "
                f"export de séances (au plus {MAX_FILE_BYTES // (1024 * 1024)} Mo) ; "
                "rien n'a été lu"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{name} : impossible de lire le fichier ({os_reason(exc)})") from None
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    # A .json file is an export even when damaged: say so, rather than read it as a CSV.
    if stripped.startswith(b"{") or path.suffix.lower() == ".json":
        bundle = read_bundle(raw, name, today)
        seances, origin, key = bundle.seances, bundle.poste, bundle.public_key
        own = (store.device_id, poste_key(store.data_dir).public_b64) if origin == store.device_id else ("", "")
    else:
        seances, origin, key, own = read_csv(raw, name, today, structures), postes.FROM_FILE, None, ("", "")
    summary = ImportSummary(name)
    ordered = sorted(seances, key=lambda s: (s.id, s.version))  # each chain in order
    run = staging.new_run()
    try:
        conflict, done, first = None, 0, True
        while True:
            with store.transaction() as conn:
                if first:  # the run, and the poste's key, in the first batch
                    first = False
                    staging.begin(conn, run)
                    if key is not None:
                        conflict, note = postes.admit(conn, origin, key, own)
                        summary.notes += [note] if note else []
                    if conflict:
                        summary.conflicts.append(conflict)
                        ordered = []
                started = time.monotonic()
                while done < len(ordered) and time.monotonic() - started < staging.BATCH_SECONDS:
                    _merge(store, conn, ordered[done], summary, origin, run)
                    done += 1
                if done == len(ordered):  # the last batch publishes: a small file is one transaction
                    pause_point("import")  # test-only: a kill here must leave the store as it was
                    staging.publish(conn, run)
                    if (
                        summary.notes
                        and summary.conflicts
                        and not (summary.imported or summary.updated or summary.ignored)
                    ):
                        # a new poste whose bundle brought nothing acceptable is not pinned: a forged
                        # bundle sent first must not take the place of the real poste's key
                        conn.execute("DELETE FROM postes WHERE device_id = ?", (origin,))
                        summary.notes.clear()
                    _journal(conn, store, name, raw, summary)
                    break
            staging.pause()  # a writer waiting for the store (direct, the UI) gets in here
            pause_point("import-batch")  # test-only: a kill between two batches hides what was staged
    except BaseException:
        staging.abandon(store, run)
        raise
    return summary


def _journal(conn, store: Store, name: str, raw: bytes, summary: ImportSummary) -> None:
    conn.execute(
        "INSERT INTO import_journal (at, device_id, file_name, file_sha256, imported, updated, "
        "ignored, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            datetime.datetime.now().isoformat(timespec="seconds"),
            store.device_id,
            name,
            hashlib.sha256(raw).hexdigest(),
            summary.imported,
            summary.updated,
            summary.ignored,
            len(summary.conflicts),
        ),
    )
