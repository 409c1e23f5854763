"""Séances, anonymous answer counts, the SQLite store, export/import and the bilan (no UI imports)."""

__all__ = ["records", "store", "exchange", "bilan"]
