"""Administrators set up location staff in the admin; checks there are read-only."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse

from appliances.models import Category
from reuse.services import reuse_check_create
from tests.partners.factories import PartnerFactory


def test_admin_lists_staff_checks_outcomes_and_versions_and_checks_cannot_be_edited(
    client, staff_a, milieustraat_a
):
    PartnerFactory(name="Witgoed Reparatie Jansen", kind="repair_shop")
    admin = User.objects.create_superuser(username="beheer", password="x-Strong-1")
    check = reuse_check_create(
        location=milieustraat_a, user=staff_a, category=Category.objects.get(slug="fan"),
        age_years=Decimal(1), condition="works",
    )  # fmt: skip
    client.force_login(admin)
    for model in ("locationstaff", "reusecheck", "reuseoutcome", "reusemodelversion"):
        assert client.get(reverse(f"admin:reuse_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:reuse_reusecheck_change", args=[check.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    add_staff = client.get(reverse("admin:reuse_locationstaff_add")).content.decode()
    assert milieustraat_a.name in add_staff  # only pilot locations can be chosen
    assert "Witgoed Reparatie Jansen" not in add_staff
