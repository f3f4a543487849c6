"""verdict_create and verdict_evaluate: the pipeline from catalogue and models to stored facts."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appliances.models import Category
from common.api_errors import DomainError
from repair_advice.models import Verdict
from repair_advice.services import (
    verdict_create,
    verdict_create_checked,
    verdict_evaluate,
    verdict_input_check,
)

pytestmark = pytest.mark.django_db
ORDER = {"repair": 0, "doubt": 1, "replace": 2}
REQUIRED = ["washing-machine", "tumble-dryer", "dishwasher", "fridge-freezer", "oven",
            "vacuum-cleaner", "coffee-machine", "smartphone", "laptop", "tablet", "television",
            "printer"]  # fmt: skip


def test_verdict_is_stored_with_its_facts_symptoms_and_explanation(catalogue):
    category = Category.objects.get(slug="dishwasher")
    symptom = category.symptoms.first()
    verdict = verdict_create(
        category_slug="dishwasher", symptom_slugs=[symptom.slug], age_years=4, language="en"
    )
    stored = Verdict.objects.get(id=verdict.id)
    assert stored.outcome == stored.facts["verdict"]
    assert stored.symptom_slugs == [symptom.slug]
    assert stored.facts["symptom_names"] == [symptom.name_en]
    assert stored.explanation_status == "ready" and stored.explanation_text


def test_a_postcode_is_stored_normalised(catalogue):
    assert verdict_create(category_slug="oven", postcode=" 3511ab ").postcode == "3511 AB"


def test_a_symptom_of_another_category_is_a_domain_error_naming_the_field(catalogue):
    other = Category.objects.get(slug="laptop").symptoms.exclude(slug="other").first()
    with pytest.raises(DomainError) as error:
        verdict_create(category_slug="toaster", symptom_slugs=[other.slug])
    assert error.value.field == "symptoms"


def test_the_dearest_symptom_raises_the_estimated_cost(catalogue):
    category = Category.objects.get(slug="washing-machine")
    cheapest = min(category.symptoms.all(), key=lambda s: s.cost_factor)
    dearest = max(category.symptoms.all(), key=lambda s: s.cost_factor)
    cheap, _ = verdict_evaluate(category=category, symptom_slugs=[cheapest.slug], age_years=5)
    dear, _ = verdict_evaluate(category=category, symptom_slugs=[dearest.slug], age_years=5)
    assert dear["repair_cost_eur"]["expected"] > cheap["repair_cost_eur"]["expected"]


@pytest.mark.parametrize("slug", REQUIRED)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_required_category_gets_a_complete_verdict(catalogue, slug, language):
    category = Category.objects.get(slug=slug)
    facts, _ = verdict_evaluate(category=category, symptom_slugs=[], age_years=3,
                                language=language)  # fmt: skip
    assert facts["verdict"] in ORDER
    assert facts["new_life_years"] > facts["remaining_life_years"] > 0
    assert facts["guarantee"]["notice"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    slug=st.sampled_from(REQUIRED),
    quote=st.integers(0, 2000),
    more=st.integers(1, 2000),
    age=st.one_of(st.none(), st.floats(0, 40)),
)
def test_a_dearer_quote_never_moves_the_pipeline_verdict_towards_repair(
    catalogue, slug, quote, more, age
):
    category = Category.objects.get(slug=slug)
    cheap, _ = verdict_evaluate(category=category, symptom_slugs=[], age_years=age,
                                repair_quote_eur=Decimal(quote))  # fmt: skip
    dear, _ = verdict_evaluate(category=category, symptom_slugs=[], age_years=age,
                               repair_quote_eur=Decimal(quote + more))  # fmt: skip
    assert ORDER[dear["verdict"]] >= ORDER[cheap["verdict"]]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    slug=st.sampled_from(REQUIRED),
    age=st.floats(0, 40),
    older=st.floats(0.1, 20),
    description=st.sampled_from(["", "doet niets meer", "screen cracked", "lekt water"]),
)
def test_an_older_appliance_never_moves_the_pipeline_verdict_towards_repair(
    catalogue, slug, age, older, description
):
    category = Category.objects.get(slug=slug)

    def at(years):
        facts, _ = verdict_evaluate(category=category, symptom_slugs=[], age_years=years,
                                    description=description)  # fmt: skip
        return facts["verdict"]

    assert ORDER[at(min(age + older, 60))] >= ORDER[at(age)]


def test_the_input_check_applies_every_rule_once_and_names_every_bad_field(catalogue):
    checked, errors = verdict_input_check(
        {"category": "washing-machine", "symptoms": ["no-such"], "age_years": 99,
         "brand": "=cmd", "postcode": "zz", "language": "fr"}
    )  # fmt: skip

    assert checked is None
    assert set(errors) == {"symptoms", "age_years", "brand", "postcode", "language"}


def test_the_checked_input_carries_the_category_and_normalised_values(catalogue):
    checked, errors = verdict_input_check(
        {"category": "washing-machine", "symptoms": ["drum-does-not-turn"] * 2,
         "brand": "  Miele ", "postcode": "3511ab", "language": "en"}
    )  # fmt: skip

    assert errors == {}
    assert checked.category.slug == "washing-machine"
    assert (checked.symptom_slugs, checked.brand, checked.postcode) == (
        ["drum-does-not-turn"], "Miele", "3511 AB",
    )  # fmt: skip
    assert verdict_create_checked(checked).postcode == "3511 AB"


def test_fields_that_failed_their_own_parsing_are_not_checked_again(catalogue):
    checked, errors = verdict_input_check(
        {"category": "washing-machine", "postcode": "zz"}, unparsed={"age_years"}
    )

    assert checked is None and set(errors) == {"postcode"}
