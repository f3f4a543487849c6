"""Creating verdicts: gather the facts, ask the models, run the decision rules, store the result."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from appliances.models import Category, Symptom
from appliances.parameters import DecisionParameters
from appliances.selectors import category_get_for_verdict, decision_parameters
from common.api_errors import DomainError
from common.postcodes import postcode_normalize
from common.validation import brand_clean, has_nul, looks_like_formula
from ml.predictor import ApplianceCase, CostEstimate
from ml.registry import get_predictor
from ml.selectors import category_reference
from repair_advice.decision import DIY as DIY_ROUTE
from repair_advice.decision import (
    NEW,
    PROFESSIONAL,
    REFURBISHED,
    REPAIR,
    REPAIR_CAFE,
    REPLACE,
    SELLER_GUARANTEE,
    DecisionInputs,
    DecisionResult,
    RouteInput,
    decide,
    energy_extra_fraction,
    weibull_mean,
    weibull_mean_residual_life,
    weibull_median,
)
from repair_advice.facts import (
    CostBand,
    FiftyPercentRule,
    GuaranteeFacts,
    RepairCost,
    RouteFacts,
    SidePair,
    VerdictFacts,
)
from repair_advice.guarantee import (
    DAMAGE,
    LIKELY,
    POSSIBLE,
    UNKNOWN,
    expected_lifetime_years,
    fault_cause,
    guarantee_assess,
)
from repair_advice.models import Verdict
from repair_advice.signals import verdict_evaluated, verdict_stored
from repair_advice.texts import guarantee_text, route_name, route_why_not

MAX_AGE_YEARS = 60
MAX_PRICE_EUR = Decimal("50000")
MAX_DESCRIPTION_LENGTH = 2000
MAX_BRAND_LENGTH = Verdict._meta.get_field("brand").max_length
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
    return _("Enter a Dutch postcode, e.g. 3511 AB.")


def brand_error_message(brand: str) -> str | None:
    """Why a brand cannot be used, or None. The price rules (prices.validation) refuse the same
    brands, so a verdict never accepts one its follow-up or lead outcome would refuse."""
    if has_nul(brand):
        return _("Null characters are not allowed.")
    if looks_like_formula(brand):
        return _("A brand cannot start with %(char)s.") % {"char": brand.strip()[0]}
    return None


@dataclass(frozen=True)
class _Situation:
    """What the routes are built from: the appliance's state and the learned estimates."""

    category: Category
    symptoms: list[Symptom]
    age: float  # the known age, or the assumed one
    parameters: DecisionParameters
    new_price: float
    new_price_known: bool
    repair_cost: CostEstimate
    repair_cost_quoted: bool
    community_success: float
    professional_success: float
    guarantee_status: str
    guarantee_cause: str
    expected_lifetime_years: float


def _old_energy_kwh(category: Category, age: float) -> float:
    extra = energy_extra_fraction(
        age=age, per_year=category.energy_drift_per_year, cap=category.energy_drift_max
    )
    return (category.energy_kwh_per_year or 0.0) * (1 + extra)


