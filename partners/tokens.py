"""The partners' secrets in transit: API tokens (stored hashed) and the signed link of a lead's
outcome page. Plain functions, so that services, selectors, e-mails and views share them."""

import hashlib
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from common.api_errors import LinkInvalid
from partners.models import Lead

API_TOKEN_PREFIX_LENGTH = 12  # Partner.api_token_prefix: "mwp_" and 8 random characters


def api_token_hash(token: str) -> str:
    """The stored form of an API token (a SHA-256 hex digest; the token has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


LEAD_OUTCOME_LINK_MAX_AGE = timedelta(
    days=60
)  # a repair can take weeks; the link has to outlast it
_LEAD_OUTCOME_SALT = "partners.lead-outcome"  # noqa: S105 - a namespace, not a secret


def lead_outcome_token(*, lead: Lead) -> str:
    """The signed token of a lead's outcome page: the shop opens it from its e-mail, no login.

    It names one lead and its partner (so a lead moved to another partner no longer matches) and
    is valid for LEAD_OUTCOME_LINK_MAX_AGE; signed with SECRET_KEY, like Django's own reset links.
    """
    signer = signing.TimestampSigner(salt=_LEAD_OUTCOME_SALT)
    return signer.sign_object({"lead": lead.pk, "partner": lead.partner_id}, compress=False)


def lead_outcome_url(*, lead: Lead, site_url: str) -> str:
    path = reverse("lead-outcome", kwargs={"token": lead_outcome_token(lead=lead)})
    return site_url.rstrip("/") + path


class LeadOutcomeLinkInvalid(LinkInvalid):
    """The outcome link is not one we made (`expired` False) or is older than its max age."""


def lead_outcome_token_read(*, token: str) -> tuple[int, int]:
    """The (lead id, partner id) a valid token names; raises LeadOutcomeLinkInvalid otherwise."""
    signer = signing.TimestampSigner(salt=_LEAD_OUTCOME_SALT)
    try:
        data = signer.unsign_object(token, max_age=LEAD_OUTCOME_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LeadOutcomeLinkInvalid(expired=True) from None
    except (signing.BadSignature, ValueError):
        raise LeadOutcomeLinkInvalid(expired=False) from None
    if not isinstance(data, dict) or not {"lead", "partner"} <= data.keys():
        raise LeadOutcomeLinkInvalid(expired=False)
    return data["lead"], data["partner"]
