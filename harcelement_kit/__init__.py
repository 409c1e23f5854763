"""harcelement-kit: the anti-harassment workshop kit (content, screen, paper, tally)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
