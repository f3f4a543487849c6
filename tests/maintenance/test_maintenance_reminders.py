"""E-mail reminders: double opt-in, each reminder sent exactly once, one-click unsubscribe."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maintenance.models import Reminder, ReminderSubscription
from maintenance.services import (
    REMINDER_EMAIL,
    reminders_queue_due,
    reminders_send_due,
    reminders_subscribe,
)
from maintenance.tasks import send_due_reminders
from outbox.models import OutboxMessage
from tests.maintenance.factories import ApplianceFactory, FailingOnceBackend

SITE = "http://testserver/"


def _link(body: str, path_part: str) -> str:
    return re.search(rf"http://testserver(/{path_part}/[^\s]+/)", body).group(1)


@pytest.fixture
def subscribe(client, maintenance_tasks, mailoutbox, django_capture_on_commit_callbacks):
    """Register a washing machine and ask for reminders; return (appliance, confirmation mail)."""

    def _subscribe(*, confirm: bool):
        appliance = ApplianceFactory()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("maintenance:appliance-reminders", args=[appliance.token]),
                {"email": "piet@example.nl"},
            )
        mail = mailoutbox[-1]
        if confirm:
            client.get(_link(mail.body, "herinneringen/bevestigen"))
        return appliance, mail

    return _subscribe


def _in_days(days: int):
    return timezone.now() + timedelta(days=days)


def test_asking_for_reminders_sends_only_a_confirmation_with_unsubscribe(subscribe, mailoutbox):
    _appliance, mail = subscribe(confirm=False)

    assert len(mailoutbox) == 1
    assert mail.to == ["piet@example.nl"]
    assert "/herinneringen/bevestigen/" in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http://testserver/afmelden/")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_before_the_address_is_confirmed(subscribe, mailoutbox):
    subscribe(confirm=False)
    mailoutbox.clear()

    result = reminders_send_due(now=_in_days(120))

    assert result.sent == 0 and mailoutbox == []
    assert not Reminder.objects.exists()


def test_the_confirmation_link_turns_reminders_on(subscribe):
    appliance, _mail = subscribe(confirm=True)

    assert ReminderSubscription.objects.get(appliance=appliance).is_active


def test_a_tampered_confirmation_link_is_refused(client, subscribe):
    _appliance, mail = subscribe(confirm=False)
    link = _link(mail.body, "herinneringen/bevestigen")

    response = client.get(link[:-3] + "xx/")

    assert response.status_code == 400
    assert not ReminderSubscription.objects.get().confirmed_at


def test_due_reminders_are_sent_once_even_when_the_task_runs_twice(subscribe, mailoutbox):
    appliance, _mail = subscribe(confirm=True)
    mailoutbox.clear()
    now = _in_days(95)  # the 30-day hot wash and the 90-day pump filter are due

    first = reminders_send_due(now=now)
    second = reminders_send_due(now=now + timedelta(hours=1))

    assert first.sent == len(mailoutbox) == Reminder.objects.count() >= 2
    assert second.sent == 0
    subjects = [m.subject for m in mailoutbox]
    assert len(subjects) == len(set(subjects))
    assert all(m.extra_headers["List-Unsubscribe"] for m in mailoutbox)
    assert all(appliance.get_absolute_url() in m.body for m in mailoutbox)


def test_the_beat_task_sends_due_reminders(subscribe, mailoutbox, monkeypatch):
    subscribe(confirm=True)
    mailoutbox.clear()
    later = _in_days(95)
    monkeypatch.setattr("maintenance.services.timezone.now", lambda: later)

    result = send_due_reminders.delay().get()

    assert result["sent"] == len(mailoutbox) > 0


def test_a_reminder_comes_back_one_interval_later_not_as_a_pile(subscribe):
    appliance, _mail = subscribe(confirm=True)

    reminders_queue_due(today=timezone.localdate() + timedelta(days=95))
    reminders_queue_due(today=timezone.localdate() + timedelta(days=400))

    pump = Reminder.objects.filter(appliance=appliance, task__slug="clean-drain-pump-filter")
    assert pump.count() == 2  # day 90 and day 360, not 90, 180, 270 and 360


def test_reminders_go_out_through_the_one_outbox_sender(subscribe, mailoutbox):
    subscribe(confirm=True)
    mailoutbox.clear()

    result = reminders_send_due(now=_in_days(95))

    messages = OutboxMessage.objects.filter(kind=REMINDER_EMAIL)
    assert result.sent == messages.count() == Reminder.objects.count() == len(mailoutbox) > 0
    assert not messages.filter(sent_at__isnull=True).exists()


def test_a_reminder_is_handed_to_the_outbox_once_however_often_the_beat_runs(subscribe):
    subscribe(confirm=True)
    now = _in_days(95)

    reminders_send_due(now=now)
    reminders_send_due(now=now + timedelta(minutes=1))

    assert OutboxMessage.objects.filter(kind=REMINDER_EMAIL).count() == Reminder.objects.count()


def test_a_failed_send_is_retried_by_the_outbox(subscribe, mailoutbox, settings):
    subscribe(confirm=True)
    mailoutbox.clear()
    settings.EMAIL_BACKEND = "tests.maintenance.factories.FailingOnceBackend"
    FailingOnceBackend.failed = False
    now = _in_days(95)

    first = reminders_send_due(now=now)
    retry = reminders_send_due(now=now + timedelta(minutes=2))  # after the first retry delay

    assert first.failed == 1
    assert retry.sent == 1
    assert len(mailoutbox) == first.sent + retry.sent == Reminder.objects.count()


def test_the_unsubscribe_link_stops_reminders_in_one_click(client, subscribe, mailoutbox):
    appliance, mail = subscribe(confirm=True)
    unsubscribe = _link(mail.body, "afmelden")

    response = client.get(unsubscribe)
    mailoutbox.clear()
    result = reminders_send_due(now=_in_days(95))

    assert response.status_code == 200
    assert ReminderSubscription.objects.get(appliance=appliance).unsubscribed_at is not None
    assert result.sent == 0 and mailoutbox == []


def test_one_click_unsubscribe_by_post_needs_no_csrf_token(subscribe):
    from django.test import Client

    appliance, mail = subscribe(confirm=True)
    path = mail.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not ReminderSubscription.objects.get(appliance=appliance).is_active


def test_a_reminder_queued_before_unsubscribing_is_not_sent(subscribe, mailoutbox, client):
    _appliance, mail = subscribe(confirm=True)
    now = _in_days(95)
    reminders_queue_due(today=timezone.localdate(now))
    client.get(_link(mail.body, "afmelden"))
    mailoutbox.clear()

    result = reminders_send_due(now=now)

    assert result.sent == 0 and mailoutbox == []


def test_a_new_address_must_be_confirmed_again(subscribe, mailoutbox):
    appliance, _mail = subscribe(confirm=True)

    reminders_subscribe(appliance=appliance, email="other@example.nl", site_url=SITE)

    assert not ReminderSubscription.objects.get(appliance=appliance).is_active
