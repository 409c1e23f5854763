"""Moodle's GIFT format, in and out: many schools' ENT run Moodle.

`module_to_gift(module)` writes a module's QCM, situations (true/false, or a
choice between the categories) and fill-ins (`{=mot ~autre}`) with their feedback.
`gift_to_module(text, name)` turns a teacher's GIFT quiz into the data of a YAML
module that `verifier` accepts, with the list of what GIFT said that a module
cannot hold (or the other way round).

GIFT in short: a question is a block of lines (a blank line ends it), an
optional `::titre::`, the text, and the answers in `{ }`: `=` the right one, `~`
a wrong one (`~%50%` a weight), `#` the feedback of the answer before it,
`####` the general feedback; `{T}` / `{F}` true/false; `{=a =b}` short answer;
`{=a -> b}` matching; `{#…}` numerical; `{}` essay; no braces: a description.
`// …` is a comment, `$CATEGORY: …` a category, and `\\~ \\= \\# \\{ \\} \\:`
escape those characters (`\\n` a line break).

What a module holds beyond GIFT travels in comments that Moodle ignores
(`// module: id`, `// tri: oui, non`), so a module comes back from its own
export unchanged in what matters (questions, answers, feedback).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["module_to_gift", "gift_to_module", "GiftResult", "GiftError"]

_SPECIAL = "~=#{}:"
_TRUE = {"T", "TRUE", "V", "VRAI"}
_FALSE = {"F", "FALSE", "FAUX"}
_WEIGHTS = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}


class GiftError(Exception):
    """A GIFT file that cannot be read, with a French message (line included)."""


# -- writing ----------------------------------------------------------------------------


def _esc(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _note(text: str) -> str:
    """A text kept in a one-line comment: its line breaks written \\n."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _title(name: str) -> str:
    return f"::{_esc(name)}::"


def _feedback(text: str) -> str:
    return f"#{_esc(text)}" if text else ""


def _qcm(activity, title: str) -> list[str]:
    correct = activity.correct_indexes
    lines = [f"{title}{_esc(activity.question)} {{"]
    for option in activity.options:
        if activity.plusieurs or len(correct) > 1:
            weight = _WEIGHTS.get(len(correct), "10") if option.correcte else "-100"
            lines.append(f"\t~%{weight}%{_esc(option.texte)}")
        else:
            lines.append(f"\t{'=' if option.correcte else '~'}{_esc(option.texte)}")
    if activity.explication:
        lines.append(f"\t####{_esc(activity.explication)}")
    return lines + ["}"]


def _tri(activity, module_id: str) -> list[list[str]]:
    blocks = []
    cats = list(activity.categories)
    yes_no = len(cats) == 2
    for n, item in enumerate(activity.items, start=1):
        title = _title(f"{activity.id}/{n}")
        header = [f"// tri: {', '.join(cats)}"] if n == 1 else []
        if yes_no:
            value = "T" if item.reponse == cats[0] else "F"
            feedback = f"#{_esc(item.explication)}#{_esc(item.explication)}" if item.explication else ""
            blocks.append(header + [f"{title}{_esc(item.texte)} {{{value}{feedback}}}"])
        else:
            lines = header + [f"{title}{_esc(item.texte)} {{"]
            for cat in cats:
                lines.append(
                    f"\t{'=' if cat == item.reponse else '~'}{_esc(cat)}"
                    + (_feedback(item.explication) if cat == item.reponse else "")
                )
            blocks.append(lines + ["}"])
    return blocks


def _cloze(activity) -> list[list[str]]:
    """One missing-word question per blank, the other blanks filled in: GIFT has one
    blank per question. The titles `id/k` let the import put them back together."""
    blanks = activity.blanks
    blocks = []
    for k, blank in enumerate(blanks, start=1):
        parts = []
        for part in activity.parts:
            if isinstance(part, str):
                parts.append(_esc(part))
            elif part.number == blank.number:
                wrong = sorted(
                    {b.word for b in blanks if b.word != blank.word} | set(activity.intrus), key=str.casefold
                )
                parts.append("{=" + _esc(part.word) + "".join(f" ~{_esc(w)}" for w in wrong) + "}")
            else:
                parts.append(_esc(part.word))
        header = [f"// intrus: {', '.join(activity.intrus)}"] if k == 1 else []
        blocks.append(header + [_title(f"{activity.id}/{k}") + "".join(parts)])
    return blocks


def _easy_tree(activity) -> dict:
    """The activity's easy-read texts (its own, its options' and situations'), for a comment."""
    tree = {key: list(value) if isinstance(value, tuple) else value for key, value in activity.facile}
    for key in ("options", "items"):
        children = getattr(activity, key, ())
        if any(child.facile for child in children):
            tree[key] = [dict(child.facile) for child in children]
    return tree


