"""What the decision model asks of the learned models, and the fallback when none is trained.

`Predictor` is the interface the verdict service uses. `TrainedPredictor` (ml/trained.py) serves
a versioned artifact; `ReferencePredictor` serves catalogue figures only, for a site with no model
yet.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ApplianceCase:
    """The facts about one broken appliance that the models may use."""

    category_slug: str
    ords_category: str
    symptom_slugs: tuple[str, ...] = ()
    age_years: float | None = None
    brand: str = ""
    description: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class CategoryReference:
    """Catalogue figures for the case's category (the cost model's prior and fallback)."""

    callout_fee_eur: float
    repair_cost_low_eur: float
    repair_cost_high_eur: float
    symptom_cost_factors: dict[str, float]
    baseline_success_probability: float


@dataclass(frozen=True)
class CostEstimate:
    """Total repair price in EUR, including the call-out/diagnosis fee."""

    low: float
    expected: float
    high: float


@dataclass(frozen=True)
class ProfessionalSuccess:
    """Chance that a professional repair succeeds, and the outcomes it was learned from (the
    counts are those of the symptom cell or category pool behind the estimate; 0 = prior only)."""

    probability: float
    repaired: int = 0
    not_repairable: int = 0


class Predictor(Protocol):
    version_id: str | None
    version_label: str

    def success_probability(self, case: ApplianceCase, reference: CategoryReference) -> float: ...

    def repair_cost(self, case: ApplianceCase, reference: CategoryReference) -> CostEstimate: ...

    def professional_success(
        self, case: ApplianceCase, *, prior: float, prior_strength: float
    ) -> ProfessionalSuccess: ...

    def suggest_symptoms(self, case: ApplianceCase, candidates: dict[str, str]) -> list[str]: ...


def reference_repair_cost(case: ApplianceCase, reference: CategoryReference) -> CostEstimate:
    """Category range scaled by the dearest chosen symptom, plus the call-out fee."""
    factors = [reference.symptom_cost_factors.get(slug, 1.0) for slug in case.symptom_slugs]
    factor = max(factors, default=1.0)
    low = reference.repair_cost_low_eur * factor
    high = reference.repair_cost_high_eur * factor
    fee = reference.callout_fee_eur
    return CostEstimate(low=fee + low, expected=fee + (low + high) / 2, high=fee + high)


def keyword_symptom_suggestions(text: str, candidates: dict[str, str]) -> list[str]:
    """Symptoms whose keywords (comma-separated) occur in the text, best match first."""
    lowered = f" {text.lower()} "
    scored = []
    for slug, keywords in candidates.items():
        hits = sum(1 for word in keywords.split(",") if word.strip() and word.strip() in lowered)
        if hits:
            scored.append((-hits, slug))
    return [slug for _, slug in sorted(scored)]


class ReferencePredictor:
    """Catalogue-only predictions, used until a model version is active."""

    version_id = None
    version_label = "reference"

    def success_probability(self, case: ApplianceCase, reference: CategoryReference) -> float:
        return reference.baseline_success_probability

    def repair_cost(self, case: ApplianceCase, reference: CategoryReference) -> CostEstimate:
        return reference_repair_cost(case, reference)

    def suggest_symptoms(self, case: ApplianceCase, candidates: dict[str, str]) -> list[str]:
        return keyword_symptom_suggestions(case.description, candidates)

    def professional_success(
        self, case: ApplianceCase, *, prior: float, prior_strength: float
    ) -> ProfessionalSuccess:
        return ProfessionalSuccess(probability=prior, repaired=0, not_repairable=0)
