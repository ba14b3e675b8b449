"""
Every tag gets a usable slug: an ASCII one, its name transliterated, or
``tag-<pk>`` when the name spells nothing ("?!"). A tag that had a slug
with other letters keeps its old address as a redirect.
"""

from django.db import migrations

from cepsite.slugs import ascii_slug, is_usable_slug

SLUG_MAX_LENGTH = 100


def _available(base, taken):
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-_") + suffix
    return slug


def fix_tag_slugs(apps, schema_editor):
    using = schema_editor.connection.alias
    Tag = apps.get_model("taggit", "Tag")
    ContentType = apps.get_model("contenttypes", "ContentType")
    SlugRedirect = apps.get_model("cepsite", "SlugRedirect")
    tags = Tag.objects.using(using)
    taken = set(tags.values_list("slug", flat=True))
    for tag in tags.order_by("pk"):
        if is_usable_slug(tag.slug):
            continue
        old_slug = tag.slug
        taken.discard(old_slug)
        base = ascii_slug(old_slug or tag.name, SLUG_MAX_LENGTH) or ascii_slug(
            tag.name, SLUG_MAX_LENGTH
        )
        tag.slug = _available(base or f"tag-{tag.pk}", taken)
        taken.add(tag.slug)
        tag.save(update_fields=["slug"])
        if old_slug:
            content_type, _ = ContentType.objects.db_manager(using).get_or_create(
                app_label="taggit", model="tag"
            )
            SlugRedirect.objects.using(using).update_or_create(
                content_type=content_type,
                old_slug=old_slug,
                defaults={"object_id": tag.pk},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cepsite", "0005_corrections_previews_reviews"),
        ("contenttypes", "0002_remove_content_type_name"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        # Reversing keeps the new slugs: the old ones were the problem.
        migrations.RunPython(fix_tag_slugs, migrations.RunPython.noop),
    ]