def module_to_gift(module) -> tuple[str, list[str]]:
    """The GIFT text of a module, and what of it GIFT cannot carry (French lines)."""
    lost: list[str] = []
    out = ["// Module harcelement-kit exporté au format GIFT (Moodle)", f"// module: {module.id}"]
    if module.description:
        out.append(f"// description: {_note(module.description)}")
    if module.public:
        out.append(f"// public: {', '.join(module.public)}")
    if module.duree_minutes:
        out.append(f"// duree_minutes: {module.duree_minutes}")
    if module.ressources:
        out.append(f"// ressources: {', '.join(module.ressources)}")
    if module.facile:
        out.append(f"// facile-module: {_note(json.dumps(dict(module.facile), ensure_ascii=False))}")
    out += [f"$CATEGORY: {module.titre}", ""]
    for activity in module.activites:
        blocks: list[list[str]] = []
        title = _title(activity.id)
        # what GIFT has no place for travels in comments (Moodle skips them; our import reads them)
        notes = [f"// titre: {_note(activity.titre)}"] if activity.titre else []
        notes += [f"// consigne: {_note(activity.consigne)}"] if activity.consigne else []
        notes += ["// sensible: oui"] if getattr(activity, "sensible", False) and activity.kind != "echelle" else []
        notes += ["// avant_apres: oui"] if getattr(activity, "avant_apres", False) else []  # issue 17
        notes += ["// retrospectif: oui"] if getattr(activity, "retrospectif", False) else []
        # any activity may say where its facts come from and when they were checked
        notes += [f"// source: {_note(activity.source)}"] if activity.source else []
        notes += [f"// verifie_le: {activity.verifie_le.isoformat()}"] if activity.verifie_le else []
        if activity.kind == "qcm":
            blocks = [_qcm(activity, title)]
        elif activity.kind == "tri":
            blocks = _tri(activity, module.id)
        elif activity.kind == "texte_a_trous":
            blocks = _cloze(activity)
        elif activity.kind == "reflexion":
            general = f"####{_esc(activity.a_retenir)}" if activity.a_retenir else ""
            blocks = [[f"{title}{_esc(activity.question)} {{{general}}}"]]
        elif activity.kind == "info":
            blocks = [[f"{title}{_esc(activity.texte)}"]]
        elif activity.kind == "echelle":
            labels = {z.id: z.libelle for z in activity.zones}
            for n, item in enumerate(activity.items, start=1):
                lines = [f"{_title(f'{activity.id}/{n}')}{_esc(activity.consigne)} {_esc(item.texte)} {{"]
                lines += [f"\t{'=' if z.id == item.zone else '~'}{_esc(labels[z.id])}" for z in activity.zones]
                blocks.append(lines + ["}"])
            lost.append(
                f"{activity.id} : l'échelle devient des questions à choix (ses zones) ; les couleurs, "
                "l'auto-évaluation élève par élève et le caractère sensible ne passent pas en GIFT"
            )
        # any text may have an easy-read version: kept in a comment, as JSON
        easy = _easy_tree(activity) if activity.kind != "echelle" else None
        notes += [f"// facile: {_note(json.dumps(easy, ensure_ascii=False))}"] if easy else []
        if blocks:
            blocks[0] = notes + blocks[0]
        for block in blocks:
            out += block + [""]
    if module.ressources:
        lost.append(
            "les numéros d'aide ne s'affichent pas dans Moodle : ajoutez-les au cours "
            "(ils restent dans un commentaire du fichier)"
        )
    return "\n".join(out), lost


# -- reading ----------------------------------------------------------------------------


@dataclass
class _Question:
    line: int
    title: str = ""
    before: str = ""
    answers: str | None = None
    after: str = ""
    comments: list = field(default_factory=list)