def _routes(s: _Situation) -> tuple[RouteInput, ...]:
    """Every way out for this appliance, open or not, with what it costs and buys."""
    category, parameters, cost = s.category, s.parameters, s.repair_cost
    life_left = weibull_mean_residual_life(
        category.lifetime_weibull_shape, category.lifetime_weibull_scale_years, s.age
    )
    life_new = weibull_mean(category.lifetime_weibull_shape, category.lifetime_weibull_scale_years)
    old_energy = _old_energy_kwh(category, s.age)
    new_energy = category.energy_kwh_per_year or 0.0
    repair_co2e = category.embodied_co2e_kg * parameters.repair_co2e_fraction
    fee = float(category.callout_fee_eur)

    def repair_route(route, *, open, why_not=None, low, expected, high, failure, success):
        return RouteInput(
            route=route, open=open, why_not=why_not, cost_low=low, cost_expected=expected,
            cost_high=high, failure_cost=failure, success_probability=success,
            life_years=life_left, energy_kwh_per_year=old_energy, co2e_kg=repair_co2e,
        )  # fmt: skip

    # Seller: repair or replacement under the guarantee is free (art. 7:21 BW); some sellers of
    # an older appliance still ask a contribution for the years of use (Techniek Nederland's
    # lifetime table), which is the high end of this route's cost.
    claim_open = s.guarantee_status in (LIKELY, POSSIBLE)
    use_share = 0.0 if s.guarantee_status == LIKELY else min(1.0, s.age / s.expected_lifetime_years)
    claim_success = (
        parameters.guarantee_claim_success_likely if s.guarantee_status == LIKELY
        else parameters.guarantee_claim_success_possible
    )  # fmt: skip
    why_not_claim = {DAMAGE: "damage"}.get(s.guarantee_cause) or (
        "age_unknown" if s.guarantee_status == UNKNOWN else "too_old"
    )
    seller = repair_route(
        SELLER_GUARANTEE, open=claim_open, why_not=None if claim_open else why_not_claim,
        low=0.0, expected=0.0, high=use_share * cost.high, failure=0.0,
        success=claim_success,
    )  # fmt: skip

    parts_share = parameters.repair_cafe_parts_share
    donation = parameters.repair_cafe_donation_eur

    def parts(total: float) -> float:
        return donation + parts_share * max(total - fee, 0.0)

    unsuitable = [x for x in s.symptoms if not x.repair_cafe_suitable]
    cafe_open = category.repair_cafe_accepts and not unsuitable
    cafe = repair_route(
        REPAIR_CAFE, open=cafe_open,
        why_not=None if cafe_open else ("costly_part" if unsuitable else "not_taken"),
        low=parts(cost.low), expected=parts(cost.expected), high=parts(cost.high),
        failure=donation, success=s.community_success,
    )  # fmt: skip

    diy_symptoms = [symptom for symptom in s.symptoms if symptom.has_diy_fix]
    diy_open = bool(s.symptoms) and len(diy_symptoms) == len(s.symptoms)
    diy_low = sum(float(x.diy_parts_cost_low_eur) for x in diy_symptoms)
    diy_high = sum(float(x.diy_parts_cost_high_eur) for x in diy_symptoms)
    diy = repair_route(
        DIY_ROUTE, open=diy_open, why_not=None if diy_open else "no_diy_fix", low=diy_low,
        expected=(diy_low + diy_high) / 2, high=diy_high, failure=(diy_low + diy_high) / 2,
        success=min((x.diy_success_probability for x in diy_symptoms), default=0.0),
    )  # fmt: skip

    professional = repair_route(
        PROFESSIONAL, open=True, low=cost.low, expected=cost.expected, high=cost.high,
        failure=min(fee, cost.expected), success=s.professional_success,
    )  # fmt: skip

    share = (category.refurbished_price_share_low, category.refurbished_price_share,
             category.refurbished_price_share_high)  # fmt: skip
    refurbished_age = max(life_new - category.refurbished_life_years, 0.0)
    refurbished = RouteInput(
        route=REFURBISHED, open=category.refurbished_available,
        why_not=None if category.refurbished_available else "no_market",
        cost_low=share[0] * s.new_price, cost_expected=share[1] * s.new_price,
        cost_high=share[2] * s.new_price, failure_cost=0.0, success_probability=1.0,
        life_years=category.refurbished_life_years,
        energy_kwh_per_year=_old_energy_kwh(category, refurbished_age),
        co2e_kg=category.embodied_co2e_kg * category.refurbished_co2e_fraction,
    )  # fmt: skip
    low, high = (
        (s.new_price, s.new_price) if s.new_price_known
        else (float(category.new_price_low_eur), float(category.new_price_high_eur))
    )  # fmt: skip
    new = RouteInput(
        route=NEW, open=True, why_not=None, cost_low=low, cost_expected=s.new_price,
        cost_high=high, failure_cost=0.0, success_probability=1.0, life_years=life_new,
        energy_kwh_per_year=new_energy, co2e_kg=category.embodied_co2e_kg,
    )  # fmt: skip
    return (seller, cafe, diy, professional, refurbished, new)


