"""Reads from the catalogue."""

from django.db.models import Prefetch, QuerySet

from appliances.models import Category, ReferenceParameter, Symptom


def category_list() -> QuerySet[Category]:
    return Category.objects.prefetch_related(
        Prefetch("symptoms", queryset=Symptom.objects.order_by("position", "slug"))
    ).order_by("name_nl")


def category_get(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def category_find(*, text: str) -> Category | None:
    """A category by slug or by its Dutch or English name (case-insensitive), as typed in a form."""
    text = text.strip()
    if not text:
        return None
    return (
        Category.objects.filter(slug=text.lower()).first()
        or Category.objects.filter(name_nl__iexact=text).first()
        or Category.objects.filter(name_en__iexact=text).first()
    )


def reference_parameters() -> dict[str, float]:
    """All global figures of the decision model, by key."""
    return dict(ReferenceParameter.objects.values_list("key", "value"))
