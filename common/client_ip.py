"""Who is asking: the client's address, decided in one place for every rate limit, the login
lockout (django-axes) and the logs.

The address is the TCP peer (REMOTE_ADDR) unless `TRUSTED_PROXY_HOPS` says how many proxies of our
own stand in front. Each trusted proxy appends the address it received the request from to
X-Forwarded-For, so with N hops the client is the N-th entry from the right; everything to the left
of it was written by the client and is ignored. A header with fewer entries than N (a request that
bypassed the proxies) falls back to the peer address.
"""

import contextvars
import ipaddress
import logging

from django.conf import settings

# Rate limits key IPv6 clients by their /64: one subscriber usually holds a whole /64, so counting
# single addresses would give them 2**64 fresh identities.
IPV6_LIMIT_PREFIX = 64

_current_client = contextvars.ContextVar("client_ip", default="-")


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address as far as the trusted proxies vouch for it ("" when unknown)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a]
        if len(forwarded) >= hops:
            address = _valid(forwarded[-hops])
            if address:
                return address
    return _valid(peer) or peer


def client_key(request) -> str:
    """The identity a rate limit counts: the IPv4 address, or the /64 of an IPv6 address."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:203.0.113.5 is the IPv4 client 203.0.113.5
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_LIMIT_PREFIX}", strict=False))
    return str(parsed)


class ClientIpMiddleware:
    """Remember the client's address for this request, so log lines can name it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_client.set(client_ip(request) or "-")
        try:
            return self.get_response(request)
        finally:
            _current_client.reset(token)


class ClientIpLogFilter(logging.Filter):
    """Adds `client_ip` to every log record: the current request's client, or "-"."""

    def filter(self, record):
        record.client_ip = _current_client.get()
        return True
