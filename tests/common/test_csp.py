"""Finding 14: a Content-Security-Policy on every page, with nonces and no inline scripts."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from common.csp import csp_directives
from repair_advice.services import verdict_create
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _pages(client) -> dict[str, str]:
    verdict = verdict_create(category_slug="washing-machine", age_years=3)
    partner = PartnerFactory()
    return {
        "landing": "/",
        "advice form": "/advies/",
        "verdict": verdict.get_absolute_url(),
        "statistics": "/statistieken/",
        "api docs": "/api/docs/",
        "admin login": f"/{settings.ADMIN_URL}login/",
        "widget": f"/widget/{partner.public_key}/",
        "not found": "/no-such-page/",
    }


def test_every_kind_of_page_has_a_policy_without_inline_scripts(client, catalogue):
    for name, path in _pages(client).items():
        response = client.get(path)
        policy = csp_directives(response["Content-Security-Policy"])

        assert policy["default-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in policy["script-src"], name
        assert "'unsafe-eval'" not in policy["script-src"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["base-uri"] == ["'self'"], name


def test_the_control_room_and_admin_pages_have_the_policy(client, catalogue):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-123456789"))

    for path in (f"/{settings.ADMIN_URL}", f"/{settings.ADMIN_URL}controlroom/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path


def test_the_inline_style_of_the_widget_carries_the_nonce_of_its_policy(client, catalogue):
    partner = PartnerFactory()

    response = client.get(f"/widget/{partner.public_key}/")

    nonce = csp_directives(response["Content-Security-Policy"])["style-src"][1]
    assert nonce.startswith("'nonce-")
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()


def test_the_widget_keeps_its_partners_frame_ancestors(client, catalogue):
    partner = PartnerFactory(allowed_origins=["https://shop.example"])

    response = client.get(f"/widget/{partner.public_key}/")

    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["https://shop.example"]
    assert "nonce" in " ".join(policy["style-src"])


def test_other_pages_may_not_be_framed(client, catalogue):
    response = client.get("/")

    assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
