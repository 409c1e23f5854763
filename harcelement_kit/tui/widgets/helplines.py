"""The helplines shown at the bottom of every screen."""

from __future__ import annotations

from textual.widgets import Static

__all__ = ["Helplines"]


class Helplines(Static):
    """One line per active resource, from the module's list (or the kit's defaults)."""

    DEFAULT_CLASSES = "helplines"

    def __init__(self, resources: list, **kwargs):
        text = "  ·  ".join(r.court for r in resources) or "Parles-en à un adulte de confiance."
        super().__init__(f"Aide : {text}", markup=False, **kwargs)
