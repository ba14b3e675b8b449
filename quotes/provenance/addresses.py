"""
The address rule: a source is fetched only from a public address.

A source URL names a host; the host's every address is resolved and checked
before any connection, and the connection goes to an address that was
checked, never to the name again, so a resolver that answers differently the
second time (DNS rebinding) cannot send a fetch inside the network.
"""

import ipaddress
import socket

from django.conf import settings


class RefusedAddress(Exception):
    """The host resolves to an address the site never fetches from."""


def _is_forbidden(address):
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _allowed_networks():
    """
    The networks fetched from despite the rule: every one when the setting
    is on, none when off, or the networks it lists.
    """
    allowed = settings.SOURCES_ALLOW_PRIVATE_ADDRESSES
    if allowed is True:
        return None
    if not allowed:
        return ()
    return tuple(ipaddress.ip_network(network) for network in allowed)


def check_address(address):
    """Return ``address`` (text) as an ip_address, or raise RefusedAddress."""
    address = ipaddress.ip_address(address.split("%", 1)[0])
    networks = _allowed_networks()
    if networks is None or not _is_forbidden(address):
        return address
    if any(address in network for network in networks):
        return address
    raise RefusedAddress(f"{address} is not a public address.")


def resolve(host, port):
    """
    Every address ``host`` resolves to, each checked; raise RefusedAddress
    if any one is forbidden (the host's owner chose to point it inside),
    OSError if it does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"{host} does not resolve.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    try:
        return [check_address(address) for address in addresses]
    except RefusedAddress as error:
        raise RefusedAddress(f"{host}: {error}") from error