def _decision_inputs(s: _Situation) -> DecisionInputs:
    return DecisionInputs(
        routes=_routes(s),
        electricity_price_eur_per_kwh=s.parameters.electricity_price_eur_per_kwh,
        grid_co2e_kg_per_kwh=s.parameters.grid_co2e_kg_per_kwh,
        new_energy_kwh_per_year=s.category.energy_kwh_per_year or 0.0,
        doubt_band=s.parameters.doubt_band,
        diagnosis_fee_eur=float(s.category.callout_fee_eur),
        repair_cost_quoted=s.repair_cost_quoted,
        new_price_known=s.new_price_known,
    )


def _facts(
    *, s: _Situation, result: DecisionResult, symptom_slugs: list[str], age_years: float | None,
    language: str, cost_source: str, new_price_source: str, model_version: str,
) -> VerdictFacts:  # fmt: skip
    """Every number of the verdict, rounded as shown to people (and as the API returns them)."""
    money = lambda value: round(value, 2)  # noqa: E731
    years = lambda value: round(value, 1)  # noqa: E731
    category = s.category
    with translation.override(language):
        text = guarantee_text(s.guarantee_status, s.guarantee_cause, s.expected_lifetime_years)
        category_name = category.name(language)
        symptom_names = {x.slug: x.name(language) for x in category.symptoms.all()}
        routes = [
            RouteFacts(
                route=r.route,
                name=route_name(r.route),
                open=r.open,
                why_not=None
                if r.open
                else route_why_not(r.why_not, expected_years=s.expected_lifetime_years),
                cost_eur=CostBand(money(r.cost_low), money(r.cost_expected), money(r.cost_high)),
                success_probability=round(r.success_probability, 2),
                life_years=years(r.life_years),
                annual_cost_eur=money(r.annual_cost_eur),
                co2e_kg_per_year=round(r.co2e_kg_per_year, 1),
            )
            for r in result.routes
        ]
    best_repair = result.route(result.best_repair_route or PROFESSIONAL)
    best_replacement = result.route(result.best_replacement_route)
    professional = result.route(PROFESSIONAL)
    threshold = s.parameters.fifty_percent_rule_threshold * s.new_price
    remaining = weibull_mean_residual_life(
        category.lifetime_weibull_shape, category.lifetime_weibull_scale_years, s.age
    )
    return VerdictFacts(
        category=category.slug,
        category_name=category_name,
        symptoms=symptom_slugs,
        symptom_names=[symptom_names[slug] for slug in symptom_slugs],
        age_years=age_years,
        assumed_age_years=years(s.age),
        language=language,
        verdict=result.verdict,
        confidence=result.confidence,
        recommended_route=result.recommended_route,
        routes=routes,
        success_probability=round(professional.success_probability, 2),
        repair_cost_eur=RepairCost(
            money(s.repair_cost.low),
            money(s.repair_cost.expected),
            money(s.repair_cost.high),
            cost_source,
        ),
        diagnosis_fee_eur=money(float(category.callout_fee_eur)),
        new_price_eur=money(s.new_price),
        new_price_source=new_price_source,
        remaining_life_years=years(remaining),
        new_life_years=years(
            weibull_mean(category.lifetime_weibull_shape, category.lifetime_weibull_scale_years)
        ),
        annual_cost_eur=SidePair(
            money(best_repair.annual_cost_eur), money(best_replacement.annual_cost_eur)
        ),
        co2e_kg=SidePair(round(best_repair.co2e_kg, 1), round(best_replacement.co2e_kg, 1)),
        co2e_kg_per_year=SidePair(
            round(best_repair.co2e_kg_per_year, 1), round(best_replacement.co2e_kg_per_year, 1)
        ),
        break_even_repair_cost_eur=None
        if result.break_even_repair_cost_eur is None
        else money(result.break_even_repair_cost_eur),
        repair_never_pays=result.repair_never_pays,
        guarantee=GuaranteeFacts(
            status=s.guarantee_status,
            cause=s.guarantee_cause,
            expected_lifetime_years=s.expected_lifetime_years,
            text=text,
            legal_expected_lifetime_years=s.expected_lifetime_years,
            notice=text,
        ),
        fifty_percent_rule=FiftyPercentRule(
            verdict=REPLACE if s.repair_cost.expected > threshold else REPAIR,
            threshold_eur=money(threshold),
        ),
        model_version=model_version,
    )


