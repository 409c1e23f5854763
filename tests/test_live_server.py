"""The phones' answer page, over real HTTP on loopback: joining, answering once, only
the open question, what is refused, and what reaches the store."""

from __future__ import annotations

import asyncio
import html

import aiohttp
import pytest

from harcelement_kit.live.server import MAX_BODY, SECURITY_HEADERS
from live_helpers import Phone, bundled_module, new_store, open_room, serving, trap_module, visible_text


@pytest.fixture
async def qcm_room(tmp_path):
    async with serving(tmp_path / "donnees", *bundled_module("qcm")) as served:
        yield served


def counts(store, seance_id):
    return store.get(seance_id).counts


async def joined(room, phone, question: int | None = 0):
    """A new phone that joined the room, with `question` then opened (None: none open)."""
    pupil = phone()
    await pupil.join()
    if question is not None:
        room.session.open(question)
    return pupil


async def test_a_phone_joins_answers_and_the_count_lands_when_the_question_closes(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = phone()
    status, page, _ = await pupil.join()
    assert status == 200 and "Attends la première question" in page
    question = room.questions[0]
    room.session.open(0)
    status, page, _ = await pupil.get("/q")
    assert question.options[1].replace("'", "&#x27;") in page and 'name="option"' in page
    status, page, _ = await pupil.answer(0, 1)
    assert status == 200 and "Réponse enregistrée" in page
    assert room.session.answer_count == 1
    assert counts(store, seance_id) == {}  # nothing written while the question is open
    room.session.close()
    assert counts(store, seance_id) == {("qcm", question.activity, 0, 1): 1}
    status, page, _ = await pupil.get("/q")  # closed, not revealed: no answer yet
    assert "Réponses fermées." in page and "(100 %)" not in page and "✔" not in page
    room.session.reveal(0, [0, 1, 0], "1 téléphone")  # « r » on the projector
    status, page, _ = await pupil.get("/q")
    assert "Réponses de la classe\u00a0: 1\u00a0réponse (1\u00a0téléphone)." in page  # French no-break spaces
    assert "(100\u00a0%)" in page


async def test_a_second_answer_to_the_same_question_is_refused(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone)
    assert (await pupil.answer(0, 1))[0] == 200
    status, page, _ = await pupil.answer(0, 2)
    assert status == 409 and "Tu as déjà répondu à cette question." in page
    room.session.close()
    room.session.open(0)  # the animateur reopens it: still one answer per phone
    assert (await pupil.answer(0, 0))[0] == 409
    room.session.close()
    assert counts(store, seance_id) == {("qcm", room.questions[0].activity, 0, 1): 1}


@pytest.mark.parametrize(
    "question, option",
    [
        ("1", "0"),  # a future question
        ("0", "0"),  # the question that was closed
        ("-1", "0"),  # negative: Python would take the last question
        ("99999999999", "0"),  # huge
        ("2", "-1"),  # negative option
        ("2", "3"),  # an option the question does not have
        ("2", "999999"),  # a huge option
        ("2", "1.0"),
        ("2", ""),
        ("2", " 1"),
        ("2", "١"),  # not a plain number (that last is Arabic-Indic 1)
        ("", "0"),
        ("deux", "0"),
    ],
)
async def test_answers_to_another_question_or_option_are_refused(qcm_room, question, option):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone)
    room.session.close()
    room.session.open(2)
    status, _, _ = await pupil.answer(question, option)
    assert status in (400, 409)
    room.session.close()
    assert counts(store, seance_id) == {}


async def test_no_question_open_means_no_answer(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone, question=None)
    status, page, _ = await pupil.answer(0, 0)
    assert status == 409 and "Cette question n'est pas ouverte." in html.unescape(page)


async def test_a_phone_that_did_not_join_cannot_answer(qcm_room):
    room, store, seance_id, phone = qcm_room
    room.session.open(0)
    intruder = phone()
    status, page, _ = await intruder.answer(0, 1)
    assert status == 403 and "scanne le QR code" in page
    intruder.http.cookie_jar.update_cookies({"appareil": "forged-token"})
    assert (await intruder.answer(0, 1))[0] == 403
    assert (await intruder.get("/q"))[0] == 403
    room.session.close()
    assert counts(store, seance_id) == {}


