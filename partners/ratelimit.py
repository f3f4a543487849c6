"""Fixed-window rate limits in the cache that fail open: a cache outage must not become a 500."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


def rate_limit_allow(*, scope: str, ident: str, limit: int, period_seconds: int = 60) -> bool:
    """Count one hit for (scope, ident) in the current window; False once over `limit`."""
    window = int(time.time() // period_seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        cache.add(key, 0, timeout=period_seconds + 5)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        return True
    except Exception as exc:  # noqa: BLE001 - any cache failure: let the request through
        logger.warning("Rate limit %s skipped, cache unavailable: %s", scope, exc)
        return True
    return count <= limit


def widget_requests_per_minute() -> int:
    return int(getattr(settings, "PARTNER_WIDGET_REQUESTS_PER_MINUTE", 120))


def lead_submissions_per_hour() -> int:
    return int(getattr(settings, "PARTNER_LEADS_PER_HOUR", 5))


class PartnerApiThrottle(SimpleRateThrottle):
    """Requests per partner (by API token), rate PARTNER_API_RATE (default 120/min)."""

    scope = "partner_api"

    @property
    def cache(self):  # looked up per request, so a changed CACHES setting is honoured
        return cache

    def get_rate(self):
        return getattr(settings, "PARTNER_API_RATE", "120/min")

    def get_cache_key(self, request, view):
        partner = getattr(request, "auth", None)
        ident = getattr(partner, "pk", None) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001 - a cache outage must not become a 500
            logger.warning("Partner API rate limit skipped, cache unavailable: %s", exc)
            return True
