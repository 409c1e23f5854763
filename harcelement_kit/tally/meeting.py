"""The séance as one class meeting (store schema 3): several modules, resumed at the
step it left, corrected (a latecomer, « essai »), ended; nothing empty is kept.

Kept apart from the record's versioning in store.py: every change goes through
`Store._writable_row`, so an exported version never changes."""

from __future__ import annotations

import datetime

from harcelement_kit.tally.numbers import plural
from harcelement_kit.tally.records import Seance
from harcelement_kit.tally.store import Store, StoreError, option_count

__all__ = [
    "EDITABLE",
    "edit_summary",
    "editable_fields",
    "update_seance",
    "question_total",
    "remove_answer",
    "avant_earlier_in_cycle",
    "moment_asked",
    "add_module",
    "mark_open",
    "close_seance",
    "open_seances",
    "is_open",
    "save_step",
    "saved_step",
    "count_pupil",
    "discard_unused",
]

EDITABLE = ("participants", "duree_minutes", "etablissement", "niveau", "essai", "modules")


def editable_fields(seance: Seance) -> dict:
    """The séance's fields as check_seance reads them (no duration: empty, not 0)."""
    from dataclasses import asdict

    fields = asdict(seance)
    if not fields["duree_minutes"]:
        fields["duree_minutes"] = None
    return fields


def edit_summary(seance: Seance) -> str:
    """What a correction left, as the animateur reads it: « 27 participants, 110 min » or,
    the durée emptied, « 27 participants, durée non renseignée » (0 is « not given », never
    a 0-minute séance)."""
    duree = f"{seance.duree_minutes} min" if seance.duree_minutes else "durée non renseignée"
    return f"{plural(seance.participants, 'participant', 'participants')}, {duree}" + (
        ", essai (jamais comptée dans le bilan)." if seance.essai else "."
    )


def update_seance(store: Store, seance_id: str, **changes) -> Seance:
    """Change some fields of a séance (a latecomer, the real duration, « essai »):
    the current version is changed, or replaced by a new one once exported."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with store.transaction() as conn:
        row = store._writable_row(conn, seance_id)
        if "participants" in changes:
            most = _largest_answer_count(conn, row)
            if changes["participants"] < most:
                raise StoreError(
                    f"une question a déjà {most} réponses : la séance ne peut pas compter moins de {most} participants"
                )
        for name, value in changes.items():
            if name == "modules":
                value = " ".join(value)
            elif name == "essai":
                value = int(bool(value))
            conn.execute(f"UPDATE seances SET {name} = ? WHERE row = ?", (value, row))
        return store.load_version(conn, row)


def _largest_answer_count(conn, row: int) -> int:
    """The most answers any one question of this séance version received."""
    found = conn.execute(
        "SELECT MAX(t) FROM (SELECT SUM(c.n) AS t FROM counts c JOIN count_keys k ON k.key = c.key "
        "WHERE c.seance_row = ? GROUP BY k.module, k.activity, k.item)",
        (row,),
    ).fetchone()[0]
    return found or 0


def question_total(store: Store, seance_id: str, module: str, activity: str, item: int) -> int:
    """Answers already counted for one question of the séance, all options together."""
    found = store.conn.execute(
        "SELECT SUM(c.n) FROM counts c JOIN count_keys k ON k.key = c.key JOIN seances s "
        "ON s.row = c.seance_row WHERE s.id = ? AND s.current = 1 AND k.module = ? AND "
        "k.activity = ? AND k.item = ?",
        (seance_id, module, activity, item),
    ).fetchone()[0]
    return found or 0


def remove_answer(
    store: Store, seance_id: str, module: str, activity: str, item: int, option: int, moment: str = ""
) -> None:
    """Take back one answer (a pupil went back to change it); `moment`: a before / after answer."""
    with store.transaction() as conn:
        row = store._writable_row(conn, seance_id)
        table, where, params = option_count(row, module, activity, item, option, moment)
        conn.execute(f"UPDATE {table} SET n = n - 1 WHERE n > 0 AND {where}", params)
        conn.execute(f"DELETE FROM {table} WHERE seance_row = ? AND n = 0", (row,))


def moment_asked(store: Store, seance_id: str, module: str, activities, moment: str) -> bool:
    """Whether the module's paired `activities` (ids) were counted at `moment` in this
    séance or, for « avant », in an earlier séance of its cycle (before in the first
    séance, after in the last): Animer and `direct` then leave them out of the workshop."""
    seance = store.get(seance_id)
    if any(k[0] == module and k[1] in activities and k[4] == moment for k in seance.moment_counts):
        return True
    if done_on_paper(store, seance_id, module, moment):
        return True
    return moment == "avant" and avant_earlier_in_cycle(store, seance_id, module)


def mark_done_on_paper(store: Store, seance_id: str, module: str, moment: str) -> None:
    """« f » in a before / after questionnaire: it was done on the « AVANT » or « APRÈS »
    answer sheets, whose answers `lire` counts after the séance."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO paper_moments (id, module, moment) VALUES (?, ?, ?)", (seance_id, module, moment)
        )


