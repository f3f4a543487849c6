"""Creating verdicts: gather the facts, ask the models, run the decision rules, store the result."""

import math
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from appliances.models import Category
from appliances.selectors import category_get_for_verdict, reference_parameters_for_verdict
from explainer.services import explanation_attach_initial, explanation_schedule
from ml.predictor import ApplianceCase, CategoryReference, CostEstimate
from ml.registry import get_predictor
from moeitewaard.api_errors import DomainError
from repair_advice.decision import DecisionInputs, DecisionResult, decide
from repair_advice.models import Verdict
from repair_advice.texts import guarantee_notice

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")
MAX_AGE_YEARS = 60
MAX_PRICE_EUR = Decimal("50000")
MAX_DESCRIPTION_LENGTH = 2000
# Keeps a verdict away from certainty: no model is sure a repair will or will not work.
SUCCESS_PROBABILITY_BOUNDS = (0.02, 0.98)


# Error messages shared by the API serializer and the service (in the active language).
def unknown_category_message(slug: str) -> str:
    return _("Unknown category '%(slug)s'.") % {"slug": slug}


def unknown_symptoms_message(category: Category, slugs: list[str]) -> str:
    return _("Not a symptom of %(category)s: %(symptoms)s.") % {
        "category": category.slug,
        "symptoms": ", ".join(slugs),
    }


def postcode_error_message() -> str:
    return _("Not a Dutch postcode (e.g. 1234 AB).")


def postcode_normalize(value: str) -> str:
    """'1234ab' -> '1234 AB'; '1234' stays a PC4. Raises ValueError when it is no Dutch postcode."""
    value = (value or "").strip()
    if not value:
        return ""
    match = POSTCODE_RE.match(value)
    if not match or match.group(1).startswith("0"):
        raise ValueError(value)
    digits, letters = match.groups()
    return f"{digits} {letters.upper()}" if letters else digits


def category_reference(category: Category, parameters: dict[str, float]) -> CategoryReference:
    return CategoryReference(
        callout_fee_eur=float(category.callout_fee_eur),
        repair_cost_low_eur=float(category.repair_cost_low_eur),
        repair_cost_high_eur=float(category.repair_cost_high_eur),
        symptom_cost_factors={s.slug: s.cost_factor for s in category.symptoms.all()},
        baseline_success_probability=parameters["baseline_success_probability"],
    )


def _decision_inputs(
    *, category: Category, parameters: dict[str, float], new_price: float, cost: CostEstimate,
    success_probability: float, age_years: float | None,
) -> DecisionInputs:  # fmt: skip
    return DecisionInputs(
        new_price_eur=new_price,
        repair_cost_low_eur=cost.low,
        repair_cost_expected_eur=cost.expected,
        repair_cost_high_eur=cost.high,
        diagnosis_fee_eur=float(category.callout_fee_eur),
        success_probability=success_probability,
        weibull_shape=category.lifetime_weibull_shape,
        weibull_scale_years=category.lifetime_weibull_scale_years,
        age_years=age_years,
        unknown_age_fraction_of_lifetime=parameters["unknown_age_fraction_of_lifetime"],
        embodied_co2e_kg=category.embodied_co2e_kg,
        displacement_factor=parameters["displacement_factor"],
        repair_co2e_fraction=parameters["repair_co2e_fraction"],
        energy_kwh_per_year=category.energy_kwh_per_year,
        old_appliance_extra_energy_per_year=parameters["old_appliance_extra_energy_per_year"],
        max_old_appliance_extra_energy=parameters["max_old_appliance_extra_energy"],
        electricity_price_eur_per_kwh=parameters["electricity_price_eur_per_kwh"],
        grid_co2e_kg_per_kwh=parameters["grid_co2e_kg_per_kwh"],
        legal_expected_lifetime_years=category.legal_expected_lifetime_years,
        doubt_band=parameters["doubt_band"],
        fifty_percent_rule_threshold=parameters["fifty_percent_rule_threshold"],
    )


