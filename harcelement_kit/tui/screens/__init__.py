"""One module per screen of the app."""

__all__ = ["frame", "accueil", "seance", "animer", "passation", "resultats", "lire_fiches", "bilan", "aide"]
