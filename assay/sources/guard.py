"""Refuse URLs that are not http(s) or that resolve to addresses we must not reach (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

from assay.errors import BlockedTarget, FetchError, InputError
from assay.sources.deadline import DeadlineStream, bounded

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, allow_private: bool) -> None:
    """Raise InputError for a malformed or non-http(s) URL, BlockedTarget for a private target.

    Every address the host resolves to is checked, so `http://2130706433/`,
    `http://0177.0.0.1/` and names pointing at 127.0.0.1 are all refused. Call it again
    for every redirect hop.
    """
    host, port = _host_and_port(url)
    if not allow_private:
        _public_addresses(host, port, f"Refusing to fetch {url}")


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to public addresses, and to the very address that was checked.

    `check_url` runs before each request, but the connection resolves the name again; a
    DNS answer that changes in between (rebinding) would slip past. Pinning the socket to
    the checked address closes that gap. Its streams keep to the fetch's deadline.
    """

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if not self.allow_private:
            try:
                addresses = _public_addresses(host, port, f"Refusing to connect to {host}")
            except FetchError as exc:
                if isinstance(exc, BlockedTarget):
                    raise
                raise httpcore.ConnectError(str(exc)) from None
            host = str(addresses[0])
        stream = super().connect_tcp(host, port, bounded(timeout), local_address, socket_options)
        return DeadlineStream(stream)


def is_blocked(address: IPAddress) -> bool:
    """True for private, loopback, link-local, site-local, multicast, reserved or unspecified
    addresses."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 2002:7f00:1::/48 (6to4) reach IPv4 hosts: judge the IPv4 inside.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_blocked(embedded)
        # fec0::/10, deprecated site-local: Python counts it as global, routers as internal.
        if address.is_site_local:
            return True
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


def _public_addresses(host: str, port: int, refusal: str) -> list[IPAddress]:
    literal = _parse_ip(host)
    addresses = [literal] if literal is not None else _resolve(host, port)
    if not addresses:
        raise FetchError(f"Cannot resolve host {host!r}: no addresses", transient=True)
    for address in addresses:
        if is_blocked(address):
            raise BlockedTarget(
                f"{refusal}: {host} is the non-public address {address}; "
                "set ASSAY_ALLOW_PRIVATE=true to allow it."
            )
    return addresses


def _resolve(host: str, port: int) -> list[IPAddress]:
    # getaddrinfo also turns decimal, octal and short forms ("2130706433", "0x7f.1") into
    # the address the connection would really use, which the ipaddress module cannot parse.
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve host {host!r}: {exc}", transient=True) from None
    addresses = []
    for info in infos:
        parsed = _parse_ip(str(info[4][0]))
        if parsed is not None:
            addresses.append(parsed)
    return addresses
