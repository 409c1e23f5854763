"""The text `verifier` prints: the problems, then a short summary of what loaded."""

from __future__ import annotations

from collections import Counter

from harcelement_kit.content.library import Library
from harcelement_kit.content.steps import class_screen_count

__all__ = ["verification_text"]

KIND_LABELS = {
    "texte_a_trous": "texte à trous",
    "tri": "tri de situations",
    "qcm": "QCM",
    "echelle": "échelle",
    "reflexion": "réflexion",
    "info": "« Le sais-tu ? »",
}


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n <= 1 else (plural or word + 's')}"


def verification_text(library: Library) -> str:
    lines = [str(p) for p in library.problems]
    errors, warnings = library.errors, library.warnings
    if errors:
        files = len({p.file for p in errors})
        lines.append("")
        lines.append(
            f"{_plural(len(errors), 'erreur')} dans {_plural(files, 'fichier')}"
            + (f", {_plural(len(warnings), 'avertissement')}" if warnings else "")
            + " : corrigez-les puis relancez « harcelement-kit verifier »."
        )
        return "\n".join(lines)
    if lines:
        lines.append("")
    modules = list(library.modules.values())
    kinds = Counter(a.kind for m in modules for a in m.activites)
    lines.append(
        f"Contenu vérifié : {_plural(len(modules), 'module')}, aucune erreur"
        + (f", {_plural(len(warnings), 'avertissement')}." if warnings else ".")
    )
    width = max((len(m.id) for m in modules), default=0)
    for m in modules:
        lines.append(
            f"  {m.id:<{width}}  {m.titre} ({_plural(len(m.activites), 'activité')}, "
            f"{_plural(class_screen_count(m), 'écran')} en classe"
            + (f", {m.duree_minutes} min" if m.duree_minutes else "")
            + ")"
        )
    if kinds:
        detail = ", ".join(f"{n} {KIND_LABELS[k]}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        lines.append(f"Activités : {sum(kinds.values())} ({detail})")
    resources = list(library.resources.values())
    inactive = [r for r in resources if not r.actif]
    text = f"Ressources : {len(resources) - len(inactive)} actives"
    if inactive:
        text += " ; inactives : " + ", ".join(
            r.id + (f" (remplacé par {r.remplace_par})" if r.remplace_par else "") for r in inactive
        )
    lines.append(text)
    if library.structures:
        lines.append("Structures : " + library.structure_table().listing())
    return "\n".join(lines)
