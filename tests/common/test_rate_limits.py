"""Every public write and every LLM-backed read has a limit per client: a different
X-Forwarded-For per request does not escape it, a client behind our trusted proxy is counted by
its own address, and a refusal is a 429 with Retry-After (JSON for the API, a friendly page on
the site). A cache outage lets requests through."""

import json
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from common.throttling import ResilientScopedRateThrottle

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_rate_window")]

VERDICT = {"category": "washing-machine", "age_years": 5}
PROXY = "10.0.0.1"
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def low_api_rates(monkeypatch):
    monkeypatch.setattr(
        ResilientScopedRateThrottle,
        "THROTTLE_RATES",
        {"verdicts": "20/min", "symptom_suggestions": "20/min", "explanations": "20/min"},
    )


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_300_verdicts_with_rotating_forwarded_for_are_limited_without_trusted_proxies(
    client, catalogue, settings, low_api_rates
):
    settings.TRUSTED_PROXY_HOPS = 0

    statuses = [
        post_json(
            client, "/api/v1/verdicts/", VERDICT, HTTP_X_FORWARDED_FOR=f"203.0.{i // 256}.{i % 256}"
        ).status_code
        for i in range(300)
    ]

    assert statuses.count(201) == 20
    assert statuses.count(429) == 280


def test_explanation_polls_are_limited_per_client(client, catalogue, settings, low_api_rates):
    settings.TRUSTED_PROXY_HOPS = 0
    verdict_id = post_json(client, "/api/v1/verdicts/", VERDICT).json()["id"]
    url = f"/api/v1/verdicts/{verdict_id}/explanation/"

    responses = [client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}") for i in range(25)]

    assert [r.status_code for r in responses].count(200) == 20
    assert responses[-1].status_code == 429 and int(responses[-1]["Retry-After"]) > 0


def test_symptom_suggestions_with_rotating_forwarded_for_are_limited(
    client, catalogue, settings, low_api_rates
):
    settings.TRUSTED_PROXY_HOPS = 0
    settings.OPENAI_API_KEY = ""
    body = {"category": "washing-machine", "description": "Hij lekt water"}

    responses = [
        post_json(
            client, "/api/v1/symptom-suggestions/", body, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        )
        for i in range(30)
    ]

    assert [r.status_code for r in responses].count(200) == 20
    assert responses[-1].status_code == 429
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60
    assert "detail" in responses[-1].json()


def test_behind_one_proxy_each_client_is_counted_by_its_own_address(
    client, catalogue, settings, low_api_rates
):
    settings.TRUSTED_PROXY_HOPS = 1

    def verdict_from(real: str, spoofed: str):
        return post_json(
            client,
            "/api/v1/verdicts/",
            VERDICT,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{spoofed}, {real}",
        ).status_code

    # The left-most address is the client's own claim: changing it does not escape the limit.
    first = [verdict_from("203.0.113.5", f"1.1.1.{i}") for i in range(21)]
    second = verdict_from("198.51.100.7", "1.1.1.1")

    assert first[:20] == [201] * 20 and first[20] == 429
    assert second == 201


def test_a_flood_of_advice_form_posts_gets_a_friendly_429_page_with_retry_after(
    client, catalogue, settings
):
    settings.ADVICE_FORM_RATE_LIMIT = "5/min"
    form = {"category": "washing-machine", "age_years": "5"}

    responses = [
        client.post(reverse("advice"), form, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
        for i in range(8)
    ]

    assert [r.status_code for r in responses] == [302] * 5 + [429] * 3
    refused = responses[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "Te veel aanvragen" in page and "Wacht even en probeer het opnieuw." in page
    assert "over ongeveer 1 minuut opnieuw proberen" in page


def test_the_advice_form_page_itself_is_not_limited(client, catalogue, settings):
    settings.ADVICE_FORM_RATE_LIMIT = "1/min"

    assert {client.get(reverse("advice")).status_code for _ in range(3)} == {200}


def test_the_friendly_429_page_speaks_english_when_chosen(client, catalogue, settings):
    settings.ADVICE_FORM_RATE_LIMIT = "1/min"
    form = {"category": "washing-machine", "age_years": "5"}
    client.post(reverse("advice") + "?lang=en", form)

    refused = client.post(reverse("advice") + "?lang=en", form)

    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()


def test_an_unreachable_cache_lets_the_advice_form_through_and_is_tried_once_a_while(
    client, catalogue, settings, caplog
):
    settings.ADVICE_FORM_RATE_LIMIT = "1/min"
    settings.CACHES = UNREACHABLE_REDIS
    form = {"category": "washing-machine", "age_years": "5"}

    with caplog.at_level(logging.WARNING, logger="common.throttling"):
        statuses = [client.post(reverse("advice"), form).status_code for _ in range(3)]

    assert statuses == [302, 302, 302]
    skipped = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(skipped) == 1  # later requests skip the cache instead of waiting for it again


def test_a_login_lockout_of_one_client_does_not_lock_another_behind_the_same_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    User.objects.create_user("staff-member", password="the-right-password-123", is_staff=True)
    login_url = reverse("admin:login")
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(login_url, {"username": "staff-member", "password": "wrong"})
    right = {"username": "staff-member", "password": "the-right-password-123"}
    attacker_again = attacker.post(login_url, right)
    colleague_login = colleague.post(login_url, right)

    assert attacker_again.status_code == 429
    assert colleague_login.status_code == 302
    assert "_auth_user_id" in colleague.session
