"""The reuse pilot's permissions: a group for location staff, and the control room roles.

As controlroom/migrations/0001_roles: permissions are created first, then only added to groups.
Location staff create and see checks (scoped to their location by reuse.LocationStaff); coalition
staff see every location (reuse.view_*, which includes view_all_locations); data stewards also
import outcomes and retrain.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LOCATION_STAFF = "Reuse location staff"
GROUPS = {
    LOCATION_STAFF: ["add_reusecheck", "view_reusecheck"],
    "Coalition staff": ["view_*"],
    "Data steward": [
        "view_*",
        "import_reuseoutcome",
        "add_reuseoutcome",
        "change_reuseoutcome",
        "retrain_reusemodelversion",
    ],
    "Administrators": ["*"],
}


def roles_add(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # let create_permissions run on historical apps
    for app_config in apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    reuse_permissions = Permission.objects.filter(content_type__app_label="reuse")
    for name, patterns in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for pattern in patterns:
            if pattern.endswith("*"):
                selected = reuse_permissions.filter(codename__startswith=pattern[:-1])
            else:
                selected = reuse_permissions.filter(codename=pattern)
            group.permissions.add(*selected)


class Migration(migrations.Migration):
    dependencies = [
        ("reuse", "0001_initial"),
        ("controlroom", "0003_roles_lead_contact_permission"),
    ]

    operations = [migrations.RunPython(roles_add, migrations.RunPython.noop)]
