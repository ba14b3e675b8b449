"""manage.py preview_link press.pressrelease 12 --days 3: a shareable preview link."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from cepsite import previews


class Command(BaseCommand):
    help = (
        "Make a preview link to one press release, quote or resource, and print "
        "its full address (the host is settings.SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.model, e.g. press.pressrelease")
        parser.add_argument("pk", type=int)
        parser.add_argument(
            "--days",
            type=int,
            default=previews.DEFAULT_DAYS,
            help=f"How long the link works (1 to {previews.MAX_DAYS} days).",
        )
        parser.add_argument("--note", default="", help="Who the link is for.")

    def handle(self, *args, model, pk, days, note, **options):
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError):
            raise CommandError(
                f"Unknown model {model!r}: give app_label.model, e.g. "
                "press.pressrelease."
            ) from None
        if not previews.is_previewable(model_class):
            raise CommandError(f"{model} has no public page to preview.")
        item = model_class._base_manager.filter(pk=pk).first()
        if item is None:
            raise CommandError(f"No {model_class._meta.verbose_name} with id {pk}.")
        try:
            link = previews.preview_link_create(item=item, days=days, note=note)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(previews.url_for(link))
