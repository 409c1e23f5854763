"""The tally store: SQLite in the data folder (WAL), versioned séance records,
their anonymous answer counts, and the import journal.

Every write is its own transaction, committed before the call returns, so a
crash or a killed process loses nothing already entered.
"""

from __future__ import annotations

import datetime
import errno
import os
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

from harcelement_kit.errors import os_reason, sqlite_reason
from harcelement_kit.tally.records import Seance, content_hash

__all__ = ["Store", "StoreError", "SCHEMA_VERSION", "DB_NAME", "migrate"]

DB_NAME = "comptage.sqlite3"
READ_IMAGE_KEY = "image-lue:"  # meta keys: fingerprints of answer-sheet images, while their séance lasts


def _option_bound_triggers(table: str) -> str:
    """The bound on one option's count (migrations 4 and 7, one counts table each): never
    more than the séance's participants, whether the count is inserted or updated."""
    return "".join(
        f"""    CREATE TRIGGER {table}_bounded_{suffix} BEFORE {event} ON {table}
    WHEN NEW.n > (SELECT participants FROM seances WHERE row = NEW.seance_row)
    BEGIN SELECT RAISE(ABORT, 'borne: plus de reponses que de participants'); END;
"""
        for suffix, event in (("i", "INSERT"), ("u", "UPDATE OF n"))
    )


def _question_bound_trigger(name: str, event: str, table: str, per_moment: bool = False) -> str:
    """Migration 8's bound on one question, for one way of writing one counts table: after
    the write, the question's answers (per moment for a before / after item) may not exceed
    the séance's participants, unless the question takes several answers. The four triggers
    differ only by their name, event and table; a helper keeps them from drifting apart."""
    moment = " AND c.moment = NEW.moment" if per_moment else ""
    return f"""    CREATE TRIGGER {name} AFTER {event} ON {table}
    WHEN EXISTS (SELECT 1 FROM count_keys q WHERE q.key = NEW.key AND NOT EXISTS (SELECT 1 FROM
            seance_multiple m WHERE m.seance_row = NEW.seance_row AND m.module = q.module
            AND m.activity = q.activity)
        AND (SELECT SUM(c.n) FROM {table} c JOIN count_keys k ON k.key = c.key WHERE
            c.seance_row = NEW.seance_row{moment} AND k.module = q.module
            AND k.activity = q.activity AND k.item = q.item)
            > (SELECT participants FROM seances WHERE row = NEW.seance_row))
    BEGIN SELECT RAISE(ABORT, 'borne: plus de reponses que de participants a une question'); END;
"""


