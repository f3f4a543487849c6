"""Rate limits as fixed-window counters in the cache: one Redis round trip per request, and they
never take the service down when the cache (Redis) is unreachable (they let the request through).

A fixed window may let up to twice the rate through across a window boundary; that is the price of
one atomic round trip instead of DRF's read-modify-write of a timestamp list (two round trips, and
racy under concurrency).
"""

import functools
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from common.client_ip import client_key

logger = logging.getLogger(__name__)

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# After a cache failure this process skips its limits for a while instead of waiting for the
# connect timeout on every request (and several times per request with several limits).
CACHE_FAILURE_PAUSE_SECONDS = 10.0
_cache_down_until: dict[str, float] = {}  # per cache location


# INCR, and a lifetime for a new counter, atomically in one round trip. The value stays a plain
# integer, as RedisCache stores ints, so cache.get() reads it like any other counter.
_COUNT_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return hits
"""


@functools.lru_cache(maxsize=8)
def _redis_counter(cache: RedisCache):
    """The hit-counting script bound to one cache's client (building clients costs ~0.1 ms)."""
    return cache._cache.get_client(write=True).register_script(_COUNT_HIT)


def window_hit(*, key: str, period_seconds: int) -> tuple[int, float]:
    """Count one hit on `key` in the current window: (hits so far, seconds until the window ends).

    Raises whatever the cache raises when it is unreachable; callers decide to fail open.
    """
    now = time.time()
    window = int(now // period_seconds)
    window_key = f"{key}:{window}"
    remaining = (window + 1) * period_seconds - now
    timeout = period_seconds + 5
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(window_key)
        return int(_redis_counter(cache)(keys=[full_key], args=[timeout])), remaining
    cache.add(window_key, 0, timeout=timeout)
    try:
        return cache.incr(window_key), remaining
    except ValueError:  # expired between add and incr (local caches only): a fresh window
        cache.add(window_key, 1, timeout=timeout)
        return 1, remaining


def _counted_hit(*, scope: str, key: str, period_seconds: int) -> tuple[int, float] | None:
    """`window_hit`, or None (let the request through) while the cache is failing: the
    failure is logged, never raised, and later calls skip the cache for a short pause."""
    location = str(settings.CACHES["default"].get("LOCATION", ""))
    if time.monotonic() < _cache_down_until.get(location, 0.0):
        return None
    try:
        return window_hit(key=key, period_seconds=period_seconds)
    except Exception as exc:  # noqa: BLE001 - any cache failure: let the request through
        _cache_down_until[location] = time.monotonic() + CACHE_FAILURE_PAUSE_SECONDS
        logger.warning("Rate limit %s skipped, cache unavailable: %s", scope, exc)
        return None


def rate_parse(rate: str) -> tuple[int, int]:
    """'120/min' -> (120, 60): requests and the window in seconds, as DRF reads a rate."""
    count, period = rate.split("/")
    return int(count), PERIOD_SECONDS[period.strip()[0]]


def rate_limit_hit(*, scope: str, ident: str, rate: str) -> int | None:
    """Count one hit of `ident` against `rate` ("30/min") in `scope`.

    None while the hit is within the rate; otherwise the seconds until the window ends, for the
    Retry-After header. A cache outage is logged and lets the hit through (fail open).
    """
    limit, period_seconds = rate_parse(rate)
    counted = _counted_hit(
        scope=scope, key=f"ratelimit:{scope}:{ident}", period_seconds=period_seconds
    )
    if counted is None:
        return None
    hits, remaining = counted
    if hits <= limit:
        return None
    if hits == limit + 1:  # once per window and identity, not once per refused request
        logger.warning("Rate limit %s (%s) reached", scope, rate)
    return retry_after_seconds(remaining)


def retry_after_seconds(remaining: float) -> int:
    """Whole seconds for a Retry-After header: rounded up, at least one."""
    return max(math.ceil(remaining), 1)


def rate_limited_page(request, retry_after: int):
    """The friendly HTML answer to a refused request: the same 429 and Retry-After as the API."""
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(math.ceil(retry_after / 60), 1)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_per_client(scope: str, rate_setting: str, *, methods: tuple[str, ...] = ("POST",)):
    """Decorate an HTML view: each client may send `methods` requests at the rate in the setting
    named `rate_setting` (read per request); more get the friendly 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = rate_limit_hit(
                    scope=scope, ident=client_key(request), rate=getattr(settings, rate_setting)
                )
                if retry_after is not None:
                    return rate_limited_page(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class FixedWindowRateThrottle(SimpleRateThrottle):
    """DRF throttle counted with `window_hit`; a cache outage is logged and the request let
    through, never a 500. Subclasses give `get_rate` and `get_cache_key` as for DRF."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted = _counted_hit(scope=self.scope, key=self.key, period_seconds=self.duration)
        if counted is None:
            return True
        hits, self._remaining = counted
        if hits == self.num_requests + 1:  # once per window and client
            logger.warning("Rate limit %s (%s) reached", self.scope, self.rate)
        return hits <= self.num_requests

    def get_ident(self, request):
        """The client as `common.client_ip` decides (trusted proxies), never a raw header."""
        return client_key(request)

    def wait(self):
        return retry_after_seconds(getattr(self, "_remaining", 1.0))


class ResilientScopedRateThrottle(ScopedRateThrottle, FixedWindowRateThrottle):
    """DRF's scoped rate (`throttle_scope` on the view, rates in DEFAULT_THROTTLE_RATES), counted
    in a fixed window: ScopedRateThrottle picks the rate, FixedWindowRateThrottle counts."""