def done_on_paper(store: Store, seance_id: str, module: str, moment: str) -> bool:
    """Whether that questionnaire of the séance was marked done on paper (its sheets not read yet)."""
    found = store.conn.execute(
        "SELECT 1 FROM paper_moments WHERE id = ? AND module = ? AND moment = ?", (seance_id, module, moment)
    ).fetchone()
    return found is not None


def avant_earlier_in_cycle(store: Store, seance_id: str, module: str) -> bool:
    """Whether the module's paired items were counted « avant » in another séance of this
    séance's cycle (issue 17: the cycle's opening questionnaire is asked once)."""
    seance = store.get(seance_id)
    if not seance.cycle:
        return False
    counted = store.conn.execute(
        "SELECT 1 FROM moment_counts c JOIN seances s ON s.row = c.seance_row JOIN count_keys k "
        "ON k.key = c.key WHERE s.current = 1 AND s.deleted = 0 AND s.cycle = ? AND s.id != ? "
        "AND c.moment = 'avant' AND k.module = ? LIMIT 1",
        (seance.cycle, seance.id, module),
    ).fetchone()
    on_paper = store.conn.execute(  # the « AVANT » sheets of an earlier séance, not read yet
        "SELECT 1 FROM paper_moments p JOIN seances s ON s.id = p.id WHERE s.current = 1 AND "
        "s.deleted = 0 AND s.cycle = ? AND s.id != ? AND p.moment = 'avant' AND p.module = ? LIMIT 1",
        (seance.cycle, seance.id, module),
    ).fetchone()
    return counted is not None or on_paper is not None


def add_module(store: Store, seance_id: str, module: str) -> Seance:
    """One more module in the same class meeting (listed once)."""
    seance = store.get(seance_id)
    if module in seance.modules:
        return seance
    return update_seance(store, seance_id, modules=(*seance.modules, module))