# Each entry brings the schema from version i to i + 1. Never edit a past entry:
# add a new one, so every laptop's store reaches the same schema.
MIGRATIONS = [
    # 1: séance versions and their answer counts
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE seances (
        row INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        supersedes TEXT NOT NULL,
        hash TEXT,                      -- set when the version is sealed (exported)
        current INTEGER NOT NULL,       -- 1 for the newest version of each id
        deleted INTEGER NOT NULL,       -- 1 for a tombstone
        date TEXT NOT NULL,
        structure TEXT NOT NULL,
        action TEXT NOT NULL,
        lieu TEXT NOT NULL,
        etablissement TEXT NOT NULL,
        niveau TEXT NOT NULL,
        participants INTEGER NOT NULL CHECK (participants >= 0),
        filles INTEGER CHECK (filles >= 0),
        garcons INTEGER CHECK (garcons >= 0),
        duree_minutes INTEGER NOT NULL CHECK (duree_minutes >= 0),
        ambassadeurs INTEGER NOT NULL CHECK (ambassadeurs >= 0),
        cycle TEXT NOT NULL,
        modules TEXT NOT NULL,          -- module ids separated by spaces
        UNIQUE (id, version)
    );
    CREATE UNIQUE INDEX seances_one_current ON seances (id) WHERE current = 1;
    CREATE INDEX seances_current_date ON seances (date) WHERE current = 1 AND deleted = 0;
    CREATE TABLE count_keys (
        key INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        activity TEXT NOT NULL,
        item INTEGER NOT NULL CHECK (item >= 0),
        option INTEGER NOT NULL CHECK (option >= 0),
        sensitive INTEGER NOT NULL,
        UNIQUE (module, activity, item, option)
    );
    CREATE TABLE counts (
        seance_row INTEGER NOT NULL REFERENCES seances (row),
        key INTEGER NOT NULL REFERENCES count_keys (key),
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (seance_row, key)
    ) WITHOUT ROWID;
    """,
    # 2: the append-only journal of imports
    """
    CREATE TABLE import_journal (
        row INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        imported INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        ignored INTEGER NOT NULL,
        conflicts INTEGER NOT NULL
    );
    CREATE TRIGGER import_journal_append_only_u BEFORE UPDATE ON import_journal
        BEGIN SELECT RAISE(ABORT, 'journal en ajout seul'); END;
    CREATE TRIGGER import_journal_append_only_d BEFORE DELETE ON import_journal
        BEGIN SELECT RAISE(ABORT, 'journal en ajout seul'); END;
    """,
    # 3: a séance is one class meeting: marked « essai » (never counted), kept open on
    # this laptop while its modules follow one another, and resumed at the step it left.
    # The progress tables are this laptop's own: never exported.
    """
    ALTER TABLE seances ADD COLUMN essai INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE seance_progress (
        id TEXT PRIMARY KEY,            -- the séance
        open INTEGER NOT NULL,          -- 1 until « Terminer la séance » (or another day)
        module TEXT NOT NULL,           -- the module run last
        mode TEXT NOT NULL,             -- classe (Animer) or eleve (passation)
        at TEXT NOT NULL
    );
    CREATE TABLE seance_steps (
        id TEXT NOT NULL,
        module TEXT NOT NULL,
        mode TEXT NOT NULL,
        step INTEGER NOT NULL CHECK (step >= 0),    -- where Animer stopped
        pupils INTEGER NOT NULL CHECK (pupils >= 0),  -- pupils who started the passation
        PRIMARY KEY (id, module, mode)
    );
    """,
    # 4: bounds (issue 12): a count is a number of pupils, so no option's count exceeds the
    # séance's participants (hands may go up for two options, so a question's total may);
    # the séance's numbers are bounded, so no SQL sum can overflow. SQLite cannot add a
    # CHECK to an existing table, hence triggers, which every writer obeys.
    """
    CREATE TRIGGER seances_bounded_i BEFORE INSERT ON seances
    WHEN NEW.participants > 10000 OR NEW.duree_minutes > 1440 OR NEW.version > 1000000
        OR COALESCE(NEW.filles, 0) + COALESCE(NEW.garcons, 0) > NEW.participants
        OR NEW.ambassadeurs > NEW.participants
    BEGIN SELECT RAISE(ABORT, 'borne: seance hors bornes'); END;
    CREATE TRIGGER seances_bounded_u BEFORE UPDATE OF participants, filles, garcons, ambassadeurs,
        duree_minutes ON seances
    WHEN NEW.participants > 10000 OR NEW.duree_minutes > 1440
        OR COALESCE(NEW.filles, 0) + COALESCE(NEW.garcons, 0) > NEW.participants
        OR NEW.ambassadeurs > NEW.participants
        OR NEW.participants < (SELECT COALESCE(MAX(n), 0) FROM counts WHERE seance_row = NEW.row)
    BEGIN SELECT RAISE(ABORT, 'borne: seance hors bornes'); END;
    """
    + _option_bound_triggers("counts")
    + """
    """,
    # 5: signed exports (issue 12): the pinned public key of each poste met on import, and
    # the poste each séance comes from (only that poste may bring its later versions).
    # poste: a device id, 'fichier' for a CSV row, NULL when imported before signatures.
    """
    CREATE TABLE postes (
        device_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        name TEXT NOT NULL,
        first_import TEXT NOT NULL,
        last_import TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE seance_origins (id TEXT PRIMARY KEY, poste TEXT);
    INSERT INTO seance_origins (id, poste) SELECT DISTINCT id,
        CASE WHEN (SELECT COUNT(*) FROM import_journal) = 0
             THEN (SELECT value FROM meta WHERE key = 'device_id') END FROM seances;
    CREATE TRIGGER seance_origin_local AFTER INSERT ON seances
    BEGIN INSERT OR IGNORE INTO seance_origins (id, poste)
          VALUES (NEW.id, (SELECT value FROM meta WHERE key = 'device_id')); END;
    """,
    # 6: imports in batches (issue 12): versions written by an import that has not finished
    # stay invisible (current = 0) and are listed here; its last, short transaction makes them
    # current. A killed import's rows are removed by the next import (staging.py).
    """
    CREATE TABLE import_runs (
        run TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started TEXT NOT NULL
    );
    CREATE TABLE import_staged (
        row INTEGER PRIMARY KEY REFERENCES seances (row),
        run TEXT NOT NULL,
        make_current INTEGER NOT NULL
    );
    CREATE INDEX import_staged_run ON import_staged (run);
    """,
    # 7: before / after (issue 17): the answers of a paired item counted at a moment (avant,
    # apres, retrospectif), per option, never per pupil. A table of its own: the plain counts,
    # and every reader of them, stay as they were; the same bounds as the plain counts.
    """
    CREATE TABLE moment_counts (
        seance_row INTEGER NOT NULL REFERENCES seances (row),
        key INTEGER NOT NULL REFERENCES count_keys (key),
        moment TEXT NOT NULL CHECK (moment IN ('avant', 'apres', 'retrospectif')),
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (seance_row, key, moment)
    ) WITHOUT ROWID;
    """
    + _option_bound_triggers("moment_counts")
    + """
    CREATE TRIGGER seances_bounded_moment_u BEFORE UPDATE OF participants ON seances
    WHEN NEW.participants < (SELECT COALESCE(MAX(n), 0) FROM moment_counts WHERE seance_row = NEW.row)
    BEGIN SELECT RAISE(ABORT, 'borne: seance hors bornes'); END;
    """,
    # 8: bounds per question (issue 12): a question with one answer per participant gets at
    # most the séance's participants over all its options (per moment for the paired items);
    # a question accepting several answers (« plusieurs: true », listed per séance version
    # in seance_multiple) keeps the bound per option. Per séance: every question bounded so.
    """
    CREATE TABLE seance_multiple (
        seance_row INTEGER NOT NULL REFERENCES seances (row),
        module TEXT NOT NULL,
        activity TEXT NOT NULL,
        PRIMARY KEY (seance_row, module, activity)
    ) WITHOUT ROWID;
    """
    + _question_bound_trigger("counts_question_bounded_i", "INSERT", "counts")
    + _question_bound_trigger("counts_question_bounded_u", "UPDATE OF n", "counts")
    + _question_bound_trigger("moment_counts_question_bounded_i", "INSERT", "moment_counts", per_moment=True)
    + _question_bound_trigger("moment_counts_question_bounded_u", "UPDATE OF n", "moment_counts", per_moment=True)
    + """
    CREATE TRIGGER seances_question_bounded_u BEFORE UPDATE OF participants ON seances
    WHEN NEW.participants < (SELECT COALESCE(MAX(t), 0) FROM (SELECT SUM(c.n) AS t FROM counts c
            JOIN count_keys k ON k.key = c.key WHERE c.seance_row = NEW.row AND NOT EXISTS (SELECT 1
            FROM seance_multiple m WHERE m.seance_row = NEW.row AND m.module = k.module
            AND m.activity = k.activity) GROUP BY k.module, k.activity, k.item))
        OR NEW.participants < (SELECT COALESCE(MAX(t), 0) FROM (SELECT SUM(c.n) AS t FROM
            moment_counts c JOIN count_keys k ON k.key = c.key WHERE c.seance_row = NEW.row AND NOT
            EXISTS (SELECT 1 FROM seance_multiple m WHERE m.seance_row = NEW.row AND m.module =
            k.module AND m.activity = k.activity) GROUP BY k.module, k.activity, k.item, c.moment))
    BEGIN SELECT RAISE(ABORT, 'borne: seance hors bornes'); END;
    CREATE TRIGGER seance_multiple_kept BEFORE DELETE ON seance_multiple
    WHEN EXISTS (SELECT 1 FROM counts WHERE seance_row = OLD.seance_row)
        OR EXISTS (SELECT 1 FROM moment_counts WHERE seance_row = OLD.seance_row)
    BEGIN SELECT RAISE(ABORT, 'borne: plus de reponses que de participants a une question'); END;
    """,
    # 9: a before / after questionnaire done on paper (« f » in Animer, issue 17): its answers
    # reach the store only with `lire`, after the séance; until then this laptop remembers that
    # the moment was asked, so the paired items stay out of the workshop after a restart too,
    # and the séance is not forgotten as empty. This laptop's own, like the progress: never exported.
    """
    CREATE TABLE paper_moments (
        id TEXT NOT NULL,               -- the séance
        module TEXT NOT NULL,
        moment TEXT NOT NULL CHECK (moment IN ('avant', 'apres')),
        PRIMARY KEY (id, module, moment)
    ) WITHOUT ROWID;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "row, id, version, supersedes, hash, deleted, date, structure, action, lieu, "
    "etablissement, niveau, participants, filles, garcons, duree_minutes, ambassadeurs, "
    "cycle, modules"
)


BOUND_MESSAGES = {
    "borne: plus de reponses que de participants": (
        "plus de réponses que de participants à la séance : rien n'a été enregistré"
    ),
    "borne: plus de reponses que de participants a une question": (
        "plus de réponses que de participants à une question à une seule réponse (toutes réponses "
        "confondues) : rien n'a été enregistré"
    ),
    "borne: seance hors bornes": (
        "nombres de la séance impossibles (participants, durée, filles, garçons ou ambassadeurs) : "
        "rien n'a été enregistré"
    ),
}


class StoreError(Exception):
    """A store that cannot be used, with a French message."""


BUSY_MESSAGE = (
    "la base de comptage est occupée par un autre programme du kit (un import ?) : "
    "rien n'a été perdu, réessayez dans un moment"
)


def _retry_locked(action, seconds: float = 30.0):
    """Run `action`, retrying while SQLite says the database is locked. Switching a new
    store to WAL needs an exclusive lock that SQLite does not wait for (no busy handler):
    twelve processes creating a store at once made three fail (issue 12, failure 10)."""
    import random
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))


