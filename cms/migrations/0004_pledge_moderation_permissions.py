"""Wagtail's Editors and Moderators groups moderate pledges and keep the sensitive-word list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["change_pledge", "add_sensitiveword", "change_sensitiveword",
             "delete_sensitiveword", "view_sensitiveword"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now so we can grant them.
    config = apps.get_app_config("cms")
    config.models_module = True  # the migration state's app stub lacks it
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="cms", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_pledges"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
