"""Writes of the reuse check: a check, kringloop outcomes (API and CSV) and model training."""

import csv
import datetime
import io
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appliances.models import Category
from common.api_errors import DomainError, RecordsRejected
from maintenance.models import Appliance
from partners.models import Partner
from reuse import estimate
from reuse.models import Condition, ReuseCheck, ReuseModelVersion, ReuseOutcome
from reuse.selectors import model_version_active

logger = logging.getLogger(__name__)

MAX_BATCH_OUTCOMES = 1000
HOLDOUT_SHARE = 0.2
OUTCOME_FIELDS = [
    "record_id",
    "check",
    "category",
    "condition",
    "age_years",
    "result",
    "price_eur",
    "reported_on",
]


@transaction.atomic
def reuse_check_create(
    *,
    location: Partner,
    user,
    category: Category,
    age_years: Decimal | None,
    condition: str,
    brand: str = "",
    appliance: Appliance | None = None,
) -> ReuseCheck:
    """Answer and store one check with the active model version (or the prior when none).

    An unknown age (None) counts as the category's average life: what arrives at a drop-off
    point is, on average, at the end of its life.
    """
    if location.kind not in ("milieustraat", "kringloop"):
        raise DomainError("Only a milieustraat or kringloop does reuse checks.", field="location")
    if condition not in Condition.values:
        raise DomainError("Choose one of the conditions.", field="condition")
    version = model_version_active()
    age = float(age_years) if age_years is not None else estimate.average_life_years(category)
    answer = estimate.reuse_estimate(
        category, age, condition, version.parameters if version else {}
    )
    destination, reason_code = estimate.destination_for(
        category=category,
        age_years=age,
        condition=condition,
        potential=answer.potential,
        age_known=age_years is not None,
    )
    return ReuseCheck.objects.create(
        location=location,
        user=user,
        category=category,
        brand=brand[:80],
        age_years=age_years,
        condition=condition,
        appliance=appliance,
        potential=answer.potential,
        sold_probability=answer.sold_probability,
        value_low_eur=Decimal(str(answer.value_low_eur)),
        value_high_eur=Decimal(str(answer.value_high_eur)),
        destination=destination,
        reason_code=reason_code,
        weight_kg=estimate.category_weight_kg(category.slug),
        embodied_co2e_kg=category.embodied_co2e_kg,
        model_version=version,
    )


class OutcomesRejected(RecordsRejected):
    """A batch of outcomes with errors: nothing was written. `errors` is by record index or row."""


@dataclass(frozen=True)
class OutcomesResult:
    added: int
    updated: int