@dataclass
class GiftResult:
    data: dict  # the module, as its YAML would hold it
    lost: list[str]  # what GIFT said that the module cannot hold, in French


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _split_unescaped(text: str, chars: str) -> list[tuple[str, str]]:
    """Split `text` before each unescaped char of `chars`: [(marker, piece)]."""
    pieces, marker, current, i = [], "", [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in chars:
            pieces.append((marker, "".join(current)))
            marker, current = char, []
        else:
            current.append(char)
        i += 1
    pieces.append((marker, "".join(current)))
    return pieces


def _find_unescaped(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def _raw(text: str) -> str:
    """Question text as written (spaces kept), escapes undone, line breaks as spaces."""
    return _unescape(text.replace("\r", "").replace("\n", " "))


def _clean(text: str) -> str:
    """A text for the module: format marker and HTML tags dropped, spaces tidied."""
    marker = re.match(r"^\s*\[(html|moodle|plain|markdown)\]", text)
    if marker:
        text = text[marker.end() :]
        if marker.group(1) == "html":
            text = re.sub(r"<[^>]+>", " ", text)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in _raw(text).split("\n")).strip()


def _blocks(text: str) -> tuple[list[_Question], list[str], list[tuple[str, int]]]:
    """The questions, the categories and the comments (with their line) of a GIFT text."""
    questions, categories, comments = [], [], []
    current: list[tuple[int, str]] = []
    pending: list[str] = []  # the comments just before a question belong to it

    def flush():
        if current:
            question = _parse_question(current)
            question.comments = list(pending)
            questions.append(question)
            current.clear()
            pending.clear()

    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if depth == 0 and stripped.startswith("//"):
            comments.append((stripped[2:].strip(), number))
            if not current:
                pending.append(stripped[2:].strip())
            continue
        if depth == 0 and stripped.startswith("$CATEGORY:"):
            flush()
            categories.append(stripped.split(":", 1)[1].strip())
            continue
        if not stripped and depth == 0:
            flush()
            pending.clear()
            continue
        current.append((number, line))
        for marker, _ in _split_unescaped(line, "{}")[1:]:
            depth += 1 if marker == "{" else -1
        depth = max(depth, 0)
    if depth:
        raise GiftError(f"ligne {current[0][0] if current else 1} : une accolade « {{ » n'est jamais fermée")
    flush()
    return questions, categories, comments


def _parse_question(lines: list[tuple[int, str]]) -> _Question:
    first = lines[0][0]
    body = "\n".join(line for _, line in lines).strip()
    question = _Question(first)
    if body.startswith("::"):
        end = _find_unescaped(body, ":", 2)
        while end != -1 and not body.startswith("::", end):
            end = _find_unescaped(body, ":", end + 1)
        if end == -1:
            raise GiftError(f"ligne {first} : le titre « :: » n'est jamais fermé")
        question.title = _clean(body[2:end])
        body = body[end + 2 :].strip()
    opening = _find_unescaped(body, "{")
    if opening == -1:
        question.before = body
        return question
    closing = _find_unescaped(body, "}", opening)
    if closing == -1:
        raise GiftError(f"ligne {first} : une accolade « {{ » n'est jamais fermée")
    question.before = body[:opening]
    question.answers = body[opening + 1 : closing]
    question.after = body[closing + 1 :]
    return question


def _answers(raw: str) -> tuple[list[tuple[str, str, float | None, str]], str]:
    """[(marker '=' or '~', text, weight, feedback)] and the general feedback."""
    general = ""
    split = raw.split("####", 1) if "####" in raw else [raw]
    if len(split) == 2:
        raw, general = split[0], _clean(split[1])
    answers = []
    for marker, piece in _split_unescaped(raw, "=~")[1:]:
        cut = _find_unescaped(piece, "#")
        text, feedback = (piece[:cut], piece[cut + 1 :]) if cut != -1 else (piece, "")
        weight = None
        found = re.match(r"\s*%(-?\d+(?:\.\d+)?)%", text)
        if found:
            weight = float(found.group(1))
            text = text[found.end() :]
        answers.append((marker, _clean(text), weight, _clean(feedback)))
    return answers, general


def _slug(text: str, taken: set[str], fallback: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-") or fallback
    if not slug[0].isalpha():
        slug = f"q-{slug}"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _group_key(title: str) -> tuple[str, int] | None:
    found = re.fullmatch(r"(.+)/(\d+)", title)
    return (found.group(1), int(found.group(2))) if found else None


def _place_easy(activity: dict, note: str) -> None:
    """The easy-read texts the kit's own export kept in a comment, back in their places
    (a comment that is not the kit's JSON is left out: the module stays valid)."""
    try:
        tree = json.loads(note)
    except ValueError:
        return
    if not isinstance(tree, dict):
        return
    for key in ("options", "items"):
        children, easy = activity.get(key), tree.pop(key, None)
        if isinstance(easy, list) and isinstance(children, list) and len(easy) == len(children):
            for child, texts in zip(children, easy):
                if isinstance(texts, dict) and texts:
                    child["facile"] = texts
    tree = {key: text for key, text in tree.items() if key in activity}  # e.g. a sort become QCMs
    if tree:
        activity["facile"] = tree


def gift_to_module(text: str, name: str = "module") -> GiftResult:
    """The data of a YAML module from a GIFT quiz (raises GiftError on a broken file)."""
    questions, categories, comments = _blocks(text.lstrip("\ufeff"))
    meta = {}
    for comment, _ in comments:
        key, sep, value = comment.partition(":")
        if sep and key.strip() in ("module", "description", "public", "duree_minutes", "ressources", "facile-module"):
            meta[key.strip()] = _unescape(value.strip())
    lost: list[str] = []
    if len(categories) > 1:
        lost.append(f"{len(categories)} catégories : elles sont toutes réunies dans ce module")
    taken: set[str] = set()
    activities: list[dict] = []
    groups: dict[str, dict] = {}

    def add(activity: dict, notes: dict) -> None:
        """The activity, with what the kit's own export kept in comments."""
        for key in ("titre", "consigne"):
            if notes.get(key):
                activity[key] = notes[key]
        if notes.get("sensible") == "oui" and activity["type"] in ("qcm", "tri"):
            activity["sensible"] = True
        if notes.get("avant_apres") == "oui" and activity["type"] in ("qcm", "tri"):
            activity["avant_apres"] = True  # asked before and after (issue 17)
        if notes.get("retrospectif") == "oui" and activity["type"] == "tri":
            activity["retrospectif"] = True
        if notes.get("source"):
            activity["source"] = notes["source"]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", notes.get("verifie_le", "")):
            activity["verifie_le"] = notes["verifie_le"]
        if notes.get("facile"):
            activity["_facile"] = notes["facile"]  # placed once every situation has joined
        activities.append(activity)

    for q in questions:
        notes = {}
        for comment in q.comments:
            key, sep, value = comment.partition(":")
            if sep:
                notes[key.strip()] = _unescape(value.strip())
        before, after = _clean(q.before), _clean(q.after)
        where = f"ligne {q.line}" + (f" (« {q.title} »)" if q.title else "")
        group = _group_key(q.title) if q.title else None
        if q.answers is None:  # description
            add({"id": _slug(q.title or before, taken, "info"), "type": "info", "texte": before}, notes)
            continue
        raw = q.answers.strip()
        kind_word = raw.split("#", 1)[0].strip().upper()
        if kind_word in _TRUE | _FALSE:  # true / false → a situation
            bits = [_clean(b) for _, b in _split_unescaped(raw, "#")]
            explanation = bits[2] if len(bits) > 2 and bits[2] else bits[1] if len(bits) > 1 else ""
            if notes.get("tri"):
                cats = [c.strip() for c in notes["tri"].split(",")][:2]
            elif group and group[0] in groups:
                cats = groups[group[0]]["categories"]
            else:
                cats = ["vrai", "faux"]
            item = {
                "texte": before + (" " + after if after else ""),
                "reponse": cats[0] if kind_word in _TRUE else cats[1],
            }
            if explanation:
                item["explication"] = explanation
            if group and group[0] in groups and groups[group[0]]["type"] == "tri":
                groups[group[0]]["items"].append(item)
                continue
            activity = {
                "id": _slug(group[0] if group else (q.title or before), taken, "situations"),
                "type": "tri",
                "categories": cats,
                "items": [item],
            }
            add(activity, notes)
            if group:
                groups[group[0]] = activity
            continue
        if not raw or raw.startswith("####"):  # essay → reflexion
            activity = {"id": _slug(q.title or before, taken, "reflexion"), "type": "reflexion", "question": before}
            general = _clean(raw[4:]) if raw.startswith("####") else ""
            if general:
                activity["a_retenir"] = general
            add(activity, notes)
            continue
        if raw.startswith("#"):
            lost.append(f"{where} : question numérique, que le kit ne sait pas poser : ignorée")
            continue
        answers, general = _answers(raw)
        if any("->" in a[1] for a in answers):  # matching → sorting game
            pairs = [tuple(s.strip() for s in a[1].split("->", 1)) for a in answers if "->" in a[1]]
            cats = list(dict.fromkeys(right for _, right in pairs))
            if len(cats) < 2:
                lost.append(f"{where} : appariement à une seule réponse : ignoré")
                continue
            activities.append(
                {
                    "id": _slug(q.title or before, taken, "tri"),
                    "type": "tri",
                    "titre": before,
                    "categories": cats,
                    "items": [{"texte": left, "reponse": right} for left, right in pairs],
                }
            )
            lost.append(f"{where} : appariement devenu un tri (chaque élément à classer dans sa réponse)")
            continue
        right = [a for a in answers if a[0] == "=" or (a[2] or 0) > 0]
        wrong = [a for a in answers if a not in right]
        if q.after.strip():  # missing word → fill-in
            if not right:
                lost.append(f"{where} : texte à trou sans bonne réponse : ignoré")
                continue
            word = right[0][1]
            piece_before = _raw(re.sub(r"^\[(html|moodle|plain|markdown)\]", "", q.before))
            piece_after = _raw(q.after).rstrip()
            intrus = [a[1] for a in wrong]
            if group and group[0] in groups and groups[group[0]]["type"] == "texte_a_trous":
                _merge_blank(groups[group[0]], piece_before, word, piece_after, intrus)
                continue
            if len(right) > 1:
                lost.append(f"{where} : plusieurs réponses acceptées pour le trou, seule « {word} » est gardée")
            activity = {
                "id": _slug(group[0] if group else (q.title or before), taken, "texte"),
                "type": "texte_a_trous",
                "texte": "",
                "_parts": [(piece_before, word, piece_after)],
                "_wrong": intrus,
            }
            if "intrus" in notes:
                activity["_declared"] = [w.strip() for w in notes["intrus"].split(",") if w.strip()]
            add(activity, notes)
            if group:
                groups[group[0]] = activity
            continue
        if not wrong:  # short answer
            activities.append(
                {
                    "id": _slug(q.title or before, taken, "reflexion"),
                    "type": "reflexion",
                    "question": before,
                    "a_retenir": " ; ".join(a[1] for a in right) + (f". {general}" if general else ""),
                }
            )
            lost.append(
                f"{where} : réponse courte devenue une question de réflexion (réponses attendues dans « à retenir »)"
            )
            continue
        options = [{"texte": a[1], **({"correcte": True} if a in right else {})} for a in answers]
        feedback = [f"{a[1]} : {a[3]}" if len(answers) > 1 and a not in right else a[3] for a in answers if a[3]]
        explanation = " ".join([f for f in feedback] + ([general] if general else []))
        activity = {
            "id": _slug(group[0] if group else (q.title or before), taken, "question"),
            "type": "qcm",
            "question": before,
        }
        if len(right) > 1:
            activity["plusieurs"] = True
        activity["options"] = options
        if explanation:
            activity["explication"] = explanation
        if any(a[3] for a in wrong):
            lost.append(f"{where} : les retours propres à chaque mauvaise réponse sont réunis dans l'explication")
        add(activity, notes)
    for activity in activities:
        if activity["type"] == "texte_a_trous":
            _finish_cloze(activity)
        if "_facile" in activity:
            _place_easy(activity, activity.pop("_facile"))
    if not activities:
        raise GiftError("aucune question GIFT dans ce fichier")
    title = categories[0].split("/")[-1].strip() if categories else name
    data = {"id": meta.get("module") or _slug(name, set(), "module"), "titre": title or name}
    if meta.get("description"):
        data["description"] = meta["description"]
    if meta.get("public"):
        data["public"] = [p.strip() for p in meta["public"].split(",") if p.strip()]
    if meta.get("duree_minutes", "").isdigit():
        data["duree_minutes"] = int(meta["duree_minutes"])
    if meta.get("ressources"):
        data["ressources"] = [r.strip() for r in meta["ressources"].split(",") if r.strip()]
    try:
        easy = json.loads(meta.get("facile-module", "{}"))
    except ValueError:
        easy = {}
    if isinstance(easy, dict) and easy:
        data["facile"] = easy
    data["activites"] = activities
    return GiftResult(data, lost)


def _merge_blank(activity: dict, before: str, word: str, after: str, wrong: list[str]) -> None:
    activity["_parts"].append((before, word, after))
    activity["_wrong"] = [w for w in activity["_wrong"] if w in wrong]


def _finish_cloze(activity: dict) -> None:
    """Put the blanks of one text back together (each GIFT question had one)."""
    parts = activity.pop("_parts")
    wrong = activity.pop("_wrong")
    declared = activity.pop("_declared", None)
    full = [b + w + a for b, w, a in parts]
    if len(parts) > 1 and len(set(full)) == 1:
        text = full[0]
        spans = sorted(((len(b), len(b) + len(w)) for b, w, _ in parts), reverse=True)
        for start, end in spans:
            text = text[:start] + "[[" + text[start:end] + "]]" + text[end:]
        activity["texte"] = " ".join(text.split(" "))
        words = {w for _, w, _ in parts}
        wrong = [w for w in wrong if w not in words]
    elif len(parts) > 1:
        activity["texte"] = "\n".join(f"{b}[[{w}]]{a}" for b, w, a in parts)
    else:
        before, word, after = parts[0]
        activity["texte"] = f"{before}[[{word}]]{after}"
    intrus = declared if declared is not None else wrong
    if intrus:
        activity["intrus"] = intrus
