"""Accueil: the modules found, the last séances, the actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.tally.records import ACTIONS, LIEUX
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar

__all__ = ["AccueilScreen"]


def _module_line(module) -> str:
    # What Animer will count (« 1/14 »): its screens, not the YAML's activities.
    from harcelement_kit.tui.widgets.activities import class_steps

    screens = len(class_steps(module))
    details = [f"{screens} écran{'s' if screens > 1 else ''} en classe"]
    if module.duree_minutes:
        details.append(f"{module.duree_minutes} min")
    line = f"{module.titre} ({', '.join(details)})"
    return line + (f"\n  {module.description}" if module.description else "")


class AccueilScreen(Screen):
    """Choose a module, then animate it in class or run a passation."""

    BINDINGS = [
        Binding("a", "animer", "Animer"),
        Binding("p", "passation", "Passation"),
        Binding("r", "resultats", "Résultats"),
        Binding("b", "bilan", "Bilan"),
        Binding("q", "app.quit", "Quitter"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        yield Static("harcelement-kit — ateliers contre le harcèlement", classes="titre")
        if getattr(app.store, "read_only", False):
            # A folder that cannot be written (USB stick, shared laptop): the séance runs, on a copy.
            yield Static(f"lecture seule : rien ne sera enregistré (le dossier « {app.data_dir} » ne peut "
                         "pas être écrit)", id="lecture-seule", classes="avertissement", markup=False)
        with VerticalScroll(classes="corps"):
            yield Static("Choisis un module (↑↓), puis « a » pour l'animer en classe ou « p » "
                         "pour le faire passer élève par élève :", markup=False)
            yield OptionList(*[Option(_module_line(m), id=m.id) for m in app.library.modules.values()],
                             id="modules")
            if app.library.errors:
                files = len({p.file for p in app.library.errors})
                yield Static(f"{files} fichier(s) de modules ont des erreurs et ne sont pas chargés : "
                             "lancez « harcelement-kit verifier » pour les voir.",
                             classes="avertissement", markup=False)
            yield Static("", id="dernieres", markup=False)  # filled on each resume
        yield Helplines(app.resources_for(None))
        yield KeyBar()

    def _last_seances(self) -> str:
        seances = self.app.store.seances(limit=3)
        if not seances:
            return "Aucune séance enregistrée sur cet ordinateur pour l'instant."
        lines = ["Dernières séances :"]
        for s in seances:
            lines.append(f"  {s.date:%d/%m/%Y} · {ACTIONS[s.action].split(' (')[0]} · "
                         f"{s.etablissement or LIEUX[s.lieu]} · "
                         f"{s.participants} participant{'s' if s.participants > 1 else ''}"
                         + (f" · {', '.join(s.modules)}" if s.modules else ""))
        return "\n".join(lines)

    def on_mount(self) -> None:
        options = self.query_one("#modules", OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()

    def on_screen_resume(self) -> None:
        """Shown first and after each séance: the last séances, read again."""
        self.query_one("#dernieres", Static).update(self._last_seances())

    def _selected_module(self):
        options = self.query_one("#modules", OptionList)
        if options.highlighted is None:
            if not self.app.library.modules:
                self.notify("Aucun module chargé.", severity="error")
                return None
            options.highlighted = 0
        option = options.get_option_at_index(options.highlighted)
        return self.app.library.modules[option.id]

    def action_animer(self) -> None:
        self._start("classe")

    def action_passation(self) -> None:
        self._start("eleve")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._start("classe")

    def _start(self, mode: str) -> None:
        from harcelement_kit.tui.screens.seance import SeanceScreen

        from harcelement_kit.tui.widgets.activities import pupil_steps

        module = self._selected_module()
        if module is None:
            return
        has_passation = any(a.kind == "echelle" and a.passation for a in module.activites)
        if mode == "eleve" and not has_passation and not pupil_steps(module):
            self.notify("Ce module ne se fait pas élève par élève : animez-le en classe (a).",
                        severity="warning")
            return
        self.app.push_screen(SeanceScreen(module, mode))

    def action_resultats(self) -> None:
        """The counts of the last séance run with a module of this laptop."""
        from harcelement_kit.tui.screens.resultats import ResultatsScreen

        for seance in self.app.store.seances(limit=20):
            module = next((self.app.library.modules[m] for m in seance.modules
                           if m in self.app.library.modules), None)
            if module is not None:
                self.app.push_screen(ResultatsScreen(module, seance.id))
                return
        self.notify("Aucune séance avec un module pour l'instant.")

    def action_bilan(self) -> None:
        from harcelement_kit.tui.screens.bilan import BilanScreen

        self.app.push_screen(BilanScreen())
