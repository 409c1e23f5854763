"""Windows by construction and by simulation (CI runs on Linux only): the paths
that differ on Windows run here with the POSIX-only modules made unavailable,
without signal handlers (as asyncio on Windows), and with Windows' cp1252 pipes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harcelement_kit.live import network
from harcelement_kit.tally.store import Store
from kit_process import clean_env, popen_kit, run_python
from live_helpers import add_seance

POSIX_ONLY = ("fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix_ipc")

# A child Python that behaves as far as possible like Windows: importing a POSIX-only
# module fails, and the event loop has no signal handlers (NotImplementedError).
AS_ON_WINDOWS = textwrap.dedent(f"""
    import sys
    for name in {POSIX_ONLY!r}:
        sys.modules[name] = None  # « import fcntl » now raises ImportError
    import asyncio.unix_events

    def no_signal_handlers(self, *args, **kwargs):
        raise NotImplementedError  # what asyncio says on Windows
    asyncio.unix_events._UnixSelectorEventLoop.add_signal_handler = no_signal_handlers
""")


class _Ip:
    def __init__(self, ip, v4=True):
        self.ip, self.is_IPv4 = ip, v4


class _Adapter:
    def __init__(self, *ips):
        self.ips = list(ips)


def test_the_hotspot_address_comes_first_and_loopback_never(monkeypatch):
    adapters = [
        _Adapter(_Ip("127.0.0.1")),
        _Adapter(_Ip(("fe80::1", 0, 4), v4=False)),
        _Adapter(_Ip("203.0.113.7")),
        _Adapter(_Ip("169.254.3.4")),
        _Adapter(_Ip("10.0.0.12")),
        _Adapter(_Ip("192.168.137.1"), _Ip("192.168.137.1")),
    ]
    monkeypatch.setattr(network, "_adapters", lambda: adapters)
    assert network.local_addresses() == ["192.168.137.1", "10.0.0.12", "203.0.113.7"]
    assert network.url_host("0.0.0.0") == "192.168.137.1"
    monkeypatch.setattr(network, "_adapters", lambda: [])
    assert network.url_host("0.0.0.0") == "127.0.0.1"


def test_the_addresses_are_found_without_any_posix_only_module():
    result = run_python(
        AS_ON_WINDOWS
        + textwrap.dedent("""
        from harcelement_kit.live.network import local_addresses
        found = local_addresses()
        assert all(isinstance(a, str) and not a.startswith("127.") for a in found), found
        print("ok", len(found))
    """)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")


def test_the_network_module_makes_no_hand_written_system_call():
    source = Path(network.__file__).read_text(encoding="utf-8")
    assert "ioctl" not in source and "fcntl" not in source


def test_direct_runs_a_question_with_no_posix_module_and_no_signal_handler(tmp_path):
    """The console of `direct`: lines typed, Entrée opens then closes a question, « q » ends."""
    add_seance(tmp_path)
    code = AS_ON_WINDOWS + textwrap.dedent(f"""
        from harcelement_kit.cli import main
        sys.exit(main(["--donnees", {str(tmp_path)!r}, "direct", "qcm", "--port", "0"]))
    """)
    result = subprocess.run(
        [sys.executable, "-P", "-c", code],
        input="\n\nq\n",
        capture_output=True,
        text=True,
        env=clean_env({"PYTHONUNBUFFERED": "1"}),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Question 1/13 ouverte" in result.stdout
    assert "Question 1 fermée : 0 réponse enregistrée" in result.stdout
    assert "Séance terminée" in result.stdout
    with Store(tmp_path) as store:
        assert len(store.seances()) == 1


def test_a_cp1252_pipe_gets_question_marks_not_a_crash(tmp_path):
    """Windows writes to a pipe in cp1252, which has no « ✔ »."""
    add_seance(tmp_path)
    process = popen_kit(
        "--donnees",
        tmp_path,
        "direct",
        "qcm",
        "--port",
        "0",
        env={"PYTHONIOENCODING": "cp1252", "PYTHONUNBUFFERED": "1"},
        stdin=subprocess.PIPE,
        text=False,
    )
    out, err = process.communicate(b"\n\nq\n", timeout=60)
    assert process.returncode == 0, err.decode("cp1252", "replace")
    text = out.decode("cp1252")
    assert "Question 1 fermée" in text and "? Elle subit peut-être" in text  # « ✔ » became « ? »
    assert b"Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="the simulation is for Linux CI")
def test_the_ui_uses_no_posix_only_module_of_its_own():
    """Textual itself picks its Windows driver there; the kit's own UI code imports none."""
    result = run_python(
        AS_ON_WINDOWS.replace('"termios", "tty", ', "")
        + textwrap.dedent("""
        import harcelement_kit.tui.app, harcelement_kit.tui.screens.accueil
        print("ok")
    """)
    )
    assert result.returncode == 0, result.stderr


