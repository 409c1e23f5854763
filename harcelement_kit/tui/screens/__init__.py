"""One module per screen of the app."""

__all__ = ["accueil", "seance", "animer", "passation", "resultats", "bilan", "aide"]
