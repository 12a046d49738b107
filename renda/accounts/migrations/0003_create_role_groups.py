"""Create the role Groups; their permissions are set by sync_role_groups after every migrate."""

from django.db import migrations

ROLES = ["admin", "staff", "director", "deputy", "unit"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_unit_groups_and_history"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
