"""Reads of the reuse check: who sees which location, passports, the active model, the dashboard."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from maintenance.models import Appliance
from partners.models import Partner
from reuse.estimate import priors
from reuse.models import LOCATION_KINDS, ReuseCheck, ReuseModelVersion

ALL_LOCATIONS_PERMISSION = "reuse.view_all_locations"
PASSPORT_PATH = re.compile(r"/apparaat/([A-Za-z0-9_-]{8,64})/?")
PASSPORT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def staff_location(*, user) -> Partner | None:
    """The one active location a staff user works at, or None."""
    if not user.is_authenticated:
        return None
    staff = getattr(user, "reuse_staff", None)
    if staff is None or not staff.location.is_active:
        return None
    return staff.location


def user_sees_all_locations(*, user) -> bool:
    """Coalition staff (controlroom roles) see every location."""
    return user.is_authenticated and user.is_active and user.has_perm(ALL_LOCATIONS_PERMISSION)


def location_list_for_user(*, user) -> QuerySet[Partner]:
    """The locations whose checks the user may see: all pilot locations, their own, or none."""
    locations = Partner.objects.filter(kind__in=LOCATION_KINDS)
    if user_sees_all_locations(user=user):
        return locations
    location = staff_location(user=user)
    return locations.filter(pk=location.pk) if location else locations.none()


def check_list_for_user(*, user) -> QuerySet[ReuseCheck]:
    return ReuseCheck.objects.filter(location__in=location_list_for_user(user=user)).select_related(
        "category", "location", "model_version"
    )


def check_get_for_user(*, user, check_id) -> ReuseCheck | None:
    """A check the user may see; another location's check is None (the view answers 404)."""
    return check_list_for_user(user=user).filter(pk=check_id).first()


def passport_from_code(code: str) -> Appliance | None:
    """The passport of a scanned QR code: its URL (…/apparaat/<token>/) or the bare token."""
    code = (code or "").strip()
    match = PASSPORT_PATH.search(code)
    token = match.group(1) if match else (code if PASSPORT_TOKEN.match(code) else None)
    if token is None:
        return None
    return Appliance.objects.select_related("category").filter(token=token).first()


def passport_age_years(appliance: Appliance, *, today: datetime.date | None = None) -> float | None:
    if appliance.purchase_date is None:
        return None
    today = today or timezone.localdate()
    return max(0.0, round((today - appliance.purchase_date).days / 365.25, 1))


def model_version_active() -> ReuseModelVersion | None:
    return ReuseModelVersion.objects.filter(is_active=True).first()


@dataclass
class PilotWeek:
    week: datetime.date
    checked: int = 0
    to_reuse: int = 0
    sold: int = 0
    kg_diverted: float = 0.0
    co2e_avoided_kg: float = 0.0

    @property
    def reuse_share(self) -> float | None:
        return self.to_reuse / self.checked if self.checked else None

    @property
    def sold_share(self) -> float | None:
        return self.sold / self.to_reuse if self.to_reuse else None


DIVERTED_DESTINATIONS = (ReuseCheck.Destination.REUSE, ReuseCheck.Destination.REPAIR_CAFE)


def pilot_weeks(*, locations: QuerySet[Partner], weeks: int = 12) -> list[PilotWeek]:
    """Per ISO week (Monday), oldest first: items checked, sent to reuse, later sold, kilograms
    kept from the shredder (reuse and Repair Café) and CO2e avoided by the items sold (embodied
    CO2e × Restart's displacement factor)."""
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = {
        first + datetime.timedelta(weeks=i): PilotWeek(week=first + datetime.timedelta(weeks=i))
        for i in range(weeks)
    }
    displacement = priors()["displacement_factor"]["value"]
    checks = ReuseCheck.objects.filter(location__in=locations, created_at__gte=start)
    sold_ids = set(checks.filter(outcomes__result="sold").values_list("pk", flat=True).distinct())
    for check in checks.only("pk", "created_at", "destination", "weight_kg", "embodied_co2e_kg"):
        day = timezone.localtime(check.created_at).date()
        row = rows[day - datetime.timedelta(days=day.weekday())]
        row.checked += 1
        if check.destination == ReuseCheck.Destination.REUSE:
            row.to_reuse += 1
            if check.pk in sold_ids:
                row.sold += 1
                row.co2e_avoided_kg += check.embodied_co2e_kg * displacement
        if check.destination in DIVERTED_DESTINATIONS:
            row.kg_diverted += check.weight_kg
    return list(rows.values())


def pilot_totals(weeks: list[PilotWeek]) -> PilotWeek:
    total = PilotWeek(week=weeks[0].week if weeks else timezone.localdate())
    for row in weeks:
        total.checked += row.checked
        total.to_reuse += row.to_reuse
        total.sold += row.sold
        total.kg_diverted += row.kg_diverted
        total.co2e_avoided_kg += row.co2e_avoided_kg
    return total


def pilot_by_location(*, locations: QuerySet[Partner], weeks: int = 12) -> dict[Partner, PilotWeek]:
    """Totals per location over the same weeks (for the coalition's overview)."""
    result = {}
    for location in locations.order_by("name"):
        result[location] = pilot_totals(
            pilot_weeks(locations=locations.filter(pk=location.pk), weeks=weeks)
        )
    return result
