"""Schema changes keep what was stored: verdict symptoms survive their move into the row."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from repair_advice.models import Verdict

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("repair_advice", "0001_initial")]
AFTER = [("repair_advice", "0002_verdict_symptom_slugs")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_symptoms_move_from_the_link_table_into_the_verdict_row():
    call_command("load_catalogue", verbosity=0)
    old = _migrate(BEFORE)
    category = old.get_model("appliances", "Category").objects.get(slug="washing-machine")
    symptoms = list(category.symptoms.order_by("slug")[:2])
    OldVerdict = old.get_model("repair_advice", "Verdict")
    common = {"category": category, "outcome": "repair", "confidence": 0.5}
    chosen_order = [symptoms[1].slug, symptoms[0].slug]
    with_facts = OldVerdict.objects.create(**common, facts={"symptoms": chosen_order})
    with_facts.symptoms.set(symptoms)
    links_only = OldVerdict.objects.create(**common, facts={})
    links_only.symptoms.set(symptoms)
    without = OldVerdict.objects.create(**common, facts={"symptoms": []})

    _migrate(AFTER)

    assert Verdict.objects.get(pk=with_facts.pk).symptom_slugs == chosen_order
    assert Verdict.objects.get(pk=links_only.pk).symptom_slugs == sorted(s.slug for s in symptoms)
    assert Verdict.objects.get(pk=without.pk).symptom_slugs == []
