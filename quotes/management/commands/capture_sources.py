from django.core.management.base import BaseCommand, CommandError

from quotes.models import Quote
from quotes.provenance import runs


class Command(BaseCommand):
    help = (
        "Capture a WARC copy of every source never captured (or of every source "
        "of one quote with --quote), under the address rule."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quote", type=int, help="the quote's id")

    def handle(self, *args, quote=None, **options):
        if quote is not None:
            try:
                quote = Quote.objects.get(pk=quote)
            except Quote.DoesNotExist as error:
                raise CommandError(f"No quote has the id {quote}.") from error
        summary = runs.capture(runs.sources_to_capture(quote=quote))
        for problem in summary.problems:
            self.stderr.write(problem)
        self.stdout.write(f"Capturing sources: {summary.line()}.")
