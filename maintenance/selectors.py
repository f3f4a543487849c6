"""Reads for passports, schedules, follow-up statistics, second-life advice and the passports
retailers issued."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from common.postcodes import municipality_of
from maintenance.models import (
    Appliance,
    FollowUp,
    LogEntry,
    MaintenanceTask,
    SecondLifeLocation,
)
from partners.models import Partner
from repair_advice.decision import weibull_median

# Below this estimated value, selling rarely repays the effort of listing and meeting a buyer, so
# giving it to a kringloop shop comes first. Estimate (ordering of advice only, not a verdict).
SECOND_LIFE_OUTCOMES = ("replace", "doubt")


@dataclass(frozen=True)
class ScheduleItem:
    """One maintenance task of an appliance and when it is next due."""

    task: MaintenanceTask
    last_done: date | None
    next_due: date

    def is_due(self, today: date) -> bool:
        return self.next_due <= today


def appliance_get(*, token: str) -> Appliance | None:
    return Appliance.objects.select_related("category").filter(token=token).first()


def appliance_age_years(*, appliance: Appliance, today: date | None = None) -> float | None:
    """Age from the purchase date in years (one decimal); None when the date is unknown."""
    if appliance.purchase_date is None:
        return None
    today = today or timezone.localdate()
    days = max((today - appliance.purchase_date).days, 0)
    return round(days / 365.25, 1)


def appliance_advice_url(*, appliance: Appliance, today: date | None = None) -> str:
    """The advice form, prefilled with what the passport knows."""
    params: dict[str, Any] = {"category": appliance.category.slug}
    age = appliance_age_years(appliance=appliance, today=today)
    if age is not None:
        params["age_years"] = f"{age:g}"
    if appliance.brand:
        params["brand"] = appliance.brand
    return f"{reverse('advice')}?{urlencode(params)}"


def category_care_tip(*, category, language: str) -> str | None:
    """The category's first maintenance task as a sentence (so a phone never gets descaling)."""
    task = MaintenanceTask.objects.filter(category=category).order_by("position", "slug").first()
    if task is None:
        return None
    with override(language):
        return _("After the repair, keep it going longer. %(task)s.") % {
            "task": task.title(language).rstrip(".")
        }


def appliance_log(*, appliance: Appliance) -> list[LogEntry]:
    return list(appliance.log_entries.select_related("task"))


def appliance_tasks(*, appliance: Appliance) -> list[MaintenanceTask]:
    return list(MaintenanceTask.objects.filter(category_id=appliance.category_id))


def _anchor_dates(appliance: Appliance) -> tuple[date, dict[int, date]]:
    registered = timezone.localdate(appliance.created_at)
    last_done = dict(
        appliance.log_entries.filter(task__isnull=False)
        .values("task_id")
        .annotate(last=Max("done_on"))
        .values_list("task_id", "last")
    )
    return registered, last_done


def maintenance_schedule(*, appliance: Appliance) -> list[ScheduleItem]:
    """Each task of the category, last done (from the log) and next due (one interval later).

    A task never logged counts from the day the appliance was registered.
    """
    registered, last_done = _anchor_dates(appliance)
    items = []
    for task in appliance_tasks(appliance=appliance):
        done = last_done.get(task.id)
        anchor = done or registered
        items.append(
            ScheduleItem(
                task=task, last_done=done, next_due=anchor + timedelta(days=task.interval_days)
            )
        )
    return items


def maintenance_current_due_dates(*, appliance: Appliance, today: date) -> list[tuple[int, date]]:
    """(task id, due date) for every task due on or before `today`: the latest occurrence only.

    An ignored reminder therefore comes back one interval later, never as a pile of missed ones.
    """
    registered, last_done = _anchor_dates(appliance)
    due = []
    for task in appliance_tasks(appliance=appliance):
        anchor = last_done.get(task.id) or registered
        periods = (today - anchor).days // task.interval_days
        if periods >= 1:
            due.append((task.id, anchor + timedelta(days=periods * task.interval_days)))
    return due


