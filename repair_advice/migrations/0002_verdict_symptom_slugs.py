"""Verdict symptoms move from a many-to-many table into the verdict's row (one INSERT per verdict)."""

from django.db import migrations, models


def copy_symptom_slugs(apps, schema_editor):
    Verdict = apps.get_model("repair_advice", "Verdict")
    for verdict in Verdict.objects.prefetch_related("symptoms").iterator(chunk_size=2000):
        # The facts hold the slugs in the order they were chosen; the table only the set.
        slugs = verdict.facts.get("symptoms") or sorted(s.slug for s in verdict.symptoms.all())
        Verdict.objects.filter(pk=verdict.pk).update(symptom_slugs=slugs)


class Migration(migrations.Migration):
    dependencies = [("repair_advice", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="symptom_slugs",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(copy_symptom_slugs, migrations.RunPython.noop),
        migrations.RemoveField(model_name="verdict", name="symptoms"),
    ]
