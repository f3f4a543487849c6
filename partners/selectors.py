"""Reads of the partners app: widget keys, API tokens, a partner's records and repairers nearby."""

import hmac
from dataclasses import dataclass, field

from django.db.models import QuerySet

from appliances.models import Category
from moeitewaard.validation import postcode_normalize, postcode_pc4
from partners.geo import Centroid, haversine_km, pc4_centroid
from partners.models import Lead, Partner
from prices.models import PriceRecord
from repair_advice.models import Verdict

# Farther than this, a repairer is not "near you"; the page points to national registers instead.
NEARBY_RADIUS_KM = 25.0


def partner_get_by_public_key(*, public_key: str) -> Partner | None:
    """The active partner with this widget key, or None (unknown and inactive keys look alike)."""
    return Partner.objects.filter(public_key=public_key, is_active=True).first()


def partner_get_by_api_token(*, token: str) -> Partner | None:
    """The active partner whose API token this is; hashes are compared in constant time."""
    from partners.services import API_TOKEN_PREFIX_LENGTH, api_token_hash

    if len(token) <= API_TOKEN_PREFIX_LENGTH:
        return None
    digest = api_token_hash(token)
    candidates = Partner.objects.filter(
        api_token_prefix=token[:API_TOKEN_PREFIX_LENGTH], is_active=True
    )
    for partner in candidates:
        if partner.api_token_hash and hmac.compare_digest(partner.api_token_hash, digest):
            return partner
    return None


def partner_price_records(*, partner: Partner) -> QuerySet[PriceRecord]:
    """The price records this partner sent, newest first; never another partner's."""
    return (
        PriceRecord.objects.filter(partner=partner)
        .select_related("category", "symptom")
        .order_by("-repaired_on", "-id")
    )


def lead_get_for_partner(*, partner: Partner, lead_id: int) -> Lead | None:
    return (
        Lead.objects.select_related("verdict__category", "partner")
        .filter(partner=partner, pk=lead_id)
        .first()
    )


@dataclass(frozen=True)
class NearbyPartner:
    partner: Partner
    distance_km: float


@dataclass(frozen=True)
class Nearby:
    """Repairers near a postcode. `status`: ok, no_postcode, invalid_postcode or none_near."""

    status: str
    postcode: str = ""
    place: str = ""
    partners: list[NearbyPartner] = field(default_factory=list)
    radius_km: float = NEARBY_RADIUS_KM
    category: Category | None = None


def _location(partner: Partner) -> tuple[float, float] | None:
    if partner.latitude is not None and partner.longitude is not None:
        return partner.latitude, partner.longitude
    centroid = pc4_centroid(partner.postcode) if partner.postcode else None
    return (centroid.latitude, centroid.longitude) if centroid else None


def partners_near(*, category: Category, postcode: str, limit: int = 5) -> Nearby:
    """The nearest active partners that repair `category`, within NEARBY_RADIUS_KM of the
    postcode's PC4 centroid, nearest first; for small appliances Repair Cafés come first."""
    if not (postcode or "").strip():
        return Nearby(status="no_postcode", category=category)
    try:
        postcode = postcode_normalize(postcode)
    except ValueError:
        return Nearby(status="invalid_postcode", postcode=postcode.strip()[:10], category=category)
    here: Centroid | None = pc4_centroid(postcode)
    if here is None:  # pragma: no cover - every valid postcode has a nearest PC4
        return Nearby(status="invalid_postcode", postcode=postcode, category=category)
    found: list[NearbyPartner] = []
    for partner in Partner.objects.filter(is_active=True, categories=category).distinct():
        location = _location(partner)
        if location is None:
            continue
        distance = haversine_km(here.latitude, here.longitude, *location)
        if distance <= NEARBY_RADIUS_KM:
            found.append(NearbyPartner(partner=partner, distance_km=round(distance, 1)))
    cafes_first = category.is_small_appliance
    found.sort(
        key=lambda n: (cafes_first and not n.partner.is_repair_cafe, n.distance_km, n.partner.name)
    )
    return Nearby(
        status="ok" if found else "none_near",
        postcode=postcode,
        place=here.place,
        partners=found[:limit],
        category=category,
    )


def nearby_context(*, verdict: Verdict, postcode_override: str | None) -> dict:
    """Template context for partners/_nearby.html on a verdict page.

    `postcode_override` is the ?postcode= a person typed on the verdict page; without it the
    postcode of the advice is used.
    """
    override = (postcode_override or "").strip()
    # The verdict page is shareable: of the advice's own postcode it shows only the PC4 (which is
    # all the distance uses); a postcode typed on the page is the visitor's own to see.
    postcode = override or postcode_pc4(verdict.postcode)
    return {"nearby": partners_near(category=verdict.category, postcode=postcode)}
