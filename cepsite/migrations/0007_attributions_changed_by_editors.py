"""
Organisations, people and tags are changed by editors only: contributors
keep viewing them and adding tags (see ``cepsite.roles``) but lose the
change permissions they had, and adding organisations and people.
"""

from django.db import migrations

from cepsite.roles import CONTRIBUTORS, withdrawn_from_contributors


def withdraw(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(using).filter(name=CONTRIBUTORS).first()
    if group is None:
        return
    for app_label, model_name, action in withdrawn_from_contributors():
        group.permissions.remove(
            *Permission.objects.using(using).filter(
                content_type__app_label=app_label,
                content_type__model=model_name,
                codename=f"{action}_{model_name}",
            )
        )


def restore(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(using).filter(name=CONTRIBUTORS).first()
    if group is None:
        return
    for app_label, model_name, action in withdrawn_from_contributors():
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=app_label,
                content_type__model=model_name,
                codename=f"{action}_{model_name}",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cepsite", "0006_usable_tag_slugs"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(withdraw, restore)]
