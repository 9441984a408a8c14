"""Refuse URLs that are not http(s) or that resolve to addresses we must not reach (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from assay.errors import BlockedTarget, FetchError, InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, allow_private: bool) -> None:
    """Raise InputError for a malformed or non-http(s) URL, BlockedTarget for a private target.

    Every address the host resolves to is checked, so `http://2130706433/`,
    `http://0177.0.0.1/` and names pointing at 127.0.0.1 are all refused. Call it again
    for every redirect hop.
    """
    host, port = _host_and_port(url)
    if allow_private:
        return
    literal = _parse_ip(host)
    addresses = [literal] if literal is not None else _resolve(host, port, url)
    for address in addresses:
        if is_blocked(address):
            raise BlockedTarget(
                f"Refusing to fetch {url}: {host} is the non-public address {address}; "
                "set ASSAY_ALLOW_PRIVATE=true to allow it."
            )


def is_blocked(address: IPAddress) -> bool:
    """True for private, loopback, link-local, multicast, reserved or unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 2002:7f00:1::/48 (6to4) reach IPv4 hosts: judge the IPv4 inside.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_blocked(embedded)
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        # Catches what the flags above miss, such as carrier-grade NAT 100.64.0.0/10.
        or not address.is_global
    )


def _host_and_port(url: str) -> tuple[str, int]:
    invalid = InputError(f"Not a valid http(s) URL: {url!r}")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise invalid from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise invalid
    default = 443 if parts.scheme.lower() == "https" else 80
    return parts.hostname, port or default


def _parse_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def _resolve(host: str, port: int, url: str) -> list[IPAddress]:
    # getaddrinfo also turns decimal, octal and short forms ("2130706433", "0x7f.1") into
    # the address the connection would really use, which the ipaddress module cannot parse.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve host {host!r} in {url}: {exc}", transient=True) from None
    addresses = []
    for info in infos:
        parsed = _parse_ip(str(info[4][0]))
        if parsed is not None:
            addresses.append(parsed)
    return addresses
