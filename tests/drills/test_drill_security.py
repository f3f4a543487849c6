"""Drill: abuse at the front door. Rate limits answer 429, forms need their CSRF token, logins
lock out, and markup typed into a form comes back escaped."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from common.throttling import ResilientScopedRateThrottle

pytestmark = pytest.mark.django_db

VERDICT = {"category": "washing-machine", "age_years": 5}


def _post_verdict(client):
    return client.post("/api/v1/verdicts/", json.dumps(VERDICT), content_type="application/json")


def test_verdict_api_answers_429_over_its_rate(client, catalogue, monkeypatch):
    monkeypatch.setattr(ResilientScopedRateThrottle, "THROTTLE_RATES", {"verdicts": "3/min"})

    responses = [_post_verdict(client) for _ in range(4)]

    assert [r.status_code for r in responses] == [201, 201, 201, 429]
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60


def test_advice_form_without_csrf_token_is_refused(catalogue):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("advice"), {"category": "washing-machine", "age_years": "5"})

    assert response.status_code == 403


def test_advice_form_with_its_csrf_token_is_accepted(catalogue):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("advice"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("advice"),
        {"category": "washing-machine", "age_years": "5", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


def test_logins_lock_out_after_the_failure_limit(client, settings):
    User.objects.create_user("staff-member", password="the-right-password-123", is_staff=True)
    login_url = reverse("admin:login")
    wrong = {"username": "staff-member", "password": "wrong"}

    failures = [
        client.post(login_url, wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = client.post(
        login_url, {"username": "staff-member", "password": "the-right-password-123"}
    )

    assert set(failures[:-1]) == {200}  # the form again, with an error
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_markup_typed_into_the_advice_form_is_escaped_on_the_verdict_page(client, catalogue):
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    response = client.post(
        reverse("advice"),
        {"category": "washing-machine", "age_years": "5", "brand": markup[:80],
         "description": markup},
        follow=True,
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
