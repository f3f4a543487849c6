"""Rate limits of the partner surfaces: the widget per visitor and per partner key, leads per
visitor and partner, and the partner API per token. All fail open when the cache is down."""

from django.conf import settings

from common.client_ip import client_key
from common.throttling import FixedWindowRateThrottle, rate_limit_hit


def widget_request_hit(request, partner) -> int | None:
    """Count one widget request: None when allowed, else the seconds to wait.

    The visitor's own limit is checked first and a refused visitor is not counted against the
    partner's key, so one visitor cannot use up the widget for everyone else.
    """
    visitor = client_key(request)
    retry_after = rate_limit_hit(
        scope="widget-visitor",
        ident=f"{partner.public_key}:{visitor}",
        rate=settings.WIDGET_VISITOR_RATE_LIMIT,
    )
    if retry_after is not None:
        return retry_after
    return rate_limit_hit(scope="widget", ident=partner.public_key, rate=settings.WIDGET_RATE_LIMIT)


def lead_submission_hit(request, partner) -> int | None:
    """Count one lead request of this visitor to this partner: None when allowed."""
    return rate_limit_hit(
        scope="lead", ident=f"{partner.pk}:{client_key(request)}", rate=settings.LEAD_RATE_LIMIT
    )


class PartnerApiThrottle(FixedWindowRateThrottle):
    """Requests per partner (by API token), rate PARTNER_API_RATE (default 120/min)."""

    scope = "partner_api"

    def get_rate(self):
        return settings.PARTNER_API_RATE

    def get_cache_key(self, request, view):
        partner = getattr(request, "auth", None)
        ident = getattr(partner, "pk", None) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def lead_outcome_hit(request) -> int | None:
    """Count one post of a lead's outcome page by this visitor: None when allowed."""
    return rate_limit_hit(
        scope="lead-outcome", ident=client_key(request), rate=settings.LEAD_OUTCOME_RATE_LIMIT
    )
