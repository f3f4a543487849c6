"""Rate limits as fixed-window counters in the cache: one Redis round trip per request, and they
never take the service down when the cache (Redis) is unreachable (they let the request through).

A fixed window may let up to twice the rate through across a window boundary; that is the price of
one atomic round trip instead of DRF's read-modify-write of a timestamp list (two round trips, and
racy under concurrency).
"""

import functools
import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

logger = logging.getLogger(__name__)


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


class FixedWindowRateThrottle(SimpleRateThrottle):
    """DRF throttle counted with `window_hit`; a cache outage is logged and the request let
    through, never a 500. Subclasses give `get_rate` and `get_cache_key` as for DRF."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        try:
            hits, self._remaining = window_hit(key=self.key, period_seconds=self.duration)
        except Exception as exc:  # noqa: BLE001 - a cache outage must not become a 500
            logger.warning("Rate limit %s skipped, cache unavailable: %s", self.scope, exc)
            return True
        return hits <= self.num_requests

    def wait(self):
        return max(getattr(self, "_remaining", 1.0), 1.0)


class ResilientScopedRateThrottle(ScopedRateThrottle, FixedWindowRateThrottle):
    """DRF's scoped rate (`throttle_scope` on the view, rates in DEFAULT_THROTTLE_RATES), counted
    in a fixed window: ScopedRateThrottle picks the rate, FixedWindowRateThrottle counts."""