async def test_the_code_from_the_projector_and_the_link_are_both_needed(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = phone()
    wrong = "000000" if room.session.pin != "000000" else "111111"
    status, page, _ = await pupil.join(wrong)
    assert status == 403 and "pas le bon code" in page and 'name="code"' in page
    status, page, _ = await pupil.post("/j/mauvais-lien", {"code": room.session.pin})
    assert status == 404 and "pas (ou plus) valable" in page
    assert room.session.device_count == 0
    assert (await pupil.join())[0] == 200
    assert room.session.device_count == 1


async def test_joining_after_it_is_closed_is_refused(qcm_room):
    room, store, seance_id, phone = qcm_room
    early = phone()
    await early.join()
    room.session.close_joining()
    late = phone()
    status, page, _ = await late.get(f"/j/{room.session.join_token}")
    assert status == 403 and "plus possible de rejoindre" in page
    status, page, _ = await late.join()
    assert status == 403 and "plus possible de rejoindre" in page
    assert room.session.device_count == 1
    room.session.open(0)
    assert (await early.answer(0, 1))[0] == 200  # who joined in time still answers


async def test_an_oversized_body_is_refused(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone)
    status, _, _ = await pupil.post("/r", {"question": "0", "option": "1", "x": "a" * (MAX_BODY * 4)})
    assert status == 413
    big = "0" * (MAX_BODY * 4)
    status, _, _ = await pupil.post(f"/j/{room.session.join_token}", {"code": big})
    assert status == 413
    room.session.close()
    assert counts(store, seance_id) == {}


async def test_only_plain_forms_from_this_page_are_taken(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone)
    status, _, _ = await pupil.post("/r", {"question": "0", "option": "1"}, headers={"Origin": "http://evil.example"})
    assert status == 403
    form = aiohttp.FormData()
    form.add_field("question", "0")
    form.add_field("option", "1", filename="answer.txt")  # multipart would write files to disk
    assert (await pupil.post("/r", form))[0] == 415
    room.session.close()
    assert counts(store, seance_id) == {}


async def test_every_response_carries_the_strict_policy(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone, question=None)
    for path in (
        "/",
        "/q",
        "/etat",
        "/static/page.js",
        "/static/page.css",
        "/nulle-part",
        "/static/../server.py",
        f"/j/{room.session.join_token}",
    ):
        status, _, headers = await pupil.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)
        assert "Server" not in headers and "aiohttp" not in str(headers)


async def test_a_connection_that_floods_is_slowed_down_and_others_are_not(qcm_room):
    room, store, seance_id, phone = qcm_room
    flooder, pupil = phone(), phone()
    await flooder.join()
    statuses = [(await flooder.get("/etat"))[0] for _ in range(60)]
    assert statuses.count(429) > 20 and statuses[0] == 200
    assert (await pupil.join())[0] == 200  # another connection is not slowed


async def test_content_and_answers_are_shown_as_text_never_as_markup(tmp_path):
    async with serving(tmp_path / "donnees", *trap_module(tmp_path)) as (room, store, seance_id, phone):
        pupil = phone()
        pages = [(await pupil.get(f"/j/{room.session.join_token}"))[1]]
        pages.append((await pupil.join("<script>alert(2)</script>"))[1])
        await pupil.join()
        room.session.open(0)
        pages.append((await pupil.get("/q"))[1])
        pages.append((await pupil.post("/r", {"question": "0", "option": '"><script>alert(3)</script>'}))[1])
        assert (await pupil.answer(0, 0))[0] == 200
        room.session.close()
        room.session.reveal(0, [1, 0], "1 téléphone")
        pages.append((await pupil.get("/q"))[1])
        for page in pages:
            assert "<script>alert" not in page and "<img" not in page and "onerror=alert(1)>" not in page
            assert page.count("<script") == 1  # only page.js, from this server
        shown = pages[2] + pages[4]
        for where in ("titre", "rubrique", "question", "option", "explication"):
            assert (
                f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; {where}" in shown
            ), where


async def test_sensitive_answers_are_counted_but_never_shown(tmp_path):
    async with serving(tmp_path / "donnees", *trap_module(tmp_path)) as (room, store, seance_id, phone):
        pupils = [phone() for _ in range(3)]
        for p in pupils:
            await p.join()
        index = room.index_of("sensible", 0)
        room.session.open(index)
        for p, option in zip(pupils, (0, 0, 1)):
            assert (await p.answer(index, option))[0] == 200
        room.session.close()
        page = visible_text((await pupils[0].get("/q"))[1])
        assert "ne sont pas affichées" in page and "%" not in page and " 2 " not in page
        seance = store.get(seance_id)
        assert seance.counts == {("piege", "sensible", 0, 0): 2, ("piege", "sensible", 0, 1): 1}
        row = store.conn.execute("SELECT sensitive FROM count_keys WHERE activity = 'sensible'").fetchall()
        assert row and all(r[0] == 1 for r in row)


