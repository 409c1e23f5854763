"""Issue 12, failures 4, 5, 7 and 9: the phones' page under abuse, on loopback only.
Other devices are other loopback addresses (127.0.0.2, …): Linux routes all of 127/8
to this machine, so each has its own client address, as phones on a hotspot do."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import textwrap
import time

import aiohttp
import pytest

from harcelement_kit.live.limits import JoinLimiter
from kit_process import clean_env
from live_helpers import Phone, bundled_module, serving


@pytest.fixture
async def qcm_room(tmp_path):
    async with serving(tmp_path / "donnees", *bundled_module("qcm")) as served:
        yield served


class Device(Phone):
    """A phone with its own address; `fresh=True`: a new connection for every request
    and no cookie kept (the brute force of the issue)."""

    def __init__(self, room, address: str, fresh: bool = False):
        self.room = room
        self.base = f"http://127.0.0.1:{room.server.port}"
        connector = aiohttp.TCPConnector(local_addr=(address, 0), force_close=fresh)
        jar = aiohttp.DummyCookieJar() if fresh else aiohttp.CookieJar(unsafe=True)
        self.http = aiohttp.ClientSession(connector=connector, cookie_jar=jar)


def _wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10**6:06d}"


async def test_a_pin_flood_over_new_connections_is_limited_and_the_real_phone_joins(qcm_room):
    room, store, seance_id, phone = qcm_room
    attacker = Device(room, "127.0.0.2", fresh=True)
    try:
        statuses = [(await attacker.join(_wrong(room.session.pin)))[0] for _ in range(40)]
        assert statuses.count(403) == 10  # ten codes looked at, then not even that
        assert statuses[10:] == [429] * 30
        status, page, _ = await attacker.join()  # even the right code, while blocked
        assert status == 429 and "essais : attends" in page
        assert room.session.device_count == 0
        real = phone()
        status, page, _ = await real.join()
        assert status == 200 and "Attends la première question" in page
    finally:
        await attacker.close()


def test_wrong_codes_then_a_growing_delay():
    clock = [0.0]
    limiter = JoinLimiter(now=lambda: clock[0])
    for _ in range(9):
        limiter.wrong("10.0.0.7")
    assert limiter.wait("10.0.0.7") == 0
    limiter.wrong("10.0.0.7")
    delays = [limiter.wait("10.0.0.7")]
    for _ in range(4):
        clock[0] += delays[-1]
        limiter.wrong("10.0.0.7")
        delays.append(limiter.wait("10.0.0.7"))
    assert delays == [1, 2, 4, 8, 16]
    assert limiter.wait("10.0.0.8") == 0  # another phone is not held up
    # 10^6 codes at 10 a minute, then slower: more than 69 days of trying
    assert 10**6 / 10 / 60 / 24 > 69


async def test_a_join_flood_cannot_fill_the_slots(qcm_room):
    room, store, seance_id, phone = qcm_room
    flood = Device(room, "127.0.0.3", fresh=True)
    try:
        statuses = [(await flood.join())[0] for _ in range(60)]
        assert room.session.device_count == 3  # three slots from one address, no more
        assert statuses[3:] == [429] * 57
        real = phone()
        assert (await real.join())[0] == 200
    finally:
        await flood.close()


async def test_rejoining_from_the_same_phone_gives_no_second_vote(qcm_room):
    room, store, seance_id, phone = qcm_room
    room.session.open(0)
    for attempt in range(3):
        device = Device(room, "127.0.0.5")  # a new cookie each time: a private tab, a cleared browser
        try:
            assert (await device.join())[0] == 200
            status, page, _ = await device.answer(0, 1)
            assert (status, "Tu as déjà répondu" in page) == ((200, False) if attempt == 0 else (409, True))
        finally:
            await device.close()
    room.session.close()
    assert store.get(seance_id).counts == {("qcm", room.questions[0].activity, 0, 1): 1}


@pytest.mark.parametrize(
    "headers,body",
    [
        ({"Content-Type": "application/x-www-form-urlencoded; charset=bogus"}, b"code=123456"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"\xff\xfe"),
        ({"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"}, b"code=123456"),
        ({"Content-Type": "application/x-www-form-urlencoded; charset=utf-16"}, "code=1".encode("utf-16")),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"%ZZ&&=\x00"),
    ],
)
async def test_malformed_bodies_charsets_and_encodings_get_a_4xx(qcm_room, headers, body):
    room, store, seance_id, phone = qcm_room
    p = Device(room, "127.0.0.1", fresh=True)  # one connection per request, as a script would
    try:
        for path in (f"/j/{room.session.join_token}", "/r"):
            async with p.http.post(p.base + path, data=body, headers=headers, allow_redirects=False) as r:
                assert 400 <= r.status < 500, (path, r.status)
    finally:
        await p.close()
    assert (await phone().join())[0] == 200  # and the page still works


async def test_no_address_or_header_is_ever_logged(qcm_room, caplog, capfd):
    room, store, seance_id, phone = qcm_room
    caplog.set_level(logging.DEBUG)
    for raw in (
        b"GET / HTTP/1.1\r\nUser-Agent: Navigateur-Secret/9\r\nX: \x00\x01\r\n\r\n",
        b"GET /\x00 HTTP/9.9\r\nUser-Agent: Navigateur-Secret/9\r\n\r\n",
        b"POST /r HTTP/1.1\r\nUser-Agent: Navigateur-Secret/9\r\nContent-Length: -5\r\n\r\n",
    ):
        reader, writer = await asyncio.open_connection("127.0.0.1", room.server.port)
        writer.write(raw)
        await writer.drain()
        await asyncio.wait_for(reader.read(), 10)
        writer.close()
    p = phone()
    assert (await p.join())[0] == 200
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    out, err = capfd.readouterr()
    for text in (logged, out, err):
        assert "127.0.0.1" not in text and "Navigateur-Secret" not in text


async def test_idle_and_slow_connections_are_closed_after_a_few_seconds(qcm_room):
    room, store, seance_id, phone = qcm_room
    start = time.monotonic()
    idle = await asyncio.open_connection("127.0.0.1", room.server.port)
    slow = await asyncio.open_connection("127.0.0.1", room.server.port)

    async def trickle():  # a header byte a second, never finishing (slowloris)
        for byte in b"GET / HTTP/1.1\r\nUser-Agent: lent" * 10:
            if slow[1].is_closing():
                return
            slow[1].write(bytes([byte]))
            await asyncio.sleep(1)

    task = asyncio.create_task(trickle())
    assert await asyncio.wait_for(idle[0].read(), 15) == b""
    assert await asyncio.wait_for(slow[0].read(), 15) == b""
    task.cancel()
    assert time.monotonic() - start < 10
    for _, writer in (idle, slow):
        writer.close()


SERVER = textwrap.dedent("""
    import asyncio, resource, sys
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))  # the issue's `ulimit -n 1024`
    from live_helpers import new_store, bundled_module
    from harcelement_kit.live.room import LiveRoom
    from pathlib import Path

    async def main():
        store, seance_id = new_store(Path(sys.argv[1]))
        room = LiveRoom(store, seance_id, *bundled_module("qcm"), host="127.0.0.1", port=0)
        await room.start()
        room.session.open(0)
        print(room.server.port, room.session.join_token, room.session.pin, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await room.stop()
        print(store.get(seance_id).counts, flush=True)
    asyncio.run(main())
""")


def test_two_thousand_idle_sockets_under_1024_files_and_a_real_phone_still_answers(tmp_path):
    import resource
    import urllib.request
    import http.cookiejar
    import urllib.parse

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2200:
        pytest.skip("this machine cannot open 2 000 sockets in one process")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2200), hard))
    env = clean_env({"PYTHONPATH": os.path.dirname(__file__)})  # the test helpers, never the sources
    server = subprocess.Popen(
        [sys.executable, "-P", "-c", SERVER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    sockets = []
    try:
        port, token, pin = server.stdout.readline().split()
        for i in range(2000):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", int(port)))
            sockets.append(s)
            if i % 200 == 199:
                time.sleep(0.05)
        start = time.monotonic()
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}"
        page = ""
        while time.monotonic() - start < 30:
            try:
                with opener.open(
                    f"{base}/j/{token}", data=urllib.parse.urlencode({"code": pin}).encode(), timeout=5
                ) as r:
                    r.read()
                with opener.open(f"{base}/r", data=b"question=0&option=1", timeout=5) as r:
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        elapsed = time.monotonic() - start
        assert "Réponse enregistrée" in page
        assert elapsed < 15
    finally:
        for s in sockets:
            s.close()
        out, err = server.communicate("", timeout=60)
    assert "{('qcm'," in out and ", 0, 1): 1}" in out  # the answer reached the store
    assert "Traceback" not in err and "127.0.0.1" not in err and len(err) < 2000, err[:2000]
