"""One module per screen of the app."""

from pathlib import Path

# The rules of every screen but Accueil, read when the first of them opens (app.tcss holds
# what Accueil needs): each of these screens names it as its CSS_PATH.
SCREENS_CSS = Path(__file__).with_name("ecrans.tcss")

__all__ = [
    "SCREENS_CSS",
    "frame",
    "accueil",
    "seance",
    "animer",
    "passation",
    "resultats",
    "lire_fiches",
    "bilan",
    "aide",
]
