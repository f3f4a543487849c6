"""Finding 13: no role can raise itself through the user and group pages of the admin."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from controlroom.roles import ADMINISTRATORS

pytestmark = pytest.mark.django_db


def _user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
        "date_joined_0": "2025-01-01",
        "date_joined_1": "00:00:00",
        **changes,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_an_administrator_cannot_make_itself_superuser(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[administrator.pk])

    response = client.post(url, _user_form(administrator, is_superuser="on"))

    administrator.refresh_from_db()
    assert response.status_code == 302
    assert not administrator.is_superuser


def test_an_administrator_cannot_give_itself_a_permission_it_lacks(client, administrator):
    client.force_login(administrator)
    lacking = Permission.objects.get(codename="delete_logentry", content_type__app_label="admin")
    assert not administrator.has_perm("admin.delete_logentry")
    url = reverse("admin:auth_user_change", args=[administrator.pk])

    response = client.post(url, _user_form(administrator, user_permissions=[lacking.pk]))

    assert response.status_code == 200
    assert "admin.delete_logentry" in response.content.decode()
    assert not User.objects.get(pk=administrator.pk).has_perm("admin.delete_logentry")


def test_an_administrator_cannot_give_its_group_a_permission_it_lacks(client, administrator):
    client.force_login(administrator)
    group = Group.objects.get(name=ADMINISTRATORS)
    lacking = Permission.objects.get(codename="change_logentry", content_type__app_label="admin")
    url = reverse("admin:auth_group_change", args=[group.pk])
    permissions = [*group.permissions.values_list("pk", flat=True), lacking.pk]

    response = client.post(url, {"name": group.name, "permissions": permissions})

    assert response.status_code == 200
    assert not group.permissions.filter(pk=lacking.pk).exists()


def test_an_administrator_may_give_a_permission_it_holds(client, administrator, coalition_staff):
    client.force_login(administrator)
    held = Permission.objects.get(codename="import_pricerecord")
    url = reverse("admin:auth_user_change", args=[coalition_staff.pk])

    response = client.post(url, _user_form(coalition_staff, user_permissions=[held.pk]))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=coalition_staff.pk).has_perm("prices.import_pricerecord")


def test_an_administrator_cannot_take_over_a_superuser_account(client, administrator):
    root = User.objects.create_superuser("root", "root@example.org", "root-password-123456")
    client.force_login(administrator)

    change = client.post(
        reverse("admin:auth_user_change", args=[root.pk]),
        _user_form(root, email="attacker@example.org", is_superuser="on"),
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "taken-over-12345", "password2": "taken-over-12345"},
    )

    root.refresh_from_db()
    assert change.status_code == password.status_code == 403
    assert root.email == "root@example.org"
    assert root.check_password("root-password-123456")
