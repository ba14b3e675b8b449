from django.core.management.base import BaseCommand

from cepsite.pagecache import content_changed


class Command(BaseCommand):
    help = (
        "Mark every cached page stale, after content was changed other than "
        "through the admin, an import or a service (a shell, a restored backup)."
    )

    def handle(self, *args, **options):
        content_changed()
        self.stdout.write("Every cached page will be rendered afresh.")
