"""
The Contributors and Editors groups, with the publish permissions they turn
on. ``cepsite.roles`` says what each role may do; it also runs after every
``migrate``, so later additions to the roles reach existing databases.
"""

from django.db import migrations

from cepsite.roles import sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("press", "0003_search"),
        ("quotes", "0003_search"),
        ("resources", "0002_search"),
    ]

    operations = [
        # Reversing leaves the groups: people may have been put in them.
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
