"""Opening a class animation to phones from the terminal UI: the join screen, a
question opened and closed with « o », phones' answers and hands adding up."""

from __future__ import annotations

import contextlib

import aiohttp
import pytest
import zxingcpp
from PIL import Image

from harcelement_kit.tui.screens.animer import AnimerScreen
from harcelement_kit.tui.screens.telephones import TelephonesScreen, qr_text
from harcelement_kit.tui.widgets.vote import VoteCounter

from live_helpers import Phone
from tui_helpers import build_app, new_seance, screen_text, stored_counts


def decode_terminal_qr(text) -> str:
    """Read a QR code drawn in half blocks back, pixel by pixel from each cell's colours."""
    rows: list[list[int]] = []
    for line in text.split("\n"):
        if not line.plain:
            continue
        top, bottom = [], []
        for span in line.spans:
            for _ in range(span.end - span.start):
                top.append(0 if span.style.color.name == "#000000" else 255)
                bottom.append(0 if span.style.bgcolor.name == "#000000" else 255)
        rows += [top, bottom]
    width, height = len(rows[0]), len(rows)
    image = Image.new("L", (width + 8, height + 8), 255)  # a quiet zone around it
    for y, row in enumerate(rows):
        for x, value in enumerate(row):
            image.putpixel((x + 4, y + 4), value)
    image = image.resize(((width + 8) * 8, (height + 8) * 8), Image.NEAREST)
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


async def open_to_phones(pilot):
    """From Animer: « o », then the last address (this laptop only)."""
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TelephonesScreen)
    assert "Cet ordinateur seulement, pour essayer (127.0.0.1)" in screen_text(pilot.app)
    await pilot.press("end", "enter")
    await pilot.pause()


@contextlib.asynccontextmanager
async def qcm_open_to_phones(tmp_path, size: tuple[int, int]):
    """The app, a new séance animating the QCM in class, open to phones on this laptop:
    (app, pilot, room), the join screen showing."""
    app = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await new_seance(pilot, 2, "classe")
        await open_to_phones(pilot)
        yield app, pilot, app.live_room


def test_the_join_qr_code_on_the_projector_reads_back_as_the_link():
    link = "http://192.168.137.1:8765/j/ypRr6LpjF_rDZDcq7vp-qWM4"
    assert decode_terminal_qr(qr_text(link)) == link


async def test_phones_and_hands_add_up_in_the_same_count(tmp_path):
    phones = []
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        text = screen_text(app)
        assert "Scanne le QR code, puis tape ce code :" in text and room.server.join_url in text.replace("\n", "")
        assert "0 téléphone connecté. Inscriptions ouvertes" in text
        phones = [Phone(room) for _ in range(3)]
        for phone in phones:
            assert (await phone.join())[0] == 200
        await pilot.pause(0.6)
        assert "3 téléphones connectés." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnimerScreen)
        assert "Téléphones : 3 téléphones · o : ouvrir cette question aux téléphones" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert room.session.current == 0
        for phone, option in zip(phones, (1, 1, 0)):
            assert (await phone.answer(0, option))[0] == 200
        await pilot.pause(0.6)
        assert "Question ouverte aux téléphones : 3 réponses (3 téléphones) · o : la fermer" in screen_text(app)
        await pilot.press("down", "4")  # 4 hands for option 2, from pupils without a phone
        await pilot.press("o")  # close: the phones' answers are recorded
        await pilot.pause()
        text = screen_text(app)
        assert "1. Elle est timide, ça ne regarde personne   [  mains + 1 tél.]" in text
        squeezed = " ".join(text.split())  # the long answer wraps under its own text (hanging indent)
        assert "2. Elle subit peut-être du harcèlement sans oser en parler [4 mains + 2 tél.]" in squeezed
        assert "Téléphones : 3 réponses · o : rouvrir" in text
        assert app.store.get(app.store.seances()[0].id).counts == {
            ("qcm", "victime-silencieuse", 0, 0): 1,
            ("qcm", "victime-silencieuse", 0, 1): 6,
        }
        await pilot.press("backspace", "5")  # the animateur corrects the hands: phones stay
        await pilot.press("n", "p")  # leave the question and come back
        await pilot.pause()
        assert "[5 mains + 2 tél.]" in screen_text(app)
        vote = app.screen.query_one(VoteCounter)
        assert (vote.counts, vote.phones) == ({1: 5}, {0: 1, 1: 2})
        await pilot.press("escape", "o")  # back to Accueil (confirmed): the séance's page stays open
        await pilot.pause()
        assert app.live_room is room and not room.session.ended and room.session.device_count == 3
        await pilot.press("ctrl+q")  # the app ends: so does the séance on the phones
        await pilot.pause()
    assert room.session.ended
    with pytest.raises(aiohttp.ClientConnectorError):  # the page is closed
        await phones[0].get("/q")
    for phone in phones:
        await phone.close()
    assert stored_counts(tmp_path) == {("qcm", "victime-silencieuse", 0, 0): 1, ("qcm", "victime-silencieuse", 0, 1): 7}


async def test_quitting_records_the_question_still_open(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        phone = Phone(room)
        await phone.join()
        await pilot.press("escape", "n", "o")  # question 2 open
        await pilot.pause()
        assert (await phone.answer(1, 2))[0] == 200
        await phone.close()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert stored_counts(tmp_path) == {("qcm", "temoin-en-ligne", 0, 2): 1}


async def test_joining_can_be_closed_from_the_join_screen(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(60, 20)) as (app, pilot, room):
        assert "f Fermer les inscriptions" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert "Inscriptions fermées : « f » pour les rouvrir." in screen_text(app)
        assert "f Rouvrir les inscriptions" in screen_text(app)
        assert "Fermer les inscriptions" not in screen_text(app)
        late = Phone(app.live_room)
        assert (await late.join())[0] == 403
        await pilot.press("f")  # a latecomer: joining reopens
        await pilot.pause()
        assert "Inscriptions ouvertes : « f » pour les fermer." in screen_text(app)
        assert "f Fermer les inscriptions" in screen_text(app)
        assert (await late.join())[0] == 200
        await late.close()
        await pilot.press("escape", "n", "n")
        await pilot.pause()


async def test_going_home_from_the_results_keeps_the_seance_page(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        phone = Phone(room)
        await phone.join()
        await pilot.press("escape", "o")
        await pilot.pause()
        assert (await phone.answer(0, 1))[0] == 200
        await pilot.press("g")  # Résultats (the question closes), then « h » back to Accueil
        await pilot.pause()
        assert "█" in screen_text(app) and room.session.current is None
        await pilot.press("h")
        await pilot.pause()
        assert app.live_room is room and not room.session.ended  # the next module goes on it
        await phone.close()
        assert app.store.get(app.store.seances()[0].id).counts == {("qcm", "victime-silencieuse", 0, 1): 1}
