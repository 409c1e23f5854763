"""Which address phones use to reach this laptop.

The addresses come from `ifaddr`, a small pure-Python library that asks the
operating system itself (getifaddrs on Linux and macOS, GetAdaptersAddresses on
Windows): nothing is sent on the network, and no POSIX-only call is made here.
"""

from __future__ import annotations

__all__ = ["ALL_INTERFACES", "HOTSPOT_WINDOWS", "local_addresses", "url_host"]

ALL_INTERFACES = "0.0.0.0"
# The address Windows' « Point d'accès mobile » always gives the laptop.
HOTSPOT_WINDOWS = "192.168.137.1"


def _adapters() -> list:
    import ifaddr

    try:
        return ifaddr.get_adapters()
    except OSError:  # an interface the system cannot describe: no address rather than a crash
        return []


def _rank(address: str) -> tuple[int, str]:
    """The hotspot first, then private networks (where phones are), then the rest."""
    if address == HOTSPOT_WINDOWS:
        return (0, address)
    if address.startswith(("192.168.", "10.")) or address.startswith(tuple(f"172.{n}." for n in range(16, 32))):
        return (1, address)
    return (2, address)


def local_addresses() -> list[str]:
    """This laptop's IPv4 addresses other than loopback and link-local (its
    hotspot's among them, first), without sending anything on the network."""
    found: list[str] = []
    for adapter in _adapters():
        for ip in adapter.ips:
            if not ip.is_IPv4:
                continue
            address = str(ip.ip)
            if address.startswith(("127.", "169.254.")) or address in found:
                continue
            found.append(address)
    return sorted(found, key=_rank)


def url_host(bind: str) -> str:
    """The host to put in the join link: the bound address, or, bound to every
    interface, the first address phones can reach."""
    if bind in (ALL_INTERFACES, "", "::"):
        addresses = local_addresses()
        return addresses[0] if addresses else "127.0.0.1"
    return f"[{bind}]" if ":" in bind else bind