def _outcome_validate(record: dict, *, categories: dict, today: datetime.date):
    """(values, {field: [messages]}) of one outcome record in the API or CSV fields."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def text(name: str) -> str:
        value = record.get(name)
        return "" if value is None else str(value).strip()

    values["record_id"] = text("record_id")[:100]
    if not values["record_id"]:
        errors["record_id"] = ["Required: your own id of the item."]

    check = None
    if check_id := text("check"):
        check = ReuseCheck.objects.select_related("category").filter(pk=_uuid(check_id)).first()
        if check is None:
            errors["check"] = [f"No reuse check with id '{check_id}'."]
    values["check_ref"] = check

    slug = text("category") or (check.category.slug if check else "")
    values["category"] = categories.get(slug)
    if values["category"] is None:
        errors["category"] = [f"Unknown category '{slug}'." if slug else "Required."]

    condition = text("condition") or (check.condition if check else "")
    if condition not in Condition.values:
        errors["condition"] = [f"Use one of: {', '.join(Condition.values)}."]
    values["condition"] = condition

    age_text = text("age_years")
    if not age_text and check:  # the check's age; unknown there = the average life, as it used
        age_text = str(check.age_years or round(estimate.average_life_years(check.category), 1))
    try:
        age = Decimal(age_text.replace(",", "."))
        if not 0 <= age <= 60:
            raise InvalidOperation
        values["age_years"] = age.quantize(Decimal("0.1"))
    except InvalidOperation:
        errors["age_years"] = [_("A number of years from 0 to 60.")]

    result = text("result")
    if result not in ReuseOutcome.Result.values:
        errors["result"] = [f"Use one of: {', '.join(ReuseOutcome.Result.values)}."]
    values["result"] = result

    price_text = text("price_eur")
    values["price_eur"] = None
    if result == ReuseOutcome.Result.SOLD:
        try:
            price = Decimal(price_text.replace(",", "."))
            if not price.is_finite() or not 0 <= price <= 100000:
                raise InvalidOperation
            if price.as_tuple().exponent < -2:
                # By the digits written: "1.200" is 1200 to a Dutch reader, never EUR 1.20.
                errors["price_eur"] = [
                    _("At most 2 decimals, without thousands separators: write 1200, not 1.200.")
                ]
            else:
                values["price_eur"] = price.quantize(Decimal("0.01"))
        except InvalidOperation:
            errors["price_eur"] = [_("A sold item needs its price in euros (0 or more).")]
    elif price_text:
        errors["price_eur"] = ["Only a sold item has a price; leave it empty."]

    try:
        reported_on = (
            datetime.date.fromisoformat(text("reported_on")) if text("reported_on") else today
        )
        if reported_on > today:
            errors["reported_on"] = ["Must not be in the future."]
        values["reported_on"] = reported_on
    except ValueError:
        errors["reported_on"] = ["Use YYYY-MM-DD."]
    return values, errors


def _uuid(text: str):
    import uuid

    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@transaction.atomic
def reuse_outcomes_submit(
    *,
    partner: Partner,
    records: Any,
    origin: str = ReuseOutcome.Origin.PARTNER_API,
    first_key: int = 0,
) -> OutcomesResult:
    """Add or update a kringloop's outcomes: all of them, or none when any has an error.

    Errors are keyed by the record's 0-based index (or, from a CSV, its line number via
    `first_key`), then by field. A record_id sent earlier by this partner is updated.
    """
    if partner.kind != "kringloop":
        raise OutcomesRejected({"outcomes": ["Only a kringloop partner reports reuse outcomes."]})
    if not isinstance(records, list) or not records:
        raise OutcomesRejected({"outcomes": ["Send a list of at least one outcome."]})
    if len(records) > MAX_BATCH_OUTCOMES:
        raise OutcomesRejected(
            {"outcomes": [f"At most {MAX_BATCH_OUTCOMES} outcomes at once, not {len(records)}."]}
        )
    categories = {category.slug: category for category in Category.objects.all()}
    today = timezone.localdate()
    errors: dict[str, dict[str, list[str]]] = {}
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for index, record in enumerate(records):
        key = str(index + first_key)
        if not isinstance(record, dict):
            errors[key] = {"non_field_errors": ["Expected an object with the outcome fields."]}
            continue
        values, row_errors = _outcome_validate(record, categories=categories, today=today)
        if values["record_id"] in seen:
            row_errors["record_id"] = [
                f"'{values['record_id']}' also appears at {seen[values['record_id']]}."
            ]
        seen.setdefault(values["record_id"], key)
        if row_errors:
            errors[key] = row_errors
        else:
            rows.append(values)
    if errors:
        raise OutcomesRejected({"outcomes": errors})
    added = updated = 0
    for values in rows:
        record_id = values.pop("record_id")
        _outcome, created = ReuseOutcome.objects.update_or_create(
            partner=partner, record_id=record_id, defaults={**values, "origin": origin}
        )
        added += created
        updated += not created
    return OutcomesResult(added=added, updated=updated)


def reuse_outcomes_import_csv(*, partner: Partner, uploaded_file) -> OutcomesResult:
    """A CSV of outcomes (header = OUTCOME_FIELDS, ';' or ','): all rows or none.

    Errors are keyed by the CSV line number (the header is line 1).
    """
    try:
        text = uploaded_file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OutcomesRejected({"file": ["Save the file as UTF-8 CSV."]}) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = {"record_id", "result"} - set(reader.fieldnames or [])
    if missing:
        raise OutcomesRejected(
            {
                "file": [
                    f"Missing columns: {', '.join(sorted(missing))}. "
                    f"Expected: {', '.join(OUTCOME_FIELDS)}."
                ]
            }
        )
    rows = [dict(row) for row in reader]
    return reuse_outcomes_submit(
        partner=partner, records=rows, origin=ReuseOutcome.Origin.CSV_IMPORT, first_key=2
    )


def _observations(outcomes) -> list[estimate.Observation]:
    return [
        estimate.Observation(
            category=outcome.category,
            condition=outcome.condition,
            age_years=float(outcome.age_years),
            sold=outcome.result == ReuseOutcome.Result.SOLD,
            price_eur=float(outcome.price_eur) if outcome.price_eur is not None else None,
        )
        for outcome in outcomes
    ]


@transaction.atomic
def reuse_model_train() -> ReuseModelVersion:
    """Train a new version on all outcomes and promote it when it passes the gate.

    The newest HOLDOUT_SHARE of outcomes (by report date) is held out: a candidate fitted on the
    rest and the active version (or the prior) are scored on it; the candidate is promoted when
    it is not worse on the Brier score and on the price error. A promoted version keeps the
    parameters refitted on all outcomes, so the newest reports count too.
    """
    outcomes = list(ReuseOutcome.objects.select_related("category").order_by("reported_on", "pk"))
    if not outcomes:
        raise DomainError("No kringloop outcomes yet: nothing to learn from.")
    observations = _observations(outcomes)
    n_holdout = max(1, round(len(observations) * HOLDOUT_SHARE)) if len(observations) > 1 else 0
    train, holdout = (
        observations[: len(observations) - n_holdout],
        observations[len(observations) - n_holdout :],
    )
    active = ReuseModelVersion.objects.select_for_update().filter(is_active=True).first()
    candidate_metrics = estimate.metrics_holdout(estimate.parameters_fit(train), holdout)
    active_metrics = estimate.metrics_holdout(active.parameters if active else {}, holdout)
    passed = estimate.gate_passed(candidate_metrics, active_metrics)
    number = (ReuseModelVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
    if passed and active:
        active.is_active = False
        active.save(update_fields=["is_active"])
    version = ReuseModelVersion.objects.create(
        version=number,
        parameters=estimate.parameters_fit(observations),
        metrics={
            "holdout": candidate_metrics,
            "active_on_holdout": active_metrics,
            "compared_with": f"v{active.version}" if active else "prior",
        },
        data_snapshot={
            "outcomes": len(observations),
            "train": len(train),
            "holdout": len(holdout),
            "last_outcome_id": outcomes[-1].pk,
        },
        is_active=passed,
        gate_passed=passed,
        promoted_at=timezone.now() if passed else None,
        note="promoted" if passed else "kept back: worse than the active model on the holdout",
    )
    logger.info("reuse model v%s trained, promoted=%s, metrics=%s", number, passed, version.metrics)
    return version