class _Tty:
    def isatty(self):
        return True


class _Kernel32:
    """Windows' console API as ctypes sees it: GetConsoleMode writes the mode."""

    def __init__(self, console: bool = True, accepts: bool = True):
        self.console, self.accepts, self.set_to = console, accepts, None

    def GetStdHandle(self, which):  # noqa: N802 (Windows' own name)
        return 7

    def GetConsoleMode(self, handle, mode_ref):  # noqa: N802
        if self.console:
            mode_ref._obj.value = 0x0003
        return int(self.console)

    def SetConsoleMode(self, handle, mode):  # noqa: N802
        self.set_to = mode
        return int(self.accepts)


def test_the_classic_windows_console_is_asked_for_colours_before_the_qr_code():
    from harcelement_kit.live.console import colours_on

    kernel = _Kernel32()
    assert colours_on(_Tty(), "win32", kernel) is True
    assert kernel.set_to == 0x0003 | 0x0004  # the modes it had, plus virtual terminal processing
    assert colours_on(_Tty(), "win32", _Kernel32(accepts=False)) is False  # an old console: no QR code
    assert colours_on(_Tty(), "win32", _Kernel32(console=False)) is False
    assert colours_on(_Tty(), "linux") is True


# Windows' console as msvcrt shows it: kbhit() says a key waits, getwch() gives it.
# Entrée is « \r »; an arrow comes in two halves (« \xe0 », then « H »).
FAKE_MSVCRT = textwrap.dedent("""
    import types
    KEYS = list(sys.argv[1])
    polled = []
    msvcrt = types.ModuleType("msvcrt")
    msvcrt.kbhit = lambda: polled.append(1) or bool(KEYS)
    msvcrt.getwch = lambda: KEYS.pop(0)
    sys.modules["msvcrt"] = msvcrt

    class Console:
        # a console, not a pipe; its lines are never read when msvcrt is there
        encoding = "utf-8"
        def isatty(self):
            return True
        def __iter__(self):
            raise AssertionError("the console was read line by line")
    sys.stdin = Console()
""")


def test_direct_takes_single_keys_from_the_windows_console(tmp_path):
    """With msvcrt (and no POSIX module): Entrée, « f », « q » drive `direct` with no Entrée
    after a letter, as in a Linux terminal; an arrow and an unknown key open nothing."""
    add_seance(tmp_path)
    code = (
        AS_ON_WINDOWS
        + FAKE_MSVCRT
        + textwrap.dedent(f"""
        from harcelement_kit.cli import main
        code = main(["--donnees", {str(tmp_path)!r}, "direct", "qcm", "--port", "0"])
        assert polled, "msvcrt.kbhit was never asked"
        sys.exit(code)
    """)
    )
    keys = "\r\xe0Hfz\r\rQ"  # open, an arrow, close joining, a stray key, close, open 2, end
    result = subprocess.run(
        [sys.executable, "-P", "-c", code, keys],
        capture_output=True,
        text=True,
        env=clean_env({"PYTHONUNBUFFERED": "1"}),
        cwd=tmp_path,
        timeout=60,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    help_line = (
        "Entrée : ouvrir la question suivante, puis la fermer · « f » : fermer ou rouvrir les inscriptions "
        "· « q » ou Ctrl+C : terminer et enregistrer"
    )
    assert out.count(help_line) == 2  # at the start, and for « z »
    assert "+ Entrée" not in out
    assert (
        out.index("Question 1/13 ouverte")
        < out.index("Inscriptions fermées (0 téléphone) : « f » pour les rouvrir.")
        < out.index("Question 1 fermée : 0 réponse enregistrée.")
        < out.index("Question 2/13 ouverte")
        < out.index("Question 2 fermée")
        < out.index("Séance terminée")
    )  # « q »: closed, then the end
    assert "Question 3/13" not in out
    with Store(tmp_path) as store:
        assert len(store.seances()) == 1
