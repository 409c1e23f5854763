"""Bounds on what a file or a caller may put in the store, checked before anything
is parsed or written, with a located French message.

Why: a count is a number of pupils. A count larger than the séance's participants
is impossible, and an unbounded one overflowed SQLite's sums (2⁶² made `bilan`
fail until the séance was deleted). A file's size and its number of JSON
containers are checked before `json.loads`, whose memory grows ~25× the file for
`[{},{},…]`.

Per option, per question and per séance (issue 12), counts ≤ participants means:
- each option of each question: at most the séance's participants;
- a question with one answer per participant (every question except a QCM « plusieurs:
  true », listed in the record's « plusieurs »): its options together, all sources (hands,
  phones, cards, sheets, passation) added, at most the participants; the paired items
  (avant / après / rétrospectif) per moment, since each moment is asked apart;
- per séance: every question of every module so bounded. A séance's answers over all its
  questions are not bounded together: each question may be answered by everyone.
"""

from __future__ import annotations

import re

from harcelement_kit.tally.numbers import fr_int
from harcelement_kit.tally.records import MAX_PEOPLE

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SEANCES_PER_FILE",
    "MAX_CONTAINERS",
    "MAX_INDEX",
    "MAX_VERSION",
    "MAX_ID_CHARS",
    "prescan_bundle",
    "prescan_csv",
    "count_problems",
    "index_problem",
    "impossible_seances",
]

MAX_FILE_BYTES = 20 * 1024 * 1024  # a year of an association's séances is well under 1 MB
MAX_SEANCES_PER_FILE = 20_000
# JSON objects and arrays in one bundle: a séance is 1 object and ~5 arrays plus one per
# count; 500 000 leaves room for 2 500 séances of 200 counts, and bounds memory (~60 MB).
MAX_CONTAINERS = 500_000
MAX_INDEX = 999  # a question or an option number
MAX_VERSION = 1_000_000
MAX_ID_CHARS = 100  # a module or activity id
_ID = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")


def prescan_bundle(raw: bytes) -> str | None:
    """Why a bundle may not be parsed at all, or None. Counting brackets overestimates
    (a bracket inside a string counts too), which only errs on the side of refusing."""
    if len(raw) > MAX_FILE_BYTES:
        return (
            f"fichier de {fr_int(len(raw) // (1024 * 1024))} Mo, trop gros pour un export de "
            f"séances (au plus {MAX_FILE_BYTES // (1024 * 1024)} Mo) ; rien n'a été lu"
        )
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > MAX_CONTAINERS:
        return (
            f"{fr_int(containers)} objets ou listes JSON, bien plus qu'un export de séances "
            f"(au plus {fr_int(MAX_CONTAINERS)}) ; rien n'a été lu"
        )
    return None


def prescan_csv(raw: bytes) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        return (
            f"fichier de {fr_int(len(raw) // (1024 * 1024))} Mo, trop gros (au plus "
            f"{MAX_FILE_BYTES // (1024 * 1024)} Mo) ; rien n'a été lu"
        )
    lines = raw.count(b"\n")
    if lines > MAX_SEANCES_PER_FILE + 1:
        return (
            f"{fr_int(lines)} lignes, trop pour un fichier de séances (au plus "
            f"{fr_int(MAX_SEANCES_PER_FILE)}) ; rien n'a été lu"
        )
    return None


def index_problem(name: str, value) -> str | None:
    """A question/option number or a version: a plain bounded integer."""
    top = MAX_VERSION if name == "version" else MAX_INDEX
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{name} : « {str(value)[:40]} » n'est pas un nombre entier"
    if not 0 <= value <= top:
        return f"{name} : {str(value)[:40]} est hors des bornes (attendu : de 0 à {fr_int(top)})"
    return None


def id_problem(name: str, value) -> str | None:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS or not _ID.match(value):
        return f"{name} : « {str(value)[:40]} » n'est pas un identifiant (minuscules, chiffres, tirets)"
    return None


def count_problems(counts: dict, participants: int, multiple=frozenset()) -> list[str]:
    """Each option's count at most the séance's participants, and a question's options
    together too unless its (module, activity) is in `multiple` (several answers each)."""
    problems = []
    for (module, activity, item, option), n in sorted(counts.items()):
        where = f"compte {module}/{activity} question {item + 1} réponse {option + 1}"
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            problems.append(f"{where} : « {str(n)[:40]} » n'est pas un nombre de réponses")
        elif n > participants:
            problems.append(
                f"{where} : {fr_int(n) if n <= 10 * MAX_PEOPLE else str(n)[:30]} réponses "
                f"pour {fr_int(participants)} participants (attendu : au plus "
                f"{fr_int(participants)})"
            )
    return problems or question_problems(counts, participants, multiple)


def question_problems(counts: dict, participants: int, multiple=frozenset()) -> list[str]:
    """A one-answer question's options together at most the participants. Keys are
    (module, activity, item, option) or, for the paired items, (…, option, moment)."""
    totals: dict = {}
    for key, n in counts.items():
        if (key[0], key[1]) not in multiple:
            question = (*key[:3], *key[4:])
            totals[question] = totals.get(question, 0) + n
    problems = []
    for (module, activity, item, *moment), n in sorted(totals.items()):
        if n > participants:
            when = f" ({moment[0]})" if moment else ""
            problems.append(
                f"compte {module}/{activity} question {item + 1}{when} : {fr_int(n)} réponses en "
                f"tout pour {fr_int(participants)} participants (une seule réponse par "
                f"participant ; attendu : au plus {fr_int(participants)})"
            )
    return problems


def impossible_seances(conn, multiple: frozenset = frozenset()) -> list[str]:
    """Current séances holding a count larger than their participants, or a one-answer
    question whose options together are: only a store written before the bounds (schema
    4, and 8 for questions) can hold one. `multiple`: the (module, activity) pairs the
    content says accept several answers — a store older than schema 8 never recorded it,
    so without them a multi-answer question counted then would look impossible.
    Short ids, oldest first."""
    known = " OR ".join("(k.module = ? AND k.activity = ?)" for _ in multiple) or "0"
    total = (
        "SELECT c.seance_row AS r, SUM(c.n) AS t FROM {table} c JOIN count_keys k ON k.key = c.key "
        "WHERE NOT EXISTS (SELECT 1 FROM seance_multiple m WHERE m.seance_row = c.seance_row "
        f"AND m.module = k.module AND m.activity = k.activity) AND NOT ({known}) "
        "GROUP BY c.seance_row, k.module, k.activity, k.item{moment}"
    )
    pairs = [value for pair in sorted(multiple) for value in pair]
    # Each total compared with its own séance inside the subquery: one pass over the counts.
    # (Compared with the outer séance, the subquery was correlated and summed every count
    # again for each séance: a 100 000-séance store's bilan never ended.)
    over = "SELECT t.r FROM ({}) t JOIN seances o ON o.row = t.r WHERE t.t > o.participants"
    return [
        row[0][:8]
        for row in conn.execute(
            "SELECT DISTINCT s.id FROM seances s WHERE s.current = 1 AND s.deleted = 0 AND s.essai = 0 "
            "AND (EXISTS (SELECT 1 FROM counts c WHERE c.seance_row = s.row AND c.n > s.participants) "
            f"OR s.row IN ({over.format(total.format(table='counts', moment=''))}) "
            f"OR s.row IN ({over.format(total.format(table='moment_counts', moment=', c.moment'))})) "
            "ORDER BY s.date, s.id LIMIT 50",
            pairs * 2,
        )
    ]
