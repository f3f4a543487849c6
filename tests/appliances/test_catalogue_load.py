"""Loading the shipped catalogue: every row valid as PostgreSQL would check it, and --overwrite
brings categories, symptoms and parameters back to the file."""

import io
import json

import pytest
from django.core.management import call_command

from appliances.models import Category, ReferenceParameter, Symptom
from appliances.services import CATALOGUE_FILE, catalogue_load

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


def _edited_catalogue(tmp_path, edit) -> str:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _raise_washing_machine_price(data):
    washing_machine = next(c for c in data["categories"] if c["slug"] == "washing-machine")
    washing_machine["new_price_eur"]["high"] = 950
    washing_machine["symptoms"][0]["cost_factor"] = 1.7
    data["parameters"][0]["value"] = 0.45


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_a_plain_load_prints_every_difference_from_the_file_and_keeps_the_database(
    catalogue, tmp_path
):
    path = _edited_catalogue(tmp_path, _raise_washing_machine_price)

    printed = _load("--file", path)

    assert "~ category washing-machine.new_price_high_eur: 900.00 -> 950" in printed
    assert "~ parameter displacement_factor.value: 0.5 -> 0.45" in printed
    assert "cost_factor" in printed
    assert "3 differences from the file" in printed
    assert "(kept: the database leads" in printed
    assert Category.objects.get(slug="washing-machine").new_price_high_eur == 900


def test_overwrite_applies_every_table_of_the_file_and_dry_run_applies_nothing(catalogue, tmp_path):
    path = _edited_catalogue(tmp_path, _raise_washing_machine_price)

    dry = _load("--file", path, "--overwrite", "--dry-run")
    assert "(dry run, nothing written)" in dry
    assert Category.objects.get(slug="washing-machine").new_price_high_eur == 900

    applied = _load("--file", path, "--overwrite")
    washing_machine = Category.objects.get(slug="washing-machine")
    first_symptom = washing_machine.symptoms.order_by("position").first()
    assert "1 updated, 0 symptoms created, 1 updated, 0 parameters created, 1 updated" in applied
    assert washing_machine.new_price_high_eur == 950
    assert first_symptom.cost_factor == 1.7
    assert ReferenceParameter.objects.get(key="displacement_factor").value == 0.45
    assert "0 differences from the file" in _load("--file", path)


def test_rows_the_file_no_longer_has_are_named_and_kept(catalogue):
    Symptom.objects.create(
        category=Category.objects.get(slug="washing-machine"), slug="made-up", name_nl="x",
        name_en="x",
    )  # fmt: skip

    printed = _load()

    assert "= symptom washing-machine/made-up is in the database only (kept)" in printed
    assert Symptom.objects.filter(slug="made-up").exists()
