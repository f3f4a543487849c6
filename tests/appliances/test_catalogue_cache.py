"""The per-process catalogue copies follow a shared catalogue version: an edit made in another
process reaches this one's verdicts within a second, not after the copies expire."""

import pytest
from django.core.cache import cache

from appliances import selectors
from appliances.models import Category
from appliances.selectors import CATALOGUE_VERSION_KEY, category_get_for_verdict

pytestmark = pytest.mark.django_db


def _next_version_check():
    selectors._version_seen["checked_at"] = float("-inf")  # a second has passed


def test_an_edit_in_another_process_is_seen_at_the_next_version_check(catalogue):
    category_get_for_verdict(slug="washing-machine")
    # Another process changes the price and writes a new catalogue version (update() bypasses
    # this process's signals, as a write elsewhere does).
    Category.objects.filter(slug="washing-machine").update(new_price_high_eur=999)
    cache.set(CATALOGUE_VERSION_KEY, "written-by-another-process", timeout=None)

    selectors._version_seen["checked_at"] = float("inf")  # checked a moment ago
    before_the_check = category_get_for_verdict(slug="washing-machine").new_price_high_eur
    _next_version_check()
    after_the_check = category_get_for_verdict(slug="washing-machine").new_price_high_eur

    assert (before_the_check, after_the_check) == (900, 999)


def test_a_save_here_writes_a_new_version_for_the_others(catalogue):
    before = cache.get(CATALOGUE_VERSION_KEY)
    category = Category.objects.get(slug="washing-machine")
    category.save()

    assert cache.get(CATALOGUE_VERSION_KEY) not in (None, before)
