"""Reads from the catalogue."""

import logging
import time
import uuid

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.db.models.signals import post_delete, post_save

from appliances.models import Category, ReferenceParameter, Symptom
from appliances.parameters import DecisionParameters, decision_parameters_from

logger = logging.getLogger(__name__)


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
# the catalogue, so each process keeps them in memory. Every catalogue save or delete writes a new
# catalogue version to the shared cache (Redis when configured); each process compares it at most
# once a second, so an edit made anywhere reaches every process's verdicts within a second (at
# once in the process that made it). Should the shared cache be unreachable, the copies still
# expire after CATALOGUE_CACHE_SECONDS.
CATALOGUE_CACHE_SECONDS = 300.0
CATALOGUE_VERSION_KEY = "catalogue:version"
CATALOGUE_VERSION_CHECK_SECONDS = 1.0
_catalogue_cache: dict[str, tuple[float, object]] = {}
_version_seen: dict[str, object] = {"version": None, "checked_at": float("-inf")}


def _shared_catalogue_version():
    try:
        return cache.get(CATALOGUE_VERSION_KEY)
    except Exception:  # noqa: BLE001 - Redis down: the per-process copies expire on their own
        return _version_seen["version"]


def catalogue_cached(key: str, load):
    """`load()` once per process and catalogue version (misses are not kept)."""
    now = time.monotonic()
    if now - _version_seen["checked_at"] >= CATALOGUE_VERSION_CHECK_SECONDS:
        version = _shared_catalogue_version()
        if version != _version_seen["version"]:
            _catalogue_cache.clear()
            _version_seen["version"] = version
        _version_seen["checked_at"] = now
    hit = _catalogue_cache.get(key)
    if hit is not None and now - hit[0] < CATALOGUE_CACHE_SECONDS:
        return hit[1]
    value = load()
    if value is not None:  # misses are not kept: unknown slugs must not grow the cache
        _catalogue_cache[key] = (now, value)
    return value


def catalogue_cache_clear(**kwargs) -> None:
    """Forget this process's copies (tests; an edit the signals cannot see, e.g. update())."""
    _catalogue_cache.clear()


def catalogue_changed(**kwargs) -> None:
    """A catalogue row was saved or deleted: a new version for every process, and this one's
    copies forgotten at once (connected to the catalogue models' save and delete)."""
    catalogue_cache_clear()
    version = uuid.uuid4().hex
    try:
        cache.set(CATALOGUE_VERSION_KEY, version, timeout=None)
    except Exception:  # noqa: BLE001 - other processes then see the edit when their copies expire
        logger.warning("Catalogue version not shared (cache down); others update within %s s",
                       CATALOGUE_CACHE_SECONDS)  # fmt: skip
    _version_seen["version"] = version


def category_get_for_verdict(*, slug: str) -> Category | None:
    """The category with its symptoms prefetched, from the per-process cache.

    The instance is shared between requests of this process: read it, never change it.
    """
    return catalogue_cached(
        f"category:{slug}",
        lambda: Category.objects.filter(slug=slug).prefetch_related("symptoms").first(),
    )


def decision_parameters() -> DecisionParameters:
    """The typed global figures of the decision model, from the per-process cache."""
    return catalogue_cached(
        "decision_parameters", lambda: decision_parameters_from(reference_parameters())
    )


for _model in (Category, Symptom, ReferenceParameter):
    post_save.connect(catalogue_changed, sender=_model, dispatch_uid=f"catalogue-{_model}")
    post_delete.connect(catalogue_changed, sender=_model, dispatch_uid=f"catalogue-d-{_model}")
