"""Create the staff roles (groups) and the custom permissions of the control room."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from controlroom.services import roles_setup

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
    roles_setup(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("appliances", "0003_history"),
        ("prices", "0002_pricerecord_partner"),
        ("ml", "0001_initial"),
        ("repair_advice", "0001_initial"),
        ("partners", "0002_lead"),
        ("maintenance", "0001_initial"),
        ("explainer", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