def option_count(
    row: int, module: str, activity: str, item: int, option: int, moment: str = ""
) -> tuple[str, str, tuple]:
    """Where one option's count lives: its table (moment_counts for a before / after answer,
    counts otherwise), the WHERE clause that selects it and that clause's parameters. Shared
    by the writers that erase or take back an answer, so both find the same row."""
    where = "key IN (SELECT key FROM count_keys WHERE module = ? AND activity = ? AND item = ? AND option = ?)"
    if moment:
        return (
            "moment_counts",
            f"seance_row = ? AND moment = ? AND {where}",
            (row, moment, module, activity, item, option),
        )
    return "counts", f"seance_row = ? AND {where}", (row, module, activity, item, option)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    conn.execute("PRAGMA busy_timeout = 60000")
    _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = FULL")  # a count keyed in survives a power cut
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit mid-migration)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Copy the store aside before migrating it. Done outside any transaction (SQLite
    cannot back up from a connection that is writing); a copy that another process
    already migrated is thrown away rather than kept under the old version's name."""
    final = path.with_name(f"{path.stem}.avant-migration-v{version}.sqlite3")
    if final.exists():
        return
    partial = final.with_name(f"{final.name}.{uuid.uuid4().hex}.tmp")
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
        copied_version = copy.execute("PRAGMA user_version").fetchone()[0]
    finally:
        copy.close()
    if copied_version == version:
        partial.replace(final)
    else:
        partial.unlink()


