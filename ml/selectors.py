"""Reads of model versions and of the catalogue figures the models need."""

from django.db.models import QuerySet

from appliances.models import Category
from appliances.selectors import decision_parameters
from ml.models import ModelVersion
from ml.predictor import CategoryReference
from prices.models import PriceRecord


def model_version_active() -> ModelVersion | None:
    """The version that serves verdicts, if any."""
    return ModelVersion.objects.filter(status=ModelVersion.Status.ACTIVE).first()


def model_version_list() -> QuerySet[ModelVersion]:
    """All versions, newest first."""
    return ModelVersion.objects.order_by("-created_at")


def model_version_get(*, label: str) -> ModelVersion | None:
    return ModelVersion.objects.filter(label=label).first()


def category_reference(
    category: Category, *, baseline_success_probability: float
) -> CategoryReference:
    """The catalogue figures of one category that the models fall back on."""
    return CategoryReference(
        callout_fee_eur=float(category.callout_fee_eur),
        repair_cost_low_eur=float(category.repair_cost_low_eur),
        repair_cost_high_eur=float(category.repair_cost_high_eur),
        symptom_cost_factors={s.slug: s.cost_factor for s in category.symptoms.all()},
        baseline_success_probability=baseline_success_probability,
    )


def category_references() -> dict[str, CategoryReference]:
    """The catalogue reference of every category by slug (the cost model's fallback)."""
    baseline = decision_parameters().baseline_success_probability
    categories = Category.objects.prefetch_related("symptoms")
    return {
        category.slug: category_reference(category, baseline_success_probability=baseline)
        for category in categories
    }


def model_demo_price_count(version) -> int:
    """How many synthetic demo prices the cost model of `version` was trained on (0 for none or no
    version): the data snapshot of its training run counts the price records per origin."""
    if version is None or not (version.metrics or {}).get("cost"):
        return 0
    origins = (version.data_snapshot or {}).get("price_origins") or {}
    return int(origins.get(PriceRecord.Origin.SYNTHETIC, 0))
