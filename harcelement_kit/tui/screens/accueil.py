"""Accueil: the modules found, the last séances, the actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.content.model import LEVEL_LABELS, LEVELS, levels_text
from harcelement_kit.tally.records import ACTIONS, LIEUX
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar

__all__ = ["AccueilScreen"]


def _module_line(module) -> str:
    details = [f"{len(module.activites)} activité{'s' if len(module.activites) > 1 else ''}"]
    if module.duree_minutes:
        details.append(f"{module.duree_minutes} min")
    if module.public:
        details.append(levels_text(module.public))
    line = f"{module.titre} ({', '.join(details)})"
    return line + (f"\n  {module.description}" if module.description else "")


class AccueilScreen(Screen):
    """Choose a module, then animate it in class or run a passation."""

    BINDINGS = [
        Binding("a", "animer", "Animer"),
        Binding("p", "passation", "Passation"),
        Binding("r", "resultats", "Résultats"),
        Binding("b", "bilan", "Bilan"),
        Binding("n", "niveau", "Niveau"),
        Binding("q", "app.quit", "Quitter"),
    ]

    # None: every module; else only the modules for that school level (and those with no `public`).
    level: str | None = None

    def compose(self) -> ComposeResult:
        app = self.app
        yield Static("harcelement-kit — ateliers contre le harcèlement"
                     + (" (textes en facile à lire)" if getattr(app.library, "facile", False) else ""),
                     classes="titre")
        if getattr(app.store, "read_only", False):
            # A folder that cannot be written (USB stick, shared laptop): the séance runs, on a copy.
            yield Static(f"lecture seule : rien ne sera enregistré (le dossier « {app.data_dir} » ne peut "
                         "pas être écrit)", id="lecture-seule", classes="avertissement", markup=False)
        with VerticalScroll(classes="corps"):
            yield Static("Choisis un module (↑↓), puis « a » pour l'animer en classe ou « p » "
                         "pour le faire passer élève par élève :", markup=False)
            yield Static(self._level_line(), id="niveau", markup=False)
            yield OptionList(*self._module_options(), id="modules")
            if app.library.errors:
                files = len({p.file for p in app.library.errors})
                yield Static(f"{files} fichier(s) de modules ont des erreurs et ne sont pas chargés : "
                             "lancez « harcelement-kit verifier » pour les voir.",
                             classes="avertissement", markup=False)
            yield Static("", id="dernieres", markup=False)  # filled on each resume
        yield Helplines(app.resources_for(None))
        yield KeyBar()

    def _shown_modules(self) -> list:
        return [m for m in self.app.library.modules.values()
                if self.level is None or not m.public or self.level in m.levels]

    def _module_options(self) -> list[Option]:
        return [Option(_module_line(m), id=m.id) for m in self._shown_modules()]

    def _level_line(self) -> str:
        if self.level is None:
            return "Niveau : tous (touche n pour choisir un niveau)"
        count = len(self._shown_modules())
        return (f"Niveau : {LEVEL_LABELS[self.level]} ({count} module{'s' if count > 1 else ''} ; "
                "n : niveau suivant)")

    def action_niveau(self) -> None:
        """Next level (CM1, CM2, 6e… adultes, then every level again)."""
        order = [None, *LEVELS]
        self.level = order[(order.index(self.level) + 1) % len(order)]
        options = self.query_one("#modules", OptionList)
        options.clear_options()
        options.add_options(self._module_options())
        if options.option_count:
            options.highlighted = 0
        self.query_one("#niveau", Static).update(self._level_line()
                                                 + ("" if options.option_count else
                                                    "\nAucun module pour ce niveau."))

    def _last_seances(self) -> str:
        seances = self.app.store.seances(limit=3)
        if not seances:
            return "Aucune séance enregistrée sur cet ordinateur pour l'instant."
        lines = ["Dernières séances :"]
        for s in seances:
            lines.append(f"  {s.date:%d/%m/%Y} · {ACTIONS[s.action].split(' (')[0]} · "
                         f"{s.etablissement or LIEUX[s.lieu]} · {s.participants} participants"
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
            if not options.option_count:
                self.notify("Aucun module chargé." if not self.app.library.modules
                            else "Aucun module pour ce niveau : « n » pour changer.", severity="error")
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
