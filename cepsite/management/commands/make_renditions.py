from django.core.management.base import BaseCommand

from cepsite.images import image_fields, renditions_complete
from cepsite.pagecache import content_changed


class Command(BaseCommand):
    help = (
        "Make the renditions of every stored image that lacks them, and record "
        "the dimensions of images stored before they were kept."
    )

    def handle(self, *args, **options):
        for model, field in image_fields():
            made, unreadable = renditions_complete(model=model, field=field)
            label = f"{model._meta.verbose_name_plural}, {field.verbose_name}"
            self.stdout.write(f"{label}: {made} complete, {unreadable} unreadable.")
        content_changed()
