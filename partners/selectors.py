"""Reads of the partners app: widget keys, API tokens, a partner's records and repairers nearby."""

import hmac
from dataclasses import dataclass, field

from django.db.models import QuerySet

from appliances.models import Category
from common.postcodes import Pc4, haversine_km, pc4_centroid, postcode_normalize, postcode_pc4
from partners.models import Lead, Partner
from partners.tokens import API_TOKEN_PREFIX_LENGTH, api_token_hash
from prices.models import PriceRecord
from repair_advice.models import Verdict

# Farther than this, a repairer is not "near you"; the page points to national registers instead.
NEARBY_RADIUS_KM = 25.0


def partner_get_by_public_key(*, public_key: str) -> Partner | None:
    """The active partner with this widget key, or None (unknown and inactive keys look alike)."""
    return Partner.objects.filter(public_key=public_key, is_active=True).first()


def origin_allowed(*, partner: Partner, origin: str) -> bool:
    """Whether a page on `origin` may embed the partner's widget.

    An exact match, as CSP frame-ancestors and postMessage compare: allowed origins are stored
    normalised and browsers send `window.location.origin` in that same form.
    """
    return bool(origin) and origin in partner.allowed_origins


def partner_get_by_api_token(*, token: str) -> Partner | None:
    """The active partner whose API token this is; hashes are compared in constant time."""
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
    distance_km: float | None  # None: the widget's host shop without a known location


@dataclass(frozen=True)
class Nearby:
    """Repairers near a postcode. `status`: ok, no_postcode, invalid_postcode or none_near."""

    status: str
    postcode: str = ""
    place: str = ""
    partners: list[NearbyPartner] = field(default_factory=list)
    radius_km: float = NEARBY_RADIUS_KM
    category: Category | None = None
    host: Partner | None = None  # in a partner's widget: that partner, listed first


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
    here: Pc4 | None = pc4_centroid(postcode)
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


def _repairs(partner: Partner, category: Category) -> bool:
    """The rule of lead_offer_allowed: a partner without listed categories repairs everything."""
    categories = partner.categories.all()
    return not categories or any(c.pk == category.pk for c in categories)


def widget_nearby(*, partner: Partner, category: Category, postcode: str, limit: int = 5) -> Nearby:
    """'Repairers near you' in a partner's own widget: the partner first, wherever it is.

    Other repairers follow only when the partner opted in (Partner.show_other_repairers); a shop
    does not embed our widget to send its visitors to a competitor. The host's distance is shown
    when both its location and the postcode are known.
    """
    near = partners_near(category=category, postcode=postcode, limit=limit)
    if not _repairs(partner, category):
        if partner.show_other_repairers:
            return near
        return Nearby(status="host_not_repairing", category=category, host=partner)
    distance = None
    location = _location(partner)
    valid_postcode = near.postcode and near.status != "invalid_postcode"
    here = pc4_centroid(near.postcode) if valid_postcode else None
    if location is not None and here is not None:
        distance = round(haversine_km(here.latitude, here.longitude, *location), 1)
    host = NearbyPartner(partner=partner, distance_km=distance)
    others = [n for n in near.partners if n.partner.pk != partner.pk]
    if not partner.show_other_repairers:
        others = []
    # Without other repairers there is nothing a postcode would change: no postcode form.
    status = near.status if partner.show_other_repairers and near.status != "none_near" else "ok"
    return Nearby(
        status=status,
        postcode=near.postcode,
        place=near.place,
        partners=[host, *others][:limit],
        radius_km=near.radius_km,
        category=category,
        host=partner,
    )


def widget_nearby_context(
    *, partner: Partner, verdict: Verdict, postcode_override: str | None
) -> dict:
    """Template context for partners/_nearby.html in a partner's widget (see nearby_context)."""
    postcode = (postcode_override or "").strip() or postcode_pc4(verdict.postcode)
    return {"nearby": widget_nearby(partner=partner, category=verdict.category, postcode=postcode)}


def lead_get_for_outcome_link(*, lead_id: int, partner_id: int) -> Lead | None:
    """The lead an outcome link names, if it still belongs to that (active) partner."""
    return (
        Lead.objects.select_related("verdict__category", "partner", "price_record")
        .filter(pk=lead_id, partner_id=partner_id, partner__is_active=True)
        .first()
    )
