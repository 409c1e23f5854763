"""The keys of the current screen, at the bottom of every screen.

Textual's Footer makes one widget per key and rebuilds them at each focus change
(about 40 ms of the first screen), and on one line it cuts the last keys at 60
columns. This bar is one Static: it packs « key description » pairs on as many
lines as the width needs, so every key stays visible on a zoomed projector.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

__all__ = ["KeyBar"]

SEPARATOR = "  "
# Keys and Textual's own descriptions, in French (« esc Dismiss menu » was on screen).
KEY_NAMES = {
    "escape": "Échap",
    "enter": "Entrée",
    "space": "Espace",
    "backspace": "⌫",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "plus": "+",
    "tab": "Tab",
    "ctrl+s": "Ctrl+S",  # Textual writes « ^s », which the help (F1) and the README do not
    "ctrl+r": "Ctrl+R",
    "shift+tab": "Maj+Tab",
    "delete": "Suppr",
    "home": "Début",
    "end": "Fin",
}
DESCRIPTIONS = {
    "Dismiss menu": "Fermer la liste",
    "Show menu": "Ouvrir la liste",
    "Open link": "Ouvrir le lien",
    "Select": "Choisir",
    "Quit": "Quitter",
}


def key_name(app, binding) -> str:
    """The key as a French keyboard names it."""
    return KEY_NAMES.get(binding.key) or app.get_key_display(binding)


class KeyBar(Static):
    DEFAULT_CLASSES = "touches"

    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self._drawn: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.draw()

    def on_resize(self) -> None:
        self.draw()

    def keys(self) -> list[tuple[str, str, bool]]:
        """(key as shown, description, enabled) of each shown action, in binding order."""
        seen, found = set(), []
        for _, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                found.append(
                    (key_name(self.app, binding), DESCRIPTIONS.get(binding.description, binding.description), enabled)
                )
        return found

    def draw(self) -> None:
        width = self.content_size.width or self.app.size.width
        key_style = f"bold {self.app.theme_variables.get('primary', 'yellow')}"
        text, used = Text(), 0
        for key, description, enabled in self.keys():
            size = len(key) + 1 + len(description)
            if used and used + len(SEPARATOR) + size > width:
                text.append("\n")
                used = 0
            elif used:
                text.append(SEPARATOR)
                used += len(SEPARATOR)
            text.append(key, style=key_style if enabled else "dim")
            text.append(" " + description, style="" if enabled else "dim")
            used += size
        # Drawn again at every bindings signal and resize (8 times before the first screen
        # settles): the same keys are not laid out again.
        if text != self._drawn:
            self._drawn = text
            self.update(text)
