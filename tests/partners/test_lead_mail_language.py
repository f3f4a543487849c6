"""The shop's lead e-mail is Dutch throughout, also when the consumer used the site in English."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils.translation import override

from partners.emails import lead_email_send
from repair_advice.services import verdict_create
from tests.partners.factories import LeadFactory

pytestmark = pytest.mark.django_db

SLUG_LINES = ("Ons advies: repair", "Ons advies: replace", "Ons advies: doubt")


def test_the_lead_mail_of_an_english_verdict_is_dutch_with_the_advice_in_words(catalogue):
    verdict = verdict_create(
        category_slug="washing-machine", symptom_slugs=["leaks-water"], age_years=6,
        language="en",
    )  # fmt: skip
    lead = LeadFactory(verdict=verdict)

    lead_email_send(lead_id=lead.pk)

    (message,) = mail.outbox
    category = catalogue.get(slug="washing-machine")
    symptom = category.symptoms.get(slug="leaks-water")
    assert message.subject.endswith(category.name("nl"))
    assert f"Apparaat: {category.name('nl')} ({symptom.name('nl')})" in message.body
    assert category.name("en") not in message.body
    assert symptom.name("en") not in message.body
    with override("nl"):
        headline = render_to_string("repair_advice/_headline.html", {"facts": verdict.facts})
    assert f"Ons advies: {headline}\n" in message.body
    assert not any(line in message.body for line in SLUG_LINES)


@pytest.mark.parametrize("outcome", ["repair", "replace", "doubt"])
def test_every_advice_is_named_in_dutch_words_never_as_its_slug(outcome):
    facts = {
        "verdict": outcome,
        "recommended_route": "professional" if outcome != "replace" else "new",
    }
    with override("nl"):
        headline = render_to_string("repair_advice/_headline.html", {"facts": facts})

    assert headline and headline != outcome
    expected = {"repair": "Repareren loont", "replace": "Vervangen", "doubt": "Twijfelgeval"}
    assert headline.startswith(expected[outcome])
