"""How many screens the animateur steps through in class (Animer's « 1/18 »): the
figure Accueil and `verifier` show, so that the promise and the screen agree."""

from __future__ import annotations

__all__ = ["class_screen_count"]


def class_screen_count(module) -> int:
    """One screen per activity, one per item of a sort or a quiz's question, and for a
    harcèlomètre its empty gauge, one screen per behaviour and the revealed gauge."""
    total = 0
    for activity in module.activites:
        if activity.kind == "tri":
            total += len(activity.items)
        elif activity.kind == "echelle":
            total += len(activity.items) + 2
        else:
            total += 1
    return total
