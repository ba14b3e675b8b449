from django.db import migrations


def first_sources(apps, schema_editor):
    """Each quote's source title and URL become its first source."""
    Quote = apps.get_model("quotes", "Quote")
    Source = apps.get_model("quotes", "Source")
    quotes = (
        Quote.objects.exclude(source_title="", source_url="")
        .filter(sources__isnull=True)
        .values_list("pk", "source_title", "source_url")
    )
    batch = []
    for pk, title, url in quotes.iterator(chunk_size=2000):
        batch.append(Source(quote_id=pk, position=0, title=title, url=url))
        if len(batch) >= 2000:
            Source.objects.bulk_create(batch)
            batch = []
    Source.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("quotes", "0006_categories_sources_original_words")]

    operations = [migrations.RunPython(first_sources, migrations.RunPython.noop)]
