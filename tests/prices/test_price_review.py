"""A consumer price far outside the learned range is kept but flagged, is not trained on, and
counts once a data steward confirms it in the admin (the data steward role; not coalition staff)."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from controlroom.roles import COALITION_STAFF, DATA_STEWARD
from prices.models import PriceRecord
from prices.selectors import price_records_for_training
from prices.services import (
    PriceSource,
    price_record_submit,
    price_records_confirm,
    price_records_reject,
)

pytestmark = pytest.mark.django_db


def _staff_user(username: str, group: str) -> User:
    call_command("setup_roles", verbosity=0)  # the groups of controlroom/roles.py
    user = User.objects.create_user(username, f"{username}@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def data_steward(db):
    return _staff_user("steward", DATA_STEWARD)


@pytest.fixture
def coalition_staff(db):
    return _staff_user("staff", COALITION_STAFF)


CONSUMER = PriceSource(PriceRecord.Origin.CONSUMER)


def _report(total: str, *, source: PriceSource = CONSUMER) -> PriceRecord:
    """A follow-up's price for a kettle: the catalogue band is EUR 10-40 (no trusted records)."""
    row = {"repaired_on": "2026-01-10", "category": "test-kettle", "total_eur": total,
           "outcome": "repaired"}  # fmt: skip
    return price_record_submit(source=source, row=row)


def _training_totals() -> list[float]:
    return sorted(price_records_for_training()["total_eur"])


def test_a_consumer_price_far_outside_the_band_is_kept_flagged_with_a_reason(catalogue):
    record = _report("4550.00")

    assert record.pk is not None
    assert record.needs_review and not record.trusted
    assert "over twice the P90 (40.00 EUR)" in record.excluded_reason


def test_a_usual_consumer_price_and_a_repairers_dear_price_are_not_flagged(catalogue):
    usual = _report("45.50")
    repairer = _report("4550.00", source=PriceSource(PriceRecord.Origin.IMPORT))

    assert usual.trusted and not usual.needs_review
    assert repairer.trusted and not repairer.needs_review


def test_a_flagged_price_is_left_out_of_the_training_rows_until_confirmed(catalogue, data_steward):
    _report("45.50")
    flagged = _report("4550.00")
    assert _training_totals() == [45.5]

    confirmed = price_records_confirm(
        records=PriceRecord.objects.filter(pk=flagged.pk), user=data_steward
    )

    assert confirmed == 1
    assert _training_totals() == [45.5, 4550.0]
    flagged.refresh_from_db()
    assert flagged.trusted and not flagged.needs_review
    assert flagged.reviewed_by == data_steward and flagged.reviewed_at is not None


def test_a_rejected_price_stays_out_of_training_and_leaves_the_review_queue(
    catalogue, data_steward
):
    flagged = _report("4550.00")

    price_records_reject(records=PriceRecord.objects.all(), user=data_steward)

    flagged.refresh_from_db()
    assert not flagged.trusted and not flagged.needs_review
    assert flagged.reviewed_by == data_steward
    assert _training_totals() == []


def test_confirming_skips_records_that_were_not_flagged(catalogue, data_steward):
    _report("4550.00", source=PriceSource(PriceRecord.Origin.IMPORT))
    untrusted_partner_record = _report("20.00", source=PriceSource(PriceRecord.Origin.IMPORT))
    PriceRecord.objects.filter(pk=untrusted_partner_record.pk).update(trusted=False)

    assert price_records_confirm(records=PriceRecord.objects.all(), user=data_steward) == 0
    assert not PriceRecord.objects.get(pk=untrusted_partner_record.pk).trusted


def _run_action(client, action: str, record: PriceRecord):
    return client.post(
        reverse("admin:prices_pricerecord_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [record.pk]},
    )


def test_a_data_steward_confirms_a_price_with_the_admin_action(client, catalogue, data_steward):
    flagged = _report("4550.00")
    client.force_login(data_steward)

    listing = client.get(
        reverse("admin:prices_pricerecord_changelist"),
        {"needs_review": "1"},
        HTTP_ACCEPT_LANGUAGE="en",  # the action's label is asserted in English
    )
    response = _run_action(client, "confirm_price", flagged)

    assert listing.status_code == 200 and "Confirm price" in listing.content.decode()
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.trusted and not flagged.needs_review


def test_coalition_staff_cannot_confirm_a_price(client, catalogue, coalition_staff):
    flagged = _report("4550.00")
    client.force_login(coalition_staff)

    listing = client.get(reverse("admin:prices_pricerecord_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    _run_action(client, "confirm_price", flagged)

    assert listing.status_code == 200
    assert "Confirm price" not in listing.content.decode()
    flagged.refresh_from_db()
    assert flagged.needs_review and not flagged.trusted


def test_the_follow_up_form_flags_a_price_far_outside_the_band(client, catalogue):
    from tests.maintenance.factories import VerdictFactory

    verdict = VerdictFactory(category=catalogue["test-kettle"], symptom_slugs=[], outcome="repair")

    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "price_eur": "4.550", "worked": "yes"},
    )

    assert response.status_code == 302
    record = PriceRecord.objects.get()
    assert record.total_eur == Decimal("4550")
    assert record.needs_review and not record.trusted
