"""Ouvrir aux téléphones: choose the address phones reach (the hotspot), then show the
join QR code and the code to type, large, with the number of phones joined."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, OptionList, Static
from textual.widgets.option_list import Option

from harcelement_kit.live.network import ALL_INTERFACES, local_addresses
from harcelement_kit.live.qr_text import qr_rows
from harcelement_kit.tally.numbers import plural
from harcelement_kit.tui.widgets.helplines import Helplines
from harcelement_kit.tui.widgets.keybar import KeyBar
from harcelement_kit.tui.screens import SCREENS_CSS

__all__ = ["TelephonesScreen", "qr_text"]

LOOPBACK = "127.0.0.1"
_DARK, _LIGHT = "#000000", "#ffffff"


def qr_text(data: str) -> Text:
    """The QR code in half blocks, black on white whatever the theme."""
    text = Text()
    for row in qr_rows(data):
        for top, bottom in row:
            text.append("▀", Style(color=_DARK if top else _LIGHT, bgcolor=_DARK if bottom else _LIGHT))
        text.append("\n")
    return text


def address_choices() -> list[tuple[str, str]]:
    """(label, address to listen on): the laptop's own networks first, loopback last."""
    found = [(f"Point d'accès / réseau de cet ordinateur : {a}", a) for a in local_addresses()]
    return found + [
        ("Tous les réseaux de cet ordinateur (0.0.0.0)", ALL_INTERFACES),
        ("Cet ordinateur seulement, pour essayer (127.0.0.1)", LOOPBACK),
    ]


class TelephonesScreen(Screen):
    """Pushed by Animer, which owns the live room: this screen starts it and shows how to join."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("f", "close_joining", "Fermer les inscriptions"),
        Binding("f", "open_joining", "Rouvrir les inscriptions"),  # the one « f » does is shown
        Binding("escape", "app.pop_screen", "Retour à l'animation"),
    ]

    def __init__(self, animer):
        super().__init__()
        self.animer = animer

    def compose(self) -> ComposeResult:
        yield Static("Ouvrir aux téléphones", classes="titre", markup=False)
        yield VerticalScroll(id="corps", classes="corps")
        yield Helplines(self.app.resources_for(self.animer.module))
        yield KeyBar()

    async def on_mount(self) -> None:
        if self.animer.room is None:
            await self.show_addresses()
        else:
            await self.show_join()

    async def show_addresses(self, error: str = "") -> None:
        body = self.query_one("#corps", VerticalScroll)
        await body.remove_children()
        await body.mount(
            Static(
                "Les élèves répondent depuis leur téléphone, sans internet ni compte. Activez le point "
                "d'accès (partage de connexion) de cet ordinateur, faites-y connecter les téléphones, "
                "puis choisissez son adresse (↑↓ puis Entrée) :",
                markup=False,
            )
        )
        if error:
            await body.mount(Static(error, classes="erreurs", markup=False))
        choices = OptionList(
            *[Option(label, id=address) for label, address in address_choices()], id="adresses", classes="reponses"
        )
        await body.mount(choices)
        choices.focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        error = await self.animer.open_room(event.option.id)
        if error:
            await self.show_addresses(error)
        else:
            await self.show_join()

    def check_action(self, action: str, parameters) -> bool | None:
        """« f » is shown once the page is open, as what it will do: close or reopen."""
        room = self.animer.room
        if action == "close_joining":
            return room is not None and room.session.joining_open
        if action == "open_joining":
            return room is not None and not room.session.joining_open
        return True

    async def show_join(self) -> None:
        self.refresh_bindings()
        room = self.animer.room
        body = self.query_one("#corps", VerticalScroll)
        await body.remove_children()
        pin = room.session.pin
        await body.mount(
            Horizontal(
                Static(qr_text(room.server.join_url), id="qr"),
                Vertical(
                    Static("Scanne le QR code, puis tape ce code :", markup=False),
                    Digits(f"{pin[:3]} {pin[3:]}", id="code"),
                    Static("", id="inscrits", markup=False),
                    id="rejoindre",
                ),
                id="panneau",
            )
        )
        # under the QR code, the whole width: beside it, at 80 columns, the link was cut in two
        await body.mount(Static(f"Sans QR code : {room.server.join_url}", id="lien", markup=False))
        self.refresh_count()
        self.set_interval(0.5, self.refresh_count)

    def refresh_count(self) -> None:
        room = self.animer.room
        if room is None or not self.query("#inscrits"):
            return
        session = room.session
        joined = plural(session.device_count, "téléphone connecté", "téléphones connectés") + "."
        state = (
            " Inscriptions ouvertes : « f » pour les fermer."
            if session.joining_open
            else " Inscriptions fermées : « f » pour les rouvrir."
        )
        self.query_one("#inscrits", Static).update(joined + state + " Échap : retour à l'animation.")

    def action_close_joining(self) -> None:
        if self.animer.room is not None:
            self.animer.room.session.close_joining()
            self.refresh_count()
            self.refresh_bindings()

    def action_open_joining(self) -> None:
        if self.animer.room is not None:
            self.animer.room.session.open_joining()
            self.refresh_count()
            self.refresh_bindings()
