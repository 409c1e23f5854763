"""Aide: every key of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from harcelement_kit.tui.widgets.hanging import hanging
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["AideScreen", "HELP_TEXT"]

HELP_TEXT = """\
Accueil
  ↑ ↓        choisir un module
  a / Entrée animer en classe (nouvelle séance, puis l'atelier)
  p          élève par élève (passation anonyme, chacun son tour)
  r          résultats de la dernière séance
  b          bilan de toutes les séances
  Tab        aller aux « Séances du jour » (et revenir aux modules)
             puis ↑ ↓ pour choisir la séance, a / p pour la reprendre
  t          terminer la séance du jour choisie (elle n'est plus proposée)
  m          modifier la séance (établissement, participants, durée, niveau)
  n          niveau : tous, puis CM1, CM2, 6e… 2de, 1re, terminale, adultes
             (seuls les modules de ce niveau sont montrés)
  q          quitter (rien n'est perdu : chaque réponse est enregistrée aussitôt)

Nouvelle séance
  Tab        champ suivant         Ctrl+S / Entrée   commencer
  Échap      retour

Animer en classe
  n ou →     écran suivant         p ou ←   écran précédent
  ↑ ↓        choisir une réponse   chiffres nombre de mains levées (⌫ corrige)
  r          révéler (la réponse, le trou suivant, ce qu'il faut retenir,
             la zone suivante du harcèlomètre après le jeu)
  a          révéler tout le texte à trous, tout le harcèlomètre
  t          minuteur de la question (durée du module, 30 s sinon) :
             à zéro la question se ferme aux téléphones ; t : pause / reprise
  +          prolonger le minuteur (la même durée en plus)
  PgDn PgUp  faire défiler (la réponse et l'explication sont sous le graphique)
  g          résultats de la séance          Échap   accueil
  o          ouvrir aux téléphones (QR code et code à taper), puis
             ouvrir / fermer la question de l'écran aux téléphones
  j          revoir le QR code et le code (f : fermer les inscriptions)
  c          cartes-réponses : ouvrir la caméra, puis ouvrir / fermer
             la question de l'écran aux cartes (r : afficher les totaux)
  v          avant/après : les questions posées avant et après l'atelier, seules,
             comptées « avant » (questionnaire d'ouverture) ; à la fin du module,
             ou plus tard avec v, les mêmes comptées « après » (questionnaire de fin)
  v ou f     dans un de ces questionnaires : v revient à l'atelier ;
             f : fait sur papier (fiches-réponses AVANT ou APRÈS)

Élève par élève
  1 à 9      choisir une réponse   Entrée   continuer / participant suivant
  ←          question précédente (la réponse est reprise, à garder ou changer)
  +          un participant de plus que prévu (demande confirmation)
  a          l'élève arrête là (ses réponses déjà données comptent)
  Échap      fin de la passation (demande confirmation)

Partout
  F1         cette aide            Ctrl+Q   quitter
"""


KEY_COLUMN = 13  # where a key's description starts in HELP_TEXT


class KeyList(Static):
    """HELP_TEXT wrapped to the screen's width, each description's next rows under the
    description (walked at 60×20: they started at the margin, under the keys)."""

    def __init__(self):
        super().__init__(markup=False)

    def render(self) -> str:
        width = self.content_region.width or self.app.size.width
        return "\n".join(
            hanging(self.app.console, line, KEY_COLUMN, width) if line.startswith("  ") else line
            for line in HELP_TEXT.splitlines()
        )

    def on_resize(self) -> None:
        self.refresh(layout=True)  # the indents are made for the width


class AideScreen(Screen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        yield Static("Aide — les touches", classes="titre")
        with VerticalScroll(classes="corps"):
            yield KeyList()
        yield Helplines(self.app.resources_for(None))
        yield KeyBar()
