"""Rate limits that never take the service down when the cache (Redis) is unreachable."""

import logging

from rest_framework.throttling import ScopedRateThrottle

logger = logging.getLogger(__name__)


class ResilientScopedRateThrottle(ScopedRateThrottle):
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001 - a cache outage must not become a 500
            logger.warning("Rate limit skipped, cache unavailable: %s", exc)
            return True
