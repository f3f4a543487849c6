"""Loading the shipped catalogue: every row valid as PostgreSQL would check it, and --overwrite
brings categories, symptoms and parameters back to the file."""

import pytest
from django.core.management import call_command

from appliances.models import Category, ReferenceParameter, Symptom
from appliances.services import catalogue_load

pytestmark = pytest.mark.django_db


def test_every_shipped_row_passes_model_validation(catalogue):
    for model in (Category, Symptom, ReferenceParameter):
        for row in model.objects.all():
            row.full_clean()


def test_every_symptom_has_a_cause_and_diy_fixes_are_complete(catalogue):
    assert set(Symptom.objects.values_list("cause", flat=True)) <= {"defect", "damage", "unknown"}
    assert Symptom.objects.filter(cause="damage").exists()
    for symptom in Symptom.objects.exclude(diy_success_probability=None):
        assert symptom.diy_parts_cost_low_eur <= symptom.diy_parts_cost_high_eur


def test_overwrite_restores_symptoms_and_parameters_from_the_file(catalogue):
    symptom = Symptom.objects.get(category__slug="smartphone", slug="broken-screen")
    symptom.cause = "defect"
    symptom.save()
    ReferenceParameter.objects.filter(key="doubt_band").update(value=0.5)

    catalogue_load(overwrite=True)

    symptom.refresh_from_db()
    assert symptom.cause == "damage"
    assert ReferenceParameter.objects.get(key="doubt_band").value == 0.15


def test_a_plain_load_keeps_staff_edits(catalogue):
    ReferenceParameter.objects.filter(key="doubt_band").update(value=0.2)
    call_command("load_catalogue", verbosity=0)
    assert ReferenceParameter.objects.get(key="doubt_band").value == 0.2
