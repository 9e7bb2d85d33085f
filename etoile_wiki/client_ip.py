"""
The address a request came from, as login throttling counts it.

Without a proxy in front, the peer's address (REMOTE_ADDR) is the only one to
trust: any X-Forwarded-For the client sends is its own invention. Behind
TRUSTED_PROXY_COUNT proxies of our own (a load balancer, a TLS terminator),
each has appended the address it received the request from, so the client is
the entry that many places from the right; anything further left was written
by the client and proves nothing. Trusting the leftmost entry instead would
let an attacker pick a fresh address for every guess.
"""

import ipaddress

from django.conf import settings


def is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    # Fewer entries than proxies: the request skipped some of them (or the
    # setting is wrong); the leftmost is then the furthest address we know.
    candidate = hops[-count] if len(hops) >= count else (hops[0] if hops else remote)
    # Stored in an address column: a malformed header must not reach the database.
    return candidate if is_address(candidate) else remote
