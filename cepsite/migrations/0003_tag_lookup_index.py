"""
An index on taggit's items for finding everything that carries some tags.

taggit indexes its items by (content type, object) and by tag alone. The
tag pages, the ``?tag=`` filters and the related press all ask the other
way round: which objects of one type carry these tags. With the tag, the
type and the object in one index, PostgreSQL answers from the index alone,
and can check one object's tag in a single probe.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cepsite", "0002_slugredirect"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX taggit_taggeditem_type_tag_object"
            " ON taggit_taggeditem (content_type_id, tag_id, object_id)",
            reverse_sql="DROP INDEX taggit_taggeditem_type_tag_object",
        ),
    ]
