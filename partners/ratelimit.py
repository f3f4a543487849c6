"""Fixed-window rate limits in the cache that fail open: a cache outage must not become a 500."""

import logging

from django.conf import settings

from moeitewaard.throttling import FixedWindowRateThrottle, window_hit

logger = logging.getLogger(__name__)


def rate_limit_allow(*, scope: str, ident: str, limit: int, period_seconds: int = 60) -> bool:
    """Count one hit for (scope, ident) in the current window; False once over `limit`."""
    try:
        count, _ = window_hit(key=f"ratelimit:{scope}:{ident}", period_seconds=period_seconds)
    except Exception as exc:  # noqa: BLE001 - any cache failure: let the request through
        logger.warning("Rate limit %s skipped, cache unavailable: %s", scope, exc)
        return True
    return count <= limit


def widget_requests_per_minute() -> int:
    return int(getattr(settings, "PARTNER_WIDGET_REQUESTS_PER_MINUTE", 120))


def lead_submissions_per_hour() -> int:
    return int(getattr(settings, "PARTNER_LEADS_PER_HOUR", 5))


class PartnerApiThrottle(FixedWindowRateThrottle):
    """Requests per partner (by API token), rate PARTNER_API_RATE (default 120/min)."""

    scope = "partner_api"

    def get_rate(self):
        return getattr(settings, "PARTNER_API_RATE", "120/min")

    def get_cache_key(self, request, view):
        partner = getattr(request, "auth", None)
        ident = getattr(partner, "pk", None) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
