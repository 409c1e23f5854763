"""Which address phones use to reach this laptop."""

from __future__ import annotations

import socket

__all__ = ["ALL_INTERFACES", "local_addresses", "url_host"]

ALL_INTERFACES = "0.0.0.0"


def local_addresses() -> list[str]:
    """This laptop's IPv4 addresses other than loopback (its hotspot's among them),
    found without sending anything on the network."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        address = info[4][0]
        if not address.startswith("127.") and address not in found:
            found.append(address)
    return found + [a for a in _linux_addresses() if a not in found]


def _linux_addresses() -> list[str]:
    """Every interface's address on Linux (the hotspot is often not in /etc/hosts)."""
    try:
        import fcntl
        import struct
    except ImportError:  # not Linux
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915,  # SIOCGIFADDR: asks the kernel only
                                     struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
            address = socket.inet_ntoa(packed[20:24])
            if not address.startswith("127."):
                found.append(address)
    return found


def url_host(bind: str) -> str:
    """The host to put in the join link: the bound address, or, bound to every
    interface, the first address phones can reach."""
    if bind in (ALL_INTERFACES, "", "::"):
        addresses = local_addresses()
        return addresses[0] if addresses else "127.0.0.1"
    return f"[{bind}]" if ":" in bind else bind
