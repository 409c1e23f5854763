"""Checks that go beyond the shape of each value: ids, blanks, answers, zones,
references to resources, dates to re-check."""

from __future__ import annotations

import bisect
import datetime

from harcelement_kit.content.model import BLANK, DEFAULT_CATEGORIES
from harcelement_kit.content.problems import Report
from harcelement_kit.content.shapes import suggest
from harcelement_kit.content.writing import check_answer_positions, check_inclusive_dots

__all__ = ["check_module_rules", "check_resource_rules", "stale_date", "stale_from", "VERIFY_EVERY_MONTHS"]

VERIFY_EVERY_MONTHS = 12


def _norm(text) -> str:
    return " ".join(str(text).split()).casefold()


def stale_date(day, today: datetime.date) -> bool:
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    try:
        limit = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - 1, day=28)
    return day < limit


def stale_from(day: datetime.date) -> datetime.date:
    """The first day on which `day` counts as stale: until then, the warnings of
    today's check stay the same (the content cache relies on it)."""
    first, last = day.toordinal(), day.toordinal() + 3660
    found = bisect.bisect_left(range(first, last), True, key=lambda o: stale_date(day, datetime.date.fromordinal(o)))
    return datetime.date.fromordinal(first + found)


def _as_day(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _strings(value) -> list[str]:
    """The strings of a list (other entries were reported by the shape check)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _warn_stale(data: dict, path: tuple, report: Report, today: datetime.date) -> None:
    day = _as_day(data.get("verifie_le"))
    if day is not None and stale_date(day, today):
        shown = day.strftime("%d/%m/%Y") if isinstance(day, datetime.date) else day
        report.warn(
            path + ("verifie_le",),
            f"vérifié le {shown}, il y a plus de {VERIFY_EVERY_MONTHS} mois",
            "une vérification sur le site officiel, puis la date du jour",
        )


def check_module_rules(module, report: Report, today: datetime.date) -> None:
    """Every rule of one module file whose shape may be partly wrong."""
    activities = module.get("activites") if isinstance(module, dict) else None
    if not isinstance(activities, list):
        return
    check_inclusive_dots(module, report)
    check_answer_positions(activities, report)
    seen: dict[str, int] = {}
    for i, activity in enumerate(activities):
        path = ("activites", i)
        if not isinstance(activity, dict):
            continue
        ident = activity.get("id")
        if isinstance(ident, (str, int)):
            if str(ident) in seen:
                report.error(
                    path + ("id",),
                    f"l'id « {ident} » est déjà celui de activites[{seen[str(ident)]}]",
                    "un id différent pour chaque activité du module",
                )
            seen.setdefault(str(ident), i)
        # Each rule reads only the values it needs and skips those of the wrong
        # type (already reported by the shape check), so every problem is found at once.
        kind = activity.get("type")
        if isinstance(kind, str) and kind in _KIND_RULES:
            _KIND_RULES[kind](activity, path, report)
        _before_after(activity, path, report)
        _warn_stale(activity, path, report, today)


def _before_after(activity: dict, path: tuple, report: Report) -> None:
    """A retrospective sort is two lines, « avant » then « maintenant », asked at the end:
    it cannot also be asked at the start."""
    if activity.get("retrospectif") is not True:
        return
    if activity.get("avant_apres") is True:
        report.error(
            path + ("retrospectif",),
            "« retrospectif » et « avant_apres » ensemble",
            "l'un ou l'autre : une question rétrospective n'est posée qu'à la fin",
        )
    items = activity.get("items")
    if isinstance(items, list) and len(items) != 2:
        report.error(
            path + ("items",),
            f"{len(items)} situations dans une activité rétrospective",
            "exactement 2 : « Avant l'atelier, je savais… » puis « Maintenant je sais… »",
        )


def _texte_a_trous(activity: dict, path: tuple, report: Report) -> None:
    texte = activity.get("texte")
    if not isinstance(texte, str):
        return
    words = [" ".join(m.group(1).split()) for m in BLANK.finditer(texte)]
    rest = BLANK.sub("", texte)
    if "[[" in rest or "]]" in rest:
        report.error(
            path + ("texte",),
            "des crochets « [[ » ou « ]] » ne sont pas appariés",
            "chaque mot à trouver écrit [[ainsi]]",
        )
    if not words:
        report.error(path + ("texte",), "le texte n'a aucun trou", "au moins un [[mot]] à retrouver")
    bank: dict[str, str] = {}
    for word in words:
        if not word:
            report.error(path + ("texte",), "un trou [[ ]] est vide", "un mot entre les crochets")
        elif _norm(word) in bank:
            report.error(
                path + ("texte",),
                f"le mot « {word} » est deux fois dans les trous",
                "chaque mot une seule fois dans la banque",
            )
        else:
            bank[_norm(word)] = "trou"
    for j, word in enumerate(activity.get("intrus") or []):
        if not isinstance(word, str):
            continue
        if _norm(word) in bank:
            where = "un trou du texte" if bank[_norm(word)] == "trou" else "déjà un intrus"
            report.error(path + ("intrus", j), f"« {word} » est {where}", "chaque mot une seule fois dans la banque")
        bank.setdefault(_norm(word), "intrus")


def _unique_texts(values, path: tuple, report: Report, what: str) -> None:
    seen: set[str] = set()
    for j, value in enumerate(values if isinstance(values, list) else []):
        if not isinstance(value, str):
            continue
        if _norm(value) in seen:
            report.error(path + (j,), f"{what} « {value} » est écrit deux fois", f"des {what}s différents")
        seen.add(_norm(value))


def _tri(activity: dict, path: tuple, report: Report) -> None:
    categories = activity.get("categories", list(DEFAULT_CATEGORIES))
    _unique_texts(categories, path + ("categories",), report, "la catégorie")
    categories = _strings(categories)
    if len(categories) < 2:
        return
    names = {_norm(c) for c in categories}
    for j, item in _dicts(activity.get("items")):
        answer = item.get("reponse")
        if isinstance(answer, str) and answer.strip() and _norm(answer) not in names:
            report.error(
                path + ("items", j, "reponse"),
                f"« {answer} » n'est pas une catégorie" + suggest(answer, categories),
                ", ".join(categories),
            )


def _qcm(activity: dict, path: tuple, report: Report) -> None:
    options = [o for _, o in _dicts(activity.get("options"))]
    if len(options) < 2:
        return
    _unique_texts([o.get("texte") for o in options], path + ("options",), report, "la réponse")
    correct = sum(1 for o in options if o.get("correcte") is True)
    if activity.get("plusieurs"):
        if correct == 0:
            report.error(
                path + ("options",),
                "aucune réponse n'est marquée correcte",
                "au moins une option avec « correcte: true »",
            )
    elif correct != 1:
        report.error(
            path + ("options",),
            f"{correct} réponses sont marquées correctes",
            "exactement une option avec « correcte: true », ou « plusieurs: true »",
        )


def _echelle(activity: dict, path: tuple, report: Report) -> None:
    zone_ids: list[str] = []
    for j, zone in _dicts(activity.get("zones")):
        if not isinstance(zone.get("id"), (str, int)):
            continue
        if str(zone["id"]) in zone_ids:
            report.error(
                path + ("zones", j, "id"),
                f"la zone « {zone['id']} » est définie deux fois",
                "un id différent pour chaque zone",
            )
        zone_ids.append(str(zone["id"]))
    for j, item in _dicts(activity.get("items")):
        if isinstance(item.get("zone"), (str, int)) and str(item["zone"]) not in zone_ids:
            report.error(
                path + ("items", j, "zone"),
                f"la zone « {item['zone']} » n'existe pas" + suggest(item["zone"], zone_ids),
                ", ".join(zone_ids),
            )
    passation = activity.get("passation")
    if isinstance(passation, dict):
        _unique_texts(passation.get("reponses"), path + ("passation", "reponses"), report, "la réponse")


_KIND_RULES = {"texte_a_trous": _texte_a_trous, "tri": _tri, "qcm": _qcm, "echelle": _echelle}


def check_resource_rules(data, report: Report, today: datetime.date) -> None:
    """Rules inside one ressources.yaml (references across files are checked by the library)."""
    entries = data.get("ressources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return
    check_inclusive_dots(data, report)
    for i, entry in _dicts(entries):
        _warn_stale(entry, ("ressources", i), report, today)