def _symptom_prior(symptoms: list[Symptom]) -> float | None:
    """The lowest prior of a chosen symptom that is repaired far less often than its category."""
    overrides = [x.professional_success_prior for x in symptoms if x.professional_success_prior]
    return min(overrides, default=None)


def verdict_evaluate(
    *, category: Category, symptom_slugs: list[str], age_years: float | None = None,
    brand: str = "", purchase_price_eur: Decimal | None = None,
    repair_quote_eur: Decimal | None = None, description: str = "", postcode: str = "",
    language: str = "nl",
) -> tuple[dict, str | None]:  # fmt: skip
    """The verdict's facts for these inputs, and the id of the model version that made them."""
    parameters = decision_parameters()
    reference = category_reference(
        category, baseline_success_probability=parameters.baseline_success_probability
    )
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
    by_slug = {x.slug: x for x in category.symptoms.all()}
    symptoms = [by_slug[slug] for slug in symptom_slugs]
    low, high = SUCCESS_PROBABILITY_BOUNDS
    community_success = min(max(predictor.success_probability(case, reference), low), high)
    symptom_prior = _symptom_prior(symptoms)
    if symptom_prior is not None:
        # A fault that repairers rarely fix (a cracked TV panel: the panel costs about a new set)
        # is no likelier to be fixed by volunteers: the symptom's prior caps the Café's chance.
        community_success = min(community_success, symptom_prior)
    professional = predictor.professional_success(
        case,
        prior=category.professional_success_prior if symptom_prior is None else symptom_prior,
        prior_strength=parameters.professional_success_prior_strength,
    )
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
    age = age_years
    if age is None:
        age = parameters.unknown_age_fraction_of_lifetime * weibull_median(
            category.lifetime_weibull_shape, category.lifetime_weibull_scale_years
        )
    cause = fault_cause([x.cause for x in symptoms], description)
    expected_years = expected_lifetime_years(
        base_years=category.legal_expected_lifetime_years,
        typical_price_eur=category.new_price_typical_eur,
        price_paid_eur=float(purchase_price_eur) if purchase_price_eur else None,
        years_per_price_doubling=parameters.expected_lifetime_years_per_price_doubling,
    )
    situation = _Situation(
        category=category,
        symptoms=symptoms,
        age=age,
        parameters=parameters,
        new_price=new_price,
        new_price_known=bool(purchase_price_eur),
        repair_cost=cost,
        repair_cost_quoted=repair_quote_eur is not None,
        community_success=community_success,
        professional_success=min(max(professional.probability, low), high),
        guarantee_status=guarantee_assess(
            age_years=age_years, cause=cause, expected_years=expected_years
        ),
        guarantee_cause=cause,
        expected_lifetime_years=expected_years,
    )
    result = decide(_decision_inputs(situation))
    facts = _facts(
        s=situation,
        result=result,
        symptom_slugs=symptom_slugs,
        age_years=age_years,
        language=language,
        cost_source=cost_source,
        new_price_source=new_price_source,
        model_version=predictor.version_label,
    )
    return facts.to_json(), predictor.version_id


@dataclass(frozen=True)
class VerdictInput:
    """The input of one verdict with every domain rule applied once (verdict_input_check):
    the category found, the symptoms its own, brand and postcode normalised."""

    category: Category
    symptom_slugs: list[str]
    age_years: float | None
    brand: str
    purchase_price_eur: Decimal | None
    repair_quote_eur: Decimal | None
    description: str
    postcode: str
    language: str


class VerdictInputInvalid(DomainError):
    """Input that breaks the rules: `errors` name every field at once ({field: [message]})."""

    def __init__(self, errors: dict[str, list[str]]):
        field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=field)
        self.errors = errors

    def payload(self) -> dict:
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}


def _range_error(field: str, value) -> str | None:
    if field == "age_years":
        if not (math.isfinite(value) and 0 <= value <= MAX_AGE_YEARS):
            return _("Age must be between 0 and %(max)s years.") % {"max": MAX_AGE_YEARS}
        return None
    if not (0 <= value <= MAX_PRICE_EUR):
        return _("Must be between 0 and %(max)s EUR.") % {"max": MAX_PRICE_EUR}
    return None