def migrate(conn: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION, backup: bool = True) -> None:
    """Bring the store to `target`, after copying it aside when it held data."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"le fichier de comptage {path} vient d'une version plus récente du kit : mettez le kit à jour"
        )
    if version >= target:
        return
    if version > 0 and backup:
        _backup(conn, path, version)
    conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then see it done
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, target):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
        if version < target:
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _read_only_reason(data_dir: Path, path: Path) -> str | None:
    """Why the store cannot be written (a read-only USB stick, a folder of another
    account), or None. As root only a read-only medium stops writing."""
    if data_dir.is_dir() and not os.access(data_dir, os.W_OK):
        return "lecture seule"
    if path.exists() and not os.access(path, os.W_OK):
        return "lecture seule"
    return None


def _memory_copy(path: Path) -> sqlite3.Connection:
    """The store read from a folder that cannot be written, copied into memory:
    every screen and command works on it, and nothing is ever saved."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    if not path.exists():
        return memory  # no store yet: an empty one
    # Without a WAL file (a store closed normally) immutable=1 reads the file and
    # creates nothing next to it. A WAL left by a crash holds counts not yet in the
    # file: mode=ro reads it (when SQLite can use its -shm), immutable=1 is the last resort.
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    for query in ("mode=ro", "immutable=1") if has_wal else ("immutable=1",):
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
            try:
                source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                source.backup(memory)
                return memory
            finally:
                source.close()
        except sqlite3.OperationalError:
            continue
    raise sqlite3.OperationalError("unable to open database file")