def second_hand_value_estimate(
    *, price_eur: Decimal, expected_life_years: float, age_years: float
) -> Decimal:
    """Straight-line depreciation (Which?): price - price / expected life * age, at least 0."""
    if expected_life_years <= 0:
        return Decimal("0")
    price = Decimal(price_eur)
    value = price - price / Decimal(str(expected_life_years)) * Decimal(str(age_years))
    return max(value, Decimal("0")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _locations(kind: str, municipality: str | None) -> list[SecondLifeLocation]:
    if municipality is None:
        return []
    return list(SecondLifeLocation.objects.filter(kind=kind, municipality__iexact=municipality))


def second_life_advice(*, verdict, postcode: str | None = None) -> dict[str, Any]:
    """Where the old appliance of a verdict can best go next, best option first.

    Applies to 'replace' and 'doubt' verdicts. The second-hand value is an estimate: straight-line
    depreciation of the price paid (or else the typical new price) over the category's median
    lifetime. Locations come from the municipality of `postcode` (or else the verdict's postcode).
    """
    if verdict.outcome not in SECOND_LIFE_OUTCOMES:
        return {"applies": False, "outcome": verdict.outcome, "options": []}
    category = verdict.category
    facts = verdict.facts or {}
    age = verdict.age_years if verdict.age_years is not None else facts.get("assumed_age_years")
    if verdict.purchase_price_eur:
        price, price_basis = Decimal(verdict.purchase_price_eur), "purchase_price"
    elif facts.get("new_price_eur"):
        price, price_basis = Decimal(str(facts["new_price_eur"])), "typical_new_price"
    else:
        price, price_basis = Decimal(str(category.new_price_typical_eur)), "typical_new_price"
    expected_life = round(
        weibull_median(category.lifetime_weibull_shape, category.lifetime_weibull_scale_years), 1
    )
    value = None
    if age is not None:
        value = {
            "estimate_eur": second_hand_value_estimate(
                price_eur=price, expected_life_years=expected_life, age_years=float(age)
            ),
            "price_eur": price.quantize(Decimal("1")),
            "price_basis": price_basis,
            "expected_life_years": expected_life,
            "age_years": round(float(age), 1),
        }
    municipality = municipality_of(postcode or verdict.postcode)
    # A broken appliance is not for a second-hand shop (they sell working ones); a Repair Café
    # only where it takes this kind of appliance.
    kinds = ["sell"]
    if category.repair_cafe_accepts:
        kinds.append("repair_cafe")
    kinds += ["take_back", "milieustraat"]
    location_kinds = {"kringloop", "repair_cafe", "milieustraat"}
    options = [
        {
            "kind": kind,
            "is_best": index == 0,
            "locations": _locations(kind, municipality) if kind in location_kinds else [],
        }
        for index, kind in enumerate(kinds)
    ]
    return {
        "applies": True,
        "outcome": verdict.outcome,
        "category_name": category.name(verdict.language),
        "is_small_appliance": category.is_small_appliance,
        "value": value,
        "municipality": municipality,
        "options": options,
    }


def follow_up_get(*, verdict) -> FollowUp | None:
    """The answer given to a verdict's follow-up question, if any."""
    return FollowUp.objects.filter(verdict=verdict).first()


def followup_statistics() -> dict[str, Any]:
    """How many verdicts were followed: per verdict outcome, how many people did what."""
    rows = (
        FollowUp.objects.values("verdict__outcome", "choice")
        .annotate(verdicts=Count("verdict", distinct=True))
        .order_by("verdict__outcome", "choice")
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["verdict__outcome"], {})[row["choice"]] = row["verdicts"]
    followed = table.get("repair", {}).get(FollowUp.Choice.REPAIRED, 0) + table.get(
        "replace", {}
    ).get(FollowUp.Choice.REPLACED, 0)
    decided = sum(
        n
        for outcome, choices in table.items()
        if outcome in ("repair", "replace")
        for choice, n in choices.items()
        if choice != FollowUp.Choice.DECIDING
    )
    return {"by_outcome": table, "followed": followed, "decided": decided}


# --- Passports issued by retailers -------------------------------------------------------------


def retailer_passports(*, partner: Partner, ids: list[int] | None = None, batch: str = ""):
    """The retailer's own passports, by id or batch (another retailer's never)."""
    passports = Appliance.objects.filter(issued_by=partner).select_related("category")
    if ids is not None:
        passports = passports.filter(pk__in=ids)
    if batch:
        passports = passports.filter(issue_batch=batch)
    return passports.order_by("pk")


def retailer_passport_stats(*, partner: Partner) -> dict[str, int]:
    """What came of a retailer's passports: issued, scanned at least once (and scans in all),
    reminders on (confirmed and not stopped), and passports with maintenance marked done."""
    figures = Appliance.objects.filter(issued_by=partner).aggregate(
        issued=Count("pk"),
        scanned=Count("pk", filter=Q(label_scans__gt=0)),
        label_scans=Coalesce(Sum("label_scans"), 0),
        reminders_subscribed=Count(
            "pk",
            filter=Q(
                reminder_subscription__confirmed_at__isnull=False,
                reminder_subscription__unsubscribed_at__isnull=True,
            ),
        ),
    )
    figures["maintenance_marked_done"] = (
        LogEntry.objects.filter(appliance__issued_by=partner, kind=LogEntry.Kind.MAINTENANCE)
        .values("appliance")
        .distinct()
        .count()
    )
    return figures