def _facts(
    *, category: Category, symptom_slugs: list[str], age_years: float | None, language: str,
    result: DecisionResult, success_probability: float, cost: CostEstimate, cost_source: str,
    new_price: float, new_price_source: str, model_version: str,
) -> dict:  # fmt: skip
    """Every number of the verdict, rounded as shown to people (and as the API returns them)."""
    money = lambda value: round(value, 2)  # noqa: E731
    years = lambda value: round(value, 1)  # noqa: E731
    with translation.override(language):
        notice = guarantee_notice(result.guarantee_status, category.legal_expected_lifetime_years)
        category_name = category.name(language)
        symptom_names = {s.slug: s.name(language) for s in category.symptoms.all()}
    return {
        "category": category.slug,
        "category_name": category_name,
        "symptoms": symptom_slugs,
        "symptom_names": [symptom_names[slug] for slug in symptom_slugs],
        "age_years": age_years,
        "assumed_age_years": years(result.assumed_age_years),
        "language": language,
        "verdict": result.verdict,
        "confidence": result.confidence,
        "success_probability": round(success_probability, 2),
        "repair_cost_eur": {
            "low": money(cost.low),
            "expected": money(cost.expected),
            "high": money(cost.high),
            "source": cost_source,
        },
        "diagnosis_fee_eur": money(float(category.callout_fee_eur)),
        "new_price_eur": money(new_price),
        "new_price_source": new_price_source,
        "remaining_life_years": years(result.remaining_life_years),
        "new_life_years": years(result.new_life_years),
        "annual_cost_eur": {
            "repair": money(result.annual_cost_repair_eur),
            "replace": money(result.annual_cost_replace_eur),
        },
        "co2e_kg": {
            "repair": round(result.co2e_repair_kg, 1),
            "replace": round(result.co2e_replace_kg, 1),
        },
        "break_even_repair_cost_eur": None
        if result.break_even_repair_cost_eur is None
        else money(result.break_even_repair_cost_eur),
        "guarantee": {
            "status": result.guarantee_status,
            "legal_expected_lifetime_years": category.legal_expected_lifetime_years,
            "notice": notice,
        },
        "fifty_percent_rule": {
            "verdict": result.fifty_percent_rule_verdict,
            "threshold_eur": money(result.fifty_percent_rule_threshold_eur),
        },
        "model_version": model_version,
    }


def verdict_evaluate(
    *, category: Category, symptom_slugs: list[str], age_years: float | None = None,
    brand: str = "", purchase_price_eur: Decimal | None = None,
    repair_quote_eur: Decimal | None = None, description: str = "", postcode: str = "",
    language: str = "nl",
) -> tuple[dict, str | None]:  # fmt: skip
    """The verdict's facts for these inputs, and the id of the model version that made them."""
    parameters = reference_parameters_for_verdict()
    reference = category_reference(category, parameters)
    predictor = get_predictor()
    case = ApplianceCase(
        category_slug=category.slug,
        ords_category=category.ords_category,
        symptom_slugs=tuple(symptom_slugs),
        age_years=age_years,
        brand=brand,
        description=description,
        postcode=postcode,
    )
    low, high = SUCCESS_PROBABILITY_BOUNDS
    success_probability = min(max(predictor.success_probability(case, reference), low), high)
    if repair_quote_eur is not None:
        quote = float(repair_quote_eur)
        cost, cost_source = CostEstimate(low=quote, expected=quote, high=quote), "quote"
    else:
        cost = predictor.repair_cost(case, reference)
        cost_source = "reference" if predictor.version_id is None else "model"
    if purchase_price_eur:
        new_price, new_price_source = float(purchase_price_eur), "purchase_price"
    else:
        new_price, new_price_source = category.new_price_typical_eur, "catalogue"
    result = decide(
        _decision_inputs(
            category=category,
            parameters=parameters,
            new_price=new_price,
            cost=cost,
            success_probability=success_probability,
            age_years=age_years,
        )
    )
    facts = _facts(
        category=category,
        symptom_slugs=symptom_slugs,
        age_years=age_years,
        language=language,
        result=result,
        success_probability=success_probability,
        cost=cost,
        cost_source=cost_source,
        new_price=new_price,
        new_price_source=new_price_source,
        model_version=predictor.version_label,
    )
    return facts, predictor.version_id