class Store:
    """The séances and counts of one data folder.

    `read_only_ok`: when the folder cannot be written, the store is read into
    memory (`read_only` is then True) instead of refused — for the commands that
    only read (seance liste, bilan, exporter) and the UI, which says so.
    """

    def __init__(self, data_dir: Path, read_only_ok: bool = False):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.read_only = False
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"le dossier de données « {self.data_dir} » est un fichier, pas un dossier")
        reason = _read_only_reason(self.data_dir, self.path)
        try:
            if reason is None:
                try:
                    self.data_dir.mkdir(parents=True, exist_ok=True)
                    self.conn = _connect(self.path)
                    _retry_locked(lambda: migrate(self.conn, self.path))  # 12 processes at once
                    self.device_id = _retry_locked(self._device_id)
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" in str(exc) or "busy" in str(exc):
                        raise StoreError(BUSY_MESSAGE) from None
                    if "readonly" not in str(exc) and "unable to open" not in str(exc):
                        raise
                    reason = sqlite_reason(exc)
                except OSError as exc:
                    if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                        raise
                    reason = os_reason(exc)
            if not read_only_ok:
                raise StoreError(
                    f"le dossier de données « {self.data_dir} » ne peut pas être écrit "
                    f"({reason}) : rien n'a été enregistré"
                )
            self.read_only = True
            self.conn = _memory_copy(self.path)
            migrate(self.conn, self.path, backup=False)  # in memory: an older store read with today's schema
            self.device_id = self._device_id()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"le fichier de comptage {self.path} est illisible ({sqlite_reason(exc)})") from exc
        except OSError as exc:
            raise StoreError(f"le dossier de données {self.data_dir} est inutilisable ({os_reason(exc)})") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        """One atomic write; BEGIN IMMEDIATE so concurrent writers queue instead of failing."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except sqlite3.IntegrityError as exc:
            self.conn.execute("ROLLBACK")
            if "borne:" in str(exc):  # a bound of migration 3: say it in French
                raise StoreError(BOUND_MESSAGES.get(str(exc), str(exc))) from None
            raise
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _device_id(self) -> str:
        """A random id for this laptop's store (never a hardware id), made on first use."""
        query = "SELECT value FROM meta WHERE key = 'device_id'"
        row = self.conn.execute(query).fetchone()
        if row is None:  # only the first opening writes
            with self.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", (str(uuid.uuid4()),))
                row = conn.execute(query).fetchone()
        return row[0]

    # -- writing -----------------------------------------------------------------

    def add_seance(self, seance: Seance) -> Seance:
        """Record a new séance (version 1, not yet exported)."""
        with self.transaction() as conn:
            self.insert_version(conn, seance, current=True, sealed_hash=None)
        return seance

    def insert_version(self, conn, seance: Seance, current: bool, sealed_hash: str | None) -> int:
        """Write one version and its counts inside the caller's transaction; its row."""
        cursor = conn.execute(
            f"INSERT INTO seances ({_COLUMNS.replace('row, ', '')}, current) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seance.id,
                seance.version,
                seance.supersedes,
                sealed_hash,
                int(seance.deleted),
                seance.date.isoformat(),
                seance.structure,
                seance.action,
                seance.lieu,
                seance.etablissement,
                seance.niveau,
                seance.participants,
                seance.filles,
                seance.garcons,
                seance.duree_minutes,
                seance.ambassadeurs,
                seance.cycle,
                " ".join(seance.modules),
                int(current),
            ),
        )
        row = cursor.lastrowid
        if seance.essai:
            conn.execute("UPDATE seances SET essai = 1 WHERE row = ?", (row,))
        for module, activity in sorted(seance.multiple):  # before the counts: their bound depends on it
            _mark_multiple(conn, row, module, activity)
        for (module, activity, item, option), n in seance.counts.items():
            key = self._key(conn, module, activity, item, option, (module, activity) in seance.sensitive)
            conn.execute("INSERT INTO counts (seance_row, key, n) VALUES (?, ?, ?)", (row, key, n))
        for (module, activity, item, option, moment), n in seance.moment_counts.items():
            key = self._key(conn, module, activity, item, option, (module, activity) in seance.sensitive)
            conn.execute(
                "INSERT INTO moment_counts (seance_row, key, moment, n) VALUES (?, ?, ?, ?)", (row, key, moment, n)
            )
        return row

    def _key(self, conn, module: str, activity: str, item: int, option: int, sensitive: bool) -> int:
        conn.execute(
            "INSERT INTO count_keys (module, activity, item, option, sensitive) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (module, activity, item, option, int(sensitive)),
        )
        key, was_sensitive = conn.execute(
            "SELECT key, sensitive FROM count_keys WHERE module = ? AND activity = ? AND item = ? AND option = ?",
            (module, activity, item, option),
        ).fetchone()
        if sensitive and not was_sensitive:  # once sensitive, always treated as sensitive
            conn.execute("UPDATE count_keys SET sensitive = 1 WHERE key = ?", (key,))
        return key

    def _writable_row(self, conn, seance_id: str) -> int:
        """The row of the current version, replaced first by a new version when the
        current one was already exported (sealed), so an exported version never changes."""
        row = conn.execute(
            "SELECT row, hash, deleted FROM seances WHERE id = ? AND current = 1", (seance_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"aucune séance n'a l'identifiant {seance_id}")
        if row[2]:
            raise StoreError(f"la séance {seance_id[:8]} a été supprimée")
        if row[1] is None:
            return row[0]
        seance = self.load_version(conn, row[0])
        conn.execute("UPDATE seances SET current = 0 WHERE row = ?", (row[0],))
        return self.insert_version(conn, seance.next_version(), current=True, sealed_hash=None)

    def add_count(
        self,
        seance_id: str,
        module: str,
        activity: str,
        item: int,
        option: int,
        n: int = 1,
        sensitive: bool = False,
        moment: str = "",
        multiple: bool = False,
    ) -> None:
        """Add `n` answers to one option (one pupil's answer in a passation: n = 1).
        `moment` (avant, apres, retrospectif): a paired item's answer, counted apart.
        `multiple`: the question accepts several answers (only each option is bounded)."""
        self._put_option(seance_id, module, activity, item, option, n, sensitive, moment, multiple, add=True)

    def _put_option(
        self,
        seance_id: str,
        module: str,
        activity: str,
        item: int,
        option: int,
        n: int,
        sensitive: bool,
        moment: str,
        multiple: bool,
        add: bool,
    ) -> None:
        """add_count and set_count, which differ only by `add`: one option's count, in its
        own transaction."""
        with self.transaction() as conn:
            row = self._writable_row(conn, seance_id)
            if multiple:
                _mark_multiple(conn, row, module, activity)
            _put_count(conn, row, self._key(conn, module, activity, item, option, sensitive), moment, n, add)

    def add_counts(
        self,
        seance_id: str,
        module: str,
        activity: str,
        item: int,
        counts: list[int],
        sensitive: bool = False,
        moment: str = "",
        multiple: bool = False,
    ) -> None:
        """Add the answers of one question, option by option, in one transaction
        (a question answered from phones, recorded when it closes)."""
        with self.transaction() as conn:
            row = self._writable_row(conn, seance_id)
            if multiple:
                _mark_multiple(conn, row, module, activity)
            for option, n in enumerate(counts):
                if n:
                    _put_count(conn, row, self._key(conn, module, activity, item, option, sensitive), moment, n)

    # -- answer sheets: a batch's counts, and the fingerprints of its images -------------

    def add_sheet_batch(
        self,
        seance_id: str,
        module_counts: dict,
        sensitive: set,
        image_hashes: list[str],
        day: str,
        multiple: frozenset = frozenset(),
    ) -> None:
        """The counts of a batch of answer sheets, {module: {(activity, item, option[, moment]): n}},
        and the fingerprints (SHA-256) of its images, in one transaction: a batch is
        counted whole or not at all, and an image read again is recognised. `sensitive`
        holds (module, activity) pairs, and `multiple` those accepting several answers.
        The images themselves are never stored."""
        with self.transaction() as conn:
            row = self._writable_row(conn, seance_id)
            for module, activity in sorted(multiple):
                _mark_multiple(conn, row, module, activity)
            for module, counts in module_counts.items():
                for (activity, item, option, *moment), n in counts.items():
                    if not n:
                        continue
                    key = self._key(conn, module, activity, item, option, (module, activity) in sensitive)
                    # a before / after sheet's answer (moment set): counted apart (issue 17)
                    _put_count(conn, row, key, moment[0] if moment else "", n)
            for digest in image_hashes:
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                    (f"{READ_IMAGE_KEY}{seance_id}:{digest}", day),
                )

    def read_image_hashes(self, seance_id: str) -> set[str]:
        """Fingerprints of the images of answer sheets already counted in this séance."""
        prefix = f"{READ_IMAGE_KEY}{seance_id}:"
        rows = self.conn.execute("SELECT key FROM meta WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))
        return {r[0][len(prefix) :] for r in rows}

    def forget_read_images(self, before_day: str | None = None, seance_id: str | None = None) -> int:
        """Drop fingerprints once their séance is over (read before `before_day`, an ISO
        date), or those of one séance; the number dropped."""
        with self.transaction() as conn:
            if seance_id is not None:
                prefix = f"{READ_IMAGE_KEY}{seance_id}:"
                cursor = conn.execute("DELETE FROM meta WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))
            else:
                cursor = conn.execute(
                    "DELETE FROM meta WHERE key >= ? AND key < ? AND value < ?",
                    (READ_IMAGE_KEY, READ_IMAGE_KEY + "\uffff", before_day or "9999"),
                )
            return cursor.rowcount

    def set_count(
        self,
        seance_id: str,
        module: str,
        activity: str,
        item: int,
        option: int,
        n: int,
        sensitive: bool = False,
        moment: str = "",
        multiple: bool = False,
    ) -> None:
        """Set the count of one option (the hands counted by the animateur)."""
        self._put_option(seance_id, module, activity, item, option, n, sensitive, moment, multiple, add=False)

    def clear_count(self, seance_id: str, module: str, activity: str, item: int, option: int, moment: str = "") -> None:
        """Forget the count of one option (the animateur erased it: not counted)."""
        with self.transaction() as conn:
            row = self._writable_row(conn, seance_id)
            table, where, params = option_count(row, module, activity, item, option, moment)
            conn.execute(f"DELETE FROM {table} WHERE {where}", params)

    def delete(self, seance_id: str) -> None:
        """Remove a séance: a tombstone version, so that no import brings it back."""
        with self.transaction() as conn:
            row = self._writable_row(conn, seance_id)
            conn.execute("UPDATE seances SET deleted = 1 WHERE row = ?", (row,))
            conn.execute("DELETE FROM counts WHERE seance_row = ?", (row,))
            conn.execute("DELETE FROM moment_counts WHERE seance_row = ?", (row,))
            conn.execute("DELETE FROM seance_multiple WHERE seance_row = ?", (row,))
            conn.execute("DELETE FROM seance_progress WHERE id = ?", (seance_id,))
            conn.execute("DELETE FROM paper_moments WHERE id = ?", (seance_id,))

    def seal_current(self) -> list[Seance]:
        """Seal every current version (tombstones included) and return them: what an export holds."""
        with self.transaction() as conn:
            rows = [r[0] for r in conn.execute("SELECT row FROM seances WHERE current = 1 ORDER BY id")]
            seances = []
            for row in rows:
                seance = self.load_version(conn, row)
                conn.execute("UPDATE seances SET hash = ? WHERE row = ? AND hash IS NULL", (content_hash(seance), row))
                seances.append(seance)
            return seances

    # -- reading -----------------------------------------------------------------

    def load_version(self, conn, row: int) -> Seance:
        """The version stored at `row`, with its counts."""
        r = conn.execute(f"SELECT {_COLUMNS} FROM seances WHERE row = ?", (row,)).fetchone()
        counts, sensitive = {}, set()
        for module, activity, item, option, n, is_sensitive in conn.execute(
            "SELECT k.module, k.activity, k.item, k.option, c.n, k.sensitive FROM counts c "
            "JOIN count_keys k ON k.key = c.key WHERE c.seance_row = ?",
            (row,),
        ):
            counts[(module, activity, item, option)] = n
            if is_sensitive:
                sensitive.add((module, activity))
        moment_counts = {}
        for module, activity, item, option, moment, n, is_sensitive in conn.execute(
            "SELECT k.module, k.activity, k.item, k.option, c.moment, c.n, k.sensitive FROM moment_counts c "
            "JOIN count_keys k ON k.key = c.key WHERE c.seance_row = ?",
            (row,),
        ):
            moment_counts[(module, activity, item, option, moment)] = n
            if is_sensitive:
                sensitive.add((module, activity))
        essai = conn.execute("SELECT essai FROM seances WHERE row = ?", (row,)).fetchone()[0]
        multiple = frozenset(
            conn.execute("SELECT module, activity FROM seance_multiple WHERE seance_row = ?", (row,)).fetchall()
        )
        return Seance(
            id=r[1],
            version=r[2],
            supersedes=r[3],
            deleted=bool(r[5]),
            essai=bool(essai),
            date=datetime.date.fromisoformat(r[6]),
            structure=r[7],
            action=r[8],
            lieu=r[9],
            etablissement=r[10],
            niveau=r[11],
            participants=r[12],
            filles=r[13],
            garcons=r[14],
            duree_minutes=r[15],
            ambassadeurs=r[16],
            cycle=r[17],
            modules=tuple(r[18].split()),
            counts=counts,
            sensitive=frozenset(sensitive),
            moment_counts=moment_counts,
            multiple=multiple,
        )

    def get(self, seance_id: str) -> Seance:
        row = self.conn.execute("SELECT row FROM seances WHERE id = ? AND current = 1", (seance_id,)).fetchone()
        if row is None:
            raise StoreError(f"aucune séance n'a l'identifiant {seance_id}")
        return self.load_version(self.conn, row[0])

    def resolve_id(self, prefix: str) -> str:
        """The full id of the séance whose id starts with `prefix` (at least 4 characters)."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4:
            raise StoreError("donnez au moins les 4 premiers caractères de l'identifiant")
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM seances WHERE current = 1 AND id LIKE ? ESCAPE '\\' LIMIT 2",
                (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
            )
        ]
        if not ids:
            raise StoreError(f"aucune séance ne commence par « {prefix} » (voir « seance liste »)")
        if len(ids) > 1:
            raise StoreError(f"plusieurs séances commencent par « {prefix} » : donnez plus de caractères")
        return ids[0]

    def seances(self, include_deleted: bool = False, limit: int | None = None) -> list[Seance]:
        """Current versions, newest first."""
        where = "current = 1" + ("" if include_deleted else " AND deleted = 0")
        sql = f"SELECT row FROM seances WHERE {where} ORDER BY date DESC, row DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self.load_version(self.conn, r[0]) for r in self.conn.execute(sql).fetchall()]

    def version_hash(self, seance_id: str, version: int) -> str | None:
        row = self.conn.execute(
            "SELECT hash FROM seances WHERE id = ? AND version = ?", (seance_id, version)
        ).fetchone()
        return row[0] if row else None


def _put_count(conn, row: int, key: int, moment: str, n: int, add: bool = True) -> None:
    """One option's count: in moment_counts for a before / after answer (`moment` set), in
    counts otherwise. `add`: `n` answers come in; else `n` replaces the count (the hands
    counted by the animateur). Every writer of answers goes through here."""
    value = "n + excluded.n" if add else "excluded.n"
    if moment:
        conn.execute(
            "INSERT INTO moment_counts (seance_row, key, moment, n) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT (seance_row, key, moment) DO UPDATE SET n = {value}",
            (row, key, moment, n),
        )
    else:
        conn.execute(
            "INSERT INTO counts (seance_row, key, n) VALUES (?, ?, ?) "
            f"ON CONFLICT (seance_row, key) DO UPDATE SET n = {value}",
            (row, key, n),
        )


def _mark_multiple(conn, row: int, module: str, activity: str) -> None:
    """This version's questions of `activity` accept several answers per participant."""
    conn.execute(
        "INSERT OR IGNORE INTO seance_multiple (seance_row, module, activity) VALUES (?, ?, ?)", (row, module, activity)
    )
