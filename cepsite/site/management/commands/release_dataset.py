from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cepsite.site.datasets.releases import dataset_release


class Command(BaseCommand):
    help = "Release the published archive as a versioned Frictionless data package."

    def add_base_argument(self, parser, *args, **kwargs):
        # --version names the release here, not Django's own version.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", required=True, help="Such as 2026.1.")
        parser.add_argument(
            "--changelog", default="", help="One line: what changed since the last."
        )

    def handle(self, *args, version, changelog, **options):
        try:
            release = dataset_release(version=version, changelog=changelog)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = ", ".join(f"{count} {name}" for name, count in release.counts.items())
        self.stdout.write(
            f"Released {release.filename} ({release.size} bytes, SHA-256 "
            f"{release.sha256}): {counts}."
        )