def _validated(
    *, category_slug: str, symptom_slugs: list[str], age_years, purchase_price_eur,
    repair_quote_eur, description: str, postcode: str, language: str,
) -> tuple[Category, str]:  # fmt: skip
    """Domain checks shared by every entry point (API, form, widget). Raises DomainError."""
    category = category_get_for_verdict(slug=category_slug)
    if category is None:
        raise DomainError(unknown_category_message(category_slug), field="category")
    known = {s.slug for s in category.symptoms.all()}
    unknown = [slug for slug in symptom_slugs if slug not in known]
    if unknown:
        raise DomainError(unknown_symptoms_message(category, unknown), field="symptoms")
    if age_years is not None and not (0 <= age_years <= MAX_AGE_YEARS and math.isfinite(age_years)):
        raise DomainError(
            _("Age must be between 0 and %(max)s years.") % {"max": MAX_AGE_YEARS},
            field="age_years",
        )
    for field, value in (("purchase_price_eur", purchase_price_eur),
                         ("repair_quote_eur", repair_quote_eur)):  # fmt: skip
        if value is not None and not (0 <= value <= MAX_PRICE_EUR):
            raise DomainError(
                _("Must be between 0 and %(max)s EUR.") % {"max": MAX_PRICE_EUR}, field=field
            )
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise DomainError(
            _("At most %(max)s characters.") % {"max": MAX_DESCRIPTION_LENGTH}, field="description"
        )
    if language not in Verdict.Language.values:
        raise DomainError(_("Language must be 'nl' or 'en'."), field="language")
    try:
        normalized_postcode = postcode_normalize(postcode)
    except ValueError:
        raise DomainError(postcode_error_message(), field="postcode") from None
    return category, normalized_postcode


def verdict_create(
    *, category_slug: str, symptom_slugs: list[str] | None = None, age_years: float | None = None,
    brand: str = "", purchase_price_eur: Decimal | None = None,
    repair_quote_eur: Decimal | None = None, description: str = "", postcode: str = "",
    language: str = "nl",
) -> Verdict:  # fmt: skip
    """Decide repair or replace for one appliance and store the verdict with its explanation."""
    symptom_slugs = list(dict.fromkeys(symptom_slugs or []))
    category, postcode = _validated(
        category_slug=category_slug,
        symptom_slugs=symptom_slugs,
        age_years=age_years,
        purchase_price_eur=purchase_price_eur,
        repair_quote_eur=repair_quote_eur,
        description=description,
        postcode=postcode,
        language=language,
    )
    facts, model_version_id = verdict_evaluate(
        category=category,
        symptom_slugs=symptom_slugs,
        age_years=age_years,
        brand=brand,
        purchase_price_eur=purchase_price_eur,
        repair_quote_eur=repair_quote_eur,
        description=description,
        postcode=postcode,
        language=language,
    )
    verdict = Verdict(
        category=category,
        symptom_slugs=symptom_slugs,
        age_years=age_years,
        brand=brand.strip(),
        purchase_price_eur=purchase_price_eur,
        repair_quote_eur=repair_quote_eur,
        description=description,
        postcode=postcode,
        language=language,
        outcome=facts["verdict"],
        confidence=facts["confidence"],
        facts=facts,
        model_version_id=model_version_id,
    )
    explanation_attach_initial(verdict=verdict)  # sets its fields: the verdict is one INSERT
    verdict.save(force_insert=True)
    explanation_schedule(verdict=verdict)  # after the INSERT: the worker must find the verdict
    return verdict
