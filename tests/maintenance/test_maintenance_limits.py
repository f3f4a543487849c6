"""Limits on the maintenance pages' public writes: no one can make us mail a stranger again and
again, and follow-up answers and passports are limited per client."""

import pytest
from django.test import Client
from django.urls import reverse

from maintenance.models import FollowUp, FollowUpRequest
from tests.maintenance.factories import ApplianceFactory, VerdictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_rate_window")]


def sign_up(client, appliance, email: str, capture):
    with capture(execute=True):
        return client.post(
            reverse("maintenance:appliance-reminders", args=[appliance.token]), {"email": email}
        )


def test_the_nth_reminder_sign_up_of_one_address_in_a_day_is_refused_without_a_mail(
    maintenance_tasks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_ADDRESS_RATE_LIMIT = "3/day"
    settings.EMAIL_SIGNUP_RATE_LIMIT = "100/hour"
    victim = "slachtoffer@example.nl"

    # From ever new addresses, as an attacker would; the victim's address is what is counted.
    responses = [
        sign_up(
            Client(REMOTE_ADDR=f"203.0.113.{i}"),
            ApplianceFactory(),
            victim.upper() if i % 2 else victim,
            django_capture_on_commit_callbacks,
        )
        for i in range(5)
    ]

    assert [r.status_code for r in responses] == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3
    assert int(responses[-1]["Retry-After"]) > 3600  # the rest of the day
    assert "Te veel aanvragen" in responses[-1].content.decode()


def test_another_address_can_still_be_signed_up(
    maintenance_tasks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_ADDRESS_RATE_LIMIT = "1/day"
    client = Client()
    sign_up(client, ApplianceFactory(), "een@example.nl", django_capture_on_commit_callbacks)

    response = sign_up(
        client, ApplianceFactory(), "twee@example.nl", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["een@example.nl"], ["twee@example.nl"]]


def test_reminder_sign_ups_are_limited_per_client(
    maintenance_tasks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_SIGNUP_RATE_LIMIT = "2/hour"
    client = Client()

    statuses = [
        sign_up(
            client, ApplianceFactory(), f"persoon{i}@example.nl", django_capture_on_commit_callbacks
        ).status_code
        for i in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_follow_up_mail_requests_count_against_the_address_too(catalogue, settings):
    settings.EMAIL_ADDRESS_RATE_LIMIT = "2/day"

    statuses = [
        Client(REMOTE_ADDR=f"203.0.113.{i}")
        .post(
            reverse("maintenance:follow-up-request", args=[VerdictFactory(outcome="repair").pk]),
            {"email": "slachtoffer@example.nl", "consent": "on"},
        )
        .status_code
        for i in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert FollowUpRequest.objects.count() == 2


def test_follow_up_answers_are_limited_per_client(catalogue, settings):
    settings.FOLLOW_UP_RATE_LIMIT = "2/hour"
    client = Client()

    statuses = [
        client.post(
            reverse("maintenance:follow-up", args=[VerdictFactory(outcome="repair").pk]),
            {"choice": "replaced"},
        ).status_code
        for _ in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert FollowUp.objects.count() == 2


def test_new_appliance_passports_are_limited_per_client(catalogue, settings):
    settings.PASSPORT_RATE_LIMIT = "1/hour"
    client = Client()
    form = {"category": "washing-machine"}

    first = client.post(reverse("maintenance:appliance-new"), form)
    second = client.post(reverse("maintenance:appliance-new"), form)

    assert first.status_code == 302
    assert second.status_code == 429