def mark_open(store: Store, seance_id: str, module: str, mode: str) -> None:
    """The séance goes on, now with `module`: it stays open until it is ended."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO seance_progress (id, open, module, mode, at) VALUES (?, 1, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET open = 1, module = excluded.module, "
            "mode = excluded.mode, at = excluded.at",
            (seance_id, module, mode, datetime.datetime.now().isoformat(timespec="seconds")),
        )


def close_seance(store: Store, seance_id: str) -> None:
    """« Terminer la séance »: it is no longer offered to continue."""
    with store.transaction() as conn:
        conn.execute("UPDATE seance_progress SET open = 0 WHERE id = ?", (seance_id,))
    store.forget_read_images(seance_id=seance_id)  # answer-sheet fingerprints last while it is open


def open_seances(store: Store, day: datetime.date) -> list[tuple[Seance, str, str]]:
    """The séances of `day` still open on this laptop, newest first, with the module
    and mode run last. A séance of another day is over: closed here."""
    rows = store.conn.execute(
        "SELECT s.row, p.module, p.mode FROM seance_progress p JOIN seances s ON s.id = p.id "
        "AND s.current = 1 AND s.deleted = 0 WHERE p.open = 1 AND s.date = ? ORDER BY p.at DESC, s.row DESC",
        (day.isoformat(),),
    ).fetchall()
    return [(store.load_version(store.conn, row), module, mode) for row, module, mode in rows]


def is_open(store: Store, seance_id: str) -> bool:
    row = store.conn.execute("SELECT open FROM seance_progress WHERE id = ?", (seance_id,)).fetchone()
    return bool(row and row[0])


def save_step(store: Store, seance_id: str, module: str, mode: str, step: int) -> None:
    """Where the module stands, so that a resume (even after a restart) lands there."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO seance_steps (id, module, mode, step, pupils) VALUES (?, ?, ?, ?, 0) "
            "ON CONFLICT (id, module, mode) DO UPDATE SET step = excluded.step",
            (seance_id, module, mode, step),
        )


def saved_step(store: Store, seance_id: str, module: str, mode: str) -> tuple[int, int]:
    """(step, pupils) saved for this module of the séance; (0, 0) the first time."""
    row = store.conn.execute(
        "SELECT step, pupils FROM seance_steps WHERE id = ? AND module = ? AND mode = ?", (seance_id, module, mode)
    ).fetchone()
    return (row[0], row[1]) if row else (0, 0)


def count_pupil(store: Store, seance_id: str, module: str) -> int:
    """One more pupil starts the passation of `module`; the number started so far."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO seance_steps (id, module, mode, step, pupils) VALUES (?, ?, 'eleve', 0, 1) "
            "ON CONFLICT (id, module, mode) DO UPDATE SET pupils = pupils + 1",
            (seance_id, module),
        )
        return conn.execute(
            "SELECT pupils FROM seance_steps WHERE id = ? AND module = ? AND mode = 'eleve'", (seance_id, module)
        ).fetchone()[0]


NOTHING_COUNTED = (
    "Séance non enregistrée : aucune réponse n'a été comptée, dans aucun module "
    "(elle ne compterait pas comme un atelier dans le bilan)."
)
# Animer left at its first screen: that screen was open (« 1/13 »), so « aucune activité n'a été
# commencée » was not true; nothing was answered there, which is why it is not kept.
LEFT_AT_FIRST_SCREEN = "Séance non enregistrée : quittée à son premier écran, sans aucune réponse comptée."


def discard_unused(store: Store, seance_id: str) -> bool:
    """Forget a séance that received nothing (no answer, never exported, one version):
    nothing empty is counted. False when it holds something: it is kept."""
    with store.transaction() as conn:
        rows = conn.execute("SELECT row, hash FROM seances WHERE id = ?", (seance_id,)).fetchall()
        if len(rows) != 1 or rows[0][1] is not None:
            return False
        if conn.execute("SELECT 1 FROM counts WHERE seance_row = ? LIMIT 1", (rows[0][0],)).fetchone():
            return False
        if conn.execute("SELECT 1 FROM moment_counts WHERE seance_row = ? LIMIT 1", (rows[0][0],)).fetchone():
            return False  # a questionnaire d'ouverture answered (issue 17)
        if conn.execute("SELECT 1 FROM paper_moments WHERE id = ? LIMIT 1", (seance_id,)).fetchone():
            return False  # answered on paper: `lire` counts the sheets into it later
        conn.execute("DELETE FROM seance_multiple WHERE seance_row = ?", (rows[0][0],))
        conn.execute("DELETE FROM seances WHERE row = ?", (rows[0][0],))
        conn.execute("DELETE FROM seance_progress WHERE id = ?", (seance_id,))
        conn.execute("DELETE FROM seance_steps WHERE id = ?", (seance_id,))
        return True
