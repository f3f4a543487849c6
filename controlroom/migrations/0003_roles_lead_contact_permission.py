"""The contact details of leads get their own permission (given to administrators only)."""

from django.db import migrations


def roles_update(apps, schema_editor):
    from controlroom.services import roles_setup

    for app_config in apps.get_app_configs():
        app_config.models_module = True  # as in 0001_roles: let create_permissions run
    roles_setup(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("controlroom", "0002_roles_edit_maintenance_catalogue"),
        ("partners", "0002_lead"),
    ]

    operations = [migrations.RunPython(roles_update, migrations.RunPython.noop)]
