"""Numbers typed the Dutch way, and values far outside an appliance's usual range, in the advice
form, the widget, the follow-up form and the verdict API."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from prices.models import PriceRecord
from repair_advice.forms import AdviceForm
from repair_advice.models import Verdict
from repair_advice.plausibility import unusual_inputs, usual_age_limit_years
from tests.maintenance.factories import VerdictFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db

ADVICE = {"category": "vacuum-cleaner", "postcode": "3511 AB"}


def _bound(**data):
    return AdviceForm({**ADVICE, **data}, language="nl")


@pytest.mark.parametrize(
    ("typed", "price", "age"),
    [
        ({"purchase_price_eur": "89,95", "age_years": "2,5"}, Decimal("89.95"), 2.5),
        ({"purchase_price_eur": "€ 89", "age_years": "2.5"}, Decimal("89"), 2.5),
        ({"purchase_price_eur": "€\u00a0129,-", "age_years": "3"}, Decimal("129"), 3.0),
        ({"purchase_price_eur": "89.95", "age_years": "12"}, Decimal("89.95"), 12.0),
    ],
)
def test_the_advice_form_reads_numbers_as_a_dutch_reader_means_them(catalogue, typed, price, age):
    form = _bound(**typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["purchase_price_eur"] == price
    assert form.cleaned_data["age_years"] == age


def test_a_posted_dutch_price_and_age_are_stored_as_meant(client, catalogue):
    response = client.post(
        reverse("advice"),
        {**ADVICE, "purchase_price_eur": "89,95", "age_years": "2,5", "repair_quote_eur": "1.20"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    verdict = Verdict.objects.get()
    assert verdict.purchase_price_eur == Decimal("89.95")
    assert verdict.age_years == 2.5


@pytest.mark.parametrize("typed", ["1,2,3", "12a", "1.20.0"])
def test_a_malformed_number_is_an_error_next_to_the_field_saying_what_is_accepted(
    client, catalogue, typed
):
    response = client.post(reverse("advice"), {**ADVICE, "purchase_price_eur": typed})

    assert response.status_code == 400
    assert "Vul een bedrag in zoals 89,95 of 1.200." in response.content.decode()
    assert not Verdict.objects.exists()


def test_a_negative_price_is_refused(catalogue):
    form = _bound(purchase_price_eur="-89,95")

    assert not form.is_valid()
    assert form.errors["purchase_price_eur"] == ["Vul 0 of meer in."]


def test_the_inputs_are_decimal_text_boxes_redisplayed_in_dutch_on_a_page_with_errors(
    client, catalogue
):
    response = client.post(
        reverse("advice"), {**ADVICE, "purchase_price_eur": "89.95", "postcode": "nonsense"}
    )
    html = response.content.decode()

    assert response.status_code == 400
    price_input = re.search(r'<input[^>]*name="purchase_price_eur"[^>]*>', html).group(0)
    assert 'type="text"' in price_input
    assert 'inputmode="decimal"' in price_input
    assert 'value="89,95"' in price_input
    age_input = re.search(r'<input[^>]*name="age_years"[^>]*>', html).group(0)
    assert 'type="text"' in age_input and 'inputmode="decimal"' in age_input


def test_a_vacuum_cleaner_bought_for_8995_asks_to_confirm_instead_of_advising(client, catalogue):
    response = client.post(reverse("advice"), {**ADVICE, "purchase_price_eur": "8.995"})
    html = response.content.decode()

    assert response.status_code == 400
    assert not Verdict.objects.exists()
    assert "Klopt € 8.995 voor een stofzuiger? Meestal kost een nieuwe € 80–450." in html
    key = re.search(r'name="confirm_unusual" value="([^"]+)"', html).group(1)
    assert "Ja, dit klopt" in html

    confirmed = client.post(
        reverse("advice"), {**ADVICE, "purchase_price_eur": "8.995", "confirm_unusual": key}
    )

    assert confirmed.status_code == 302
    assert Verdict.objects.get().purchase_price_eur == Decimal("8995")


def test_a_confirmation_covers_only_the_values_confirmed(catalogue):
    first = _bound(purchase_price_eur="8.995")
    assert not first.is_valid()

    changed = _bound(purchase_price_eur="9.995", confirm_unusual=first.unusual_key)

    assert not changed.is_valid()
    assert "9.995" in changed.errors["purchase_price_eur"][0]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purchase_price_eur": "901"}, "purchase_price_eur"),  # over 2 x EUR 450
        ({"purchase_price_eur": "7,99"}, "purchase_price_eur"),  # under 10% of EUR 80
        ({"repair_quote_eur": "1.000"}, "repair_quote_eur"),
        ({"age_years": "45"}, "age_years"),
    ],
)
def test_values_far_outside_the_usual_range_ask_to_confirm(catalogue, data, field):
    form = _bound(**data)

    assert not form.is_valid()
    assert form.errors[field][0].startswith("Klopt ")
    assert form.unusual_key


@pytest.mark.parametrize(
    "data",
    [{"purchase_price_eur": "900"}, {"purchase_price_eur": "8"}, {"age_years": "16"},
     {"repair_quote_eur": "250"}],
)  # fmt: skip
def test_usual_values_give_advice_without_a_question(catalogue, data):
    form = _bound(**data)

    assert form.is_valid(), form.errors
    assert form.unusual_key == ""


def test_the_age_limit_follows_the_catalogue_lifetime_and_caps_at_40(catalogue):
    vacuum = catalogue.get(slug="vacuum-cleaner")
    sewing_machine = catalogue.get(slug="sewing-machine")

    assert 16 < usual_age_limit_years(vacuum) < 17  # 2.5 x the Weibull median of 6.5 years
    assert usual_age_limit_years(sewing_machine) == 40.0
    assert "age_years" in unusual_inputs(category=vacuum, age_years=17)
    assert unusual_inputs(category=vacuum, age_years=16) == {}


def test_the_widget_reads_dutch_numbers_too(client, catalogue):
    partner = PartnerFactory(categories=[catalogue.get(slug="vacuum-cleaner")])
    url = f"/widget/{partner.public_key}/"
    token = re.search(r'name="widget_token" value="([^"]+)"', client.get(url).content.decode())
    response = client.post(
        url,
        {"widget_token": token.group(1), "category": "vacuum-cleaner", "age_years": "2,5",
         "repair_quote_eur": "89,95"},
    )  # fmt: skip

    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.age_years, verdict.repair_quote_eur) == (2.5, Decimal("89.95"))


def test_the_widget_asks_to_confirm_an_unusual_age(client, catalogue):
    partner = PartnerFactory(categories=[catalogue.get(slug="vacuum-cleaner")])
    url = f"/widget/{partner.public_key}/"
    token = re.search(r'name="widget_token" value="([^"]+)"', client.get(url).content.decode())
    response = client.post(
        url, {"widget_token": token.group(1), "category": "vacuum-cleaner", "age_years": "45"}
    )

    assert response.status_code == 400
    assert "Klopt 45 jaar voor een stofzuiger?" in response.content.decode()
    assert 'name="confirm_unusual"' in response.content.decode()
    assert not Verdict.objects.exists()


def test_a_follow_up_price_of_45_50_is_stored_as_45_50_not_4550(client, catalogue):
    verdict = VerdictFactory(outcome="repair")

    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "price_eur": "45,50", "worked": "yes"},
    )

    assert response.status_code == 302
    assert PriceRecord.objects.get().total_eur == Decimal("45.50")


def test_a_malformed_follow_up_price_is_an_error_and_stores_nothing(client, catalogue):
    verdict = VerdictFactory(outcome="repair")

    response = client.post(
        reverse("maintenance:follow-up", args=[verdict.pk]),
        {"choice": "repaired", "price_eur": "45,50,0", "worked": "yes"},
    )

    assert response.status_code in (200, 400)
    assert "Vul een bedrag in zoals 89,95 of 1.200." in response.content.decode()
    assert not PriceRecord.objects.exists()


# --- The verdict API --------------------------------------------------------------------------


def _api(client, **data):
    return client.post(
        "/api/v1/verdicts/", {"category": "vacuum-cleaner", **data}, content_type="application/json"
    )


def test_the_api_keeps_json_numbers(client, catalogue):
    response = _api(client, purchase_price_eur=89.95, age_years=2.5)

    assert response.status_code == 201, response.json()
    verdict = Verdict.objects.get()
    assert (verdict.purchase_price_eur, verdict.age_years) == (Decimal("89.95"), 2.5)


def test_the_api_reads_number_strings_by_the_same_dutch_rules(client, catalogue):
    response = _api(
        client, category="washing-machine", purchase_price_eur="1.200", age_years="2,5",
        repair_quote_eur="89,95",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    verdict = Verdict.objects.get()
    assert (verdict.purchase_price_eur, verdict.age_years) == (Decimal("1200"), 2.5)
    assert verdict.repair_quote_eur == Decimal("89.95")


def test_the_api_refuses_a_malformed_number_string_naming_the_field(client, catalogue):
    response = _api(client, purchase_price_eur="1,2,3", language="nl")

    assert response.status_code == 400
    assert response.json()["purchase_price_eur"] == ["Vul een bedrag in zoals 89,95 of 1.200."]


def test_the_api_answers_400_to_an_unusual_value_unless_confirmed(client, catalogue):
    refused = _api(client, purchase_price_eur=8995, language="nl")

    assert refused.status_code == 400
    message = refused.json()["purchase_price_eur"][0]
    assert message.startswith("Klopt € 8.995 voor een stofzuiger?")
    assert '"confirm_unusual": true' in message
    assert not Verdict.objects.exists()

    confirmed = _api(client, purchase_price_eur=8995, confirm_unusual=True)

    assert confirmed.status_code == 201
    assert Verdict.objects.get().purchase_price_eur == Decimal("8995")


def test_the_reuse_check_reads_an_age_of_2_5_as_meant(catalogue):
    from reuse.forms import ReuseCheckForm

    category = catalogue.get(slug="vacuum-cleaner")
    form = ReuseCheckForm({"category": category.pk, "age_years": "2,5", "condition": "works"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["age_years"] == Decimal("2.5")