async def test_nothing_identifying_is_left_on_disk_after_the_seance(tmp_path):
    data = tmp_path / "donnees"
    store, seance_id = new_store(data)
    module, resources = bundled_module("qcm")
    room = await open_room(store, seance_id, module, resources)
    secret_agent = "Mozilla/5.0 (Linux; Android 9; Telephone-De-Lea-4eB)"
    pupils = [Phone(room, user_agent=secret_agent) for _ in range(4)]
    for p in pupils:
        await p.join()
    tokens = [c.value for p in pupils for c in p.http.cookie_jar if c.key == "appareil"]
    assert len(tokens) == 4
    room.session.open(0)
    for p in pupils:
        await p.answer(0, 2)
    join_token = room.session.join_token
    await room.stop()  # closes the open question: its totals are recorded
    for p in pupils:
        await p.close()
    store.close()
    assert room.session.device_count == 0 and room.session.ended
    written = b"".join(f.read_bytes() for f in data.rglob("*") if f.is_file())
    for secret in [*tokens, join_token, secret_agent, "Telephone-De-Lea", "127.0.0.1"]:
        assert secret.encode() not in written, secret
    assert all(f.name.startswith("comptage.sqlite3") for f in data.rglob("*") if f.is_file())
    from harcelement_kit.tally.store import Store

    with Store(data) as reopened:
        assert reopened.get(seance_id).counts == {("qcm", room.questions[0].activity, 0, 2): 4}


async def test_a_phone_sees_the_question_open_without_reloading_by_hand(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone, question=None)
    status, body, _ = await pupil.get("/etat")
    before = (await (await pupil.http.get(pupil.base + "/etat")).json())["version"]
    room.session.open(0)
    after = (await (await pupil.http.get(pupil.base + "/etat")).json())["version"]
    assert status == 200 and after != before
    assert (await phone().get("/etat"))[0] == 403  # not joined: nothing to poll


async def test_after_the_end_nothing_is_taken(qcm_room):
    room, store, seance_id, phone = qcm_room
    pupil = await joined(room, phone)
    room.session.end()
    assert (await pupil.answer(0, 1))[0] in (403, 410)
    assert (await phone().join())[0] == 404


async def test_a_fill_in_blank_shows_its_text_and_the_word_bank(tmp_path):
    from harcelement_kit.content.loader import load_library
    from harcelement_kit.paths import bundled_content_dir
    from live_helpers import TODAY
    from tui_helpers import TEST_CONTENT

    library = load_library([TEST_CONTENT], resource_paths=[bundled_content_dir()], today=TODAY)
    module = library.modules["atelier-test"]
    async with serving(tmp_path / "donnees", module, library.helplines(module)) as (room, store, seance_id, phone):
        pupil = phone()
        await pupil.join()
        room.session.open(room.index_of("trous", 1))
        page = html.unescape(visible_text((await pupil.get("/q"))[1]))
        assert "Le [1\u00a0____] est gratuit et [2\u00a0____]." in page  # a blank is never split
        assert "Quel mot va dans le trou 2\u00a0?" in page
        assert [o for o in ("3018", "anonyme", "payant") if o in page] == ["3018", "anonyme", "payant"]
        assert (await pupil.answer(1, 1))[0] == 200
        room.session.close()
        assert store.get(seance_id).counts == {("atelier-test", "trous", 1, 1): 1}


async def test_garbage_on_the_socket_does_not_stop_the_page(qcm_room):
    room, store, seance_id, phone = qcm_room
    for garbage in (
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" * 20,  # a TLS hello
        b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n",  # a huge request line
        b"POST /r HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    ):
        reader, writer = await asyncio.open_connection("127.0.0.1", room.server.port)
        writer.write(garbage)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=5)
        assert status_line == b"" or status_line.split()[1][:1] == b"4"
        writer.close()
    pupil = phone()
    assert (await pupil.join())[0] == 200
