"""Follow-up: what people did after a verdict becomes outcome and price records."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maintenance.models import FollowUp, FollowUpRequest
from maintenance.selectors import followup_statistics
from maintenance.services import (
    FollowUpLocked,
    MaintenanceError,
    follow_up_answer_token_new,
    follow_up_emails_send_due,
    follow_up_record,
)
from prices.models import PriceRecord
from tests.maintenance.factories import VerdictFactory


@pytest.fixture
def verdict(catalogue):
    return VerdictFactory(outcome="repair")


def test_a_working_repair_with_a_price_becomes_a_consumer_reported_repaired_record(client, verdict):
    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "repaired_where": "Witgoed Jansen", "price_eur": "145.50",
         "worked": "yes"},
    )  # fmt: skip

    assert response.status_code == 302
    record = PriceRecord.objects.get()
    assert record.origin == PriceRecord.Origin.CONSUMER
    assert record.outcome == PriceRecord.Outcome.REPAIRED
    assert (record.category.slug, record.total_eur) == ("washing-machine", Decimal("145.50"))
    assert (record.brand, record.age_years, record.repairer) == ("Bosch", 8.0, "Witgoed Jansen")
    assert record.repaired_on == timezone.localdate()
    assert FollowUp.objects.get().price_record == record


def test_a_repair_that_did_not_work_becomes_a_not_repairable_record(verdict):
    follow_up_record(verdict=verdict, choice="repaired", price_eur=Decimal("80"), worked=False)

    assert PriceRecord.objects.get().outcome == PriceRecord.Outcome.NOT_REPAIRABLE


@pytest.mark.parametrize("choice", ["replaced", "deciding"])
def test_other_answers_are_stored_without_a_price_record(client, verdict, choice):
    response = client.post(reverse("maintenance:follow-up", args=[verdict.pk]), {"choice": choice})

    assert response.status_code == 302
    assert FollowUp.objects.get().choice == choice
    assert not PriceRecord.objects.exists()


def test_sending_the_same_answer_twice_counts_once(client, verdict):
    answer = {"choice": "repaired", "repaired_where": "X", "price_eur": "95", "worked": "yes"}
    for _ in range(2):
        client.post(reverse("maintenance:follow-up", args=[verdict.pk]), answer)

    assert FollowUp.objects.count() == 1
    assert PriceRecord.objects.count() == 1


def test_a_later_answer_replaces_the_earlier_one_and_its_price_record(verdict):
    token = follow_up_answer_token_new()
    follow_up_record(
        verdict=verdict, choice="repaired", price_eur=Decimal("80"), worked=True,
        answer_token=token,
    )  # fmt: skip
    follow_up_record(verdict=verdict, choice="replaced", answer_token=token)

    assert FollowUp.objects.get().choice == "replaced"
    assert not PriceRecord.objects.exists()


def test_a_repair_without_a_price_records_the_outcome_only(verdict):
    follow_up_record(verdict=verdict, choice="repaired", worked=True)

    assert FollowUp.objects.get().worked is True
    assert not PriceRecord.objects.exists()


REPAIRED_ANSWER = {"choice": "repaired", "repaired_where": "Witgoed Jansen", "price_eur": "145.50",
                   "worked": "yes"}  # fmt: skip


def test_the_first_answer_sets_a_secret_cookie_scoped_to_the_follow_up_page(client, verdict):
    url = reverse("maintenance:follow-up", args=[verdict.pk])

    response = client.post(url, REPAIRED_ANSWER)

    cookie = response.cookies["mw_follow_up"]
    assert len(cookie.value) >= 32
    assert cookie["path"] == url
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert FollowUp.objects.get().answer_token_hash not in ("", cookie.value)


def test_the_person_who_answered_can_change_the_answer(client, verdict):
    url = reverse("maintenance:follow-up", args=[verdict.pk])
    client.post(url, REPAIRED_ANSWER)

    page = client.get(url)
    response = client.post(url, {"choice": "replaced"})

    assert 'value="145,50"' in page.content.decode()  # the form shows their answer, in Dutch
    assert response.status_code == 302
    assert FollowUp.objects.get().choice == "replaced"
    assert not PriceRecord.objects.exists()


def test_someone_else_with_the_verdict_link_sees_the_answer_but_cannot_change_it(client, verdict):
    url = reverse("maintenance:follow-up", args=[verdict.pk])
    client.post(url, REPAIRED_ANSWER)
    record = PriceRecord.objects.get()
    stranger = Client()

    page = stranger.get(url)
    response = stranger.post(url, {"choice": "replaced"})
    forged = stranger.post(url, {"choice": "replaced"}, HTTP_COOKIE="mw_follow_up=guessed")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Alleen wie het antwoord gaf, kan het wijzigen" in html
    assert "Witgoed Jansen" in html and 'name="choice"' not in html
    assert page["Cache-Control"] == "private, no-store"
    assert (response.status_code, forged.status_code) == (403, 403)
    follow_up = FollowUp.objects.get()
    assert (follow_up.choice, follow_up.price_record) == ("repaired", record)


def test_an_answer_changed_without_its_secret_is_refused_by_the_service(verdict):
    follow_up_record(verdict=verdict, choice="deciding", answer_token=follow_up_answer_token_new())

    with pytest.raises(FollowUpLocked):
        follow_up_record(verdict=verdict, choice="replaced", answer_token="")
    with pytest.raises(FollowUpLocked):
        follow_up_record(verdict=verdict, choice="replaced", answer_token="not-the-secret")

    assert FollowUp.objects.get().choice == "deciding"


def test_a_repair_answer_must_say_whether_it_worked(client, verdict):
    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "price_eur": "90"},
    )

    assert response.status_code == 400
    assert not FollowUp.objects.exists()


def test_a_negative_price_is_refused(client, verdict):
    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "price_eur": "-5", "worked": "yes"},
    )

    assert response.status_code == 400
    assert not PriceRecord.objects.exists()


def test_a_formula_in_the_repairer_name_is_refused_by_the_price_rules(verdict):
    with pytest.raises(MaintenanceError):
        follow_up_record(
            verdict=verdict, choice="repaired", repaired_where="=HYPERLINK()",
            price_eur=Decimal("50"), worked=True,
        )  # fmt: skip
    assert not FollowUp.objects.exists()


def test_choosing_repaired_on_the_verdict_page_asks_for_the_details(client, verdict):
    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"step": "choice", "choice": "repaired"},
    )

    assert response.status_code == 200
    assert 'name="price_eur"' in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_include_renders_a_form_posting_to_the_follow_up_page(rf, verdict):
    html = render_to_string("maintenance/_followup.html", {"verdict": verdict})

    assert f'action="/advies/{verdict.pk}/vervolg/"' in html
    assert f'action="/advies/{verdict.pk}/vervolg/email/"' in html


def test_follow_ups_feed_the_statistics_of_verdicts_followed(catalogue):
    follow_up_record(verdict=VerdictFactory(outcome="repair"), choice="repaired", worked=True)
    follow_up_record(verdict=VerdictFactory(outcome="replace"), choice="replaced")
    follow_up_record(verdict=VerdictFactory(outcome="replace"), choice="repaired", worked=True)
    follow_up_record(verdict=VerdictFactory(outcome="repair"), choice="deciding")

    stats = followup_statistics()

    assert stats["followed"] == 2
    assert stats["decided"] == 3
    assert stats["by_outcome"]["replace"] == {"repaired": 1, "replaced": 1}


def test_consent_schedules_one_follow_up_mail_after_four_weeks_with_unsubscribe(
    client, verdict, mailoutbox
):
    response = client.post(
        reverse("maintenance:follow-up-request", args=[verdict.pk]),
        {"email": "an@example.nl", "consent": "on"},
    )
    assert response.status_code == 200

    early = follow_up_emails_send_due(now=timezone.now() + timedelta(weeks=3))
    due = follow_up_emails_send_due(now=timezone.now() + timedelta(weeks=4, hours=1))
    again = follow_up_emails_send_due(now=timezone.now() + timedelta(weeks=5))

    assert (early.sent, due.sent, again.sent) == (0, 1, 0)
    mail = mailoutbox[0]
    assert f"/advies/{verdict.pk}/vervolg/" in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http://testserver/afmelden/")


def test_without_the_consent_box_no_address_is_stored(client, verdict):
    response = client.post(
        reverse("maintenance:follow-up-request", args=[verdict.pk]), {"email": "an@example.nl"}
    )

    assert response.status_code == 400
    assert not FollowUpRequest.objects.exists()


def test_unsubscribing_before_the_follow_up_mail_cancels_it(client, verdict, mailoutbox):
    client.post(
        reverse("maintenance:follow-up-request", args=[verdict.pk]),
        {"email": "an@example.nl", "consent": "on"},
    )
    request = FollowUpRequest.objects.get()
    from maintenance.services import unsubscribe_url

    url = unsubscribe_url(site_url="http://testserver/", kind="followup", object_id=request.pk,
                          email=request.email)  # fmt: skip
    client.get(re.sub(r"^http://testserver", "", url))

    result = follow_up_emails_send_due(now=timezone.now() + timedelta(weeks=5))

    assert result.sent == 0 and mailoutbox == []
