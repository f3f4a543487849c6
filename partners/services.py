"""Writes of the partners app: partners and their keys, leads, and what partners send us."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from appliances.models import Category
from common.api_errors import DomainError, RecordsRejected
from common.postcodes import pc4_centroid, postcode_normalize
from outbox.services import outbox_enqueue
from partners.emails import LEAD_EMAIL
from partners.models import Lead, Partner, new_public_key
from partners.origins import origins_normalize
from partners.tokens import API_TOKEN_PREFIX_LENGTH, api_token_hash
from prices.selectors import price_catalogue_lookups
from prices.services import (
    PriceRecordInvalid,
    PriceSource,
    price_record_submit,
    price_records_write,
)
from prices.validation import price_record_validate_row
from repair_advice.models import Verdict

MAX_BATCH_RECORDS = 1000
LEAD_VERDICTS = frozenset({Verdict.Outcome.REPAIR, Verdict.Outcome.DOUBT})


def partner_locate(*, partner: Partner) -> None:
    """Place the partner on the map at its PC4 centroid (GeoNames) when it has no coordinates."""
    if partner.postcode and (partner.latitude is None or partner.longitude is None):
        centroid = pc4_centroid(partner.postcode)
        if centroid is not None:
            partner.latitude, partner.longitude = centroid.latitude, centroid.longitude


def partner_rotate_api_token(*, partner: Partner) -> str:
    """Give the partner a new API token and return it; only its hash and prefix are stored."""
    token = f"mwp_{secrets.token_urlsafe(32)}"
    partner.api_token_prefix = token[:API_TOKEN_PREFIX_LENGTH]
    partner.api_token_hash = api_token_hash(token)
    partner.save(update_fields=["api_token_prefix", "api_token_hash"])
    return token


def partner_rotate_public_key(*, partner: Partner) -> str:
    """Give the partner a new widget key; embeds with the old key stop working (404)."""
    partner.public_key = new_public_key()
    partner.save(update_fields=["public_key"])
    return partner.public_key


@transaction.atomic
def partner_create(
    *,
    name: str,
    contact_email: str,
    allowed_origins: list[str],
    postcode: str = "",
    is_repair_cafe: bool = False,
    category_slugs: list[str] | None = None,
    **details: Any,
) -> tuple[Partner, str]:
    """Create a partner with a widget key and an API token; return both (the token only here).

    Raises DomainError naming the field for an invalid origin, postcode or category.
    """
    try:
        origins = origins_normalize(list(allowed_origins))
    except ValueError as error:
        raise DomainError(str(error), field="allowed_origins") from None
    try:
        postcode = postcode_normalize(postcode)
    except ValueError:
        raise DomainError(
            f"'{postcode}' is not a Dutch postcode (e.g. 3511 AB)", field="postcode"
        ) from None
    categories = list(Category.objects.filter(slug__in=category_slugs or []))
    unknown = set(category_slugs or []) - {c.slug for c in categories}
    if unknown:
        raise DomainError(f"unknown categories: {', '.join(sorted(unknown))}", field="categories")
    kind = details.pop("kind", None) or (
        Partner.Kind.REPAIR_CAFE if is_repair_cafe else Partner.Kind.REPAIR_SHOP
    )
    partner = Partner(
        name=name.strip(),
        contact_email=contact_email.strip(),
        allowed_origins=origins,
        postcode=postcode,
        is_repair_cafe=is_repair_cafe,
        kind=kind,
        **details,
    )
    partner_locate(partner=partner)
    partner.full_clean()
    partner.save()
    partner.categories.set(categories)
    return partner, partner_rotate_api_token(partner=partner)


def lead_offer_allowed(*, partner: Partner, verdict: Verdict) -> bool:
    """A quote request fits a repair or doubt verdict for a category the partner repairs.

    A partner without listed categories is taken to repair everything.
    """
    if verdict.outcome not in LEAD_VERDICTS:
        return False
    categories = partner.categories.all()
    return not categories or any(c.pk == verdict.category_id for c in categories)


def lead_create(
    *,
    partner: Partner,
    verdict: Verdict,
    name: str,
    email: str = "",
    phone: str = "",
    message: str = "",
    consent: bool,
    site_url: str = "",
) -> Lead:
    """Store a quote request for the partner, with the shop's e-mail in the outbox.

    Both rows are written in one transaction: a lead is never stored without its mail, and a
    broker or SMTP outage only delays the mail (partners.emails.lead_email_send sets emailed_at).
    `site_url` (our address as the visitor used it) makes the mail's outcome link absolute.
    """
    if not lead_offer_allowed(partner=partner, verdict=verdict):
        raise DomainError("This shop cannot be asked for a quote for this advice.")
    if not consent:
        raise DomainError("Agree to share your details with the shop.", field="consent")
    email, phone = email.strip(), phone.strip()
    if not email and not phone:
        raise DomainError("Give an e-mail address or a phone number (or both).", field="email")
    with transaction.atomic():
        lead = Lead.objects.create(
            partner=partner,
            verdict=verdict,
            name=name.strip(),
            email=email,
            phone=phone,
            message=message.strip(),
            consent_at=timezone.now(),
        )
        outbox_enqueue(kind=LEAD_EMAIL, payload={"lead_id": lead.pk, "site_url": site_url})
    return lead


class PriceRecordsRejected(RecordsRejected):
    """A batch of price records with errors: nothing was written. `errors` is by record index."""


@dataclass(frozen=True)
class BatchResult:
    added: int
    updated: int


@transaction.atomic
def partner_price_records_submit(*, partner: Partner, records: list[Any]) -> BatchResult:
    """Add or update a partner's price records: all of them, or none when any has an error.

    Every record is checked with the rules of the CSV import (prices.validation). Errors are keyed
    by the record's 0-based index, then by field. A record_id sent earlier by this partner is
    updated; ids are the partner's own, so another sender's record with the same id is untouched.
    """
    if not isinstance(records, list):
        raise PriceRecordsRejected({"records": ["Expected a list of records."]})
    if not records:
        raise PriceRecordsRejected({"records": ["Send at least one record."]})
    if len(records) > MAX_BATCH_RECORDS:
        raise PriceRecordsRejected(
            {"records": [f"At most {MAX_BATCH_RECORDS} records per request, not {len(records)}."]}
        )
    lookups = price_catalogue_lookups()
    today = timezone.localdate()
    errors: dict[str, dict[str, list[str]]] = {}
    rows: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        key = str(index)
        if not isinstance(record, dict):
            errors[key] = {"non_field_errors": ["Expected an object with the price fields."]}
            continue
        values, row_errors = price_record_validate_row(
            row=record, row_number=index, lookups=lookups, today=today
        )
        for error in row_errors:
            errors.setdefault(key, {}).setdefault(error.column, []).append(error.message)
        if values is None:
            continue
        if record_id := values["record_id"]:
            if record_id in seen:
                errors.setdefault(key, {})["record_id"] = [
                    f"'{record_id}' also appears in record {seen[record_id]}"
                ]
                continue
            seen[record_id] = index
        values["repairer"] = values["repairer"] or partner.name[:120]
        rows.append((key, values))
    if errors:
        raise PriceRecordsRejected({"records": errors})
    added, updated = price_records_write(
        source=PriceSource.of_partner(partner), records=[values for _, values in rows]
    )
    return BatchResult(added=added, updated=updated)


@transaction.atomic
def lead_outcome_record(
    *, lead: Lead, outcome: str, total_eur: Decimal, repaired_on: date | None = None
) -> Lead:
    """Record what came of a lead and turn it into a partner price record for training.

    Reporting again replaces the earlier outcome (same record, id `mw-lead-<id>` among the
    partner's own record ids, so no other partner's ids can block it).
    """
    record_id = f"mw-lead-{lead.pk}"
    verdict = lead.verdict
    symptom = (
        verdict.category.symptoms.filter(slug__in=verdict.symptom_slugs)
        .order_by("position", "slug")
        .first()
    )
    repaired_on = repaired_on or timezone.localdate()
    row = {
        "record_id": record_id,
        "repaired_on": repaired_on.isoformat(),
        "category": verdict.category.slug,
        "symptom": symptom.slug if symptom else "",
        "brand": verdict.brand,
        "age_years": "" if verdict.age_years is None else verdict.age_years,
        "total_eur": total_eur,
        "outcome": outcome,
        "postcode": verdict.postcode,
        "repairer": lead.partner.name[:120],
    }
    try:
        record = price_record_submit(source=PriceSource.of_partner(lead.partner), row=row)
    except PriceRecordInvalid as invalid:
        error = invalid.errors[0]
        raise DomainError(error.message, field=error.column) from None
    lead.outcome = outcome
    lead.outcome_total_eur = record.total_eur
    lead.outcome_repaired_on = record.repaired_on
    lead.outcome_reported_at = timezone.now()
    lead.price_record = record
    lead.save(
        update_fields=[
            "outcome",
            "outcome_total_eur",
            "outcome_repaired_on",
            "outcome_reported_at",
            "price_record",
        ]
    )
    return lead


DEMO_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]
DEMO_PARTNERS = [
    # name, postcode, address, repair café?, categories (None: every large-appliance category)
    ("Demo: Witgoed Reparatie Utrecht", "3511", "Oudegracht 100, Utrecht", False, None),
    ("Demo: Repair Café Amsterdam-Oost", "1091", "Wijttenbachstraat 36, Amsterdam", True, "small"),
    ("Demo: Elektro Service Rotterdam", "3011", "Hoogstraat 50, Rotterdam", False, None),
    ("Demo: Repair Café Groningen", "9711", "Oude Boteringestraat 10, Groningen", True, "small"),
    ("Demo: Reparatiecentrum Eindhoven", "5611", "Stratumseind 20, Eindhoven", False, "all"),
    ("Demo: Witgoed & Elektronica Zwolle", "8011", "Diezerstraat 30, Zwolle", False, "all"),
]


@transaction.atomic
def partners_load_demo() -> int:
    """Create the clearly-marked demo partners that do not exist yet; return how many were added.

    Demo partners may embed the widget from the development server (127.0.0.1:8000, localhost:8000).
    """
    large = [c.slug for c in Category.objects.filter(is_small_appliance=False)]
    small = [c.slug for c in Category.objects.filter(is_small_appliance=True)]
    created = 0
    for name, postcode, address, is_cafe, which in DEMO_PARTNERS:
        if Partner.objects.filter(name=name).exists():
            continue
        slugs = {None: large, "small": small, "all": large + small}[which]
        slug = name.removeprefix("Demo: ").lower().replace(" ", "-").replace("&", "en")
        partner_create(
            name=name,
            contact_email=f"{slug.replace('é', 'e')}@example.org",
            allowed_origins=DEMO_ORIGINS,
            postcode=postcode,
            is_repair_cafe=is_cafe,
            category_slugs=slugs,
            address=address,
            phone="" if is_cafe else "030 123 4567",
            website="https://www.repaircafe.org/" if is_cafe else "",
        )
        created += 1
    return created