def verdict_input_check(
    values: dict, *, unparsed: frozenset[str] | set[str] = frozenset()
) -> tuple[VerdictInput | None, dict[str, list[str]]]:
    """Every domain rule of a verdict's input, each applied once, with every error at once.

    `values` as the entry point parsed them (the API's serializer, the advice form): `category`
    a slug or the Category the form resolved from an everyday name. Fields in `unparsed` failed
    their own parsing; their error is the caller's and they are not checked again.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    category = values.get("category")
    if not isinstance(category, Category) and "category" not in unparsed:
        slug = str(category or "")
        category = category_get_for_verdict(slug=slug)
        if category is None:
            fail("category", unknown_category_message(slug))
    symptom_slugs = list(dict.fromkeys(values.get("symptoms") or []))
    if isinstance(category, Category) and "symptoms" not in unparsed:
        known = {s.slug for s in category.symptoms.all()}
        if unknown := [slug for slug in symptom_slugs if slug not in known]:
            fail("symptoms", unknown_symptoms_message(category, unknown))
    for field in ("age_years", "purchase_price_eur", "repair_quote_eur"):
        value = values.get(field)
        if value is not None and field not in unparsed and (problem := _range_error(field, value)):
            fail(field, problem)
    description = values.get("description") or ""
    if len(description) > MAX_DESCRIPTION_LENGTH:
        fail("description", _("At most %(max)s characters.") % {"max": MAX_DESCRIPTION_LENGTH})
    elif has_nul(description):
        fail("description", _("Null characters are not allowed."))
    brand = brand_clean(values.get("brand"))
    if len(brand) > MAX_BRAND_LENGTH:
        fail("brand", _("At most %(max)s characters.") % {"max": MAX_BRAND_LENGTH})
    elif message := brand_error_message(brand):
        fail("brand", message)
    language = values.get("language") or "nl"
    if language not in Verdict.Language.values and "language" not in unparsed:
        fail("language", _("Language must be 'nl' or 'en'."))
    postcode = ""
    if "postcode" not in unparsed:
        try:
            postcode = postcode_normalize(values.get("postcode"))
        except ValueError:
            fail("postcode", postcode_error_message())
    if errors or unparsed:
        return None, errors
    return (
        VerdictInput(
            category=category,
            symptom_slugs=symptom_slugs,
            age_years=values.get("age_years"),
            brand=brand,
            purchase_price_eur=values.get("purchase_price_eur"),
            repair_quote_eur=values.get("repair_quote_eur"),
            description=description,
            postcode=postcode,
            language=language,
        ),
        {},
    )


def verdict_create(
    *, category_slug: str, symptom_slugs: list[str] | None = None, age_years: float | None = None,
    brand: str = "", purchase_price_eur: Decimal | None = None,
    repair_quote_eur: Decimal | None = None, description: str = "", postcode: str = "",
    language: str = "nl",
) -> Verdict:  # fmt: skip
    """Check the input (raises VerdictInputInvalid naming every bad field) and create the verdict;
    for callers that have not checked it themselves."""
    checked, errors = verdict_input_check(
        {
            "category": category_slug,
            "symptoms": symptom_slugs,
            "age_years": age_years,
            "brand": brand,
            "purchase_price_eur": purchase_price_eur,
            "repair_quote_eur": repair_quote_eur,
            "description": description,
            "postcode": postcode,
            "language": language,
        }  # fmt: skip
    )
    if errors:
        raise VerdictInputInvalid(errors)
    return verdict_create_checked(checked)


def verdict_create_checked(checked: VerdictInput) -> Verdict:
    """Decide repair or replace for input that verdict_input_check passed, and store it."""
    inputs = vars(checked)  # the checked fields are verdict_evaluate's and the row's alike
    facts, model_version_id = verdict_evaluate(**inputs)
    verdict = Verdict(
        **inputs,
        outcome=facts["verdict"],
        confidence=facts["confidence"],
        facts=facts,
        model_version_id=model_version_id,
    )
    # The explainer sets the explanation fields now, so the verdict is one INSERT, and schedules
    # a language model's explanation after it (the worker must find the verdict).
    verdict_evaluated.send(sender=Verdict, verdict=verdict)
    verdict.save(force_insert=True)
    verdict_stored.send(sender=Verdict, verdict=verdict)
    return verdict
