"""Accueil: the modules found, the last séances, the actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.content.model import LEVEL_LABELS, LEVELS, levels_text
from harcelement_kit.tally.records import ACTIONS, LIEUX
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar

__all__ = ["AccueilScreen"]


def _module_line(module) -> str:
    from harcelement_kit.content.steps import class_screen_count

    screens = class_screen_count(module)  # what Animer numbers « 1/18 », not the file's activities
    details = [f"{screens} écran{'s' if screens > 1 else ''} en classe"]
    if module.duree_minutes:
        details.append(f"{module.duree_minutes} min")
    if module.public:
        details.append(levels_text(module.public))
    line = f"{module.titre} ({', '.join(details)})"
    return line + (f"\n  {module.description}" if module.description else "")


def seance_label(seance) -> str:
    """« Collège Verlaine, 26 participants »: how the animateur recognises a séance."""
    return f"{seance.etablissement or LIEUX[seance.lieu]}, {seance.participants} participants"


class AccueilScreen(Screen):
    """Choose a module, then animate it in class or run a passation."""

    BINDINGS = [
        Binding("a", "animer", "Animer"),
        Binding("p", "passation", "Passation"),
        Binding("r", "resultats", "Résultats"),
        Binding("b", "bilan", "Bilan"),
        Binding("t", "terminer", "Terminer la séance"),
        Binding("m", "modifier", "Modifier la séance"),
        Binding("n", "niveau", "Niveau"),
        Binding("q", "app.quit", "Quitter"),
    ]

    # The module list first: Textual's default (the first focusable, the scrolling body)
    # would be focused, then blurred by on_mount, each time restyling the whole body.
    AUTO_FOCUS = "#modules"

    # None: every module; else only the modules for that school level (and those with no `public`).
    level: str | None = None
    _drawn_by_compose = True  # until the first resume: compose drew the séances as they are
    _any_seance = False
    _last_text = ""  # the last séances as shown
    _last_tall = False  # whether they were chosen for a screen of 30 rows or more

    def compose(self) -> ComposeResult:
        app = self.app
        yield Static(
            "harcelement-kit — ateliers contre le harcèlement"
            + (" (textes en facile à lire)" if getattr(app.library, "facile", False) else ""),
            classes="titre",
        )
        if getattr(app.store, "read_only", False):
            # A folder that cannot be written (USB stick, shared laptop): the séance runs, on a copy.
            yield Static(
                f"lecture seule : rien ne sera enregistré (le dossier « {app.data_dir} » ne peut pas être écrit)",
                id="lecture-seule",
                classes="avertissement",
                markup=False,
            )
        # Not focusable: Tab goes between the module list and the day's séances only (walked: Tab
        # stopped on the body, where nothing was highlighted and ↑↓ moved nothing).
        # The module list takes every row that the lines above it (#haut) and the séances below
        # it (#bas, both docked) leave (app.tcss): walked at 80×24, a fixed 40 % showed 2 of
        # the 8 modules above 10 empty rows.
        with VerticalScroll(classes="corps", can_focus=False):
            with Vertical(id="haut"):
                yield Static("Module (↑↓), « a » en classe, « p » élève par élève :", markup=False)
                # The level line (#niveau) is mounted here once a level is chosen (« n »): at 60×20
                # every row counts, and the key bar says « n Niveau ».
            yield OptionList(*self._module_options(), id="modules")
            with Vertical(id="bas"):
                if app.library.errors:
                    files = len({p.file for p in app.library.errors})
                    yield Static(
                        f"{files} fichier(s) de modules ont des erreurs et ne sont pas chargés : "
                        "lancez « harcelement-kit verifier » pour les voir.",
                        classes="avertissement",
                        markup=False,
                    )
                # Drawn as they are now, so that the first screen is drawn once (its layout was
                # computed again for each list filled after mounting); read again on each resume.
                # The day's open séances only when there are some (mounted later otherwise: an
                # empty hidden list was ~1 % of every start, issue 16's budget).
                found = self._open()
                if found:
                    yield from self._open_widgets(found)
                self._last_text = self._last_seances({seance.id for seance, _module, _mode in found})
                last = Static(self._last_text, id="dernieres", markup=False)
                last.display = bool(self._last_text)
                yield last
        yield Helplines(app.resources_for(None))
        yield KeyBar()

    def _shown_modules(self) -> list:
        return [
            m for m in self.app.library.modules.values() if self.level is None or not m.public or self.level in m.levels
        ]

    def _module_options(self) -> list[Option]:
        return [Option(_module_line(m), id=m.id) for m in self._shown_modules()]

    def _level_line(self) -> str:
        count = len(self._shown_modules())
        modules = f"{count} module{'s' if count > 1 else ''}"
        if self.level is None:
            return f"Niveau : tous les niveaux ({modules} ; n : choisir un niveau)"
        return f"Niveau : {LEVEL_LABELS[self.level]} ({modules} ; n : niveau suivant)"

    def action_niveau(self) -> None:
        """Next level (CM1, CM2, 6e… adultes, then every level again)."""
        order = [None, *LEVELS]
        self.level = order[(order.index(self.level) + 1) % len(order)]
        options = self.query_one("#modules", OptionList)
        options.clear_options()
        options.add_options(self._module_options())
        if options.option_count:
            options.highlighted = 0
        text = self._level_line() + ("" if options.option_count else "\nAucun module pour ce niveau.")
        if not self.query("#niveau"):
            self.query_one("#haut").mount(Static(text, id="niveau", markup=False))
        # Once a level was chosen, the line stays and names « tous les niveaux » when the
        # round comes back to them (walked: the line vanished, every level left unnamed).
        self.query_one("#niveau", Static).update(text)

    def _last_seances(self, open_ids: set) -> str:
        """The last séances but those of the day still open (listed just above: walked, the
        same séances twice on a small screen); three from 30 rows; below, one, and none while
        séances of the day are listed (the module list keeps at least 5 rows at 60×20: walked,
        an empty frame once the séances below took its room)."""
        self._last_tall = tall = self.app.size.height >= 30
        shown = 3 if tall else 0 if open_ids else 1
        recent = self.app.store.seances(limit=shown + len(open_ids))
        # « m » is offered when there is a séance to modify: read here, with the last séances,
        # not at each of the many times Textual asks which keys are active.
        self._any_seance = bool(recent)
        if not recent:
            return "Aucune séance enregistrée sur cet ordinateur pour l'instant."
        seances = [s for s in recent if s.id not in open_ids][:shown]
        if not seances:
            return ""
        lines = ["Dernières séances :"]
        modules = self.app.library.modules
        for s in seances:
            # Titles, not ids: « harcelometre » is a file name, not what the animateur ran.
            titles = [modules[m].titre if m in modules else m for m in s.modules]
            lines.append(
                f"  {s.date:%d/%m/%Y} · {ACTIONS[s.action].split(' (')[0]} · "
                f"{s.etablissement or LIEUX[s.lieu]} · "
                f"{s.participants} participant{'s' if s.participants > 1 else ''}"
                + (f" · {', '.join(titles)}" if titles else "")
                + (" (essai)" if s.essai else "")
            )
        return "\n".join(lines)

    def on_mount(self) -> None:
        options = self.query_one("#modules", OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()
        if self.query("#seances-ouvertes"):
            self.query_one("#seances-ouvertes", OptionList).highlighted = 0

    async def on_screen_resume(self) -> None:
        """Back after a séance: the open and the last séances, read again (drawn by compose
        the first time)."""
        if not self._drawn_by_compose:
            found = self._open()
            self._show_last({seance.id for seance, _module, _mode in found})
            mounted = self._show_open(found)
            if mounted is not None:
                await mounted  # the list below the modules is laid out before they are scrolled
            self.refresh_bindings()
            self.call_after_refresh(self._module_in_view)
        self._drawn_by_compose = False

    def on_resize(self) -> None:
        if (self.app.size.height >= 30) != self._last_tall:  # one last séance or three: read again
            listed = self.query("#seances-ouvertes")
            self._show_last({option.id for option in listed.first().options} if listed else set())
        self.call_after_refresh(self._module_in_view)

    def _show_last(self, open_ids: set) -> None:
        text = self._last_seances(open_ids)
        if text != self._last_text:
            self._last_text = text
            last = self.query_one("#dernieres", Static)
            last.update(text)
            last.display = bool(text)

    def _module_in_view(self) -> None:
        """The highlighted module stays in sight: the list's height changes when the day's séances
        appear or the window is resized, and Textual keeps the old scroll (the module « a » would
        start was then out of view)."""
        self.query_one("#modules", OptionList).scroll_to_highlight(top=True)  # its title first

    # -- today's open séances: one class meeting, several modules ---------------------

    def _open(self) -> list:
        """(séance, last module, last mode) of today's open séances, newest first."""
        from harcelement_kit.tally.meeting import open_seances

        return open_seances(self.app.store, self.app.today)

    def _open_widgets(self, found) -> tuple[Static, OptionList]:
        """The day's open séances: their title and list."""
        title = Static("Séances du jour (Tab) : « a » reprendre, « t » terminer", id="titre-ouvertes", markup=False)
        return title, OptionList(*self._open_options(found), id="seances-ouvertes")

    def _show_open(self, found: list):
        """The day's open séances listed again; the mounting to await when the list is new."""
        mounted = None
        if not self.query("#seances-ouvertes"):
            if not found:
                return None
            mounted = self.query_one("#bas").mount(*self._open_widgets([]), before="#dernieres")
        options = self.query_one("#seances-ouvertes", OptionList)
        # The highlight follows its séance (not its row): « a » on a module continues the séance
        # highlighted here. A séance just run comes first and is highlighted, being the class in the room.
        before = [options.get_option_at_index(i).id for i in range(options.option_count)]
        kept = before[options.highlighted] if options.highlighted is not None and before else None
        if before and found and found[0][0].id != before[0]:
            kept = found[0][0].id
        options.clear_options()
        options.add_options(self._open_options(found))
        for widget in (options, self.query_one("#titre-ouvertes")):
            widget.display = bool(found)
        if not found and self.focused is options:
            # A hidden list keeps the focus otherwise: ↑↓ would move nothing and « p » would
            # start the module highlighted, unseen, in the module list.
            self.query_one("#modules", OptionList).focus()
        if found:
            ids = [seance.id for seance, _module, _mode in found]
            options.highlighted = ids.index(kept) if kept in ids else 0
        return mounted

    def _open_options(self, found) -> list[Option]:
        options = []
        for seance, _module, _mode in found:
            modules = self._titles(seance) or "aucun module"
            trial = " · essai" if seance.essai else ""
            options.append(Option(f"{seance_label(seance)} · {modules}{trial}", id=seance.id))
        return options

    def _titles(self, seance) -> str:
        """The séance's modules by their titles, as the animateur chose them (walked: the open
        séance and « Séance terminée » said « qcm, temoins », the files' ids)."""
        modules = self.app.library.modules
        return ", ".join(modules[m].titre if m in modules else m for m in seance.modules)

    def _chosen_open(self):
        """The open séance highlighted in the list, with its last module and mode, or None."""
        if not self.query("#seances-ouvertes"):
            return None
        options = self.query_one("#seances-ouvertes", OptionList)
        if not options.option_count or options.highlighted is None:
            return None
        wanted = options.get_option_at_index(options.highlighted).id
        return next((entry for entry in self._open() if entry[0].id == wanted), None)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "terminer":
            return (
                bool(self.query("#seances-ouvertes"))
                and self.query_one("#seances-ouvertes", OptionList).option_count > 0
            )
        if action == "modifier":
            return self._any_seance
        return True

    def action_terminer(self) -> None:
        from harcelement_kit.tally.meeting import close_seance

        entry = self._chosen_open()
        if entry is None:
            return
        seance = entry[0]

        async def done(yes: bool | None) -> None:
            if yes:
                close_seance(self.app.store, seance.id)
                room = self.app.live_room
                if room is not None and room.seance_id == seance.id:  # phones: the end page
                    await self.app.close_live_room(grace=5.0)
                titles = self._titles(seance) or "aucun"
                self.notify(
                    f"Séance terminée : {seance_label(seance)}, modules : {titles}"
                    + ("" if titles.endswith(("?", "!", ".")) else ".")
                )
                await self.on_screen_resume()

        self.app.push_screen(
            self.app.new_screen(
                "confirmer",
                f"Terminer la séance du jour ({seance_label(seance)}) ? Elle ne sera plus proposée pour continuer.",
                yes="terminer",
                no="la garder ouverte",
            ),
            done,
        )

    def action_modifier(self) -> None:
        entry = self._chosen_open()
        if entry is not None:
            self.app.show("modifier", entry[0].id)
            return
        latest = self.app.store.seances(limit=1)
        if latest:
            self.app.show("modifier", latest[0].id)

    def _resume(self, mode: str) -> None:
        """a/p on an open séance: back to its last module, at the step where it stopped."""
        seance, module_id, _mode = self._chosen_open()
        module = self.app.library.modules.get(module_id)
        if module is None:
            self.notify(
                f"Le module « {module_id} » n'est plus sur cet ordinateur : choisissez-en un "
                "autre dans la liste (il continuera cette séance).",
                severity="warning",
            )
            return
        if not self._can_run(module, mode):
            return
        self.run_in_seance(module, seance.id, mode)

    def run_in_seance(self, module, seance_id: str, mode: str, fresh: bool = False) -> None:
        """Run `module` in the séance (added to its modules), from the step it left."""
        from harcelement_kit.tally.meeting import add_module, mark_open, saved_step

        add_module(self.app.store, seance_id, module.id)
        mark_open(self.app.store, seance_id, module.id, mode)
        if mode == "classe":
            step, _ = saved_step(self.app.store, seance_id, module.id, mode)
            self.app.show("animer", module, seance_id, start=step, fresh=fresh)
        else:
            self.app.show("passation", module, seance_id, fresh=fresh)

    def _selected_module(self):
        options = self.query_one("#modules", OptionList)
        if options.highlighted is None:
            if not options.option_count:
                self.notify(
                    "Aucun module chargé."
                    if not self.app.library.modules
                    else "Aucun module pour ce niveau : « n » pour changer.",
                    severity="error",
                )
                return None
            options.highlighted = 0
        option = options.get_option_at_index(options.highlighted)
        return self.app.library.modules[option.id]

    def _on_open_list(self) -> bool:
        return self.focused is not None and self.focused.id == "seances-ouvertes"

    def action_animer(self) -> None:
        self._resume("classe") if self._on_open_list() else self._start("classe")

    def action_passation(self) -> None:
        self._resume("eleve") if self._on_open_list() else self._start("eleve")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "seances-ouvertes":
            self._resume("classe")
        else:
            self._start("classe")

    def _can_run(self, module, mode: str) -> bool:
        from harcelement_kit.tui.widgets.activities import pupil_steps

        has_passation = any(a.kind == "echelle" and a.passation for a in module.activites)
        if mode == "eleve" and not has_passation and not pupil_steps(module):
            self.notify("Ce module ne se fait pas élève par élève : animez-le en classe (a).", severity="warning")
            return False
        return True

    def _start(self, mode: str) -> None:
        """A module chosen: continue today's open séance (the same class), or a new one."""
        module = self._selected_module()
        if module is None or not self._can_run(module, mode):
            return
        chosen_open = self._chosen_open()
        if chosen_open is None:
            self.app.show("seance", module, mode)
            return
        # the séance highlighted in the day's list, the one the animateur sees chosen
        seance = chosen_open[0]
        added = "" if module.id in seance.modules else f" (le module « {module.titre} » s'y ajoute)"

        def chosen(answer) -> None:
            if answer == "continuer":
                self.run_in_seance(module, seance.id, mode)
            elif answer == "nouvelle":
                self.app.show("seance", module, mode)

        self.app.push_screen(
            self.app.new_screen(
                "choisir",
                f"Continuer la séance du jour ({seance_label(seance)}) ou en commencer une nouvelle ?",
                [
                    ("c", f"continuer la séance du jour{added}", "continuer"),
                    ("enter", "continuer la séance du jour", "continuer"),
                    ("n", "nouvelle séance (une autre classe)", "nouvelle"),
                ],
            ),
            chosen,
        )

    def action_resultats(self) -> None:
        """The counts of the last séance run with a module of this laptop."""
        for seance in self.app.store.seances(limit=20):
            module = next((self.app.library.modules[m] for m in seance.modules if m in self.app.library.modules), None)
            if module is not None:
                self.app.show("resultats", module, seance.id)
                return
        self.notify("Aucune séance avec un module pour l'instant.")

    def action_bilan(self) -> None:
        self.app.show("bilan")
