"""Rate-limit counters: one hit per call, windows per key, and an unreachable cache raises (the
throttles then let the request through)."""

import os
import time
import uuid

import pytest
from django.core.cache import caches

from common.throttling import window_hit

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
CACHE_KINDS = ["local"] + (["redis"] if os.environ.get("REDIS_URL") else [])


@pytest.fixture(params=CACHE_KINDS)
def cache_kind(request, settings):
    if request.param == "local":
        settings.CACHES = LOCAL
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
            }
        }
    return request.param


@pytest.fixture
def key():
    """A key of this test alone: the tests share Redis with others, so nothing is flushed."""
    return f"test:{uuid.uuid4().hex}"


def test_each_call_counts_one_more_hit(cache_kind, key):
    hits = [window_hit(key=key, period_seconds=60)[0] for _ in range(3)]

    assert hits == [1, 2, 3]


def test_keys_are_counted_apart(cache_kind, key):
    window_hit(key=f"{key}:first", period_seconds=60)

    assert window_hit(key=f"{key}:second", period_seconds=60)[0] == 1


def test_the_remaining_time_lies_within_the_window(cache_kind, key):
    _, remaining = window_hit(key=key, period_seconds=60)

    assert 0 < remaining <= 60


def test_the_counter_is_readable_through_the_cache_api(cache_kind, key):
    """The Redis pipeline must store what cache.get() and cache.incr() understand: plain ints."""
    window_hit(key=key, period_seconds=3600)
    window_hit(key=key, period_seconds=3600)
    window_key = f"{key}:{int(time.time() // 3600)}"

    assert caches["default"].get(window_key) == 2


def test_an_unreachable_redis_raises_for_the_caller_to_fail_open(settings):
    settings.CACHES = UNREACHABLE_REDIS

    with pytest.raises(Exception):  # noqa: B017,PT011 - redis' ConnectionError, whichever kind
        window_hit(key="test:down", period_seconds=60)
