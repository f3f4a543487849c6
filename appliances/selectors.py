"""Reads from the catalogue."""

import time

from django.db.models import Prefetch, QuerySet
from django.db.models.signals import post_delete, post_save

from appliances.models import Category, ReferenceParameter, Symptom
from appliances.parameters import DecisionParameters, decision_parameters_from


def category_list() -> QuerySet[Category]:
    return Category.objects.prefetch_related(
        Prefetch("symptoms", queryset=Symptom.objects.order_by("position", "slug"))
    ).order_by("name_nl")


def category_get(*, slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


# Longer than the longest slug or name of Category (name_nl/name_en: max_length 80).
CATEGORY_TEXT_MAX_LENGTH = 80


def category_find(*, text: str) -> Category | None:
    """A category by slug or by its Dutch or English name (case-insensitive), as typed in a form.

    Text longer than any name is no category: it never reaches a query (SQLite refuses a LIKE
    pattern of 50,000 bytes with an error, and a long pattern costs every request).
    """
    text = text.strip()
    if not text or len(text) > CATEGORY_TEXT_MAX_LENGTH:
        return None
    return (
        Category.objects.filter(slug=text.lower()).first()
        or Category.objects.filter(name_nl__iexact=text).first()
        or Category.objects.filter(name_en__iexact=text).first()
    )


def reference_parameters() -> dict[str, float]:
    """All global figures of the decision model, by key."""
    return dict(ReferenceParameter.objects.values_list("key", "value"))


# A verdict reads the same few catalogue rows on every request. They change only when staff edit
# the catalogue, so each process keeps them for a short while: an edit made in another process
# reaches verdicts within CATALOGUE_CACHE_SECONDS; one made in this process at once (see below).
CATALOGUE_CACHE_SECONDS = 30.0
_catalogue_cache: dict[str, tuple[float, object]] = {}


def _cached(key: str, load):
    now = time.monotonic()
    hit = _catalogue_cache.get(key)
    if hit is not None and now - hit[0] < CATALOGUE_CACHE_SECONDS:
        return hit[1]
    value = load()
    if value is not None:  # misses are not kept: unknown slugs must not grow the cache
        _catalogue_cache[key] = (now, value)
    return value


def catalogue_cache_clear(**kwargs) -> None:
    """Forget the per-process copies (also connected to every catalogue save and delete)."""
    _catalogue_cache.clear()


def category_get_for_verdict(*, slug: str) -> Category | None:
    """The category with its symptoms prefetched, from the per-process cache.

    The instance is shared between requests of this process: read it, never change it.
    """
    return _cached(
        f"category:{slug}",
        lambda: Category.objects.filter(slug=slug).prefetch_related("symptoms").first(),
    )


def decision_parameters() -> DecisionParameters:
    """The typed global figures of the decision model, from the per-process cache."""
    return _cached("decision_parameters", lambda: decision_parameters_from(reference_parameters()))


for _model in (Category, Symptom, ReferenceParameter):
    post_save.connect(catalogue_cache_clear, sender=_model, dispatch_uid=f"catalogue-{_model}")
    post_delete.connect(catalogue_cache_clear, sender=_model, dispatch_uid=f"catalogue-d-{_model}")
