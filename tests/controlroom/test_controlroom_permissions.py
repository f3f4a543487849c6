"""Roles are Django groups; every control-room page checks its permission (403 otherwise)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from controlroom.roles import COALITION_STAFF, DATA_STEWARD
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_setup_roles_is_idempotent(roles):
    counts = {group.name: group.permissions.count() for group in Group.objects.all()}

    call_command("setup_roles", verbosity=0)

    assert {group.name: group.permissions.count() for group in Group.objects.all()} == counts


def test_only_the_data_steward_role_may_import_prices_and_manage_models(roles):
    staff = set(
        Group.objects.get(name=COALITION_STAFF).permissions.values_list("codename", flat=True)
    )
    steward = set(
        Group.objects.get(name=DATA_STEWARD).permissions.values_list("codename", flat=True)
    )
    custom = {"import_pricerecord", "retrain_modelversion", "promote_modelversion"}

    assert custom <= steward
    assert not custom & staff
    assert {"change_category", "view_verdict", "view_pricerecord"} <= staff
    assert "change_pricerecord" not in staff


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("controlroom:dashboard"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "controlroom:price-import", []),
        ("post", "controlroom:price-import", []),
        ("post", "controlroom:price-import-confirm", []),
        ("post", "controlroom:retrain", []),
        ("get", "controlroom:retrain-status", ["abc"]),
        ("get", "controlroom:model-promote", ["00000000-0000-0000-0000-000000000001"]),
        ("post", "controlroom:model-rollback", ["00000000-0000-0000-0000-000000000001"]),
    ],
)
def test_coalition_staff_are_forbidden_steward_actions(staff_client, method, name, args):
    response = getattr(staff_client, method)(reverse(name, args=args))

    assert response.status_code == 403


def test_coalition_staff_see_the_dashboard_and_model_versions(staff_client):
    assert staff_client.get(reverse("controlroom:dashboard")).status_code == 200
    response = staff_client.get(reverse("controlroom:model-compare"))
    assert response.status_code == 200
    assert b"Retrain now" not in response.content


def test_staff_without_a_role_cannot_see_the_dashboard(client, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x-12345678", is_staff=True)
    client.force_login(user)

    assert client.get(reverse("controlroom:dashboard")).status_code == 403


def test_coalition_staff_can_edit_the_catalogue_but_not_price_records(staff_client):
    assert staff_client.get(reverse("admin:appliances_category_add")).status_code == 200
    assert staff_client.get(reverse("admin:prices_pricerecord_add")).status_code == 403
    assert staff_client.get(reverse("admin:prices_pricerecord_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["maintenancetask", "secondlifelocation"])
def test_coalition_staff_can_edit_the_maintenance_catalogue(staff_client, model):
    assert staff_client.get(reverse(f"admin:maintenance_{model}_add")).status_code == 200


@pytest.mark.parametrize("action", ["rotate_widget_key", "rotate_api_token"])
def test_only_administrators_may_rotate_partner_credentials(
    client, coalition_staff, data_steward, administrator, action
):
    partner = PartnerFactory()
    before = (partner.public_key, partner.api_token_hash)
    url = reverse("admin:partners_partner_changelist")
    form = {"action": action, "_selected_action": [partner.pk], "index": 0}

    for user in (coalition_staff, data_steward):
        client.force_login(user)
        assert action not in client.get(url).content.decode()
        client.post(url, form)
        partner.refresh_from_db()
        assert (partner.public_key, partner.api_token_hash) == before, user

    client.force_login(administrator)
    assert action in client.get(url).content.decode()
    client.post(url, form)
    partner.refresh_from_db()
    assert (partner.public_key, partner.api_token_hash) != before


def test_data_steward_opens_the_import_page(steward_client):
    assert steward_client.get(reverse("controlroom:price-import")).status_code == 200


def test_verdicts_and_model_versions_are_read_only_even_for_administrators(client, administrator):
    client.force_login(administrator)

    assert client.get(reverse("admin:repair_advice_verdict_add")).status_code == 403
    assert client.get(reverse("admin:ml_modelversion_add")).status_code == 403
    assert client.get(reverse("admin:repair_advice_verdict_changelist")).status_code == 200


def test_catalogue_changes_are_recorded_with_who_made_them(
    staff_client, coalition_staff, catalogue
):
    from appliances.models import ReferenceParameter

    parameter = ReferenceParameter.objects.get(key="displacement_factor")
    url = reverse("admin:appliances_referenceparameter_change", args=[parameter.pk])
    form = {
        "key": parameter.key,
        "description": parameter.description,
        "value": "0.4",
        "unit": parameter.unit,
        "source": "Estimate: test change.",
    }

    response = staff_client.post(url, form)

    assert response.status_code == 302
    latest = parameter.history.first()
    assert latest.value == 0.4
    assert latest.history_user == coalition_staff
    history = staff_client.get(
        reverse("admin:appliances_referenceparameter_history", args=[parameter.pk])
    )
    assert history.status_code == 200
