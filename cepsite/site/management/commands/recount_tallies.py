from django.core.management.base import BaseCommand

from press.services import month_tallies_rebuild
from quotes.services import quote_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Count the archive's and the press list's tallies again from the items: "
        "after a restore or a bulk load made around the database's triggers, or "
        "once TIME_ZONE has changed (the press list counts months in it)."
    )

    def handle(self, *args, **options):
        quote_tallies_rebuild()
        month_tallies_rebuild()
        self.stdout.write("The archive's and the press list's counts are recounted.")
